"""Negativbescheinigung / Auskunft aus dem Sorgeregister (DOMAIN.md §6, table I): the definition, who can get
it (the unmarried mother; married parents are told where to go instead), the child born, the proofs, the
delivery address, and that it needs no signature page."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from server.applications.catalogue.sorgerecht import DEFINITION
from server.applications.engine import Evaluation, evaluate, prefill, summary
from server.applications.registry import Catalogue, validate
from server.applications.submission import initial_status
from tests.unit.applications.support import CHILD, HOUSEHOLD, UNBORN, make_ctx

ADDRESS = {
    "postal_address-street": "Musterweg",
    "postal_address-house_number": "5a",
    "postal_address-postcode": "42103",
    "postal_address-city": "Wuppertal",
}
VALID: dict[str, Any] = {
    "is_mother": "ja",
    "married": "nie",
    "declarations": "nein",
    "mother": "21",
    "child": CHILD.id,
    "birth_name": "Mila Beispiel",
    "birth_place": "Wuppertal",
    "delivery": "post",
    **ADDRESS,
}
PROOFS = {"id_proof": 2, "birth_certificate": 1}


def values(**changes: Any) -> dict[str, Any]:
    merged = {**VALID, **changes}
    return {k: v for k, v in merged.items() if v is not None}


def run(raw: dict[str, Any], proofs: dict[str, int] | None = None) -> Evaluation:
    return evaluate(DEFINITION, raw, make_ctx(proofs=PROOFS if proofs is None else proofs))


def test_definition_validates_and_is_in_the_catalogue() -> None:
    validate(DEFINITION)
    assert Catalogue.load().get("sorgerecht") is DEFINITION
    assert DEFINITION.life_situation == "geburt"
    assert not DEFINITION.signature and DEFINITION.quick_check is None


def test_a_complete_application() -> None:
    evaluation = run(values())
    assert evaluation.complete, evaluation.errors
    assert not evaluation.warnings
    assert [s.step.id for s in evaluation.steps] == ["voraussetzungen", "kind", "nachweise", "zustellung"]
    rows = {r.label: r.lines for s in summary(DEFINITION, evaluation) for r in s.rows}
    assert rows["Kind"] == ["Mila Beispiel, geboren am 20.05.2024"]  # the date of birth from the household
    assert rows["Mutter"] == ["Anna Beispiel"]
    assert rows["Geburtsort des Kindes"] == ["Wuppertal"]
    assert initial_status(DEFINITION, evaluation.answers) == "submitted"


def test_the_address_only_for_delivery_by_post() -> None:
    assert "postal_address" not in run(values(delivery="abholen")).answers
    assert run(values(delivery="post")).answers["postal_address"]["city"] == "Wuppertal"


def test_prefill_from_the_household() -> None:
    ctx = make_ctx(household=msgspec.structs.replace(HOUSEHOLD, children=(CHILD,)))
    raw = prefill(DEFINITION, ctx)
    assert raw["child"] == CHILD.id
    assert raw["postal_address-street"] == "Musterweg"
    assert "mother" not in raw  # two guardians in the household: the parent chooses


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"married": "bei_geburt"}, "married", "Beschluss des Familiengerichts (Amtsgericht)"),
        ({"married": "bei_geburt"}, "married", "kraft Gesetzes das gemeinsame Sorgerecht"),
        ({"married": "nach_geburt"}, "married", "§ 1626a Abs. 1 Nr. 2 BGB"),
        ({"is_mother": "nein"}, "is_mother", "erhält nur die Mutter (§ 58 SGB VIII)"),
        ({"child": UNBORN.id}, "child", "Die Auskunft gibt es erst nach der Geburt."),
        ({"birth_name": ""}, "birth_name", "Bitte geben Sie den Namen Ihres Kindes bei der Geburt an."),
        ({"birth_place": "x" * 121}, "birth_place", "höchstens 120 Zeichen"),
        ({"delivery": None}, "delivery", "Bitte wählen Sie aus, wie Sie die Bescheinigung erhalten möchten."),
        ({"postal_address-postcode": "421"}, "postal_address", "Postleitzahl mit 5 Ziffern"),
    ],
)
def test_errors(changes: dict[str, Any], field: str, message: str) -> None:
    evaluation = run(values(**changes))
    assert message in evaluation.errors.get(field, ""), evaluation.errors
    assert not evaluation.complete


def test_married_parents_cannot_get_it_the_step_stays_unfinished() -> None:
    evaluation = run(values(married="bei_geburt"))
    state = evaluation.state("voraussetzungen")
    assert state is not None and state.status == "in_progress"


def test_registered_declarations_are_a_warning() -> None:
    evaluation = run(values(declarations="ja"))
    assert "keine Negativbescheinigung" in evaluation.warnings["declarations"]
    assert evaluation.complete


def test_proofs_are_required() -> None:
    evaluation = run(values(), proofs={})
    assert (
        evaluation.errors["id_proof"] == "Bitte laden Sie den Nachweis „Personalausweis oder Reisepass“ hoch."
    )
    assert (
        evaluation.errors["birth_certificate"]
        == "Bitte laden Sie den Nachweis „Geburtsurkunde des Kindes“ hoch."
    )
    too_many = run(values(), proofs={"id_proof": 5, "birth_certificate": 1})
    assert (
        too_many.errors["id_proof"]
        == "Bitte laden Sie bei „Personalausweis oder Reisepass“ höchstens 4 Seiten hoch."
    )
