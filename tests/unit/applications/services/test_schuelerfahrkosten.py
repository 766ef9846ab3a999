"""School transport costs (DOMAIN.md §6, table G): the definition, the walking-distance rule by grade (or a
dangerous route), the required school certificate, the social-benefit exemption, ticket or refund, and the
claim shown before submission."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from server.applications.catalogue import schuelerfahrkosten as sfk
from server.applications.catalogue.schuelerfahrkosten import DEFINITION
from server.applications.context import HouseholdSnapshot, Person
from server.applications.engine import Evaluation, computed, evaluate, prefill
from server.applications.registry import Catalogue, validate
from server.applications.submission import initial_status
from server.tenants.config import load_tenant
from tests.unit.applications.support import ANNA, HOUSEHOLD, ROOT, UNBORN, make_ctx

PUPIL = Person(id="41", first_name="Jonas", last_name="Beispiel", birth_date=dt.date(2015, 6, 2))
FAMILY = HouseholdSnapshot(
    street=HOUSEHOLD.street,
    house_number=HOUSEHOLD.house_number,
    postcode=HOUSEHOLD.postcode,
    city=HOUSEHOLD.city,
    children=(PUPIL, UNBORN),
    guardians=(ANNA,),
)
ADDRESS = {
    "address-street": "Musterweg",
    "address-house_number": "5a",
    "address-postcode": "42103",
    "address-city": "Wuppertal",
}
VALID: dict[str, Any] = {
    "pupil": "41",
    "school": "Gesamtschule Barmen, Wuppertal",
    "grade": "6",
    **ADDRESS,
    "distance_km": "4,2",
    "dangerous_route": "nein",
    "social_benefit": "nein",
    "payout": "ticket",
}
PROOFS = {"school_certificate": 1, "benefit_notice": 2}


def values(**changes: Any) -> dict[str, Any]:
    merged = {**VALID, **changes}
    return {k: v for k, v in merged.items() if v is not None}


def run(raw: dict[str, Any], proofs: dict[str, int] | None = None) -> Evaluation:
    return evaluate(DEFINITION, raw, make_ctx(household=FAMILY, proofs=PROOFS if proofs is None else proofs))


def shown(evaluation: Evaluation) -> set[str]:
    return {f.id for state in evaluation.steps for f in state.fields}


def test_definition_is_valid_and_enabled_in_wuppertal():
    validate(DEFINITION)
    assert Catalogue.load().get("schuelerfahrkosten") is DEFINITION
    assert DEFINITION.life_situation == "schule"
    assert DEFINITION.consent is None and not DEFINITION.signature
    assert "schuelerfahrkosten" in load_tenant(ROOT / "server" / "tenants" / "data" / "wuppertal").services


def test_complete_application_is_submitted_directly():
    evaluation = run(VALID)
    assert evaluation.complete, evaluation.errors
    assert evaluation.answers["address"] == {
        "street": "Musterweg",
        "house_number": "5a",
        "postcode": "42103",
        "city": "Wuppertal",
    }
    assert evaluation.answers["distance_km"] == "4,2"
    assert initial_status(DEFINITION, evaluation.answers) == "submitted"


def test_address_and_pupil_come_from_the_household():
    only = HouseholdSnapshot(
        street="Am Bach", house_number="1", postcode="42103", city="Wuppertal", children=(PUPIL,)
    )
    start = prefill(DEFINITION, make_ctx(household=only))
    assert start == {
        "pupil": "41",
        "address-street": "Am Bach",
        "address-house_number": "1",
        "address-postcode": "42103",
        "address-city": "Wuppertal",
    }


@pytest.mark.parametrize(
    ("grade", "limit"),
    [(1, "2"), (4, "2"), (5, "3.5"), (10, "3.5"), (11, "5"), (13, "5")],
)
def test_thresholds_by_grade(grade, limit):
    assert sfk.threshold(grade) == Decimal(limit)


@pytest.mark.parametrize(
    ("grade", "walk", "refused"),
    [
        ("1", "2", True),
        ("4", "2,0", True),
        ("4", "2,1", False),
        ("5", "3,5", True),
        ("7", "3.6", False),
        ("10", "3,49", True),
        ("11", "5", True),
        ("13", "5,01", False),
        ("12", "12", False),
    ],
)
def test_the_walk_must_be_longer_than_the_grades_threshold(grade, walk, refused):
    evaluation = run(values(grade=grade, distance_km=walk))
    assert ("distance_km" in evaluation.errors) is refused
    assert evaluation.complete is not refused


def test_the_refusal_explains_itself():
    evaluation = run(values(grade="5", distance_km="3,5"))
    assert evaluation.errors == {
        "distance_km": "Bei einem Schulweg von 3,5 km werden die Fahrkosten nicht übernommen: In Klasse 5 muss der "
        "kürzeste Fußweg länger als 3,5 km sein. Ist der Weg besonders gefährlich, wählen Sie unten „Ja“ und "
        "beschreiben Sie die Gefahr."
    }
    primary = run(values(grade="3", distance_km="1"))
    assert primary.errors["distance_km"].startswith(
        "Bei einem Schulweg von 1 km werden die Fahrkosten nicht übernommen: In Klasse 3 muss der kürzeste "
        "Fußweg länger als 2 km sein."
    )


def test_a_dangerous_route_counts_with_an_explanation():
    short = values(grade="2", distance_km="0,8", dangerous_route="ja")
    evaluation = run(short)
    assert "danger_explanation" in shown(evaluation)
    assert evaluation.errors == {
        "danger_explanation": "Bitte beschreiben Sie, warum der Schulweg gefährlich ist."
    }
    explained = run({**short, "danger_explanation": "Die Landstraße hat keinen Gehweg."})
    assert explained.complete
    rows = dict(computed(DEFINITION, explained.answers, make_ctx(household=FAMILY)))
    assert rows["Gefährlicher Schulweg"] == "Angegeben – das Schulamt prüft den Weg."
    assert "Anspruch nach der Entfernung" not in rows


@pytest.mark.parametrize("walk", ["zwei", "2,456", "2 km", "-1", "123"])
def test_the_distance_is_in_kilometres(walk):
    evaluation = run(values(distance_km=walk))
    assert evaluation.errors == {
        "distance_km": "Bitte geben Sie die Entfernung in Kilometern an, zum Beispiel 2,4."
    }


def test_required_answers_have_their_messages():
    evaluation = run({"pupil": "41"}, proofs={})
    assert evaluation.errors == {
        "school": "Bitte geben Sie den Namen und den Ort der Schule an.",
        "grade": "Bitte wählen Sie die Klasse aus.",
        "address": "Bitte geben Sie die Anschrift an, an der Ihr Kind wohnt.",
        "distance_km": "Bitte geben Sie die Länge des Schulwegs in Kilometern an.",
        "dangerous_route": "Bitte geben Sie an, ob der Schulweg besonders gefährlich ist.",
        "school_certificate": "Bitte laden Sie die Schulbescheinigung hoch. Ohne sie können wir nicht entscheiden.",
        "social_benefit": "Bitte geben Sie an, ob Ihre Familie eine dieser Leistungen erhält.",
        "payout": "Bitte wählen Sie Schülerticket oder Erstattung.",
    }


def test_an_unborn_child_is_refused():
    assert run(values(pupil=UNBORN.id)).errors == {
        "pupil": "Bitte wählen Sie ein Kind, das schon zur Schule geht."
    }


def test_a_social_benefit_needs_its_notice_and_exempts_from_the_own_contribution():
    evaluation = run(values(social_benefit="ja"), proofs={"school_certificate": 1})
    assert evaluation.errors == {
        "benefit_notice": "Bitte laden Sie den Nachweis „Aktueller Leistungsbescheid“ hoch."
    }
    proven = run(values(social_benefit="ja"))
    assert proven.complete
    rows = dict(computed(DEFINITION, proven.answers, make_ctx(household=FAMILY)))
    assert rows["Eigenanteil"] == "Entfällt, weil Ihre Familie Sozialleistungen erhält."
    assert rows["Anspruch nach der Entfernung"] == "Ja: 4,2 km sind mehr als 3,5 km (Klasse 5 bis 10)."


def test_ticket_or_refund_to_an_account():
    ticket = run(VALID)
    assert not {"iban", "account_holder"} & shown(ticket)
    rows = dict(computed(DEFINITION, ticket.answers, make_ctx(household=FAMILY)))
    assert (
        rows["Eigenanteil"]
        == "Für das Schülerticket zahlen Sie einen Eigenanteil nach der Satzung Ihrer Stadt."
    )
    refund = run(values(payout="erstattung"))
    assert refund.errors == {
        "account_holder": "Bitte geben Sie den Namen der Kontoinhaberin oder des Kontoinhabers an.",
        "iban": "Bitte geben Sie die IBAN für die Erstattung an.",
    }
    paid = run(
        values(payout="erstattung", account_holder="Anna Beispiel", iban="de89 3704 0044 0532 0130 00")
    )
    assert paid.complete and paid.answers["iban"] == "DE89 3704 0044 0532 0130 00"
    rows = dict(computed(DEFINITION, paid.answers, make_ctx(household=FAMILY)))
    assert rows["Erstattung"] == "Erstattet werden die Kosten der günstigsten zumutbaren Verbindung."
    assert rows["Hinweis"] == "Unverbindliche Einschätzung. Verbindlich entscheidet der Schulträger."


@pytest.mark.parametrize(("value", "text"), [("2", "2"), ("3.5", "3,5"), ("2.40", "2,4"), ("10", "10")])
def test_kilometres_read_the_german_way(value, text):
    assert sfk.km(Decimal(value)) == text
