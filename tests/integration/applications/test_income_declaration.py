"""The parent-fee income declaration: proof slots in the engine, the computed monthly fee before
submission, and the proofs going with the case."""

from __future__ import annotations

import re

import pytest

from server.documents.tables import Document
from tests.integration.applications.support import date_fields, family, new_uuid, start_date
from tests.integration.support import location, post_form
from tests.unit.documents.corpus import small_jpeg

pytestmark = pytest.mark.asyncio


async def start(client) -> str:
    response = await post_form(
        client, "/wuppertal/antraege/elternbeitrag/neu", {}, form_page="/wuppertal/antraege/elternbeitrag"
    )
    return location(response).rsplit("/", 1)[0]


async def upload(client, base: str, slot: str, key: str) -> int:
    uuid = base.rsplit("/", 1)[1]
    response = await client.post(
        f"/wuppertal/entwuerfe/{uuid}/nachweise/{slot}",
        files={"datei": ("seite.jpg", small_jpeg(), "image/jpeg")},
        headers={
            "x-csrftoken": client.cookies.get("portal_csrf"),
            "Idempotency-Key": key,
            "Accept": "application/json",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_income_declaration_with_proofs_and_fee(client, email):
    fam = await family(client, email)
    base = await start(client)
    steps = {
        "kind": {
            "child": str(fam.child_id),
            "care_type": "kita",
            "hours": "35",
            **date_fields("care_start", start_date()),
            "facility_name": "Kita Sonnenschein",
        },
        "beitragspflichtige": {f"liable-{fam.guardian_id}": "ja"},
        "grundlage": {"basis": "einkommen"},
        "einkommen": {"income_year": "2025", "income_employment": "42.000,00", "civil_servant": "nein"},
    }
    for step_id, values in steps.items():
        response = await post_form(client, f"{base}/{step_id}", values)
        assert response.status_code == 303, (step_id, response.text[:1500])
    assert location(response) == f"{base}/belege"

    missing = await post_form(client, f"{base}/belege", {})
    assert missing.status_code == 422
    assert "Bitte laden Sie den Nachweis „Einkommensnachweise“ hoch." in missing.text

    await upload(client, base, "income_proof", new_uuid())
    await upload(client, base, "income_proof", new_uuid())
    page = await client.get(f"{base}/belege")
    assert page.text.count('data-server-page="') == 2
    assert (await post_form(client, f"{base}/belege", {})).status_code == 303
    for step_id, values in {"geschwister": {"sibling_in_care": "nein"}, "zahlung": {"sepa": "nein"}}.items():
        assert (await post_form(client, f"{base}/{step_id}", values)).status_code == 303

    check = await client.get(f"{base}/pruefen")
    assert "Voraussichtlicher Monatsbeitrag" in check.text
    assert "42.000 €" in check.text  # the yearly income as counted
    assert "2 Seiten hochgeladen" in check.text
    version = re.search(r'name="_version" value="(\d+)"', check.text).group(1)
    done = await post_form(client, f"{base}/pruefen", {"_version": version, "decl-truthful": "ja"})
    assert done.status_code == 303, done.text[:2000]
    reference = location(done).split("/")[3]
    assert reference.startswith("EB-")
    documents = await Document.select(Document.status, Document.application)
    assert documents and all(d["status"] == "attached" and d["application"] for d in documents)


async def test_benefit_and_top_bracket(client, email):
    fam = await family(client, email)
    base = await start(client)
    await post_form(
        client,
        f"{base}/kind",
        {
            "child": str(fam.child_id),
            "care_type": "kita",
            "hours": "45",
            **date_fields("care_start", start_date()),
            "facility_name": "Kita",
        },
    )
    await post_form(client, f"{base}/grundlage", {"basis": "hoechstbeitrag"})
    tasks = await client.get(f"{base}/")
    assert "Nachweise zum Einkommen" in tasks.text  # listed, but hidden for this basis
    assert re.search(r'data-step-item="belege"[^>]*hidden', tasks.text)
    await post_form(client, f"{base}/grundlage", {"basis": "leistungen"})
    response = await post_form(client, f"{base}/leistungen", {"benefit": "wohngeld"})
    assert response.status_code == 422 and "Nachweis der Leistung" in response.text


async def test_no_js_upload_errors_come_back_to_the_field(client, email):
    await family(client, email)
    base = await start(client)
    uuid = base.rsplit("/", 1)[1]
    await post_form(client, f"{base}/grundlage", {"basis": "einkommen"})
    await client.get(f"{base}/belege")
    response = await client.post(
        f"/wuppertal/entwuerfe/{uuid}/nachweise/income_proof",
        files=[
            ("datei", ("", b"", "application/octet-stream")),
            ("datei", ("brief.html", b"<html><script>alert(1)</script>", "image/jpeg")),
        ],
        data={"_csrf_token": client.cookies.get("portal_csrf"), "zurueck": f"{base}/belege"},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    target = location(response)
    assert "nachweis_fehler=" in target and "feld=income_proof" in target
    page = await client.get(target)
    assert re.search(
        r'id="income_proof-error"><span class="visually-hidden">Fehler:</span> [^<]+<', page.text
    )
