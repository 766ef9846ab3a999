"""The search form's GET parameters: typed values, German field errors, and the SearchQuery built from them."""

from __future__ import annotations

import datetime as dt

import pytest
from litestar.datastructures import MultiDict

from server.facilities.query import (
    DEFAULT_RADIUS_KM,
    PAGE_SIZE,
    WHOLE_AREA_KM,
    month_options,
    parse_date,
    parse_month,
    parse_number,
    parse_search,
    query_string,
    search_query,
)
from server.facilities.schemas import SearchQuery

TODAY = dt.date(2026, 11, 22)


def parse(**params: str | list[str]):
    return parse_search(
        MultiDict([(k, v) for k, vs in params.items() for v in ([vs] if isinstance(vs, str) else vs)]), TODAY
    )


def test_empty_form_is_not_a_search_and_has_no_errors():
    form = parse()
    assert form.ok and not form.submitted
    assert search_query(form) == SearchQuery(radius_km=DEFAULT_RADIUS_KM, limit=PAGE_SIZE)


def test_every_filter_is_read_and_reaches_the_query():
    form = parse(
        ort="  Friedrich-Ebert-Straße  ",
        umkreis="2,5",
        geburtsdatum="08.03.2025",
        beginn="2027-08",
        stunden="35",
        art="kita",
        traeger=["katholisch", "staedtisch", "katholisch"],
        frei_ab="09.2027",
        konzept=["inklusiv", "familienzentrum"],
        seite="2",
    )
    assert form.ok, form.errors
    assert form.submitted
    assert form.place_text == "Friedrich-Ebert-Straße"
    assert form.filter_count() == 9  # birth date, start, hours, kind, 2 Träger, free from, 2 tags
    query = search_query(form, centre=(51.25, 7.15))
    assert query == SearchQuery(
        lat=51.25,
        lon=7.15,
        radius_km=2.5,
        district=None,
        child_birth_date=dt.date(2025, 3, 8),
        start_month=dt.date(2027, 8, 1),
        hours=35,
        kind="kita",
        # The vocabulary's order, without duplicates.
        traeger_types=("staedtisch", "katholisch"),
        free_from=dt.date(2027, 9, 1),
        tags=("familienzentrum", "inklusiv"),
        limit=PAGE_SIZE,
        offset=PAGE_SIZE,
    )


def test_a_plain_dict_of_lists_works_too():
    form = parse_search({"traeger": ["awo", "drk"], "art": ["tagespflege"]}, TODAY)
    assert form.ok and form.traeger_types == ("awo", "drk") and form.kind == "tagespflege"


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"umkreis": "abc"},
            "umkreis",
            "Bitte geben Sie den Umkreis als Zahl in Kilometern an, zum Beispiel 5.",
        ),
        ({"umkreis": "0,1"}, "umkreis", "Bitte wählen Sie einen Umkreis zwischen 0,5 und 50 km."),
        ({"umkreis": "500"}, "umkreis", "Bitte wählen Sie einen Umkreis zwischen 0,5 und 50 km."),
        (
            {"geburtsdatum": "März 2024"},
            "geburtsdatum",
            "Bitte geben Sie das Geburtsdatum im Format TT.MM.JJJJ ein, zum Beispiel 08.03.2024.",
        ),
        (
            {"geburtsdatum": "31.02.2025"},
            "geburtsdatum",
            "Bitte prüfen Sie das Geburtsdatum: Diesen Tag gibt es im Kalender nicht.",
        ),
        (
            {"geburtsdatum": "2028-01-01"},
            "geburtsdatum",
            "Der erwartete Geburtstermin darf höchstens zehn Monate in der Zukunft liegen.",
        ),
        (
            {"geburtsdatum": "01.01.2010"},
            "geburtsdatum",
            "Bitte prüfen Sie das Geburtsdatum: Kita und Tagespflege sind für Kinder unter 14 Jahren.",
        ),
        (
            {"beginn": "August"},
            "beginn",
            "Bitte geben Sie den gewünschten Beginn als Monat und Jahr an, zum Beispiel 08.2027.",
        ),
        (
            {"beginn": "2026-10"},
            "beginn",
            "Der gewünschte Beginn liegt in der Vergangenheit. Bitte wählen Sie November 2026 oder später.",
        ),
        ({"frei_ab": "2030-01"}, "frei_ab", "Bitte wählen Sie einen Monat bis November 2029."),
        (
            {"beginn": "2027-13"},
            "beginn",
            "Bitte geben Sie den gewünschten Beginn als Monat und Jahr an, zum Beispiel 08.2027.",
        ),
        (
            {"stunden": "viele"},
            "stunden",
            "Bitte geben Sie die Betreuungszeit in ganzen Wochenstunden an, zum Beispiel 35.",
        ),
        (
            {"stunden": "99"},
            "stunden",
            "Bitte geben Sie eine Betreuungszeit zwischen 1 und 60 Wochenstunden an.",
        ),
        ({"art": "hort"}, "art", "Bitte wählen Sie „Kita“ oder „Kindertagespflege“."),
        (
            {"traeger": ["awo", "piraten"]},
            "traeger",
            "Diese Trägerart kennen wir nicht: piraten. Bitte wählen Sie aus der Liste.",
        ),
        (
            {"konzept": ["zirkus"]},
            "konzept",
            "Dieses Konzept kennen wir nicht: zirkus. Bitte wählen Sie aus der Liste.",
        ),
        ({"kind": "Mia"}, "kind", "Bitte wählen Sie ein Kind aus der Liste."),
        ({"ort": "x" * 101}, "ort", "Bitte geben Sie höchstens 100 Zeichen ein."),
        (
            {"lat": "north", "lon": "7.1"},
            "ort",
            "Ihr Standort ließ sich nicht lesen. Bitte versuchen Sie es noch einmal oder geben Sie eine Adresse oder einen Stadtteil ein.",
        ),
        ({"lat": "95", "lon": "7.1"}, "ort", "Ihr Standort ließ sich nicht lesen."),
        ({"lat": "51.2"}, "ort", "Ihr Standort ließ sich nicht lesen."),
    ],
)
def test_bad_values_get_a_german_message_at_their_field_and_are_kept(params, field, message):
    form = parse(**params)
    assert not form.ok
    assert list(form.errors) == [field]
    assert form.errors[field].startswith(message)
    # What was typed stays in the form, to be shown again.
    for name, value in params.items():
        if isinstance(value, str):
            assert form.get(name) == value[:200]
        else:
            assert form.multi[name] == tuple(dict.fromkeys(value))


