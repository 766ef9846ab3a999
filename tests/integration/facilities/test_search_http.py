"""The directory's pages over HTTP (SQLite and PostgreSQL): search with filters, German errors for bad
parameters (never a 500), facility pages per tenant, the Merkliste (merge at login, add/remove without
JavaScript) and the comparison."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import re
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import pytest

from server.dates import add_months
from server.facilities.schemas import FreePlace
from server.facilities.services import FacilityInput, upsert_facilities
from server.facilities.tables import Facility, Favourite, FreePlaces
from server.households.services import ChildData, household_for, save_child
from server.households.tables import Child
from tests.integration.support import CSRF_COOKIE, create_parent, logged_in_parent, post_form

STAND = dt.datetime(2026, 10, 1, 10, 0, tzinfo=dt.UTC)
START = add_months(dt.date.today().replace(day=1), 9)  # a start month inside the form's range


def facility(external_id: str, name: str, **values) -> FacilityInput:
    defaults = {
        "kind": "kita",
        "traeger_type": "staedtisch",
        "street": "Beispielweg",
        "house_number": "1",
        "postcode": "42103",
        "city": "Wuppertal",
        "hours_offered": (25, 35, 45),
        "places_updated_at": STAND,
        "free_places": (),
    }
    return FacilityInput(external_id=external_id, name=name, **{**defaults, **values})


WUPPERTAL = [
    facility(
        "w1",
        "Kita Sonnenschein",
        district="Elberfeld",
        lat=51.2565,
        lon=7.1512,
        age_min_months=12,
        concept_tags=("familienzentrum", "inklusiv"),
        traeger_name="Stadt Wuppertal",
        opening_hours="Mo–Fr 7–17 Uhr",
        capacity=75,
        languages=("de", "tr"),
        meals="Frisch gekocht",
        accessible=True,
        phone="0000 1111",
        email="sonnenschein@example.org",
        free_places=(FreePlace(START, "u3", 2), FreePlace(START, "ue3", 1)),
    ),
    facility(
        "w2",
        "Kita Regenbogen",
        district="Elberfeld",
        traeger_type="katholisch",
        lat=51.2600,
        lon=7.1550,
        age_min_months=36,
        hours_offered=(35, 45),
        concept_tags=("musik",),
    ),
    facility(
        "w3",
        "Tagespflege Wichtel (Demo)",
        kind="tagespflege",
        traeger_type="sonstige",
        district="Elberfeld",
        lat=51.2530,
        lon=7.1480,
        age_max_months=36,
        hours_offered=(40,),
        concept_tags=("natur",),
        free_places=(FreePlace(START, "u3", 1),),
    ),
    facility(
        "w4",
        "Kita Am Werth",
        traeger_type="evangelisch",
        district="Barmen",
        lat=51.2712,
        lon=7.1985,
        concept_tags=("inklusiv", "bilingual"),
        free_places=(FreePlace(START, "ue3", 3),),
    ),
]
ISERLOHN = [
    facility(
        "i1",
        "Kita Iserlohn Mitte",
        district="Innenstadt",
        lat=51.3757,
        lon=7.6959,
        postcode="58636",
        city="Iserlohn",
    )
]


@pytest.fixture
async def directory() -> AsyncIterator[dict[str, int]]:
    """The facilities above in the database; their ids by name. Removed again after the test."""
    await upsert_facilities("wuppertal", WUPPERTAL)
    await upsert_facilities("iserlohn", ISERLOHN)
    rows = await Facility.select(Facility.id, Facility.name)
    yield {row["name"]: row["id"] for row in rows}
    await Favourite.delete(force=True)
    await FreePlaces.delete().where(FreePlaces.tenant.is_in(["wuppertal", "iserlohn"]))
    await Facility.delete().where(Facility.tenant.is_in(["wuppertal", "iserlohn"]))


def names(page: str) -> list[str]:
    """The facility names in the result list, in order."""
    return [html.unescape(n) for n in re.findall(r'<li class="result"[^>]*data-name="([^"]*)"', page)]


async def search(client, **params) -> tuple[int, str]:
    response = await client.get(f"/wuppertal/kitas?{urlencode(params, doseq=True)}")
    return response.status_code, response.text


# --- search -------------------------------------------------------------------------------------------
async def test_empty_search_page_shows_the_form(client, directory):
    response = await client.get("/wuppertal/kitas")
    assert response.status_code == 200
    page = response.text
    assert "Kita und Tagespflege finden" in page
    for name in (
        "ort",
        "umkreis",
        "geburtsdatum",
        "beginn",
        "stunden",
        "art",
        "traeger",
        "frei_ab",
        "konzept",
    ):
        assert f'name="{name}"' in page, name
    assert 'method="get" action="/wuppertal/kitas"' in page
    assert names(page) == []
    # The districts are suggested in the place field right away (no JavaScript needed).
    assert '<option value="Elberfeld">' in page
    # Leaflet and the directory styles are loaded here, but not on other pages.
    assert "vendor/leaflet-1.9.4/leaflet.js" in page and "css/facilities.css" in page
    start = await client.get("/wuppertal/")
    assert "leaflet" not in start.text and "facilities.css" not in start.text
    assert 'href="/wuppertal/kitas"' in start.text  # nav link and start-page card


async def test_district_search_lists_the_district_sorted_by_distance(client, directory):
    status, page = await search(client, ort="Elberfeld")
    assert status == 200
    assert names(page) == ["Kita Sonnenschein", "Tagespflege Wichtel (Demo)", "Kita Regenbogen"]
    assert "3 Einrichtungen gefunden" in page
    assert "Im Stadtteil Elberfeld" in page and "nach Entfernung sortiert" in page
    assert "40 m entfernt" in page  # Kita Sonnenschein lies 40 m from the district's centre
    # Free places per start month and age group, with the date of the report.
    assert "Stand: 01.10.2026" in page
    assert re.search(r"<th scope=\"row\">[A-Za-zä]+ \d{4}</th><td>2</td><td>1</td>", page)
    assert '<thead><tr><th scope="col">Beginn</th><th scope="col">unter 3 Jahre</th>' in page
    assert "&lt;tr&gt;" not in page and "&lt;th" not in page  # no markup shown as text
    # The map's data: the same results, as data attributes of the list entries.
    assert page.count("data-result ") == 3
    assert (
        'data-map="results"' in page and 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in page
    )


async def test_other_district_and_case_insensitive_names(client, directory):
    status, page = await search(client, ort="barmen")
    assert status == 200
    assert names(page) == ["Kita Am Werth"]


async def test_whole_city_without_a_place_sorted_by_name(client, directory):
    status, page = await search(client, art="kita")
    assert status == 200
    assert names(page) == ["Kita Am Werth", "Kita Regenbogen", "Kita Sonnenschein"]
    assert "In ganz Wuppertal" in page and "nach Name sortiert" in page
    assert "Kita Iserlohn Mitte" not in page  # another tenant's facility never shows


async def test_street_search_uses_the_radius(client, directory):
    status, page = await search(client, ort="Friedrich-Ebert-Straße", umkreis="20")
    assert status == 200
    assert set(names(page)) == {
        "Kita Sonnenschein",
        "Kita Regenbogen",
        "Tagespflege Wichtel (Demo)",
        "Kita Am Werth",
    }
    assert "Im Umkreis von 20 km um Friedrich-Ebert-Straße, Elberfeld" in page
    status, page = await search(client, ort="Friedrich-Ebert-Straße 12", umkreis="1")
    assert status == 200
    assert "Kita Am Werth" not in names(page) and names(page)  # Barmen is farther than 1 km


async def test_near_me_searches_around_the_position(client, directory):
    status, page = await search(client, lat="51.2712", lon="7.1985", umkreis="1")
    assert status == 200
    assert names(page) == ["Kita Am Werth"]
    assert "Im Umkreis von 1,0 km um Ihren Standort" in page
    assert 'name="lat" value="51.2712"' in page  # kept for the next search from the form


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"art": "tagespflege"}, ["Tagespflege Wichtel (Demo)"]),
        ({"traeger": ["katholisch", "evangelisch"]}, ["Kita Regenbogen"]),
        ({"konzept": ["familienzentrum", "inklusiv"]}, ["Kita Sonnenschein"]),
        ({"konzept": "inklusiv", "art": "kita"}, ["Kita Sonnenschein"]),
        # A Kita offers exactly the booked hours; a child-minder up to her maximum.
        ({"stunden": "25"}, ["Kita Sonnenschein", "Tagespflege Wichtel (Demo)"]),
        ({"stunden": "40"}, ["Tagespflege Wichtel (Demo)"]),
        ({"frei_ab": START.strftime("%Y-%m")}, ["Kita Sonnenschein", "Tagespflege Wichtel (Demo)"]),
    ],
)
async def test_filters_combine_and_are_kept_in_the_form(client, directory, params, expected):
    status, page = await search(client, ort="Elberfeld", **params)
    assert status == 200
    assert names(page) == expected
    for name, values in params.items():
        for value in [values] if isinstance(values, str) else values:
            assert re.search(
                rf'name="{name}"[^>]*value="{re.escape(value)}"[^>]*(checked|selected)', page
            ) or re.search(rf'<option value="{re.escape(value)}" selected', page), (name, value)


async def test_age_at_the_start_and_free_places_for_that_age_group(client, directory):
    birth = add_months(START, -29)  # 29 months old at the start: under three
    params = {"geburtsdatum": birth.strftime("%d.%m.%Y"), "beginn": START.strftime("%Y-%m")}
    status, page = await search(client, **params)
    assert status == 200
    # Regenbogen takes children from 3; the others fit.
    assert names(page) == ["Kita Am Werth", "Kita Sonnenschein", "Tagespflege Wichtel (Demo)"]
    assert "Ihr Kind ist zum Beginn 2 Jahre und 5 Monate alt." in page
    # Free places for an under-three: Am Werth has only places for children from three.
    status, page = await search(client, **params, frei_ab=START.strftime("%Y-%m"))
    assert names(page) == ["Kita Sonnenschein", "Tagespflege Wichtel (Demo)"]


async def test_a_child_of_the_household_gives_the_birth_date(client, directory, email):
    account = await logged_in_parent(client, "wuppertal", email)
    household = await household_for("wuppertal", account)
    await save_child(
        household, ChildData(first_name="Ida", last_name="Test", birth_date=add_months(START, -40))
    )
    child = await Child.objects().where(Child.household == household.id).first()
    form = await client.get("/wuppertal/kitas")
    assert f'<option value="{child.id}">Ida Test, geboren am' in form.text
    status, page = await search(client, kind=str(child.id), beginn=START.strftime("%Y-%m"), art="kita")
    assert status == 200
    assert names(page) == ["Kita Am Werth", "Kita Regenbogen", "Kita Sonnenschein"]
    assert "Ihr Kind ist zum Beginn 3 Jahre und 4 Monate alt." in page
    # Someone else's child (or a made-up id) is not usable.
    status, page = await search(client, kind=str(child.id + 1000))
    assert status == 422
    assert "Bitte wählen Sie ein Kind aus Ihrem Haushalt." in page


async def test_an_ambiguous_place_offers_suggestions(client, directory):
    status, page = await search(client, ort="Elberf", art="kita")
    assert status == 200
    assert "Welchen Ort meinen Sie?" in page
    assert names(page) == []
    # Each suggestion is a link that keeps the other filters.
    assert 'href="/wuppertal/kitas?ort=Elberfeld&amp;art=kita"' in page
    assert 'href="/wuppertal/kitas?ort=Elberfeld-West&amp;art=kita"' in page


async def test_place_suggestions_for_the_field(client, directory):
    response = await client.get("/wuppertal/kitas/orte?ort=friedrich", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert '<option value="Friedrich-Ebert-Straße, Elberfeld">Straße</option>' in response.text
    assert "<html" not in response.text
    nothing = await client.get("/wuppertal/kitas/orte?ort=", headers={"HX-Request": "true"})
    assert '<option value="Barmen">Stadtteil</option>' in nothing.text  # the districts


BAD = [
    ({"ort": "Atlantis"}, "ort", "Zu „Atlantis“ kennen wir in Wuppertal keinen Stadtteil und keine Straße."),
    (
        {"umkreis": "weit"},
        "umkreis",
        "Bitte geben Sie den Umkreis als Zahl in Kilometern an, zum Beispiel 5.",
    ),
    ({"umkreis": "5000"}, "umkreis", "Bitte wählen Sie einen Umkreis zwischen 0,5 und 50 km."),
    ({"geburtsdatum": "30.02.2025"}, "geburtsdatum", "Diesen Tag gibt es im Kalender nicht."),
    ({"geburtsdatum": "gestern"}, "geburtsdatum", "im Format TT.MM.JJJJ"),
    ({"beginn": "2019-08"}, "beginn", "Der gewünschte Beginn liegt in der Vergangenheit."),
    ({"frei_ab": "bald"}, "frei_ab", "Bitte geben Sie den Monat für freie Plätze als Monat und Jahr an"),
    ({"stunden": "drei"}, "stunden", "in ganzen Wochenstunden"),
    ({"art": "hort"}, "art", "Bitte wählen Sie „Kita“ oder „Kindertagespflege“."),
    ({"traeger": "piraten"}, "traeger", "Diese Trägerart kennen wir nicht: piraten."),
    ({"konzept": "zirkus"}, "konzept", "Dieses Konzept kennen wir nicht: zirkus."),
    ({"kind": "3"}, "kind", "Melden Sie sich an, um ein Kind aus Ihrem Haushalt auszuwählen."),
    ({"lat": "1e999", "lon": "x"}, "ort", "Ihr Standort ließ sich nicht lesen."),
]


@pytest.mark.parametrize(("params", "field", "message"), BAD)
async def test_bad_parameters_get_a_german_message_at_the_field(client, directory, params, field, message):
    status, page = await search(client, **params)
    assert status == 422
    assert "<title>Fehler: " in page
    # In the error summary (linking to the field) and at the field itself.
    assert re.search(rf'<a href="#{field}">[^<]*{re.escape(html.escape(message, quote=False))}', page), page
    assert f'id="{field}-error"' in page
    assert names(page) == []
    for name, value in params.items():
        if name in ("ort", "umkreis", "geburtsdatum", "beginn", "frei_ab", "stunden"):
            assert f'value="{html.escape(value)}"' in page, name  # kept as typed


async def test_strange_requests_never_fail(client, directory):
    queries = [
        "ort=%00%01&umkreis=%C3%A4",
        "umkreis=NaN&lat=NaN&lon=NaN",
        "umkreis=inf",
        "geburtsdatum=9999-99-99&beginn=0000-00",
        "beginn=2027-8&frei_ab=99.2027",
        "seite=999999999999&seite=abc",
        "traeger=&konzept=&art=",
        "ort=" + "x" * 5000,
        "stunden=-5",
        "stunden=%F0%9F%98%80",
        "kind=%E2%80%8B",
        "geburtsdatum=%C2%B2.%C2%B3.2024",
        "unbekannt=1&ort=Elberfeld",
        "lat=51&lon=7&ort=",
    ]
    for query in queries:
        response = await client.get(f"/wuppertal/kitas?{query}")
        assert response.status_code in (200, 422), (query, response.status_code)
        assert "Kita und Tagespflege finden" in response.text
    far_page = await client.get("/wuppertal/kitas?ort=Elberfeld&seite=9")
    assert far_page.status_code == 200 and names(far_page.text) == []


async def test_pages_of_results(client, directory, monkeypatch):
    from server.facilities import controllers, query

    monkeypatch.setattr(query, "PAGE_SIZE", 2)
    monkeypatch.setattr(controllers, "PAGE_SIZE", 2)
    first = await client.get("/wuppertal/kitas?art=kita")
    assert names(first.text) == ["Kita Am Werth", "Kita Regenbogen"]
    assert "Seite 1 von 2." in first.text
    assert 'href="/wuppertal/kitas?art=kita&amp;seite=2" rel="next"' in first.text
    second = await client.get("/wuppertal/kitas?art=kita&seite=2")
    assert names(second.text) == ["Kita Sonnenschein"]
    assert 'href="/wuppertal/kitas?art=kita" rel="prev"' in second.text


async def test_search_page_security_headers_and_compression(client, directory):
    response = await client.get("/wuppertal/kitas?ort=Elberfeld", headers={"Accept-Encoding": "gzip"})
    csp = response.headers["content-security-policy"]
    assert "img-src 'self' data: blob: https://tile.openstreetmap.org;" in csp
    assert "script-src 'self';" in csp and "style-src 'self';" in csp and "unsafe-inline" not in csp
    assert response.headers["vary"].lower().find("hx-request") >= 0
    raw = await client.get(
        "/wuppertal/kitas?ort=Elberfeld", headers={"Accept-Encoding": "gzip"}, extensions={}
    )
    assert raw.headers.get("content-encoding") == "gzip"
    assert len(gzip.compress(raw.content)) < len(raw.content)  # httpx decoded it; the body was compressed


# --- facility page ------------------------------------------------------------------------------------
async def test_facility_page_shows_all_details(client, directory):
    kita = directory["Kita Sonnenschein"]
    response = await client.get(f"/wuppertal/kitas/{kita}")
    assert response.status_code == 200
    page = response.text
    for text in (
        '<h1 class="heading-xl">Kita Sonnenschein</h1>',
        "Stadt Wuppertal – städtisch",
        "Beispielweg 1, 42103 Wuppertal",
        "Elberfeld",
        "1 Jahr bis 6 Jahre",
        "25, 35 oder 45 Stunden pro Woche",
        "Mo–Fr 7–17 Uhr",
        "Plätze insgesamt",
        "75",
        "Familienzentrum",
        "Deutsch, Türkisch",
        "Frisch gekocht",
        "Barrierefrei",
        "Stand: 01.10.2026",
        'href="tel:00001111"',
        'href="mailto:sonnenschein@example.org"',
        "Zur Merkliste hinzufügen",
        'data-map="single"',
    ):
        assert text in page, text
    assert re.search(r"<th scope=\"row\">[A-Za-zä]+ \d{4}</th><td>2</td><td>1</td>", page)


async def test_facility_of_another_tenant_is_not_found(client, directory):
    iserlohn = directory["Kita Iserlohn Mitte"]
    assert (await client.get(f"/iserlohn/kitas/{iserlohn}")).status_code == 200
    other = await client.get(f"/wuppertal/kitas/{iserlohn}")
    assert other.status_code == 404
    assert "Seite nicht gefunden" in other.text
    assert (await client.get("/wuppertal/kitas/999999")).status_code == 404
    assert (await client.get("/wuppertal/kitas/keine-zahl")).status_code in (404, 400)


# --- Merkliste ----------------------------------------------------------------------------------------
async def merge(client, ids, *, token: str | None = "cookie"):
    if client.cookies.get(CSRF_COOKIE) is None:
        await client.get("/wuppertal/merkliste")
    headers = {"content-type": "application/json"}
    if token == "cookie":
        headers["x-csrftoken"] = client.cookies[CSRF_COOKIE]
    elif token:
        headers["x-csrftoken"] = token
    return await client.post(
        "/wuppertal/merkliste/abgleich", content=json.dumps({"ids": ids}), headers=headers
    )


async def test_merge_needs_a_login(client, directory):
    response = await merge(client, [directory["Kita Sonnenschein"]])
    assert response.status_code == 401
    assert await Favourite.count() == 0


async def test_merge_needs_the_csrf_token(client, directory, email):
    await logged_in_parent(client, "wuppertal", email)
    for token in (None, "0" * 64):
        response = await merge(client, [directory["Kita Sonnenschein"]], token=token)
        assert response.status_code == 403
    assert await Favourite.count() == 0


async def test_merge_adds_the_devices_list_to_the_account(client, directory, email):
    account = await logged_in_parent(client, "wuppertal", email)
    sonne, werth, iserlohn = (
        directory["Kita Sonnenschein"],
        directory["Kita Am Werth"],
        directory["Kita Iserlohn Mitte"],
    )
    response = await merge(client, [sonne, iserlohn, 424242, werth])
    assert response.status_code == 200
    data = response.json()
    # Another tenant's facility and unknown ids are ignored.
    assert data["ids"] == [sonne, werth]
    assert data["items"][0] == {
        "id": sonne,
        "name": "Kita Sonnenschein",
        "kind": "Kita",
        "address": "Beispielweg 1, 42103 Wuppertal",
        "district": "Elberfeld",
        "url": f"/wuppertal/kitas/{sonne}",
    }
    # Again, with one more: nothing twice, the new one added.
    regen = directory["Kita Regenbogen"]
    again = await merge(client, [werth, regen])
    assert again.json()["ids"] == [sonne, werth, regen]
    assert await Favourite.count().where(Favourite.account == account) == 3
    # The server-rendered Merkliste shows them.
    page = (await client.get("/wuppertal/merkliste")).text
    assert all(name in page for name in ("Kita Sonnenschein", "Kita Am Werth", "Kita Regenbogen"))
    assert "Ausgewählte vergleichen" in page
    # Bad bodies are refused plainly.
    bad = await client.post(
        "/wuppertal/merkliste/abgleich",
        content=b"{nope",
        headers={"content-type": "application/json", "x-csrftoken": client.cookies[CSRF_COOKIE]},
    )
    assert bad.status_code == 400


async def test_favourites_of_one_parent_are_not_anothers(client, app_client, directory, email):
    await logged_in_parent(client, "wuppertal", email)
    await merge(client, [directory["Kita Sonnenschein"]])
    async with app_client() as other:
        await logged_in_parent(other, "wuppertal", "andere." + email)
        page = (await other.get("/wuppertal/merkliste")).text
        assert "Kita Sonnenschein" not in page
        assert "Ihre Merkliste ist leer" in page


async def test_add_and_remove_without_javascript(client, directory, email):
    await logged_in_parent(client, "wuppertal", email)
    kita = directory["Kita Am Werth"]
    detail = f"/wuppertal/kitas/{kita}"
    response = await post_form(client, f"/wuppertal/merkliste/{kita}", {"weiter": detail}, form_page=detail)
    assert response.status_code == 303 and response.headers["location"] == detail
    page = (await client.get(detail)).text
    assert re.search(r"data-favourite-add hidden", page) and 'data-server-state="on"' in page
    assert "Kita Am Werth" in (await client.get("/wuppertal/merkliste")).text
    response = await post_form(
        client, f"/wuppertal/merkliste/{kita}/entfernen", {"weiter": "/wuppertal/merkliste"}
    )
    assert response.status_code == 303 and response.headers["location"] == "/wuppertal/merkliste"
    assert "Ihre Merkliste ist leer" in (await client.get("/wuppertal/merkliste")).text
    # A facility of another tenant cannot be added; an open redirect is not possible.
    iserlohn = directory["Kita Iserlohn Mitte"]
    assert (await post_form(client, f"/wuppertal/merkliste/{iserlohn}", {})).status_code == 404
    response = await post_form(client, f"/wuppertal/merkliste/{kita}", {"weiter": "https://example.com/"})
    assert response.headers["location"] == "/wuppertal/uebersicht"
    assert await Favourite.count() == 1


async def test_adding_without_login_asks_to_log_in(client, directory):
    kita = directory["Kita Am Werth"]
    response = await post_form(
        client, f"/wuppertal/merkliste/{kita}", {}, form_page=f"/wuppertal/kitas/{kita}"
    )
    assert response.status_code == 401
    assert await Favourite.count() == 0


async def test_merkliste_logged_out_is_rendered_on_the_device(client, directory):
    response = await client.get("/wuppertal/merkliste")
    assert response.status_code == 200
    page = response.text
    assert "Ihre Merkliste wird auf diesem Gerät gespeichert" in page
    assert "Ohne JavaScript können wir die Merkliste auf diesem Gerät nicht anzeigen" in page
    assert 'data-favourite-list="device"' in page


# --- comparison -----------------------------------------------------------------------------------------
async def test_compare_two_or_three(client, directory):
    sonne, werth, regen = (
        directory["Kita Sonnenschein"],
        directory["Kita Am Werth"],
        directory["Kita Regenbogen"],
    )
    response = await client.get(f"/wuppertal/merkliste/vergleich?ids={sonne}&ids={werth}")
    assert response.status_code == 200
    page = response.text
    assert '<caption id="vergleich-caption">Vergleich von 2 Einrichtungen</caption>' in page
    assert re.search(r'<th scope="col"><a href="/wuppertal/kitas/\d+">Kita Sonnenschein</a></th>', page)
    assert '<th scope="row">Träger</th>' in page and "städtisch" in page and "evangelisch" in page
    three = await client.get(f"/wuppertal/merkliste/vergleich?ids={sonne},{werth},{regen}")
    assert "Vergleich von 3 Einrichtungen" in three.text


async def test_compare_ignores_ids_of_another_tenant(client, directory):
    sonne, werth, iserlohn = (
        directory["Kita Sonnenschein"],
        directory["Kita Am Werth"],
        directory["Kita Iserlohn Mitte"],
    )
    response = await client.get(f"/wuppertal/merkliste/vergleich?ids={sonne}&ids={iserlohn}&ids={werth}")
    assert response.status_code == 200
    assert "Vergleich von 2 Einrichtungen" in response.text
    assert "Kita Iserlohn Mitte" not in response.text
    only_one = await client.get(f"/wuppertal/merkliste/vergleich?ids={sonne}&ids={iserlohn}")
    assert only_one.status_code == 422
    assert (
        "Bitte wählen Sie auf der Merkliste zwei oder drei Einrichtungen zum Vergleichen aus."
        in only_one.text
    )
    assert "Kita Iserlohn Mitte" not in only_one.text


async def test_compare_at_most_three(client, directory):
    ids = ",".join(
        str(directory[n])
        for n in ("Kita Sonnenschein", "Kita Am Werth", "Kita Regenbogen", "Tagespflege Wichtel (Demo)")
    )
    response = await client.get(f"/wuppertal/merkliste/vergleich?ids={ids}")
    assert response.status_code == 422
    assert "höchstens drei Einrichtungen" in response.text
    garbage = await client.get("/wuppertal/merkliste/vergleich?ids=abc&ids=-1&ids=99999999999")
    assert garbage.status_code == 422


async def test_account_deletion_removes_favourites(client, directory, email):
    from server.accounts.tables import Account

    account = await create_parent("wuppertal", email)
    from server.facilities import favourites

    await favourites.merge("wuppertal", account, [directory["Kita Sonnenschein"]])
    assert await Favourite.count() == 1
    await Account.delete().where(Account.id == account)
    assert await Favourite.count() == 0
