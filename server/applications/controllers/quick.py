"""Quick checks before a benefit: a few questions, an assessment, and the answers carried into the new
draft (the definition's quick_check.prefill maps a question to the application field it fills)."""

from __future__ import annotations

from typing import Any

from litestar import Request

from server.applications.conditions import RawValue, holds
from server.applications.context import Context
from server.applications.definitions import Field, ServiceDefinition
from server.applications.engine import parse
from server.applications.fields import keys_of
from server.text import without_controls

QUICK_PREFIX = "quick-"


async def posted_values_for(
    request: Request[Any, Any, Any], questions: tuple[Field, ...]
) -> dict[str, RawValue]:
    form = await request.form()
    values: dict[str, RawValue] = {}
    for question in questions:
        for key in form:
            if isinstance(key, str) and (key == question.id or key.startswith(question.id + "-")):
                raw = form.getall(key) if question.type == "multichoice" else [form.get(key)]
                texts = [without_controls(v).strip()[:400] for v in raw if isinstance(v, str)]
                values[key] = texts if question.type == "multichoice" else (texts[0] if texts else "")
    return values


def parse_questions(
    questions: tuple[Field, ...], values: dict[str, RawValue], ctx: Context
) -> tuple[dict[str, Any], dict[str, str]]:
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    applicable: dict[str, RawValue] = {}
    facts = ctx.facts()
    for question in questions:
        if not holds(question.show_if, applicable, facts):
            continue
        for key in keys_of(question.id, values):
            applicable[key] = values[key]
        parsed = parse(question, values, ctx)
        if parsed.error:
            errors[question.id] = parsed.error
        else:
            answers[question.id] = parsed.value
    return answers, errors


async def quick_prefill(
    request: Request[Any, Any, Any], definition: ServiceDefinition
) -> dict[str, RawValue]:
    """The quick check's answers (sent along as hidden `quick-…` fields) as the new draft's values."""
    check = definition.quick_check
    if check is None:
        return {}
    form = await request.form()
    carried: dict[str, RawValue] = {}
    for question_id, target in check.prefill.items():
        for key in form:
            if not isinstance(key, str) or not key.startswith(QUICK_PREFIX):
                continue
            name = key.removeprefix(QUICK_PREFIX)
            if name == question_id or name.startswith(question_id + "-"):
                raw = [v for v in form.getall(key) if isinstance(v, str)]
                new_key = target + name[len(question_id) :]
                carried[new_key] = raw if len(raw) > 1 else (raw[0][:400] if raw else "")
    return carried
