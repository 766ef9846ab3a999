"""The school services through their form posts: the catalogue per municipality, Schülerfahrkosten (the
distance rule refusing a short walk, the school certificate, submission) and Schüler-BAföG (ineligible
school explained, proofs, submission into "waiting for the signature" with the signature page)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from server.applications.tables import Application
from server.documents.tables import Document
from tests.integration.applications.school_support import school_family, start, submit, upload, walk
from tests.integration.applications.support import date_fields
from tests.integration.support import location, logged_in_parent, post_form

pytestmark = pytest.mark.asyncio


async def test_the_catalogue_lists_the_school_services_each_municipality_offers(client, email):
    await logged_in_parent(client, "wuppertal", email)
    page = await client.get("/wuppertal/antraege/")
    school = page.text.split(">Schule</h2>", 1)[1]
    for title in (
        "Anmeldung zur Offenen Ganztagsschule (OGS)",
        "Schülerfahrkosten und Schülerticket",
        "Schüler-BAföG: Ausbildungsförderung für Schülerinnen und Schüler",
    ):
        assert title in school
    assert "mit Unterschrift" in school  # Schüler-BAföG

    await logged_in_parent(client, "iserlohn", "iserlohn." + email)
    iserlohn = await client.get("/iserlohn/antraege/")
    assert "Anmeldung zur Offenen Ganztagsschule (OGS)" in iserlohn.text
    assert "Schülerfahrkosten" not in iserlohn.text
    assert (await client.get("/iserlohn/antraege/schuelerfahrkosten")).status_code == 404
    assert (await client.get("/iserlohn/antraege/ogs")).status_code == 200


async def test_school_transport_costs_from_start_to_submission(client, email):
    child = await school_family(client, email)
    base = await start(client, "schuelerfahrkosten")
    way = await client.get(f"{base}/schulweg")
    assert 'value="Schulstraße"' in way.text and 'value="42103"' in way.text  # from the household

    steps = {
        "schueler": {"pupil": child},
        "schule": {"school": "Grundschule Am Hang, Wuppertal", "grade": "2"},
    }
    assert await walk(client, base, steps) == f"{base}/schulweg"
    address = {
        "address-street": "Schulstraße",
        "address-house_number": "12",
        "address-postcode": "42103",
        "address-city": "Wuppertal",
    }
    short = await post_form(
        client, f"{base}/schulweg", {**address, "distance_km": "1,8", "dangerous_route": "nein"}
    )
    assert short.status_code == 422
    assert (
        "Bei einem Schulweg von 1,8 km werden die Fahrkosten nicht übernommen: In Klasse 2 muss der kürzeste "
        "Fußweg länger als 2 km sein." in short.text
    )
    dangerous = {
        **address,
        "distance_km": "1,8",
        "dangerous_route": "ja",
        "danger_explanation": "Die Landstraße nach Cronenberg hat keinen Gehweg.",
    }
    missing = await post_form(client, f"{base}/nachweise", {"social_benefit": "nein"})
    assert missing.status_code == 422
    assert (
        "Bitte laden Sie die Schulbescheinigung hoch. Ohne sie können wir nicht entscheiden." in missing.text
    )
    rest = {
        "schulweg": dangerous,
        "nachweise": {"social_benefit": "ja"},
        "auszahlung": {"payout": "ticket"},
    }
    proofs = {"nachweise": ["school_certificate", "benefit_notice"]}
    assert await walk(client, base, rest, proofs) == f"{base}/pruefen"

    check = await client.get(f"{base}/pruefen")
    assert (
        "Gefährlicher Schulweg" in check.text
        and "Entfällt, weil Ihre Familie Sozialleistungen erhält." in check.text
    )
    assert "1,8" in check.text and "Lina Beispiel" in check.text
    reference = await submit(client, base, ["truthful", "privacy"])
    assert reference.startswith(f"SFK-{dt.date.today().year}-")
    case = await client.get(f"/wuppertal/vorgaenge/{reference}")
    assert "Eingereicht" in case.text and "Das Schulamt prüft den Schulweg" in case.text
    row = (
        await Application.select(Application.status, Application.id)
        .where(Application.reference == reference)
        .first()
    )
    assert row["status"] == "submitted"
    documents = await Document.select(Document.status, Document.application)
    assert len(documents) == 2 and all(
        d["status"] == "attached" and d["application"] == row["id"] for d in documents
    )


async def test_schueler_bafoeg_explains_ineligibility_and_waits_for_the_signature(client, email):
    await school_family(client, email)
    base = await start(client, "schueler_bafoeg")
    person = {
        "first_name": "Lea",
        "last_name": "Beispiel",
        **date_fields("birth_date", dt.date(2008, 3, 27)),
        "birth_place": "Wuppertal",
        "address-street": "Schulstraße",
        "address-house_number": "12",
        "address-postcode": "42103",
        "address-city": "Wuppertal",
    }
    start_of_funding = dt.date.today().replace(day=1) + dt.timedelta(days=62)
    school = {
        "school_type": "allgemeinbildend",
        "grade": "11",
        "school": "Gymnasium Bayreuther Straße, Wuppertal",
        "course": "Jahrgangsstufe EF",
        **date_fields("start", start_of_funding.replace(day=1)),
    }
    assert await walk(client, base, {"person": person, "ausbildung": school}) == f"{base}/wohnen"
    at_home = await post_form(client, f"{base}/wohnen", {"living": "eltern"})
    assert at_home.status_code == 422
    assert (
        "Für den Besuch dieser Schule gibt es Schüler-BAföG nur, wenn Sie nicht bei Ihren Eltern wohnen"
        in at_home.text
    )

    # A vocational school instead: living with the parents is fine.
    vocational = {**school, "school_type": "berufsfachschule", "course": "Höhere Berufsfachschule, 1. Jahr"}
    del vocational["grade"]
    rest = {
        "ausbildung": vocational,
        "wohnen": {"living": "eltern"},
        "schulbescheinigung": {},
        "eltern": {"parent_1_name": "Anna Beispiel", "parent_1_income": "31.200,00"},
        "konto": {"account_holder": "Lea Beispiel", "iban": "DE89 3704 0044 0532 0130 00"},
    }
    proofs = {"schulbescheinigung": ["school_certificate"], "eltern": ["parents_income_proof"]}
    assert await walk(client, base, rest, proofs) == f"{base}/pruefen"
    check = await client.get(f"{base}/pruefen")
    assert "Zuschuss – Schüler-BAföG muss nicht zurückgezahlt werden." in check.text
    assert f"31.200,00 € im Jahr {start_of_funding.year - 2}" in check.text

    incomplete = await post_form(
        client,
        f"{base}/pruefen",
        {"_version": re.search(r'name="_version" value="(\d+)"', check.text).group(1), "decl-truthful": "ja"},
    )
    assert incomplete.status_code == 422 and "Bitte bestätigen Sie diese Erklärung." in incomplete.text
    reference = await submit(client, base, ["truthful", "changes", "privacy"])
    assert reference.startswith(f"SBAF-{dt.date.today().year}-")
    row = await Application.select(Application.status).where(Application.reference == reference).first()
    assert row["status"] == "awaiting_signature"
    case = await client.get(f"/wuppertal/vorgaenge/{reference}")
    assert "Unterschrift ausstehend" in case.text and "Unterschriftsseite herunterladen (PDF)" in case.text
    pdf = await client.get(f"/wuppertal/vorgaenge/{reference}/unterschrift/seite.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


async def test_a_proof_slot_of_the_school_services_takes_pages(client, email):
    """The proof slots are ordinary engine slots: an upload shows on the step as a page."""
    await school_family(client, email)
    base = await start(client, "schuelerfahrkosten")
    await upload(client, base, "school_certificate")
    page = await client.get(f"{base}/nachweise")
    assert page.text.count('data-server-page="') == 1
    assert (
        location(await post_form(client, f"{base}/nachweise", {"social_benefit": "nein"}))
        == f"{base}/auszahlung"
    )
