"""The service engine: which steps and fields apply, what is valid, what a new draft is prefilled with,
and how the answers read on the check-answers page, in the receipt and in the case file.

Everything here is pure (no database, no request): the controllers load the draft and a Context and ask.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import msgspec

from server.applications.conditions import RawValue, RawValues, holds, items
from server.applications.context import Context
from server.applications.definitions import Field, ServiceDefinition, Step
from server.applications.fields import PARSERS, Parsed, display, keys_of
from server.applications.registry import COMPUTATIONS, CUSTOM_PARSERS, RULES, Issue
from server.text import without_controls

StepStatus = Literal["not_started", "in_progress", "complete"]
VISITED = "_steps"
MAX_KEYS = 600
MAX_VALUE_LENGTH = 4000
MAX_LIST_LENGTH = 60


class StepState(msgspec.Struct, kw_only=True):
    step: Step
    fields: list[Field]
    errors: dict[str, str]
    warnings: dict[str, str]
    status: StepStatus


class Evaluation(msgspec.Struct, kw_only=True):
    steps: list[StepState]
    answers: dict[str, Any]
    errors: dict[str, str]
    warnings: dict[str, str]
    # Service-level messages (not tied to one step), e.g. from definition.checks.
    general: list[str] = []

    @property
    def complete(self) -> bool:
        return not self.errors and not self.general

    def state(self, step_id: str) -> StepState | None:
        return next((s for s in self.steps if s.step.id == step_id), None)

    def step_of(self, field_id: str) -> Step | None:
        return next((s.step for s in self.steps if any(f.id == field_id for f in s.fields)), None)


def parse(field: Field, values: RawValues, ctx: Context) -> Parsed:
    if field.type == "custom":
        return CUSTOM_PARSERS[field.parser](field, values, ctx)
    return PARSERS[field.type](field, values, ctx)


def visited(values: RawValues) -> set[str]:
    return set(items(values, VISITED))


def has_input(step: Step, values: RawValues) -> bool:
    for field in step.fields:
        for key in keys_of(field.id, values):
            value = values[key]
            if (isinstance(value, list) and any(value)) or (isinstance(value, str) and value.strip()):
                return True
    return False


def visible_steps(definition: ServiceDefinition, values: RawValues, ctx: Context) -> list[Step]:
    facts = ctx.facts()
    return [s for s in definition.steps if holds(s.show_if, _visible_values(definition, values, ctx), facts)]


def _visible_values(definition: ServiceDefinition, values: RawValues, ctx: Context) -> dict[str, RawValue]:
    """The raw values of applicable fields only: a condition never reads an answer that does not apply
    (conditions only refer to fields defined before them, so one pass in order settles it)."""
    facts = ctx.facts()
    kept: dict[str, RawValue] = {}
    for step in definition.steps:
        if not holds(step.show_if, kept, facts):
            continue
        for field in step.fields:
            if holds(field.show_if, kept, facts):
                for key in keys_of(field.id, values):
                    kept[key] = values[key]
    return kept


def evaluate(definition: ServiceDefinition, values: RawValues, ctx: Context) -> Evaluation:
    facts = ctx.facts()
    seen = visited(values)
    applicable: dict[str, RawValue] = {}
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    states: list[StepState] = []
    for step in definition.steps:
        if not holds(step.show_if, applicable, facts):
            continue
        step_fields: list[Field] = []
        step_errors: dict[str, str] = {}
        step_warnings: dict[str, str] = {}
        for field in step.fields:
            if not holds(field.show_if, applicable, facts):
                continue
            step_fields.append(field)
            for key in keys_of(field.id, values):
                applicable[key] = values[key]
            parsed = parse(field, values, ctx)
            if parsed.error:
                step_errors[field.id] = parsed.error
            else:
                answers[field.id] = parsed.value
            if parsed.warning:
                step_warnings[field.id] = parsed.warning
        for name in step.checks:
            for issue in RULES[name](answers, ctx):
                _place(issue, step.id, step_errors, step_warnings)
        errors.update(step_errors)
        warnings.update(step_warnings)
        started = has_input(step, values) or step.id in seen
        status: StepStatus = "not_started" if not started else "in_progress" if step_errors else "complete"
        states.append(
            StepState(
                step=step, fields=step_fields, errors=step_errors, warnings=step_warnings, status=status
            )
        )
    general: list[str] = []
    if not errors:
        for name in definition.checks:
            for issue in RULES[name](answers, ctx):
                if issue.field and issue.field in {f.id for s in states for f in s.fields}:
                    target = next(s for s in states if any(f.id == issue.field for f in s.fields))
                    _place(issue, target.step.id, target.errors, target.warnings)
                    (warnings if issue.warning else errors).setdefault(issue.field, issue.message)
                    if not issue.warning:
                        target.status = "in_progress"
                elif not issue.warning:
                    general.append(issue.message)
    return Evaluation(steps=states, answers=answers, errors=errors, warnings=warnings, general=general)


def _place(issue: Issue, step_id: str, errors: dict[str, str], warnings: dict[str, str]) -> None:
    key = issue.field or f"step:{step_id}"
    (warnings if issue.warning else errors).setdefault(key, issue.message)


def computed(
    definition: ServiceDefinition, answers: Mapping[str, Any], ctx: Context
) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for name in definition.computations:
        rows.extend(COMPUTATIONS[name](answers, ctx))
    return rows


# --- navigation ----------------------------------------------------------------------------------------
def next_step(definition: ServiceDefinition, values: RawValues, ctx: Context, current: str) -> Step | None:
    steps = visible_steps(definition, values, ctx)
    ids = [s.id for s in definition.steps]
    position = ids.index(current) if current in ids else -1
    return next((s for s in steps if ids.index(s.id) > position), None)


def previous_step(
    definition: ServiceDefinition, values: RawValues, ctx: Context, current: str
) -> Step | None:
    steps = visible_steps(definition, values, ctx)
    ids = [s.id for s in definition.steps]
    position = ids.index(current) if current in ids else len(ids)
    earlier = [s for s in steps if ids.index(s.id) < position]
    return earlier[-1] if earlier else None


# --- values in and out ---------------------------------------------------------------------------------
def field_ids(definition: ServiceDefinition) -> set[str]:
    return {f.id for _, f in definition.fields()}


def owner_field(key: str, ids: set[str]) -> str | None:
    base = key.split("-", 1)[0]
    return base if base in ids else None


KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}(?:-[a-z0-9_]{1,40}){0,2}$")


def clean_values(definition: ServiceDefinition, raw: Mapping[str, Any]) -> dict[str, RawValue]:
    """Keep what belongs to the definition's fields (and the visited steps), bounded in size. Values of
    the wrong shape are dropped, never an error: a device may hold a draft of an older definition."""
    ids = field_ids(definition)
    step_ids = [s.id for s in definition.steps]
    cleaned: dict[str, RawValue] = {}
    for key, value in list(raw.items())[:MAX_KEYS]:
        if not isinstance(key, str):
            continue
        if key == VISITED:
            if isinstance(value, list):
                cleaned[key] = [
                    s for s in dict.fromkeys(v for v in value if isinstance(v, str)) if s in step_ids
                ]
            continue
        if not KEY.match(key) or owner_field(key, ids) is None:
            continue
        if isinstance(value, str):
            cleaned[key] = without_controls(value)[:MAX_VALUE_LENGTH]
        elif isinstance(value, list):
            cleaned[key] = [
                without_controls(v)[:MAX_VALUE_LENGTH] for v in value[:MAX_LIST_LENGTH] if isinstance(v, str)
            ]
    return cleaned


def merge_step(
    step: Step, current: Mapping[str, RawValue], posted: Mapping[str, RawValue]
) -> dict[str, RawValue]:
    """The draft's values with this step's fields replaced by what the step's form sent (a checkbox that is
    not ticked sends nothing, so every key of the step's fields is replaced or removed)."""
    merged = dict(current)
    for field in step.fields:
        for key in keys_of(field.id, merged):
            del merged[key]
        for key in keys_of(field.id, posted):
            merged[key] = posted[key]
    seen = items(merged, VISITED)
    if step.id not in seen:
        merged[VISITED] = [*seen, step.id]
    return merged


