"""OGS registration (DOMAIN.md §3, table C): the definition, its conditions (sole custody or the second
parent, the proofs behind the allocation points), its rules and messages, the points and the consent
note, and the second parent's consent it asks for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from server.applications import consent
from server.applications.catalogue import ogs
from server.applications.catalogue.ogs import DEFINITION
from server.applications.context import HouseholdSnapshot, Person
from server.applications.engine import Evaluation, computed, evaluate, prefill, summary
from server.applications.registry import Catalogue, validate
from server.applications.submission import initial_status
from server.tenants.config import load_tenant
from tests.unit.applications.support import ANNA, HOUSEHOLD, ROOT, UNBORN, make_ctx

TODAY = dt.date.today()
FIRST_YEAR = int(DEFINITION.field("school_year").options[0].value)
# Seven when the first offered school year begins: in grade 1 or 2.
PUPIL = Person(id="31", first_name="Lina", last_name="Beispiel", birth_date=dt.date(FIRST_YEAR - 7, 3, 14))
FAMILY = HouseholdSnapshot(
    street=HOUSEHOLD.street,
    house_number=HOUSEHOLD.house_number,
    postcode=HOUSEHOLD.postcode,
    city=HOUSEHOLD.city,
    children=(PUPIL, UNBORN),
    guardians=(ANNA,),
    email="anna@beispiel.de",
)
ISERLOHN = load_tenant(ROOT / "server" / "tenants" / "data" / "iserlohn")

VALID: dict[str, Any] = {
    "pupil": "31",
    "school_year": str(FIRST_YEAR),
    "school": "Grundschule Am Hang",
    "grade": "2",
    "days_per_week": "ja",
    "lunch": "ja",
    "sole_custody": "nein",
    "other_parent_name": "Ben Beispiel",
    "other_parent_email": "Ben@Beispiel.de",
    "single_parent": "nein",
    "both_full_time": "nein",
}
PROOFS = {"sole_custody_proof": 1, "single_parent_proof": 1, "employment_proof": 2}


def ogs_values(**changes: Any) -> dict[str, Any]:
    values = {**VALID, **changes}
    return {k: v for k, v in values.items() if v is not None}


def run(values: dict[str, Any], proofs: dict[str, int] | None = None, **ctx: Any) -> Evaluation:
    return evaluate(DEFINITION, values, make_ctx(today=TODAY, household=FAMILY, proofs=proofs or {}, **ctx))


def shown(evaluation: Evaluation) -> set[str]:
    return {f.id for state in evaluation.steps for f in state.fields}


def rows(answers: dict[str, Any], **ctx: Any) -> dict[str, str]:
    return dict(computed(DEFINITION, answers, make_ctx(today=TODAY, household=FAMILY, **ctx)))


# --- the definition ------------------------------------------------------------------------------------
def test_definition_is_valid_and_enabled():
    validate(DEFINITION)
    assert Catalogue.load().get("ogs") is DEFINITION
    assert DEFINITION.life_situation == "schule" and not DEFINITION.signature
    assert "ogs" in load_tenant(ROOT / "server" / "tenants" / "data" / "wuppertal").services
    assert "ogs" in ISERLOHN.services
    spec = DEFINITION.consent
    assert spec is not None
    assert (spec.email_field, spec.name_field, spec.skip_field, spec.skip_value) == (
        "other_parent_email",
        "other_parent_name",
        "sole_custody",
        "ja",
    )
    assert "verbindlich zur Offenen Ganztagsschule angemeldet" in spec.text


@pytest.mark.parametrize(
    ("today", "first"),
    [
        (dt.date(2026, 3, 10), 2026),
        (dt.date(2026, 7, 31), 2026),
        (dt.date(2026, 8, 1), 2027),
        (dt.date(2026, 12, 31), 2027),
    ],
)
def test_the_next_two_school_years_are_offered(today, first):
    options = ogs.school_years(today)
    assert [o.value for o in options] == [str(first), str(first + 1)]
    assert options[0].label == f"Schuljahr {first}/{str(first + 1)[-2:]}"
    assert options[1].hint == f"1. August {first + 1} bis 31. Juli {first + 2}"
    assert [o.value for o in DEFINITION.field("school_year").options] == [
        o.value for o in ogs.school_years(TODAY)
    ]


def test_days_per_week_are_a_fixed_five_the_parent_confirms():
    field = DEFINITION.field("days_per_week")
    assert field.type == "declaration" and "fünf Tagen pro Woche" in field.text
    evaluation = run(ogs_values(days_per_week=None))
    assert evaluation.errors == {
        "days_per_week": "Bitte bestätigen Sie, dass Ihr Kind die OGS an allen fünf Schultagen besucht."
    }


def test_lunch_is_asked_with_its_price():
    assert "etwa 50 € im Monat" in DEFINITION.field("lunch").hint
    assert run(ogs_values(lunch=None)).errors == {
        "lunch": "Bitte geben Sie an, ob Ihr Kind am Mittagessen teilnimmt."
    }


def test_pupil_prefilled_when_the_household_has_one_child():
    only = HouseholdSnapshot(children=(PUPIL,), guardians=(ANNA,))
    assert prefill(DEFINITION, make_ctx(today=TODAY, household=only))["pupil"] == "31"


# --- a complete registration and the second parent ---------------------------------------------------------
def test_complete_registration_with_joint_custody_needs_the_other_parents_consent():
    evaluation = run(VALID)
    assert evaluation.complete, evaluation.errors
    answers = evaluation.answers
    assert answers["other_parent_email"] == "ben@beispiel.de"
    assert answers["pupil"]["name"] == "Lina Beispiel"
    assert consent.needed(DEFINITION.consent, answers)
    assert initial_status(DEFINITION, answers) == "awaiting_consent"
    assert not {"sole_custody_proof", "single_parent_proof", "employment_proof", "employed"} & shown(
        evaluation
    )
    titles = [s.title for s in summary(DEFINITION, evaluation)]
    assert titles == [
        "Ihr Kind",
        "Schule und Schuljahr",
        "Betreuung und Mittagessen",
        "Sorgerecht",
        "Familie und Berufstätigkeit",
        "Geschwister und Härtefall",
    ]


def test_sole_custody_skips_the_consent_and_asks_for_a_proof():
    values = ogs_values(sole_custody="ja")  # name and e-mail stay in the raw values, but no longer apply
    evaluation = run(values)
    assert "other_parent_email" not in shown(evaluation) and "sole_custody_proof" in shown(evaluation)
    assert evaluation.errors == {
        "sole_custody_proof": "Bitte laden Sie den Nachweis „Nachweis des alleinigen Sorgerechts, "
        "z. B. Negativbescheinigung“ hoch."
    }
    proven = run(values, proofs={"sole_custody_proof": 1})
    assert proven.complete
    assert "other_parent_email" not in proven.answers
    assert not consent.needed(DEFINITION.consent, proven.answers)
    assert initial_status(DEFINITION, proven.answers) == "submitted"


def test_joint_custody_needs_the_other_parents_name_and_address():
    evaluation = run(ogs_values(other_parent_name=None, other_parent_email=None))
    assert evaluation.errors == {
        "other_parent_name": "Bitte geben Sie den Namen des anderen Elternteils an.",
        "other_parent_email": "Bitte geben Sie die E-Mail-Adresse des anderen Elternteils an.",
    }
    wrong = run(ogs_values(other_parent_email="ben(at)beispiel"))
    assert wrong.errors == {
        "other_parent_email": "Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein."
    }


def test_the_applicants_own_address_is_refused_for_the_other_parent():
    evaluation = run(ogs_values(other_parent_email="ANNA@beispiel.de"))
    assert evaluation.errors == {
        "other_parent_email": "Das ist Ihre eigene E-Mail-Adresse. Bitte geben Sie die Adresse des anderen "
        "Elternteils an – er stimmt mit einem eigenen Konto zu."
    }


def test_custody_must_be_answered():
    assert run(ogs_values(sole_custody=None)).errors == {
        "sole_custody": "Bitte geben Sie an, ob Sie das alleinige Sorgerecht haben."
    }


# --- proofs behind the points ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "proofs"),
    [
        ({"single_parent": "ja", "employed": "ja"}, {"single_parent_proof", "employment_proof"}),
        ({"single_parent": "ja", "employed": "nein"}, set()),
        ({"single_parent": "nein", "both_full_time": "ja"}, {"employment_proof"}),
        ({"single_parent": "nein", "both_full_time": "nein"}, set()),
        # An answer of the other branch never counts.
        ({"single_parent": "nein", "employed": "ja", "both_full_time": "nein"}, set()),
    ],
)
def test_employment_and_single_parent_proofs_are_asked_when_points_are_claimed(changes, proofs):
    evaluation = run(ogs_values(**changes))
    asked = {"single_parent_proof", "employment_proof"} & shown(evaluation)
    assert asked == proofs
    assert set(evaluation.errors) == proofs
    assert run(ogs_values(**changes), proofs=PROOFS).complete


def test_missing_employment_answers_have_their_messages():
    single = run(ogs_values(single_parent="ja"))
    assert (
        single.errors["employed"] == "Bitte geben Sie an, ob Sie berufstätig oder in einer Ausbildung sind."
    )
    couple = run(ogs_values(both_full_time=None))
    assert couple.errors == {
        "both_full_time": "Bitte geben Sie an, ob beide Eltern in Vollzeit berufstätig sind."
    }


def test_sibling_and_hardship_are_voluntary():
    assert run(ogs_values(sibling_in_ogs="ja")).errors == {
        "sibling_name": "Bitte geben Sie Name und Klasse des Geschwisterkindes an."
    }
    evaluation = run(ogs_values(hardship="Die Großmutter, die sonst betreut, ist schwer erkrankt."))
    assert evaluation.complete and "hardship_proof" in shown(evaluation)


# --- rules ------------------------------------------------------------------------------------------------
def test_an_unborn_child_cannot_be_registered():
    evaluation = run(ogs_values(pupil=UNBORN.id))
    assert (
        evaluation.errors["pupil"]
        == "Für ein Kind, das noch nicht geboren ist, ist keine OGS-Anmeldung möglich."
    )


@pytest.mark.parametrize(
    ("age", "message"),
    [
        (
            4,
            "Lina Beispiel ist zu Beginn des Schuljahres {years} erst 4 Jahre alt. Die OGS ist ein Angebot für "
            "Kinder, die die Grundschule besuchen (5 bis 11 Jahre). Melden Sie Ihr Kind bitte für ein späteres "
            "Schuljahr an.",
        ),
        (5, None),
        (11, None),
        (
            12,
            "Lina Beispiel ist zu Beginn des Schuljahres {years} schon 12 Jahre alt. Die OGS ist ein Angebot "
            "für Kinder, die die Grundschule besuchen (5 bis 11 Jahre).",
        ),
    ],
)
def test_the_pupil_is_of_primary_school_age_when_the_school_year_begins(age, message):
    born = dt.date(FIRST_YEAR - age, 8, 1)  # the birthday is the first day of the school year
    pupil = Person(id="31", first_name="Lina", last_name="Beispiel", birth_date=born)
    household = HouseholdSnapshot(children=(pupil,), guardians=(ANNA,), email="anna@beispiel.de")
    evaluation = evaluate(DEFINITION, VALID, make_ctx(today=TODAY, household=household))
    expected = {} if message is None else {"school_year": message.format(years=ogs.years(FIRST_YEAR))}
    assert evaluation.errors == expected


def test_a_school_year_that_has_begun_is_refused():
    # The catalogue was loaded before 1 August; the process still runs after it.
    later = dt.date(FIRST_YEAR, 8, 2)
    evaluation = evaluate(DEFINITION, VALID, make_ctx(today=later, household=FAMILY))
    assert evaluation.errors == {
        "school_year": f"Das Schuljahr {ogs.years(FIRST_YEAR)} hat schon begonnen. Bitte wählen Sie ein "
        "kommendes Schuljahr."
    }


# --- computations -------------------------------------------------------------------------------------------
def test_points_for_a_single_parent_in_work_with_a_sibling():
    answers = run(
        ogs_values(single_parent="ja", employed="ja", sibling_in_ogs="ja", sibling_name="Tom, 3a"),
        proofs=PROOFS,
    ).answers
    shown_rows = rows(answers)
    assert shown_rows["Punkte nach den Aufnahmekriterien"] == (
        "40 Punkte (alleinerziehend und berufstätig: 30; Geschwisterkind in der OGS: 10)"
    )
    assert "bei gleicher Punktzahl entscheidet das Los" in shown_rows["Hinweis"]
    assert "Härtefall" not in shown_rows


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"both_full_time": "ja"}, "20 Punkte (beide Eltern in Vollzeit berufstätig: 20)"),
        ({}, "0 Punkte"),
        ({"single_parent": "ja", "employed": "nein"}, "0 Punkte"),
    ],
)
def test_points_of_other_families(changes, text):
    answers = run(ogs_values(**changes), proofs=PROOFS).answers
    assert rows(answers)["Punkte nach den Aufnahmekriterien"] == text


def test_a_hardship_is_mentioned_with_the_points():
    answers = run(ogs_values(hardship="Pflege eines Angehörigen")).answers
    assert rows(answers)["Härtefall"] == "Angegeben – die Schulleitung prüft ihn gesondert."


def test_points_follow_the_municipality():
    answers = run(ogs_values(both_full_time="ja"), proofs=PROOFS).answers
    other = rows(answers, tenant=ISERLOHN, settings={})
    assert other["Vergabe der Plätze"] == (
        "Über die Plätze entscheidet die Schulleitung nach den Aufnahmekriterien der Schule."
    )
    assert "Punkte nach den Aufnahmekriterien" not in other
    configured = {
        "ogs.points_single_parent_working": 5,
        "ogs.points_both_full_time": 1,
        "ogs.points_sibling": 2,
    }
    assert rows(answers, tenant=ISERLOHN, settings=configured)["Punkte nach den Aufnahmekriterien"] == (
        "1 Punkt (beide Eltern in Vollzeit berufstätig: 1)"
    )


def test_the_check_answers_page_says_who_is_asked_to_consent():
    answers = run(VALID).answers
    assert rows(answers)["Zustimmung des anderen Elternteils"] == (
        "Nach dem Absenden bitten wir Ben Beispiel per E-Mail an ben@beispiel.de um Zustimmung. Erst danach geht "
        "die Anmeldung an die Schule."
    )
    sole = run(ogs_values(sole_custody="ja"), proofs=PROOFS).answers
    assert (
        rows(sole)["Zustimmung des anderen Elternteils"] == "Nicht nötig: Sie haben das alleinige Sorgerecht."
    )
