"""Each service of the family-services catalogue walked through its form posts (no JavaScript): a parent fills
every step that applies, uploads the proofs, reaches a complete check-answers page and submits.
Unterhaltsvorschuss needs the written form: it waits for the signature, and its signature page downloads.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx
import pytest

from server.applications.catalogue.uvg.amounts import expected_amount
from server.applications.fields import format_money
from server.applications.tables import Application
from server.dates import add_months
from server.households import services as households
from tests.integration.applications.support import date_fields, new_uuid
from tests.integration.support import location, logged_in_parent, post_form
from tests.unit.documents.corpus import small_jpeg

pytestmark = pytest.mark.asyncio

TENANT = "wuppertal"
IBAN = "DE89 3704 0044 0532 0130 00"
ADDRESS = {"street": "Musterstraße", "house_number": "3", "postcode": "42103", "city": "Wuppertal"}


def address(name: str, **parts: str) -> dict[str, str]:
    return {f"{name}-{part}": value for part, value in {**ADDRESS, **parts}.items()}


def born(years: int, months: int = 0) -> dt.date:
    """A birth date `years` and `months` before today (always the 10th, so no month is too short)."""
    return add_months(dt.date.today().replace(day=10), -(12 * years + months))


async def household(client: httpx.AsyncClient, email: str, child_born: dt.date) -> tuple[str, str]:
    """A logged-in parent with an address, one guardian and one child: the child's and guardian's ids."""
    account_id = await logged_in_parent(client, TENANT, email)
    home = await households.household_for(TENANT, account_id)
    await households.save_address(home, households.AddressData(**ADDRESS))
    await households.save_guardian(
        home, households.GuardianData(first_name="Sam", last_name="Beispiel", relationship="mutter")
    )
    await households.save_child(
        home, households.ChildData(first_name="Lea", last_name="Beispiel", birth_date=child_born)
    )
    overview = await households.overview(TENANT, account_id)
    return str(overview["children"][0].id), str(overview["guardians"][0].id)


async def start(client: httpx.AsyncClient, service: str) -> str:
    response = await post_form(
        client, f"/{TENANT}/antraege/{service}/neu", {}, form_page=f"/{TENANT}/antraege/{service}"
    )
    assert response.status_code == 303, response.text[:500]
    return location(response).rsplit("/", 1)[0]


async def upload(client: httpx.AsyncClient, base: str, slot: str) -> None:
    uuid = base.rsplit("/", 1)[1]
    response = await client.post(
        f"/{TENANT}/entwuerfe/{uuid}/nachweise/{slot}",
        files={"datei": ("seite.jpg", small_jpeg(), "image/jpeg")},
        headers={
            "x-csrftoken": client.cookies.get("portal_csrf") or "",
            "Idempotency-Key": new_uuid(),
            "Accept": "application/json",
        },
    )
    assert response.status_code == 201, response.text


async def walk(
    client: httpx.AsyncClient, base: str, steps: list[tuple[str, dict[str, Any], tuple[str, ...]]]
) -> None:
    """Post every step in order (uploading its proofs first); each answer leads to the next step listed,
    the last one to the check-answers page."""
    for index, (step, values, proofs) in enumerate(steps):
        for slot in proofs:
            await upload(client, base, slot)
        response = await post_form(client, f"{base}/{step}", values)
        assert response.status_code == 303, (step, response.text[:3000])
        following = steps[index + 1][0] if index + 1 < len(steps) else "pruefen"
        assert location(response) == f"{base}/{following}", (step, location(response))


async def check_and_submit(client: httpx.AsyncClient, base: str, declarations: list[str]) -> tuple[str, str]:
    """The complete check-answers page, then the submission: the page's text and the case reference."""
    check = await client.get(f"{base}/pruefen")
    assert check.status_code == 200
    assert "Prüfen Sie Ihre Angaben" in check.text
    assert "Bevor Sie absenden können" not in check.text, check.text
    version = re.search(r'name="_version" value="(\d+)"', check.text)
    assert version
    form = {"_version": version.group(1), **{f"decl-{d}": "ja" for d in declarations}}
    done = await post_form(client, f"{base}/pruefen", form)
    assert done.status_code == 303, done.text[:3000]
    assert location(done).endswith("/eingereicht")
    return check.text, location(done).split("/")[3]


async def status_of(reference: str) -> str:
    row = await Application.select(Application.status).where(Application.reference == reference).first()
    assert row is not None
    return row["status"]


