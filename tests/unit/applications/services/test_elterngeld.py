"""Elterngeld (DOMAIN.md §5, table E): the definition, the month planner and the hours as the engine parses
them (messages included), the cross-field rules, the estimate, the consent of the other parent, the written
form and the quick check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest

from server.applications import consent
from server.applications.catalogue.elterngeld import DEFINITION, hooks, plan
from server.applications.context import HouseholdSnapshot, Person
from server.applications.controllers.quick import parse_questions
from server.applications.engine import Evaluation, computed, evaluate, next_step, prefill, summary
from server.applications.registry import ASSESSMENTS, Catalogue, validate
from server.applications.signature import SIGNATURE_MODES
from server.applications.submission import initial_status
from server.tenants.config import load_tenant
from tests.unit.applications.services.elterngeld_cases import cells, raw
from tests.unit.applications.support import ANNA, BEN, CHILD, HOUSEHOLD, ROOT, TODAY, UNBORN, make_ctx

# Born on 1 February 2026: on TODAY (10 March 2026) in Lebensmonat 2, every month is still paid.
BABY = Person(id="13", first_name="Lotta", last_name="Beispiel", birth_date=dt.date(2026, 2, 1))
FAMILY = HouseholdSnapshot(
    street=HOUSEHOLD.street,
    house_number=HOUSEHOLD.house_number,
    postcode=HOUSEHOLD.postcode,
    city=HOUSEHOLD.city,
    children=(BABY, UNBORN, CHILD),
    guardians=(ANNA, BEN),
    email="anna@beispiel.de",
)
PLAN = cells("basis:1-12 bonus:15-16", "basis:13-14 bonus:15-16")
VALID: dict[str, Any] = {
    "child": "13",
    "applicant": "21",
    "single_parent": "nein",
    "other_name": "Ben Beispiel",
    "other_email": "Ben@Beispiel.de",
    **raw(PLAN),
    "income_kind": "angestellt",
    "net_income": "2.000",
    "income_over_limit": "nein",
    "hours-bonus-a": "30",
    "hours-bonus-b": "25,5",
    "maternity_pay": "nein",
    "account_holder": "Anna Beispiel",
    "iban": "DE89 3704 0044 0532 0130 00",
    "lives_with_child": "ja",
    "residence": "ja",
    "work_limit": "ja",
}
PROOFS = {
    "payslips": 12,
    "tax_assessment": 1,
    "maternity_proof": 1,
    "supplement_proof": 1,
    "single_parent_proof": 1,
}


def values(**changes: Any) -> dict[str, Any]:
    merged = {**VALID, **changes}
    return {k: v for k, v in merged.items() if v is not None}


def run(raw_values: dict[str, Any], proofs: dict[str, int] | None = None, **ctx: Any) -> Evaluation:
    ctx.setdefault("household", FAMILY)
    return evaluate(DEFINITION, raw_values, make_ctx(proofs=PROOFS if proofs is None else proofs, **ctx))


def with_plan(a: str, b: str = "", **changes: Any) -> dict[str, Any]:
    return values(**raw(cells(a, b)), **changes)


# --- the definition --------------------------------------------------------------------------------------
def test_definition_is_valid_loaded_and_enabled_in_wuppertal() -> None:
    validate(DEFINITION)
    assert Catalogue.load().get("elterngeld") is DEFINITION
    assert "elterngeld" in load_tenant(ROOT / "server" / "tenants" / "data" / "wuppertal").services
    assert DEFINITION.life_situation == "geburt"
    assert DEFINITION.signature == "paper" and "paper" in SIGNATURE_MODES
    assert [s.id for s in DEFINITION.steps] == [
        "kind",
        "eltern",
        "monate",
        "einkommen",
        "arbeit",
        "mutterschaft",
        "alleinerziehend",
        "konto",
        "erklaerungen",
    ]


def test_custom_widgets_have_their_template_and_script() -> None:
    for field_id in ("plan", "hours"):
        field = DEFINITION.field(field_id)
        assert field is not None and field.type == "custom"
        template = ROOT / "frontend" / "templates" / "applications" / "widgets" / field.template
        assert "{% macro render(f, values, errors, warnings, ctx) %}" in template.read_text()
    script = DEFINITION.field("plan").script
    assert (ROOT / "frontend" / "static" / script).is_file()


def test_prefill_takes_the_only_guardian_but_not_one_of_several_children() -> None:
    one = HouseholdSnapshot(children=(BABY,), guardians=(ANNA,), email="anna@beispiel.de")
    assert prefill(DEFINITION, make_ctx(household=one)) == {"child": "13", "applicant": "21"}
    assert prefill(DEFINITION, make_ctx(household=FAMILY)) == {}


def test_complete_application() -> None:
    evaluation = run(values())
    assert evaluation.complete, (evaluation.errors, evaluation.general)
    assert [str(line) for line in evaluation.answers["plan"]] == [
        "Anna – Basiselterngeld: Lebensmonate 1 bis 12",
        "Anna – Partnerschaftsbonus: Lebensmonate 15 und 16",
        "Ben Beispiel – Basiselterngeld: Lebensmonate 13 und 14",
        "Ben Beispiel – Partnerschaftsbonus: Lebensmonate 15 und 16",
    ]
    assert [str(line) for line in evaluation.answers["hours"]] == [
        "Anna – Partnerschaftsbonus: 30 Stunden pro Woche",
        "Ben Beispiel – Partnerschaftsbonus: 25,5 Stunden pro Woche",
    ]
    assert [s.step.id for s in evaluation.steps] == [
        "kind",
        "eltern",
        "monate",
        "einkommen",
        "arbeit",
        "mutterschaft",
        "konto",
        "erklaerungen",
    ]
    rows = {row.field: row.lines for section in summary(DEFINITION, evaluation) for row in section.rows}
    assert rows["plan"][0] == "Anna – Basiselterngeld: Lebensmonate 1 bis 12"
    assert rows["child"] == ["Lotta Beispiel, geboren am 01.02.2026"]
    # Stored with the case as JSON: the structure stays.
    stored = msgspec.json.decode(msgspec.json.encode(evaluation.answers))
    assert stored["plan"][0] == {"parent": "a", "name": "Anna", "kind": "basis", "months": list(range(1, 13))}
    assert stored["hours"][1] == {"parent": "b", "name": "Ben Beispiel", "kind": "bonus", "hours": "25,5"}


# --- the month planner as the engine parses it ----------------------------------------------------------
def plan_error(raw_values: dict[str, Any], **ctx: Any) -> str | None:
    return run(raw_values, **ctx).state("monate").errors.get("plan")


def test_planner_needs_a_plan() -> None:
    empty = values(**raw({}))
    assert plan_error(empty) == "Bitte planen Sie, in welchen Lebensmonaten Sie Elterngeld beziehen möchten."
    assert run(empty).state("monate").status == "not_started"  # every cell "kein": nothing entered yet


def test_planner_refuses_values_the_form_never_offers() -> None:
    assert plan_error(values(**{"plan-3-a": "voll"})) == (
        "Bitte wählen Sie für jeden Lebensmonat „kein“, „Basis“, „Plus“ oder „Bonus“."
    )
    assert plan_error(values(**{"plan-40-a": "plus"})) is not None


def test_planner_says_every_broken_rule() -> None:
    error = plan_error(with_plan("basis:1-13", "basis:1-2"))
    assert error == (
        "Anna: höchstens 12 Monate Basiselterngeld – geplant sind 13 (ein Monat ElterngeldPlus zählt halb). "
        "Beide Eltern zusammen: höchstens 14 Monate Basiselterngeld (12 Monate und 2 Partnermonate) – geplant "
        "sind 15 (ein Monat ElterngeldPlus zählt halb). Basiselterngeld für beide Eltern gleichzeitig gibt es "
        "höchstens in einem Lebensmonat – geplant in Lebensmonaten 1 und 2."
    )


def test_planner_names_the_other_parent_as_entered_or_generically() -> None:
    error = plan_error(with_plan("basis:1-12", "plus:15", other_name="Kim"))
    assert error == "Kim: Elterngeld gibt es nur für mindestens 2 Lebensmonate – geplant ist 1 Monat."
    error = plan_error(with_plan("basis:1-12", "plus:15", other_name=""))
    assert error is not None and error.startswith("Anderer Elternteil: ")


def test_single_parent_plans_alone_up_to_14_months() -> None:
    single = with_plan("basis:1-14", "basis:1-12", single_parent="ja", other_name=None, other_email=None)
    evaluation = run(single)
    assert evaluation.state("monate").errors == {}
    assert [line.parent for line in evaluation.answers["plan"]] == ["a"]
    assert evaluation.state("alleinerziehend") is not None


def test_old_months_of_the_applicant_are_a_warning() -> None:
    # Mila was born on 20 May 2024: on 10 March 2026 she is in Lebensmonat 22, paid back to 19.
    evaluation = run(with_plan("plus:15-32", child="11"))
    state = evaluation.state("monate")
    assert state.errors == {}
    assert state.warnings["plan"] == (
        "Anna: Für Lebensmonate 15 bis 18 wird kein Elterngeld mehr gezahlt – rückwirkend nur für die letzten 3 "
        "Lebensmonate vor dem Monat, in dem der Antrag eingeht."
    )
    assert hooks.first_paid(with_plan("plus:15-32", child="11"), make_ctx(household=FAMILY)) == 19


# --- hours in months with ElterngeldPlus or bonus -------------------------------------------------------
def hours_error(raw_values: dict[str, Any]) -> str | None:
    return run(raw_values).state("arbeit").errors.get("hours")


def test_hours_are_asked_for_what_the_plan_has() -> None:
    assert hooks.hours_needed(values()) == [("a", "bonus"), ("b", "bonus")]
    assert hooks.hours_needed(with_plan("basis:1-10 plus:11-14", "plus:15-16 bonus:17-18")) == [
        ("a", "plus"),
        ("b", "plus"),
        ("b", "bonus"),
    ]
    assert hooks.hours_needed(with_plan("basis:1-12 plus:13", "plus:1-2", single_parent="ja")) == [
        ("a", "plus")
    ]


def test_without_plus_or_bonus_no_hours_are_needed() -> None:
    evaluation = run(with_plan("basis:1-12", "basis:13-14", **{"hours-bonus-a": "", "hours-bonus-b": ""}))
    assert evaluation.complete, evaluation.errors
    assert [str(line) for line in evaluation.answers["hours"]] == [
        "Nicht nötig: keine Monate mit ElterngeldPlus oder Partnerschaftsbonus geplant."
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"hours-bonus-a": ""},
            "Anna: Wochenstunden in den Monaten mit Partnerschaftsbonus: Bitte geben Sie die Wochenstunden an.",
        ),
        (
            {"hours-bonus-b": "viel"},
            "Ben Beispiel: Bitte geben Sie die Wochenstunden als Zahl ein, zum Beispiel 25.",
        ),
        (
            {"hours-bonus-a": "20"},
            "Anna: Für den Partnerschaftsbonus arbeiten Sie 24 bis 32 Stunden pro Woche – angegeben sind 20.",
        ),
        (
            {"hours-bonus-b": "32,5"},
            "Ben Beispiel: Für den Partnerschaftsbonus arbeiten Sie 24 bis 32 Stunden pro Woche – angegeben sind 32,5.",
        ),
    ],
)
def test_bonus_hours(changes: dict[str, str], message: str) -> None:
    assert hours_error(values(**changes)) == message


def test_plus_hours_up_to_32_and_zero_is_fine() -> None:
    base = with_plan("basis:1-10 plus:11-14", "basis:15-16", **{"hours-plus-a": "0"})
    assert (
        hours_error({**base, **raw(cells("basis:1-10 plus:11-14", "plus:15-16")), "hours-plus-b": "32"})
        is None
    )
    assert hours_error({**base, "hours-plus-a": "33"}) == (
        "Anna: Neben dem Elterngeld sind höchstens 32 Stunden pro Woche erlaubt – angegeben sind 33."
    )


# --- rules across steps ---------------------------------------------------------------------------------
def test_unborn_child_can_be_planned_but_not_submitted() -> None:
    evaluation = run(values(child="12"))
    assert (
        evaluation.state("kind")
        .warnings["child"]
        .startswith("Sie können Ihre Monate schon vor der Geburt planen.")
    )
    assert (
        evaluation.state("kind")
        .errors["child"]
        .startswith("Absenden können Sie den Antrag erst nach der Geburt.")
    )
    assert not evaluation.complete


def test_a_child_past_its_32nd_month_gets_no_elterngeld() -> None:
    older = Person(id="14", first_name="Ole", birth_date=dt.date(2023, 6, 1))
    household = msgspec.structs.replace(FAMILY, children=(*FAMILY.children, older))
    evaluation = run(values(child="14"), household=household)
    assert evaluation.state("kind").errors["child"] == (
        "Elterngeld gibt es höchstens bis zum 32. Lebensmonat. Für dieses Kind ist diese Zeit vorbei."
    )


def test_the_other_parent_must_be_reachable_also_without_own_months() -> None:
    # § 7 Abs. 3 BEEG: the other entitled parent signs too, whether or not they take months.
    for case in (
        values(other_email=""),
        with_plan("basis:1-12", "", other_email="", **{"hours-bonus-a": None, "hours-bonus-b": None}),
    ):
        evaluation = run(case)
        assert evaluation.state("eltern").errors["other_email"] in {
            "Bitte geben Sie die E-Mail-Adresse des anderen Elternteils an.",
        } or evaluation.state("eltern").errors["other_email"].startswith("Der andere Elternteil")
    assert (
        run(values(single_parent="ja", other_email="", other_name=""))
        .state("eltern")
        .errors.get("other_email")
        is None
    )


def test_the_other_parents_address_is_not_ones_own() -> None:
    evaluation = run(values(other_email="Anna@Beispiel.de"))
    assert evaluation.state("eltern").errors["other_email"] == (
        "Bitte geben Sie die E-Mail-Adresse des anderen Elternteils an – nicht Ihre eigene."
    )


def test_income_over_the_limit() -> None:
    evaluation = run(values(income_over_limit="ja"))
    assert evaluation.state("einkommen").errors["income_over_limit"] == (
        "Liegt das zu versteuernde Einkommen über 175.000 €, besteht kein Anspruch auf Elterngeld "
        "(Geburten ab 1. April 2025, Stand 2025)."
    )


def test_income_proofs_follow_the_kind_of_income() -> None:
    employed = run(values(), proofs={})
    assert employed.state("einkommen").errors == {
        "payslips": "Bitte laden Sie den Nachweis „Lohn- und Gehaltsabrechnungen“ hoch."
    }
    self_employed = run(values(income_kind="selbststaendig"), proofs={})
    assert set(self_employed.state("einkommen").errors) == {"tax_assessment"}
    none = run(values(income_kind="keins", net_income=None), proofs={})
    assert none.state("einkommen").errors == {}
    assert [f.id for f in none.state("einkommen").fields] == ["income_kind", "income_over_limit"]


def test_maternity_pay_needs_its_proofs_and_basis_months() -> None:
    evaluation = run(values(maternity_pay="ja", employer_supplement="ja"), proofs={"payslips": 3})
    assert set(evaluation.state("mutterschaft").errors) == {"maternity_proof", "supplement_proof"}
    warned = run(
        with_plan(
            "plus:1-24",
            "",
            maternity_pay="ja",
            employer_supplement="nein",
            **{"hours-plus-a": "0"},
        )
    )
    assert warned.complete, warned.errors
    assert warned.warnings["maternity_pay"].startswith(
        "Die Lebensmonate, in denen Sie Mutterschaftsleistungen"
    )
    assert warned.state("mutterschaft").warnings["maternity_pay"] == warned.warnings["maternity_pay"]
    assert "maternity_pay" not in run(values(maternity_pay="ja", employer_supplement="nein")).warnings


def test_navigation_skips_the_single_parent_proof_for_couples() -> None:
    ctx = make_ctx(household=FAMILY)
    assert next_step(DEFINITION, values(), ctx, "mutterschaft").id == "konto"
    assert next_step(DEFINITION, values(single_parent="ja"), ctx, "mutterschaft").id == "alleinerziehend"


# --- the estimate and the consent note ------------------------------------------------------------------
def test_estimate() -> None:
    evaluation = run(values())
    rows = dict(computed(DEFINITION, evaluation.answers, make_ctx(household=FAMILY)))
    assert rows["Geschätztes Basiselterngeld"] == "etwa 1.300,00 € im Monat"
    assert rows["Geschätztes ElterngeldPlus oder Partnerschaftsbonus"] == "etwa 650,00 € im Monat"
    assert rows["Ihre geplanten Monate zusammen"] == (
        "etwa 16.900,00 € (12 × Basiselterngeld, 2 × ElterngeldPlus oder Partnerschaftsbonus)"
    )
    assert rows["Hinweis"].startswith("Unverbindliche Schätzung:")
    assert "175.000 € zu versteuerndes Einkommen (Stand 2025)" in rows["Hinweis"]
    assert (
        "Nach dem Absenden bitten wir Ben Beispiel per E-Mail an ben@beispiel.de"
        in rows["Zustimmung des anderen Elternteils"]
    )


def test_estimate_without_income_is_the_minimum() -> None:
    answers = run(values(income_kind="keins", net_income=None)).answers
    rows = dict(hooks.estimate(answers, make_ctx()))
    assert rows["Geschätztes Basiselterngeld"] == "etwa 300,00 € im Monat"


def test_estimate_reads_stored_answers_too() -> None:
    answers = msgspec.json.decode(msgspec.json.encode(run(values()).answers))
    assert (
        dict(hooks.estimate(answers, make_ctx()))["Geschätztes Basiselterngeld"] == "etwa 1.300,00 € im Monat"
    )
    assert hooks.estimate({**answers, "income_over_limit": "ja"}, make_ctx()) == []
    assert hooks.estimate({}, make_ctx()) == []


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"single_parent": "ja"}, "Nicht nötig: Sie sind alleinerziehend."),
        ({"other_email": ""}, "Nicht nötig: Der andere Elternteil nimmt keine eigenen Monate."),
    ],
)
def test_consent_note(changes: dict[str, str], text: str) -> None:
    assert hooks.consent_note({**run(values()).answers, **changes}, make_ctx()) == [
        ("Zustimmung des anderen Elternteils", text)
    ]


# --- consent of the other parent and the written form ---------------------------------------------------
def test_consent_spec_is_wired_to_the_parents_step() -> None:
    spec = DEFINITION.consent
    assert spec is not None
    assert (spec.email_field, spec.name_field, spec.skip_field, spec.skip_value) == (
        "other_email",
        "other_name",
        "single_parent",
        "ja",
    )
    assert {DEFINITION.field(n).type for n in (spec.email_field, spec.name_field)} == {"email", "text"}
    assert "§ 7 Abs. 3 BEEG" in spec.text


def test_both_parents_take_months_so_the_other_consents_before_the_signature() -> None:
    answers = run(values()).answers
    assert consent.needed(DEFINITION.consent, answers)
    assert initial_status(DEFINITION, answers) == "awaiting_consent"


def test_single_parent_or_no_months_of_the_other_go_straight_to_the_signature() -> None:
    single = run(with_plan("basis:1-14", single_parent="ja", other_email="ben@beispiel.de")).answers
    assert "other_email" not in single  # not asked of a single parent
    assert not consent.needed(DEFINITION.consent, single)
    assert initial_status(DEFINITION, single) == "awaiting_signature"
    alone = run(with_plan("basis:1-12", other_email="")).answers
    assert initial_status(DEFINITION, alone) == "awaiting_signature"


# --- quick check ----------------------------------------------------------------------------------------
QUICK = DEFINITION.quick_check


def assess(**answers: str) -> Any:
    raw_answers = {
        "q_born": "ja",
        "q_single": "nein",
        "q_income": "angestellt",
        "q_other_income": "ja",
        "q_over_limit": "nein",
    }
    raw_answers.update(answers)
    parsed, errors = parse_questions(QUICK.questions, raw_answers, make_ctx())
    assert errors == {}
    return ASSESSMENTS[QUICK.assess](parsed, make_ctx())


def test_quick_check_likely_worth_it_for_a_couple() -> None:
    result = assess()
    assert result.likely is True
    assert any("Partnerschaftsbonus" in r for r in result.reasons)
    assert "Lohn- und Gehaltsabrechnungen der 12 Monate vor der Geburt" in result.prepare
    assert "Name und E-Mail-Adresse des anderen Elternteils" in result.prepare


def test_quick_check_over_the_income_limit() -> None:
    result = assess(q_over_limit="ja")
    assert result.likely is False
    assert "175.000 €" in result.reasons[0] and "Stand 2025" in result.reasons[0]


def test_quick_check_single_without_income_before_the_birth() -> None:
    result = assess(q_single="ja", q_income="keins", q_born="nein")
    assert result.likely is True
    assert result.reasons[0].startswith("Auch ohne Einkommen vor der Geburt gibt es den Mindestbetrag")
    assert any("alle 14 Monate" in r for r in result.reasons)
    assert any(r.startswith("Planen können Sie schon jetzt.") for r in result.reasons)
    assert any("alleinerziehend" in p for p in result.prepare)
    assert not any("Gehaltsabrechnungen" in p for p in result.prepare)


def test_quick_check_asks_about_the_other_parent_only_for_couples() -> None:
    parsed, errors = parse_questions(
        QUICK.questions,
        {"q_born": "ja", "q_single": "ja", "q_income": "keins", "q_over_limit": "nein"},
        make_ctx(),
    )
    assert errors == {} and "q_other_income" not in parsed
    _parsed, errors = parse_questions(QUICK.questions, {"q_single": "nein"}, make_ctx())
    assert set(errors) == {"q_born", "q_income", "q_other_income", "q_over_limit"}


def test_quick_check_prefills_the_application() -> None:
    assert QUICK.prefill == {
        "q_single": "single_parent",
        "q_income": "income_kind",
        "q_over_limit": "income_over_limit",
    }
    for question, target in QUICK.prefill.items():
        source = next(q for q in QUICK.questions if q.id == question)
        assert source.options == DEFINITION.field(target).options


def test_today_in_the_support_module_is_what_these_tests_assume() -> None:
    assert TODAY == dt.date(2026, 3, 10)
    assert plan.life_month(BABY.birth_date, TODAY) == 2
