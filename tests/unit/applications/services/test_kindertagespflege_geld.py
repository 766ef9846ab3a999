"""Geldleistung Kindertagespflege (DOMAIN.md §6, table F): the definition, the need proofs only for a child
under one at the start or more than 35 hours a week, the consent of both custodians or the Negativattest,
the start rules and the messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from server.applications.catalogue.kindertagespflege_geld import DEFINITION
from server.applications.engine import Evaluation, evaluate, next_step, summary
from server.applications.registry import Catalogue, validate
from tests.unit.applications.support import CHILD, TODAY, UNBORN, date_parts, make_ctx

D = dt.date
# CHILD is born 20.05.2024: one year old on TODAY (10.03.2026).
MINDER = {
    "minder_name": "Erika Tagesmutter",
    "minder_permit": "TP-2026-117",
    "minder_address-street": "Lindenweg",
    "minder_address-house_number": "2",
    "minder_address-postcode": "42103",
    "minder_address-city": "Wuppertal",
}
VALID: dict[str, Any] = {
    "child": CHILD.id,
    **MINDER,
    **date_parts("start", D(2026, 5, 1)),
    "weekly_hours": "30",
    "sole_custody": "nein",
}
PROOFS = {"consent_proof": 1, "employment_proof": 2, "sole_custody_proof": 1}
WITH_NEED = {"employment-21": "vollzeit", "employment-22": "teilzeit"}


def values(**changes: Any) -> dict[str, Any]:
    merged = {**VALID, **changes}
    return {k: v for k, v in merged.items() if v is not None}


def run(raw: dict[str, Any], proofs: dict[str, int] | None = None, today: dt.date = TODAY) -> Evaluation:
    return evaluate(DEFINITION, raw, make_ctx(today=today, proofs=PROOFS if proofs is None else proofs))


def steps(evaluation: Evaluation) -> list[str]:
    return [s.step.id for s in evaluation.steps]


def test_definition_validates_and_is_in_the_catalogue() -> None:
    validate(DEFINITION)
    assert Catalogue.load().get("kindertagespflege_geld") is DEFINITION
    assert DEFINITION.life_situation == "kinderbetreuung"


def test_a_complete_application_without_need_proofs() -> None:
    evaluation = run(values())
    assert evaluation.complete, evaluation.errors
    assert steps(evaluation) == ["kind", "tagespflegeperson", "betreuung", "sorgerecht"]
    assert next_step(DEFINITION, values(), make_ctx(), "betreuung").id == "sorgerecht"  # type: ignore[union-attr]
    rows = {r.label: r.lines for s in summary(DEFINITION, evaluation) for r in s.rows}
    assert rows["Wie viele Stunden pro Woche haben Sie vereinbart?"] == ["30"]
    assert rows["Wo wird Ihr Kind betreut?"] == ["Lindenweg 2", "42103 Wuppertal"]


@pytest.mark.parametrize(
    ("hours", "start", "needed"),
    [
        ("35", D(2026, 5, 1), False),
        ("36", D(2026, 5, 1), True),  # more than 35 hours
        ("60", D(2026, 5, 1), True),
        ("30", D(2025, 5, 19), True),  # under one on the first day (one on 20.05.2025)
        ("30", D(2025, 5, 20), False),  # the first birthday
    ],
)
def test_need_proofs_for_under_one_at_the_start_or_more_than_35_hours(
    hours: str, start: dt.date, needed: bool
) -> None:
    raw = values(weekly_hours=hours, **date_parts("start", start))
    evaluation = run({**raw, **WITH_NEED}, today=D(2025, 3, 1))
    assert ("bedarf" in steps(evaluation)) is needed
    if needed:
        assert evaluation.complete, evaluation.errors
        assert [a["value"] for a in evaluation.answers["employment"]] == ["vollzeit", "teilzeit"]
        missing = run(raw, proofs={"consent_proof": 1}, today=D(2025, 3, 1))
        assert missing.errors["employment_proof"] == (
            "Bitte laden Sie den Nachweis „Nachweise über Arbeit, Ausbildung oder Arbeitsuche“ hoch."
        )
        assert (
            missing.errors["employment"]
            == "Bitte wählen Sie bei „Erwerbstätigkeit“ für Anna Beispiel eine Antwort aus."
        )


def test_an_unborn_child_is_under_one_at_the_start() -> None:
    evaluation = run(values(child=UNBORN.id, **date_parts("start", D(2027, 3, 1)), **WITH_NEED))
    assert "bedarf" in steps(evaluation)
    assert evaluation.complete, evaluation.errors


def test_hours_typed_with_a_decimal_comma_cannot_skip_the_need_proofs() -> None:
    evaluation = run(values(weekly_hours="40,0"))
    assert "bedarf" not in steps(evaluation)
    assert (
        evaluation.errors["weekly_hours"]
        == "Bitte geben Sie die Stunden als ganze Zahl ohne Komma an, zum Beispiel 40."
    )
    assert not evaluation.complete


@pytest.mark.parametrize(
    ("sole", "slot", "other"),
    [("nein", "consent_proof", "sole_custody_proof"), ("ja", "sole_custody_proof", "consent_proof")],
)
def test_consent_of_both_custodians_or_the_negativattest(sole: str, slot: str, other: str) -> None:
    state = run(values(sole_custody=sole)).state("sorgerecht")
    assert state is not None
    assert [f.id for f in state.fields] == ["sole_custody", slot]
    missing = run(values(sole_custody=sole), proofs={other: 1})
    assert slot in missing.errors and other not in missing.errors


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"minder_permit": ""}, "minder_permit", "Bitte geben Sie die Nummer der Pflegeerlaubnis an."),
        ({"weekly_hours": "0"}, "weekly_hours", "muss mindestens 1 sein"),
        (
            {"weekly_hours": "61"},
            "weekly_hours",
            "Mehr als 60 Stunden pro Woche sind in der Kindertagespflege nicht möglich.",
        ),
        ({"weekly_hours": "zwanzig"}, "weekly_hours", "eine ganze Zahl"),
        (
            {**date_parts("start", D(2024, 5, 20))},
            "start",
            "nach dem (errechneten) Geburtstermin Ihres Kindes am 20.05.2024",
        ),
        ({**date_parts("start", "30", "2", "2026")}, "start", "Diesen Tag gibt es im Kalender nicht."),
        (
            {"sole_custody": None},
            "sole_custody",
            "Bitte geben Sie an, ob Sie das alleinige Sorgerecht haben.",
        ),
    ],
)
def test_errors(changes: dict[str, Any], field: str, message: str) -> None:
    evaluation = run(values(**changes))
    assert message in evaluation.errors.get(field, ""), evaluation.errors


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (D(2026, 2, 1), "übernimmt das Jugendamt die Kosten in der Regel nicht"),
        (D(2027, 6, 1), "nur ergänzend zur Kita oder bei besonderem Bedarf"),
    ],
)
def test_warnings(start: dt.date, message: str) -> None:
    evaluation = run(values(**date_parts("start", start)))
    assert message in evaluation.warnings["start"]
    assert evaluation.complete
    assert not run(values()).warnings
