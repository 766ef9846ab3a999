"""The public parent-fee calculator over HTTP: no login, CSRF, results, German messages at the field."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path

import pytest

from server.app import create_app
from server.fees import FeeConfigError
from server.fees import controllers as fee_controllers
from server.settings import Settings
from tests.integration.support import CSRF_COOKIE, post_form, session_cookie

TODAY = dt.date(2026, 11, 29)
WUPPERTAL = "/wuppertal/elternbeitrag-rechner"
ISERLOHN = "/iserlohn/elternbeitrag-rechner"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The calculator offers this month and the next twelve; the tests price known months."""
    monkeypatch.setattr(fee_controllers, "today", lambda: TODAY)


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def child(n: int, birth: dt.date, care: str = "kita", hours: str = "35", **extra: str) -> dict[str, str]:
    return {
        **date_fields(f"child{n}_birth_date", birth),
        f"child{n}_care": care,
        f"child{n}_hours": hours,
        **extra,
    }


BABY = dt.date(2025, 6, 15)  # in 11/2026: under 2 (and under 3)
FREE_YEAR = dt.date(2022, 5, 3)  # in 11/2026: in the fee-free years (turned 4 on 3.5.2026)
TWO_CHILDREN = {
    "income": "45.000",
    "benefit": "keine",
    "month": "2026-11",
    **child(1, BABY, "kita", "35"),
    **child(2, FREE_YEAR, "kita", "45"),
}