async def test_unterhaltsvorschuss_waits_for_the_signature_and_its_page_downloads(client, email):
    birth = born(16, 2)  # 12+ and 15+ steps apply
    child, _guardian = await household(client, email, birth)
    base = await start(client, "uvg")
    since = add_months(dt.date.today().replace(day=1), -8)
    await walk(
        client,
        base,
        [
            (
                "kind",
                {"child": child, "birth_place": "Wuppertal", "child_nationality": "deutsch"},
                ("birth_certificate",),
            ),
            (
                "wohnen",
                {
                    "lives_with": "nur_bei_mir",
                    **date_fields("lives_with_since", since),
                    **address("child_address"),
                },
                (),
            ),
            (
                "ueber-sie",
                {
                    "applicant_role": "mutter",
                    "marital_status": "ledig",
                    "custody": "allein",
                    "nationality": "deutsch",
                },
                (),
            ),
            (
                "umgang",
                {
                    "contact": "regelmaessig",
                    "contact_schedule": "Jedes zweite Wochenende von Freitag bis Sonntag.",
                    "contact_nights": "4",
                    "contact_basis": "absprache",
                },
                (),
            ),
            (
                "anderer-elternteil",
                {
                    "other_parent_status": "bekannt",
                    "other_first_name": "Tom",
                    "other_last_name": "Muster",
                    "other_address_known": "ja",
                    **address(
                        "other_address",
                        street="Andere Straße",
                        house_number="9",
                        city="Köln",
                        postcode="50667",
                    ),
                    "other_employer": "Beispiel GmbH, Köln",
                },
                (),
            ),
            ("vaterschaft", {"paternity": "anerkennung"}, ("paternity_proof",)),
            (
                "unterhalt",
                {
                    "maintenance_title": "urkunde",
                    "title_amount": "394,00",
                    "payments": "zu_wenig",
                    "payments_amount": "100,00",
                    "efforts": "ja",
                    **date_fields("efforts_date", dt.date.today() - dt.timedelta(days=20)),
                },
                ("title_proof", "payments_proof"),
            ),
            ("ab-12", {"sgb2": "ja", "income_600": "ja"}, ("sgb2_proof", "income_proof")),
            ("ab-15", {"attends_school": "ja"}, ("school_proof",)),
            ("konto", {"account_holder": "Sam Beispiel", "iban": IBAN}, ()),
            ("pflichten", {"duties": "ja"}, ()),
        ],
    )
    expected = expected_amount(birth, dt.date.today(), (("Unterhalt", 100),))  # type: ignore[arg-type]
    assert expected is not None
    text, reference = await check_and_submit(client, base, ["truthful", "privacy"])
    assert "Voraussichtlicher Unterhaltsvorschuss" in text
    assert f"{format_money(expected.payable)} im Monat" in text
    assert "Rückwirkende Zahlung" in text
    assert reference.startswith("UVG-")
    assert await status_of(reference) == "awaiting_signature"

    case = await client.get(f"/{TENANT}/vorgaenge/{reference}")
    assert case.status_code == 200
    assert "Unterschriftsseite herunterladen (PDF)" in case.text
    pdf = await client.get(f"/{TENANT}/vorgaenge/{reference}/unterschrift/seite.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"].startswith("application/pdf")
    assert pdf.content.startswith(b"%PDF-")
    assert len(pdf.content) > 2000

    # The signed page, photographed back into the case, replaces the written form: the office takes over.
    from server.casework.tables import DocumentRequest
    from tests.unit.documents.corpus import small_jpeg

    request = await DocumentRequest.select().where(DocumentRequest.kind == "signature").first()
    assert request is not None and request["status"] == "open"
    assert "Unterschriebene Seite hochladen" in case.text
    page_path = f"/{TENANT}/vorgaenge/{reference}/nachreichen/{request['id']}"
    uploaded = await client.post(
        f"{page_path}/anforderung_1",
        files={"datei": ("unterschrift.jpg", small_jpeg(), "image/jpeg")},
        headers={"x-csrftoken": client.cookies.get("portal_csrf"), "Accept": "application/json"},
    )
    assert uploaded.status_code == 201, uploaded.text
    sent = await post_form(client, page_path, {})
    assert sent.status_code == 303, sent.text[:500]
    assert await status_of(reference) == "submitted"
    after = await client.get(f"/{TENANT}/vorgaenge/{reference}")
    assert "Die unterschriebene Seite ist eingegangen." in after.text


async def test_negativbescheinigung(client, email):
    child, guardian = await household(client, email, born(1, 3))
    base = await start(client, "sorgerecht")
    await walk(
        client,
        base,
        [
            ("voraussetzungen", {"is_mother": "ja", "married": "nie", "declarations": "nein"}, ()),
            (
                "kind",
                {
                    "mother": guardian,
                    "child": child,
                    "birth_name": "Lea Beispiel",
                    "birth_place": "Wuppertal",
                },
                (),
            ),
            ("nachweise", {}, ("id_proof", "birth_certificate")),
            ("zustellung", {"delivery": "post", **address("postal_address")}, ()),
        ],
    )
    _text, reference = await check_and_submit(client, base, ["truthful", "privacy"])
    assert reference.startswith("SR-")
    assert await status_of(reference) == "submitted"


