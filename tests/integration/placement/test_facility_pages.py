"""A provider keeps its facilities' free places and a few facility fields; every change bumps the
directory's version (so every app process reloads its search index) and the free places' "Stand"."""

from __future__ import annotations

import datetime as dt

import pytest

from server.audit.tables import AuditEvent
from server.dates import add_months
from server.facilities.services import directory_version
from server.facilities.tables import Facility, FreePlaces
from server.placement.forms import place_field
from tests.integration.applications.support import facilities
from tests.integration.placement.support import TENANT, provider_client
from tests.integration.support import post_form

pytestmark = pytest.mark.asyncio


async def test_free_places_edit_bumps_the_directory_and_shows_the_stand(client):
    kitas, _tagespflege = await facilities()
    before = await directory_version(TENANT)
    stamp_before = (await Facility.select(Facility.places_updated_at).where(Facility.id == kitas[0]).first())[
        "places_updated_at"
    ]
    month = add_months(dt.date.today().replace(day=1), 2)
    async with provider_client(client.app, "traeger@beispiel.de", [kitas[0]]) as (provider, _):
        page = await provider.get(f"/{TENANT}/traeger/einrichtungen/{kitas[0]}/plaetze")
        assert page.status_code == 200 and place_field(month, "u3") in page.text
        bad = await post_form(
            provider,
            f"/{TENANT}/traeger/einrichtungen/{kitas[0]}/plaetze",
            {place_field(month, "u3"): "zwei"},
        )
        assert bad.status_code == 422 and "ganze Zahl" in bad.text
        saved = await post_form(
            provider,
            f"/{TENANT}/traeger/einrichtungen/{kitas[0]}/plaetze",
            {place_field(month, "u3"): "2", place_field(month, "ue3"): "5"},
        )
        assert saved.status_code == 303
    rows = await FreePlaces.select(FreePlaces.start_month, FreePlaces.age_group, FreePlaces.places).where(
        FreePlaces.facility == kitas[0]
    )
    assert sorted((r["age_group"], r["places"]) for r in rows if r["start_month"] == month) == [
        ("u3", 2),
        ("ue3", 5),
    ]
    assert await directory_version(TENANT) != before
    stamp = (await Facility.select(Facility.places_updated_at).where(Facility.id == kitas[0]).first())[
        "places_updated_at"
    ]
    assert stamp > stamp_before
    detail = await client.get(f"/{TENANT}/kitas/{kitas[0]}")
    today = dt.date.today()
    assert f"Stand: {today.day:02d}.{today.month:02d}.{today.year}" in detail.text
    assert await AuditEvent.count().where(AuditEvent.action == "places.update") == 1


async def test_facility_data_edit_keeps_to_the_safe_fields(client):
    kitas, _tagespflege = await facilities()
    before = await directory_version(TENANT)
    async with provider_client(client.app, "traeger@beispiel.de", [kitas[0]]) as (provider, _):
        page = await provider.get(f"/{TENANT}/traeger/einrichtungen/{kitas[0]}/daten")
        assert page.status_code == 200
        bad = await post_form(
            provider,
            f"/{TENANT}/traeger/einrichtungen/{kitas[0]}/daten",
            {"email": "kein-at", "website": "javascript:alert(1)"},
        )
        assert bad.status_code == 422 and "name@beispiel.de" in bad.text and "https://" in bad.text
        saved = await post_form(
            provider,
            f"/{TENANT}/traeger/einrichtungen/{kitas[0]}/daten",
            {
                "phone": "0202 123456",
                "email": "kita@beispiel.de",
                "website": "https://kita.beispiel.de",
                "opening_hours": "Mo–Fr 7–17 Uhr",
                "konzept": ["musik", "inklusiv", "erfunden"],
                # Not editable here: ignored.
                "name": "Umbenannt",
                "street": "Andere Straße",
            },
        )
        assert saved.status_code == 303
    row = await Facility.select().where(Facility.id == kitas[0]).first()
    assert row["name"] == "Kita Sonnenschein" and row["street"] == "Beispielweg"
    assert row["phone"] == "0202 123456" and row["opening_hours"] == "Mo–Fr 7–17 Uhr"
    tags = row["concept_tags"]
    assert "inklusiv" in tags and "musik" in tags and "erfunden" not in tags
    assert await directory_version(TENANT) != before
    audit = await AuditEvent.select().where(AuditEvent.action == "facility.update").first()
    assert audit["object_id"] == kitas[0]
    detail = await client.get(f"/{TENANT}/kitas/{kitas[0]}")
    assert "0202 123456" in detail.text
