"""Schüler-BAföG (DOMAIN.md §6, Formblätter 1–3 simplified): the definition with the written form, which
schools are funded (and why not), the age limit, the living situation with the rent contract, the parents'
income (not for an Abendgymnasium or Kolleg), and the overview before submission."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from server.applications.catalogue.schueler_bafoeg import DEFINITION
from server.applications.engine import Evaluation, computed, evaluate, prefill
from server.applications.registry import Catalogue, validate
from server.applications.signature import SIGNATURE_MODES
from server.applications.submission import initial_status
from server.tenants.config import load_tenant
from tests.unit.applications.support import HOUSEHOLD, ROOT, TODAY, date_parts, make_ctx

VALID: dict[str, Any] = {
    "first_name": "Lea",
    "last_name": "Beispiel",
    **date_parts("birth_date", dt.date(2008, 3, 27)),
    "birth_place": "Wuppertal",
    "address-street": "Musterweg",
    "address-house_number": "5a",
    "address-postcode": "42103",
    "address-city": "Wuppertal",
    "school_type": "berufsfachschule",
    "school": "Berufskolleg Elberfeld, Wuppertal",
    "course": "Höhere Berufsfachschule Gesundheit und Soziales, 1. Jahr",
    **date_parts("start", dt.date(2026, 8, 1)),
    "living": "eltern",
    "parent_1_name": "Anna Beispiel",
    "parent_1_income": "31.200,00",
    "account_holder": "Lea Beispiel",
    "iban": "DE89370400440532013000",
}
PROOFS = {"school_certificate": 1, "parents_income_proof": 2, "rent_contract": 3}


def values(**changes: Any) -> dict[str, Any]:
    merged = {**VALID, **changes}
    return {k: v for k, v in merged.items() if v is not None}


def run(raw: dict[str, Any], proofs: dict[str, int] | None = None) -> Evaluation:
    return evaluate(DEFINITION, raw, make_ctx(proofs=PROOFS if proofs is None else proofs))


def shown(evaluation: Evaluation) -> set[str]:
    return {f.id for state in evaluation.steps for f in state.fields}


def rows(evaluation: Evaluation) -> dict[str, str]:
    return dict(computed(DEFINITION, evaluation.answers, make_ctx()))


def test_definition_is_valid_with_the_paper_signature():
    validate(DEFINITION)
    assert Catalogue.load().get("schueler_bafoeg") is DEFINITION
    assert DEFINITION.signature == "paper" and DEFINITION.signature in SIGNATURE_MODES
    assert DEFINITION.life_situation == "schule" and DEFINITION.consent is None
    assert "schueler_bafoeg" in load_tenant(ROOT / "server" / "tenants" / "data" / "wuppertal").services
    assert [s.section for s in DEFINITION.steps][3:5] == [
        "Formblatt 2: Schulbescheinigung",
        "Formblatt 3: Einkommen der Eltern",
    ]


def test_complete_application_waits_for_the_signature():
    evaluation = run(VALID)
    assert evaluation.complete, evaluation.errors
    assert evaluation.answers["parent_1_income"] == "31200.00"
    assert initial_status(DEFINITION, evaluation.answers) == "awaiting_signature"
    assert not {"grade", "away_reason", "rent", "rent_contract", "parent_2_income"} & shown(evaluation)


def test_the_address_is_prefilled_from_the_household():
    start = prefill(DEFINITION, make_ctx(household=HOUSEHOLD))
    assert start["address-street"] == "Musterweg" and start["address-city"] == "Wuppertal"


def test_required_answers_have_their_messages():
    evaluation = run({}, proofs={})
    assert evaluation.errors == {
        "first_name": "Bitte geben Sie den Vornamen an.",
        "last_name": "Bitte geben Sie den Nachnamen an.",
        "birth_date": "Bitte geben Sie das Geburtsdatum an.",
        "birth_place": "Bitte geben Sie den Geburtsort an.",
        "address": "Bitte geben Sie die Anschrift an.",
        "school_type": "Bitte wählen Sie die Art der Schule aus.",
        "school": "Bitte geben Sie den Namen und den Ort der Schule an.",
        "course": "Bitte geben Sie Ihre Klasse oder Ihren Bildungsgang an.",
        "start": "Bitte geben Sie an, ab wann Sie Förderung beantragen.",
        "living": "Bitte geben Sie an, wo Sie während der Ausbildung wohnen.",
        "school_certificate": "Bitte laden Sie den Nachweis „Schulbescheinigung (Formblatt 2)“ hoch.",
        "parent_1_name": "Bitte geben Sie den Namen eines Elternteils an.",
        "parent_1_income": "Bitte geben Sie das Jahreseinkommen des ersten Elternteils an.",
        "parents_income_proof": "Bitte laden Sie den Nachweis „Einkommensnachweise Ihrer Eltern“ hoch.",
        "account_holder": "Bitte geben Sie den Namen der Kontoinhaberin oder des Kontoinhabers an.",
        "iban": "Bitte geben Sie die IBAN an.",
    }


# --- which schools -----------------------------------------------------------------------------------------
LIVING_AWAY_ONLY = (
    "Für den Besuch dieser Schule gibt es Schüler-BAföG nur, wenn Sie nicht bei Ihren Eltern wohnen, weil von "
    "dort keine entsprechende Schule zumutbar erreichbar ist, weil Sie verheiratet sind oder waren oder weil "
    "Sie mit einem eigenen Kind zusammenleben (§ 2 Abs. 1a BAföG)."
)


@pytest.mark.parametrize("school_type", ["berufsfachschule", "fachoberschule", "abendschule", "kolleg"])
def test_vocational_and_evening_schools_are_funded_living_at_home(school_type):
    evaluation = run(values(school_type=school_type))
    assert evaluation.complete, evaluation.errors


@pytest.mark.parametrize("school_type", ["allgemeinbildend", "fachoberschule_ohne"])
def test_general_schools_only_when_living_away_for_a_legal_reason(school_type):
    base = values(school_type=school_type, grade="11")
    at_home = run(base)
    assert at_home.errors == {"living": LIVING_AWAY_ONLY}
    away = {**base, "living": "eigene", "rent": "380"}
    assert run(away).errors == {"away_reason": "Bitte wählen Sie den Grund aus."}
    assert run({**away, "away_reason": "anderer"}).errors == {"away_reason": LIVING_AWAY_ONLY}
    for reason in ("keine_schule", "verheiratet", "kind"):
        assert run({**away, "away_reason": reason}).complete


def test_a_general_school_is_funded_from_grade_10():
    base = values(school_type="allgemeinbildend", living="eigene", away_reason="keine_schule", rent="380")
    assert run({**base, "grade": "9"}).errors == {
        "grade": "Für den Besuch einer allgemeinbildenden Schule gibt es Schüler-BAföG erst ab Klasse 10 "
        "(§ 2 Abs. 1 BAföG). Bis dahin kommt zum Beispiel Bürgergeld oder Kinderzuschlag Ihrer Eltern in Frage."
    }
    assert run({**base, "grade": "10"}).complete
    assert run(base).errors == {"grade": "Bitte wählen Sie Ihre Klasse aus."}


def test_the_reason_for_living_away_is_asked_only_where_it_matters():
    away = run(values(living="eigene", rent="400"))
    assert "away_reason" not in shown(away)
    assert {"rent", "rent_contract"} <= shown(away)
    assert away.complete


def test_living_away_needs_the_rent_and_the_contract():
    evaluation = run(values(living="eigene"), proofs={"school_certificate": 1, "parents_income_proof": 1})
    assert evaluation.errors == {
        "rent": "Bitte geben Sie Ihre monatliche Miete an.",
        "rent_contract": "Bitte laden Sie den Nachweis „Mietvertrag“ hoch.",
    }


# --- age and start ----------------------------------------------------------------------------------------
def test_the_applicant_is_under_45_when_the_training_begins():
    start = dt.date(2026, 8, 1)
    born_45 = start.replace(year=start.year - 45)
    too_old = run(values(**date_parts("birth_date", born_45)))
    assert too_old.errors == {
        "start": "Am 01.08.2026 sind Sie 45 Jahre alt. Schüler-BAföG gibt es nur, wenn Sie zu Beginn der "
        "Ausbildung jünger als 45 Jahre sind (§ 10 Abs. 3 BAföG). Ausnahmen gibt es zum Beispiel, wenn Sie "
        "Kinder unter 14 Jahren erziehen – bitte wenden Sie sich dann direkt an das Amt für "
        "Ausbildungsförderung."
    }
    a_day_younger = run(values(**date_parts("birth_date", born_45 + dt.timedelta(days=1))))
    assert a_day_younger.complete


def test_funding_before_the_month_of_the_application_is_only_a_warning():
    earlier = run(values(**date_parts("start", TODAY.replace(day=1) - dt.timedelta(days=1))))
    assert earlier.complete
    assert earlier.warnings == {
        "start": "Förderung gibt es frühestens ab dem Monat, in dem Sie den Antrag stellen. Für die Zeit davor "
        "wird nichts nachgezahlt."
    }
    assert run(values(**date_parts("start", TODAY.replace(day=1)))).warnings == {}


def test_the_birth_date_lies_in_the_past():
    evaluation = run(values(**date_parts("birth_date", TODAY)))
    assert evaluation.errors == {"birth_date": "„Geburtsdatum“ muss in der Vergangenheit liegen."}


# --- parents' income --------------------------------------------------------------------------------------
def test_parents_income_with_a_second_parent():
    evaluation = run(values(parent_2_name="Ben Beispiel"))
    assert evaluation.errors == {
        "parent_2_income": "Bitte geben Sie das Jahreseinkommen des zweiten Elternteils an."
    }
    both = run(values(parent_2_name="Ben Beispiel", parent_2_income="12.000"))
    assert both.complete
    assert rows(both)["Einkommen der Eltern"] == (
        "43.200,00 € im Jahr 2024 (maßgeblich ist das vorletzte Jahr vor Beginn der Förderung)"
    )
    assert rows(both)["Art der Förderung"] == "Zuschuss – Schüler-BAföG muss nicht zurückgezahlt werden."
    assert rows(both)["Unterschrift"].startswith("Das Gesetz verlangt Ihre Unterschrift.")


def test_no_parents_income_for_an_abendgymnasium_or_kolleg():
    evaluation = run(
        values(school_type="kolleg", parent_1_name=None, parent_1_income=None),
        proofs={"school_certificate": 1},
    )
    assert evaluation.complete, evaluation.errors
    assert "eltern" not in {s.step.id for s in evaluation.steps}
    assert (
        rows(evaluation)["Einkommen der Eltern"] == "Wird beim Abendgymnasium und Kolleg nicht angerechnet."
    )