def step_keys(step: Step, values: Mapping[str, RawValue]) -> dict[str, RawValue]:
    return {k: v for field in step.fields for k in keys_of(field.id, values) for v in (values[k],)}


def prefill(definition: ServiceDefinition, ctx: Context) -> dict[str, RawValue]:
    """Values a new draft starts with, taken from the household (entered once, reused everywhere)."""
    household = ctx.household
    values: dict[str, RawValue] = {}
    for _step, field in definition.fields():
        source = field.prefill
        if source == "household.address" and household.street:
            for part in ("street", "house_number", "postcode", "city"):
                values[f"{field.id}-{part}"] = getattr(household, part)
        elif source == "household.main_residence" and household.city:
            if household.city.strip().casefold() == ctx.tenant.name.casefold():
                values[field.id] = "ja"
        elif source == "household.only_child" and len(household.children) == 1:
            values[field.id] = household.children[0].id
        elif source == "household.only_guardian" and len(household.guardians) == 1:
            values[field.id] = household.guardians[0].id
        elif source == "account.email" and household.email:
            values[field.id] = household.email
    return values


# --- reading the answers ---------------------------------------------------------------------------------
class SummaryRow(msgspec.Struct, kw_only=True):
    field: str
    label: str
    lines: list[str]


class SummarySection(msgspec.Struct, kw_only=True):
    step: str
    title: str
    rows: list[SummaryRow]


def summary(
    definition: ServiceDefinition, evaluation: Evaluation, *, include: Iterable[str] | None = None
) -> list[SummarySection]:
    """The answers as the parent (and later the caseworker) reads them, step by step."""
    wanted = set(include) if include is not None else None
    sections = []
    for state in evaluation.steps:
        if wanted is not None and state.step.id not in wanted:
            continue
        rows = [
            SummaryRow(field=f.id, label=f.answer_label, lines=display(f, evaluation.answers.get(f.id)))
            for f in state.fields
            if f.type != "declaration" or f.id in evaluation.answers
        ]
        sections.append(SummarySection(step=state.step.id, title=state.step.title, rows=rows))
    return sections


def client_definition(definition: ServiceDefinition) -> dict[str, Any]:
    """What the browser needs to move between steps offline: step order and conditions, field keys."""
    return {
        "service": definition.id,
        "steps": [
            {
                "id": s.id,
                "show_if": msgspec.to_builtins(s.show_if) if s.show_if else None,
                "fields": [
                    {
                        "id": f.id,
                        "type": f.type,
                        "show_if": msgspec.to_builtins(f.show_if) if f.show_if else None,
                    }
                    for f in s.fields
                ],
            }
            for s in definition.steps
        ],
    }
