"""Python and the browser agree on the Elterngeld month plan: catalogue/elterngeld/plan.py and
frontend/static/js/widgets/elterngeld-plan.js read the same raw form values, find the same broken rules in
the same order, and say the same German messages and summary - on the shared table of plans and a few more.

Node imports the ES module once per test session (no DOM: the module wires the page only in a browser).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import msgspec
import pytest

from server.applications.catalogue.elterngeld import plan
from tests.unit.applications.services.elterngeld_cases import CASES, cells, raw
from tests.unit.applications.support import ROOT

MODULE = ROOT / "frontend" / "static" / "js" / "widgets" / "elterngeld-plan.js"

RUNNER = """
const mod = await import(process.argv[2]);
let input = "";
for await (const chunk of process.stdin) input += chunk;
const { plans, months } = JSON.parse(input);
const out = {
  plans: plans.map((p) => {
    const names = mod.labels(p.name_a, p.name_b);
    const { plan, invalid } = mod.readPlan(p.values, "plan");
    const problems = mod.check(plan, { single: p.single, firstPaid: p.first_paid });
    return {
      invalid,
      cells: Object.keys(mod.applicable(plan, p.single)).sort(),
      problems: problems.map((x) => ({ code: x.code, parent: x.parent, months: x.months, n: x.n, limit: x.limit, warning: x.warning })),
      messages: problems.map((x) => mod.message(x, names)),
      summary: mod.summary(plan, { single: p.single, names }),
    };
  }),
  months: months.map((m) => [mod.monthsText(m), mod.monthsText(m, true)]),
};
process.stdout.write(JSON.stringify(out));
"""


def _payload(
    values: dict[str, Any], single: bool, first_paid: int, name_a: str, name_b: str
) -> dict[str, Any]:
    return {"values": values, "single": single, "first_paid": first_paid, "name_a": name_a, "name_b": name_b}


# The shared table, once with names and once without, and raw values the form would rarely send.
PLANS: list[dict[str, Any]] = [
    *(_payload(raw(c.plan), c.single, c.first_paid, "Anna", "Ben Beispiel") for c in CASES),
    *(_payload(raw(c.plan), c.single, c.first_paid, "", "") for c in CASES),
    _payload(
        {"plan-3-a": ["bonus", "basis"], "plan-4-a": " bonus ", "plan-33-b": "plus"}, False, 1, "Ana", ""
    ),
    _payload({"plan-03-a": "basis", "plan-5-a": "voll", "plan-6-a": "basis"}, False, 1, "", "Kim"),
    _payload(
        {"plan-1-a": "basis", "plan-1-b": "basis", "plan-x": "plus", "planung": "basis"}, True, 9, "", ""
    ),
    _payload({"plan-3-a": []}, False, 1, "", ""),
]
MONTHS = [[1], [1, 2], [1, 2, 3], [5, 1, 3, 2, 9, 10, 12], [32, 15, 16, 17, 30], [7, 7]]


def python_plan(item: dict[str, Any]) -> dict[str, Any]:
    names = plan.labels(item["name_a"], item["name_b"])
    found, invalid = plan.read(item["values"], "plan")
    problems = plan.check(found, single=item["single"], first_paid=item["first_paid"])
    return {
        "invalid": invalid,
        "cells": sorted(f"{m}-{p}" for (m, p) in plan.applicable(found, item["single"])),
        "problems": [{**msgspec.to_builtins(p), **{"months": list(p.months)}} for p in problems],
        "messages": [plan.message(p, names) for p in problems],
        "summary": plan.summary(found, single=item["single"], names=names),
    }


def _complete(problem: dict[str, Any]) -> dict[str, Any]:
    """msgspec leaves out nothing here (no omit_defaults), but be explicit about the shape compared."""
    return {
        "code": problem["code"],
        "parent": problem.get("parent", ""),
        "months": list(problem.get("months", [])),
        "n": problem.get("n", 0),
        "limit": problem.get("limit", 0),
        "warning": problem.get("warning", False),
    }


def run_node(tmp: Path) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js (`node`) is not installed or not on PATH: the parity of plan.py and elterngeld-plan.js "
            "cannot be checked. Install Node.js 20 or newer."
        )
    runner = tmp / "runner.mjs"
    runner.write_text(RUNNER, encoding="utf-8")
    result = subprocess.run(  # noqa: PLW1510 - checked below with a readable message
        [node, str(runner), MODULE.as_uri()],
        input=json.dumps({"plans": PLANS, "months": MONTHS}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        pytest.fail(f"node {runner} failed ({result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def js(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_node(tmp_path_factory.mktemp("elterngeld_js"))


@pytest.mark.parametrize("index", range(len(PLANS)))
def test_plan_parity(js: dict[str, Any], index: int) -> None:
    python = python_plan(PLANS[index])
    javascript = js["plans"][index]
    javascript["problems"] = [_complete(p) for p in javascript["problems"]]
    python["problems"] = [_complete(p) for p in python["problems"]]
    for part in ("invalid", "cells", "problems", "messages", "summary"):
        assert javascript[part] == python[part], f"{index}: {part} differs (JS, Python)"


def test_months_text_parity(js: dict[str, Any]) -> None:
    assert js["months"] == [[plan.months_text(m), plan.months_text(m, dative=True)] for m in MONTHS]


def test_the_extra_plans_say_what_they_should(js: dict[str, Any]) -> None:
    """Both sides wrong in the same way would pass the parity: a few results spelled out."""
    mixed = js["plans"][2 * len(CASES)]
    assert mixed["invalid"] is True and mixed["cells"] == ["3-a", "4-a"]
    assert mixed["messages"] == [
        "Den Partnerschaftsbonus gibt es nur für beide Eltern gleichzeitig. Bitte wählen Sie in "
        "Lebensmonaten 3 und 4 bei beiden „Bonus“."
    ]
    single = js["plans"][2 * len(CASES) + 2]
    assert single["cells"] == ["1-a"]
    assert [p["code"] for p in single["problems"]] == ["min_months", "retro"]
    assert single["summary"][0] == "Basiselterngeld: 1 Monat."


def test_cells_helper_matches_the_form() -> None:
    assert raw(cells("basis:1"))["plan-1-a"] == "basis" and raw(cells())["plan-32-b"] == ""
