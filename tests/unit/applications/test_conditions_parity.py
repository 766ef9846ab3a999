"""Python and the browser agree: conditions.py/engine.py and frontend/static/js/conditions.js give the same
results on one table of condition cases and on the steps, fields and navigation of a small definition.

Node runs the ES module once per test session (a runner in tmp_path reads all cases as JSON on stdin).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
import pytest

from server.applications.catalogue.kita import DEFINITION as KITA
from server.applications.conditions import Facts, RawValue, holds
from server.applications.context import Context, Person
from server.applications.definitions import Condition as C
from server.applications.definitions import Field, Option, ServiceDefinition, Step
from server.applications.engine import _visible_values, client_definition, evaluate, next_step, visible_steps
from server.applications.registry import validate
from tests.unit.applications.condition_cases import CASES, Case
from tests.unit.applications.support import HOUSEHOLD, ROOT, date_parts, make_ctx

D = dt.date
MODULE = ROOT / "frontend" / "static" / "js" / "conditions.js"

RUNNER = """
const mod = await import(process.argv[2]);
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { conditions, definitions, flows } = JSON.parse(input);
const out = {
  conditions: conditions.map((c) => mod.holds(c.condition, c.values, c.facts)),
  flows: flows.map((f) => {
    const definition = definitions[f.definition];
    const ids = definition.steps.map((s) => s.id);
    return {
      applicable: mod.applicableValues(definition, f.values, f.facts),
      steps: mod.visibleSteps(definition, f.values, f.facts),
      fields: Object.fromEntries(ids.map((id) => [id, mod.visibleFields(definition, f.values, f.facts, id)])),
      next: Object.fromEntries(["", ...ids, "unbekannt"].map((id) => [id, mod.nextStep(definition, f.values, f.facts, id)])),
    };
  }),
};
process.stdout.write(JSON.stringify(out));
"""


def _opt(*values: str) -> tuple[Option, ...]:
    return tuple(Option(v, v.upper()) for v in values)


# Conditional steps and fields of every kind: on a choice, a list, a text, a date, an age on another date,
# a child (from the facts), nested all/any/not.
DEFINITION = ServiceDefinition(
    id="paritaet",
    reference_prefix="PAR",
    title="Parität",
    short_title="Parität",
    summary="Test",
    steps=(
        Step(
            id="start",
            title="Start",
            fields=(
                Field(id="art", type="choice", label="Art", options=_opt("a", "b", "c")),
                Field(id="birth", type="date", label="Geburt", required=False),
                Field(id="child", type="child", label="Kind", required=False),
                Field(
                    id="extra",
                    type="text",
                    label="Extra",
                    required=False,
                    show_if=C(field="art", equals="b"),
                ),
            ),
        ),
        Step(
            id="themen",
            title="Themen",
            show_if=C(field="art", one_of=("a", "b")),
            fields=(
                Field(
                    id="topics",
                    type="multichoice",
                    label="Themen",
                    required=False,
                    options=_opt("x", "y", "z"),
                ),
                Field(
                    id="topic_note",
                    type="text",
                    label="Notiz",
                    required=False,
                    show_if=C(field="topics", filled=True),
                ),
            ),
        ),
        Step(
            id="termin",
            title="Termin",
            show_if=C(all=(C(field="birth", age_below=3), C(not_=C(field="art", equals="c")))),
            fields=(
                Field(id="due", type="date", label="Termin", required=False),
                Field(
                    id="late",
                    type="yesno",
                    label="Spät",
                    required=False,
                    show_if=C(field="birth", age_at_least=1, age_on="due"),
                ),
            ),
        ),
        Step(
            id="zusatz",
            title="Zusatz",
            show_if=C(any=(C(field="topics", equals="x"), C(field="extra", filled=True))),
            fields=(Field(id="zusatz_text", type="text", label="Zusatz", required=False),),
        ),
        Step(
            id="baby",
            title="Baby",
            show_if=C(field="child", age_below=1),
            fields=(Field(id="baby_note", type="text", label="Baby", required=False),),
        ),
        Step(
            id="ende",
            title="Ende",
            fields=(Field(id="done", type="declaration", label="Fertig", required=False),),
        ),
    ),
)

DEFINITIONS = {"paritaet": DEFINITION, "kita": KITA}

LEAP_CHILD = Person(id="29", first_name="Lea", birth_date=D(2024, 2, 29))
HOUSEHOLD_WITH_LEAP = msgspec.structs.replace(HOUSEHOLD, children=(*HOUSEHOLD.children, LEAP_CHILD))


class Flow(NamedTuple):
    id: str
    values: dict[str, RawValue]
    today: dt.date = dt.date(2026, 3, 10)
    service: str = "paritaet"

    @property
    def definition(self) -> ServiceDefinition:
        return DEFINITIONS[self.service]


FLOWS: list[Flow] = [
    Flow("empty", {}),
    Flow("art-a", {"art": "a"}),
    Flow("art-b-extra", {"art": "b", "extra": "foo"}),
    Flow("art-b-extra-whitespace", {"art": "b", "extra": " "}),
    Flow("art-a-stale-extra", {"art": "a", "extra": "foo"}),
    Flow("art-c-stale-topics", {"art": "c", "topics": ["x"], "topic_note": "n", "zusatz_text": "z"}),
    Flow("art-a-topic-x", {"art": "a", "topics": ["y", "x"], "topic_note": "n"}),
    Flow("art-a-topics-empty", {"art": "a", "topics": ["", ""], "topic_note": "n"}),
    Flow("art-list", {"art": ["a", "b"], "extra": "e"}),
    Flow(
        "birth-young-due",
        {"art": "b", **date_parts("birth", D(2024, 5, 20)), **date_parts("due", D(2027, 8, 1))},
    ),
    Flow(
        "birth-young-due-first-birthday",
        {"art": "b", **date_parts("birth", D(2024, 5, 20)), **date_parts("due", D(2025, 5, 20))},
    ),
    Flow("birth-third-birthday-today", {"art": "a", **date_parts("birth", D(2023, 3, 10))}),
    Flow(
        "birth-young-due-early",
        {"art": "b", **date_parts("birth", D(2024, 5, 20)), **date_parts("due", D(2025, 5, 19))},
    ),
    Flow("birth-young-art-c", {"art": "c", **date_parts("birth", D(2024, 5, 20)), "late": "ja"}),
    Flow("birth-old", {"art": "a", **date_parts("birth", D(2020, 1, 1)), **date_parts("due", D(2027, 1, 1))}),
    Flow("birth-invalid", {"art": "a", **date_parts("birth", "31", "2", "2025")}),
    Flow("birth-partial", {"art": "a", **date_parts("birth", "1", "", "2025")}),
    Flow("birth-two-digit-year", {"art": "a", **date_parts("birth", "1", "5", "25")}),
    Flow(
        "leap-due-28-02",
        {"art": "a", **date_parts("birth", D(2024, 2, 29)), **date_parts("due", D(2025, 2, 28))},
    ),
    Flow(
        "leap-due-01-03",
        {"art": "a", **date_parts("birth", D(2024, 2, 29)), **date_parts("due", D(2025, 3, 1))},
    ),
    Flow("leap-today", {"art": "a", **date_parts("birth", D(2024, 2, 29))}, D(2027, 2, 28)),
    Flow("leap-today-march", {"art": "a", **date_parts("birth", D(2024, 2, 29))}, D(2027, 3, 1)),
    Flow("child-unborn", {"art": "a", "child": "12", "baby_note": "b"}),
    Flow("child-born", {"art": "a", "child": "11", "baby_note": "b"}),
    Flow("child-unknown", {"art": "a", "child": "99"}),
    Flow("child-leap-before-birthday", {"child": "29"}, D(2025, 2, 28)),
    Flow("child-leap-after-birthday", {"child": "29"}, D(2025, 3, 1)),
    Flow("unknown-keys", {"art-x": "a", "zz": "1", "_steps": ["start"], "art": "b", "extra-more": "1"}),
]

# The shipped Kita definition through the same comparison (conditions on a choice, a list and a yes/no).
KITA_FLOWS: list[Flow] = [
    Flow(name, values, service="kita")
    for name, values in (
        ("kita-empty", {}),
        ("kita-zuzug", {"main_residence": "zuzug", **date_parts("move_date", D(2026, 6, 1))}),
        ("kita-ja-stale-move", {"main_residence": "ja", **date_parts("move_date", D(2026, 6, 1))}),
        ("kita-kita", {"care_type": "kita", "hours": "35", "ktp_hours": "20"}),
        ("kita-beides", {"care_type": "beides", "hours": "45"}),
        ("kita-tagespflege", {"care_type": "tagespflege", "hours": "35", "ktp_hours": "20"}),
        ("kita-urgency", {"urgency": ["beruf", ""], "urgency_text": "x", "special_needs": "ja"}),
        ("kita-urgency-empty", {"urgency": ["", ""], "urgency_text": "x", "special_needs": "nein"}),
    )
]
FLOWS += KITA_FLOWS


def _facts_json(facts: Facts) -> dict[str, Any]:
    return {
        "today": facts.today.isoformat(),
        "children": {k: v.isoformat() for k, v in facts.children.items()},
    }


def _ctx(flow: Flow) -> Context:
    return make_ctx(today=flow.today, household=HOUSEHOLD_WITH_LEAP)


def python_flow(flow: Flow) -> dict[str, Any]:
    ctx = _ctx(flow)
    definition = flow.definition
    evaluation = evaluate(definition, flow.values, ctx)
    ids = [s.id for s in definition.steps]
    fields = {}
    for step in definition.steps:
        state = evaluation.state(step.id)
        shown = {f.id for f in state.fields} if state else set()
        fields[step.id] = {f.id: f.id in shown for f in step.fields}
    following = {}
    for current in ["", *ids, "unbekannt"]:
        found = next_step(definition, flow.values, ctx, current)
        following[current] = found.id if found else None
    return {
        "applicable": _visible_values(definition, flow.values, ctx),
        "steps": [s.id for s in visible_steps(definition, flow.values, ctx)],
        "fields": fields,
        "next": following,
    }


def run_node(tmp: Path, conditions: list[Case], flows: list[Flow]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js (`node`) is not installed or not on PATH: the parity of conditions.py and "
            "frontend/static/js/conditions.js cannot be checked. Install Node.js 20 or newer."
        )
    runner = tmp / "runner.mjs"
    runner.write_text(RUNNER, encoding="utf-8")
    payload = {
        "conditions": [
            {
                "condition": msgspec.to_builtins(c.condition) if c.condition else None,
                "values": c.values,
                "facts": _facts_json(c.facts),
            }
            for c in conditions
        ],
        "definitions": {name: client_definition(d) for name, d in DEFINITIONS.items()},
        "flows": [
            {"definition": f.service, "values": f.values, "facts": _facts_json(_ctx(f).facts())}
            for f in flows
        ],
    }
    result = subprocess.run(  # noqa: PLW1510 - checked below with a readable message
        [node, str(runner), MODULE.as_uri()],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        pytest.fail(f"node {runner} failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def js(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_node(tmp_path_factory.mktemp("conditions_js"), CASES, FLOWS)


def test_node_is_available() -> None:
    assert shutil.which("node"), (
        "Node.js (`node`) is not installed or not on PATH: the parity of conditions.py and "
        "frontend/static/js/conditions.js cannot be checked. Install Node.js 20 or newer."
    )


def test_definition_is_valid() -> None:
    validate(DEFINITION)


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.id for c in CASES])
def test_condition(js: dict[str, Any], index: int) -> None:
    case = CASES[index]
    python = holds(case.condition, case.values, case.facts)
    assert js["conditions"][index] == python, f"JS {js['conditions'][index]} != Python {python} for {case}"
    assert python is case.expected


@pytest.mark.parametrize("index", range(len(FLOWS)), ids=[f.id for f in FLOWS])
def test_flow(js: dict[str, Any], index: int) -> None:
    flow = FLOWS[index]
    python = python_flow(flow)
    javascript = js["flows"][index]
    for part in ("applicable", "steps", "fields", "next"):
        assert javascript[part] == python[part], f"{flow.id}: {part} differs (JS, Python)"


def test_flows_cover_every_step_shown_and_hidden(js: dict[str, Any]) -> None:
    """The table is worth something only if every conditional step and field is seen both ways."""
    own = [f for flow, f in zip(FLOWS, js["flows"], strict=True) if flow.service == "paritaet"]
    for step in DEFINITION.steps:
        shown = {step.id in f["steps"] for f in own}
        assert step.show_if is None or shown == {True, False}, step.id
        for field in step.fields:
            seen = {f["fields"][step.id][field.id] for f in own}
            assert field.show_if is None or seen == {True, False}, field.id


def test_expected_examples() -> None:
    """A few flows spelled out, so that both sides being wrong in the same way shows too."""
    by_id = {f.id: python_flow(f) for f in FLOWS}
    assert by_id["empty"]["steps"] == ["start", "ende"]
    assert by_id["art-a-stale-extra"]["steps"] == ["start", "themen", "ende"]
    assert "extra" not in by_id["art-a-stale-extra"]["applicable"]
    assert by_id["art-c-stale-topics"]["steps"] == ["start", "ende"]
    assert by_id["art-a-topic-x"]["steps"] == ["start", "themen", "zusatz", "ende"]
    assert by_id["birth-young-due"]["fields"]["termin"] == {"due": True, "late": True}
    assert by_id["birth-young-due-first-birthday"]["fields"]["termin"] == {"due": True, "late": True}
    assert "termin" not in by_id["birth-third-birthday-today"]["steps"]
    assert by_id["birth-young-due-early"]["fields"]["termin"] == {"due": True, "late": False}
    assert by_id["leap-due-28-02"]["fields"]["termin"]["late"] is False
    assert by_id["leap-due-01-03"]["fields"]["termin"]["late"] is True
    assert by_id["child-unborn"]["steps"] == ["start", "themen", "baby", "ende"]
    assert by_id["child-leap-before-birthday"]["steps"] == ["start", "baby", "ende"]
    assert by_id["child-leap-after-birthday"]["steps"] == ["start", "ende"]
    assert by_id["art-a"]["next"] == {
        "": "start",
        "start": "themen",
        "themen": "ende",
        "termin": "ende",
        "zusatz": "ende",
        "baby": "ende",
        "ende": None,
        "unbekannt": "start",
    }
    assert by_id["kita-tagespflege"]["fields"]["betreuung"] == {
        "start": True,
        "care_type": True,
        "hours": False,
        "ktp_hours": True,
    }
    assert by_id["kita-ja-stale-move"]["fields"]["kind"]["move_date"] is False
    assert by_id["kita-urgency-empty"]["fields"]["besonderes"]["urgency_text"] is False
    assert by_id["unknown-keys"]["applicable"] == {"art-x": "a", "art": "b", "extra-more": "1"}


def test_huge_day_parity(tmp_path: Path) -> None:
    flow = Flow("huge-day", {"art": "a", **date_parts("birth", "9" * 20, "1", "2025")})
    javascript = run_node(tmp_path, [], [flow])["flows"][0]
    assert javascript["steps"] == ["start", "themen", "ende"]
    assert python_flow(flow) == javascript