async def test_negativbescheinigung_not_for_married_parents(client, email):
    await household(client, email, born(1, 3))
    base = await start(client, "sorgerecht")
    response = await post_form(
        client,
        f"{base}/voraussetzungen",
        {"is_mother": "ja", "married": "bei_geburt", "declarations": "nein"},
    )
    assert response.status_code == 422
    assert "Beschluss des Familiengerichts" in response.text


async def test_geldleistung_kindertagespflege_for_a_child_under_one(client, email):
    child, guardian = await household(client, email, born(0, 7))
    base = await start(client, "kindertagespflege_geld")
    begin = add_months(dt.date.today().replace(day=1), 2)
    await walk(
        client,
        base,
        [
            ("kind", {"child": child}, ()),
            (
                "tagespflegeperson",
                {
                    "minder_name": "Erika Tagesmutter",
                    "minder_permit": "TP-2026-117",
                    **address("minder_address"),
                },
                (),
            ),
            ("betreuung", {**date_fields("start", begin), "weekly_hours": "30"}, ()),
            ("bedarf", {f"employment-{guardian}": "vollzeit"}, ("employment_proof",)),
            ("sorgerecht", {"sole_custody": "nein"}, ("consent_proof",)),
        ],
    )
    _text, reference = await check_and_submit(client, base, ["truthful", "privacy"])
    assert reference.startswith("KTP-")
    assert await status_of(reference) == "submitted"


async def test_spielgruppenzuschuss(client, email):
    child, _guardian = await household(client, email, born(2, 1))
    base = await start(client, "spielgruppe")
    await walk(
        client,
        base,
        [
            ("kind", {"child": child}, ()),
            (
                "spielgruppe",
                {"group_name": "Spielgruppe Wirbelwind", "licence": "ja", **address("group_address")},
                (),
            ),
            (
                "besuch",
                {
                    **date_fields("start", dt.date.today().replace(day=1)),
                    "hours": "15",
                    "attendance": ["mo", "mi", "fr"],
                    "fee": "80,00",
                    "other_care": "nein",
                },
                ("confirmation",),
            ),
            ("konto", {"account_holder": "Sam Beispiel", "iban": IBAN}, ()),
        ],
    )
    text, reference = await check_and_submit(client, base, ["truthful", "privacy"])
    assert "Zuschuss im Monat" in text and "30,00 €" in text
    assert "einen Monat vor dem dritten Geburtstag" in text
    assert reference.startswith("SPG-")
    assert await status_of(reference) == "submitted"


async def test_catalogue_groups_the_services_by_life_situation(client, email):
    await household(client, email, born(3))
    page = await client.get(f"/{TENANT}/antraege/")
    assert page.status_code == 200
    headings = re.findall(r'<h2 class="heading-l">([^<]+)</h2>', page.text)
    assert {"Kinderbetreuung", "Geburt und Elternzeit", "Alleinerziehend und Unterhalt"} <= set(headings)
    alone = page.text.split("Alleinerziehend und Unterhalt", 1)[1]
    assert "Unterhaltsvorschuss" in alone.split('<h2 class="heading-l">', 1)[0]
    assert f"/{TENANT}/antraege/uvg/schnellcheck" in page.text


async def test_uvg_quick_check_prefills_the_new_application(client, email):
    child, _guardian = await household(client, email, born(13))
    quick = f"/{TENANT}/antraege/uvg/schnellcheck"
    assert (await client.get(quick)).status_code == 200
    missing = await post_form(
        client, quick, {"q_child": child, "q_lives_with": "nur_bei_mir", "q_payments": "nein"}
    )
    assert missing.status_code == 422  # 13 years old: the Bürgergeld question applies
    assert "Bitte geben Sie an, ob Sie Bürgergeld erhalten." in missing.text
    answers = {"q_child": child, "q_lives_with": "nur_bei_mir", "q_payments": "nein", "q_sgb2": "nein"}
    result = await post_form(client, quick, answers)
    assert result.status_code == 200
    assert "Ein Antrag lohnt sich wahrscheinlich." in result.text
    carried = dict(
        re.findall(r'<input type="hidden" name="(quick-[a-z_0-9-]+)" value="([^"]*)">', result.text)
    )
    assert carried == {f"quick-{k}": v for k, v in answers.items()}
    response = await post_form(client, f"/{TENANT}/antraege/uvg/neu", carried)
    assert response.status_code == 303
    first = await client.get(location(response))
    assert re.search(rf'value="{child}" checked', first.text)
    base = location(response).rsplit("/", 1)[0]
    wohnen = await client.get(f"{base}/wohnen")
    assert re.search(r'value="nur_bei_mir" checked', wohnen.text)
    ab12 = await client.get(f"{base}/ab-12")
    assert re.search(r'id="sgb2-nein" name="sgb2" type="radio" value="nein" checked', ab12.text)


async def test_quick_check_needs_a_service_that_has_one(client, email):
    await household(client, email, born(3))
    assert (await client.get(f"/{TENANT}/antraege/spielgruppe/schnellcheck")).status_code == 404