def text_of(html: str) -> str:
    """The page's text with tags removed and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def field_error(html: str, name: str) -> str:
    match = re.search(rf'<p class="field__error" id="{re.escape(name)}-error">(.*?)</p>', html, re.S)
    assert match, f"no error at {name}"
    return text_of(match.group(1)).strip()


async def test_the_calculator_is_public(client):
    response = await client.get(WUPPERTAL)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["vary"]
    page = response.text
    assert '<h1 class="heading-xl">Elternbeitrag berechnen</h1>' in page
    assert 'name="_csrf_token"' in page
    assert 'action="/wuppertal/elternbeitrag-rechner"' in page and 'method="post"' in page
    text = text_of(page)
    assert "Beispieltabelle nach dem Aufbau der Wuppertaler Elternbeitragstabelle (Demo)" in text
    assert "Demo: Die Beträge sind erfunden." in text
    assert "Stand der Tabelle: gültig ab 01.08.2019" in text
    assert "unverbindlich" in text
    for label in (
        "Jahreseinkommen der Familie in Euro",
        "Ich akzeptiere den Höchstbeitrag",
        "1. Kind",
        "3. Kind",
    ):
        assert label in text
    assert 'value="keine" checked' in page  # no benefit, preselected
    assert '<option value="2026-11" selected>November 2026</option>' in page
    assert 'value="mehr">mehr als 45 Stunden (nur Kindertagespflege)' in page
    assert "Beitragstabelle ansehen" in text and "über 100.000 €" in text
    assert session_cookie(client) is None  # no login, no session


async def test_iserlohn_shows_the_duesseldorf_example(client):
    text = text_of((await client.get(ISERLOHN)).text)
    assert "Beispiel: Beitragstabelle der Landeshauptstadt Düsseldorf ab 1.8.2021" in text
    assert "Stand der Tabelle: gültig ab 01.08.2021" in text
    assert "Nur ein Kind zahlt, das mit dem höchsten Beitrag." in text
    assert "über 80.000 € 125 350 400 450" in text  # the table's top row
    assert "Kita und Kindertagespflege, Kinder ab 3 Jahren: beitragsfrei" in text


@pytest.mark.parametrize("tenant", ["wuppertal", "iserlohn"])
async def test_start_page_links_to_the_calculator(client, tenant):
    page = (await client.get(f"/{tenant}/")).text
    assert f'<a href="/{tenant}/elternbeitrag-rechner">Elternbeitrag berechnen</a>' in page


async def test_result_on_the_same_page(client):
    response = await post_form(client, WUPPERTAL, TWO_CHILDREN)
    assert response.status_code == 200
    page = response.text
    text = text_of(page)
    assert "Ihr voraussichtlicher Elternbeitrag" in text
    assert "Zusammen 160 € im Monat" in text
    assert "Für November 2026. Einkommensstufe: über 37.000 € bis 49.000 €" in text
    assert "1. Kind 160 € im Monat" in text
    assert "2. Kind 0 € im Monat Beitragsfrei: vorletztes Kita-Jahr vor der Schule." in text
    assert "Geschwisterregel: Für das zweite und jedes weitere Kind entfällt der Beitrag" in text
    assert "Stand der Tabelle: gültig ab 01.08.2019" in text
    assert "Unverbindliche Berechnung" in text
    # the form stays filled in for a second try
    assert 'value="45.000"' in page and 'id="child2_birth_date-year"' in page and 'value="2022"' in page
    assert session_cookie(client) is None


async def test_iserlohn_only_one_child_pays(client):
    data = {
        "income": "85000",
        "benefit": "keine",
        "month": "2026-11",
        **child(1, BABY, "tagespflege", "mehr"),
        **child(2, dt.date(2025, 1, 10), "kita", "45"),
    }
    text = text_of((await post_form(client, ISERLOHN, data)).text)
    assert "Zusammen 450 € im Monat" in text
    assert "1. Kind 450 € im Monat" in text and "mehr als 45 Stunden" in text
    assert (
        "2. Kind 0 € im Monat Altersgruppe unter 3 Jahren, Kita, 45 Stunden: 400 € im Monat laut Tabelle."
        in text
    )
    assert "Geschwisterregel: kein Beitrag – 1. Kind hat den höheren Beitrag." in text
    assert "Einkommensstufe: über 80.000 €" in text


async def test_top_bracket_and_benefits(client):
    base = {"benefit": "keine", "month": "2026-12", **child(1, BABY, "kita", "45")}
    top = text_of((await post_form(client, WUPPERTAL, {**base, "top_bracket": "yes"})).text)
    assert "Zusammen 425 € im Monat" in top and "Sie akzeptieren den Höchstbeitrag" in top
    assert "Einen Einkommensnachweis brauchen Sie dann nicht." in top
    exempt = text_of((await post_form(client, WUPPERTAL, {**base, "benefit": "sgb2"})).text)
    assert "Zusammen 0 € im Monat" in exempt
    assert "Beitragsfrei: Ihre Familie bezieht Bürgergeld (SGB II)." in exempt
    assert "den aktuellen Bescheid über Bürgergeld (SGB II)" in exempt


async def test_bad_input_is_shown_at_the_field_and_kept(client):
    data = {
        **TWO_CHILDREN,
        "income": "viel Geld",
        "child1_birth_date-day": "31",
        "child1_birth_date-month": "2",
        "child2_hours": "mehr",
        "child3_care": "tagespflege",
    }
    response = await post_form(client, WUPPERTAL, data)
    assert response.status_code == 422
    page = response.text
    assert "<title>Fehler: Elternbeitrag berechnen" in page
    assert "Bitte korrigieren Sie Ihre Angaben" in page
    assert field_error(page, "income") == (
        "Fehler: Bitte geben Sie das Einkommen als Betrag in Euro ein, zum Beispiel 45.000 oder 45000,50."
    )
    assert "Diesen Tag gibt es im Kalender nicht" in field_error(page, "child1_birth_date")
    assert "Mehr als 45 Stunden gibt es nur in der Kindertagespflege" in field_error(page, "child2_hours")
    assert (
        field_error(page, "child3_birth_date")
        == "Fehler: Bitte geben Sie das Geburtsdatum des 3. Kindes ein."
    )
    assert "Bitte wählen Sie die Betreuungszeit des 3. Kindes aus." in field_error(page, "child3_hours")
    # what was typed stays
    assert 'value="viel Geld"' in page
    assert re.search(r'id="child1_birth_date-day"[^>]*value="31"', page)
    assert re.search(r'id="child3_care-tagespflege"[^>]*value="tagespflege" checked', page)
    assert '<option value="mehr" selected>' in page
    assert 'aria-invalid="true"' in page
    assert 'href="#child1_birth_date-day"' in page  # the summary links to the first date field
    assert "Ihr voraussichtlicher Elternbeitrag" not in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"income": ""}, "income", "Bitte geben Sie Ihr Jahreseinkommen ein"),
        ({"income": "-5"}, "income", "Das Einkommen kann nicht negativ sein."),
        ({"month": "2030-01"}, "month", "Bitte wählen Sie einen Monat aus der Liste aus."),
        ({"child1_birth_date-year": "2027"}, "child1_birth_date", "darf nicht in der Zukunft liegen"),
        ({"child1_birth_date-year": "2019"}, "child1_birth_date", "schon zur Schule"),
        (
            {"child1_care": ""},
            "child1_care",
            "ob das 1. Kind in eine Kita oder in die Kindertagespflege geht",
        ),
        ({"benefit": "lotto"}, "benefit", "Bitte wählen Sie eine der Möglichkeiten aus."),
    ],
)
async def test_each_bad_input_has_its_message(client, changes, field, message):
    response = await post_form(client, WUPPERTAL, {**TWO_CHILDREN, **changes})
    assert response.status_code == 422
    assert message in field_error(response.text, field)


async def test_junk_never_breaks_the_page(client):
    rng = random.Random(20261129)
    junk = [
        "",
        " ",
        "0",
        "-1",
        "999999999999",
        "31",
        "2",
        "x" * 5000,
        "<script>",
        "%00",
        "ä€",
        "1e9",
        "mehr",
        "kita",
    ]
    fields = list(TWO_CHILDREN) + ["top_bracket", "child1_deferred", "child3_hours", "child3_birth_date-day"]
    for _ in range(40):
        data = {
            name: rng.choice(junk) if rng.random() < 0.5 else value for name, value in TWO_CHILDREN.items()
        }
        data.update({name: rng.choice(junk) for name in rng.sample(fields, 3)})
        response = await post_form(client, WUPPERTAL, data)
        assert response.status_code in (200, 422), data
        assert "<script>" not in response.text.split("</head>", 1)[1].replace("<script src", "")


async def test_unknown_tenant(client):
    assert (await client.get("/nirgendwo/elternbeitrag-rechner")).status_code == 404
    response = await post_form(client, "/nirgendwo/elternbeitrag-rechner", TWO_CHILDREN, form_page=WUPPERTAL)
    assert response.status_code == 404
    assert "Diese Kommune gibt es hier nicht" in response.text


async def test_csrf_is_required(client):
    await client.get(WUPPERTAL)
    assert client.cookies.get(CSRF_COOKIE)
    missing = await client.post(WUPPERTAL, data=TWO_CHILDREN, follow_redirects=False)
    assert missing.status_code == 403
    forged = await client.post(
        WUPPERTAL, data={**TWO_CHILDREN, "_csrf_token": "0" * 128}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert (await post_form(client, WUPPERTAL, TWO_CHILDREN)).status_code == 200


async def test_a_broken_fee_table_stops_the_start(settings, tmp_path: Path):
    root = tmp_path / "tenants"
    for slug in ("wuppertal", "iserlohn"):
        shutil.copytree(Path(Settings().tenants_dir) / slug, root / slug)
    fees = root / "iserlohn" / "fees.toml"
    fees.write_text(fees.read_text().replace("brackets = [30000, 40000,", "brackets = [40000, 30000,"))
    with pytest.raises(FeeConfigError, match=r"iserlohn/fees\.toml: brackets\[1\]: 30000 is not above 40000"):
        create_app(settings(tenants_dir=str(root)))