def test_german_and_iso_spellings_are_accepted():
    assert parse(geburtsdatum="8.3.2025").birth_date == dt.date(2025, 3, 8)
    assert parse(geburtsdatum="2025-03-08").birth_date == dt.date(2025, 3, 8)
    assert parse(beginn="8/2027").start_month == dt.date(2027, 8, 1)
    assert parse(beginn="08.2027").start_month == dt.date(2027, 8, 1)
    assert parse(umkreis="3 km").radius_km == 3.0
    assert parse(umkreis="0.5").radius_km == 0.5
    # The current month is not in the past; an expected birth ten months ahead is fine.
    assert parse(beginn="2026-11").start_month == dt.date(2026, 11, 1)
    assert parse(geburtsdatum="01.08.2027").birth_date == dt.date(2027, 8, 1)


def test_a_chosen_child_replaces_the_typed_birth_date():
    form = parse(kind="12", geburtsdatum="kein Datum")
    assert form.ok and form.child_id == 12 and form.birth_date is None
    query = search_query(form, birth_date=dt.date(2024, 3, 8))
    assert query.child_birth_date == dt.date(2024, 3, 8)


def test_near_me_position_counts_only_without_a_typed_place():
    near = parse(lat="51.25612", lon="7.15")
    assert near.ok and near.near_me
    assert search_query(near).lat == 51.25612 and search_query(near).radius_km == DEFAULT_RADIUS_KM
    typed = parse(ort="Barmen", lat="51.25", lon="7.15")
    assert typed.ok and not typed.near_me and typed.lat is None
    # A broken position left over next to a typed place is simply ignored.
    assert parse(ort="Barmen", lat="x", lon="y").ok


def test_district_search_covers_the_whole_district_unless_a_radius_is_given():
    assert (
        search_query(parse(ort="Barmen"), centre=(51.27, 7.2), district="Barmen").radius_km == WHOLE_AREA_KM
    )
    query = search_query(parse(ort="Barmen", umkreis="2"), centre=(51.27, 7.2), district="Barmen")
    assert (query.district, query.radius_km) == ("Barmen", 2.0)


@pytest.mark.parametrize("page", ["0", "-1", "zwei", "99999", ""])
def test_a_strange_page_number_means_the_first_page(page):
    form = parse(seite=page)
    assert form.ok and form.page == 1


def test_month_helpers():
    options = month_options(TODAY, count=3)
    assert options == [("2026-11", "November 2026"), ("2026-12", "Dezember 2026"), ("2027-01", "Januar 2027")]
    assert parse_month("2027-00") is None and parse_month("13.2027") is None
    assert parse_date("29.02.2025") == "calendar" and parse_date("2024-02-29") == dt.date(2024, 2, 29)
    assert parse_number("2,75") == 2.75 and parse_number("-3") is None and parse_number("1e3") is None


def test_query_string_keeps_the_search_and_changes_single_parameters():
    form = parse(ort="Elberf", art="kita", traeger=["awo", "drk"], seite="3")
    assert query_string(form) == "ort=Elberf&art=kita&traeger=awo&traeger=drk&seite=3"
    assert query_string(form, ort="Elberfeld", seite=None) == "ort=Elberfeld&art=kita&traeger=awo&traeger=drk"
