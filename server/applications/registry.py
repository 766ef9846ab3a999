"""The service catalogue: definitions found in `server/applications/catalogue/`, checked at start-up.

A catalogue module exposes `DEFINITION` (a ServiceDefinition) and registers the named Python rules its
definition refers to with `@rule`, `@computation`, `@parser` or `@on_submit`. Adding a service is a new
module there (plus templates for custom widgets, if any, and tests) - nothing else changes.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from typing import Any

import msgspec

from server.applications import catalogue
from server.applications.definitions import Condition, Field, ServiceDefinition
from server.applications.fields import PARSERS

ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
STEP_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
PREFIX = re.compile(r"^[A-Z]{2,8}$")
# Step URLs the engine itself uses under a draft.
RESERVED_STEPS = {"uebersicht", "pruefen", "loeschen", "konflikt", "absenden"}
# Fields the form may send that are not fields of any definition.
RESERVED_KEYS = ("_steps",)


# Life situations (Lebenslagen) the catalogue groups services by, in this order.
LIFE_SITUATIONS: dict[str, str] = {}


def _life_situations() -> None:
    from server.web.i18n import _

    LIFE_SITUATIONS.update(
        {
            "kinderbetreuung": _("Kinderbetreuung"),
            "geburt": _("Geburt und Elternzeit"),
            "alleinerziehend": _("Alleinerziehend und Unterhalt"),
            "schule": _("Schule"),
        }
    )


_life_situations()


class DefinitionError(ValueError):
    """A service definition is inconsistent; raised at start-up, naming the service and the place."""


class Issue(msgspec.Struct, frozen=True):
    """A message of a cross-field rule: at a field (or the step when field is empty)."""

    field: str
    message: str
    warning: bool = False


# Named Python hooks a definition refers to.
RULES: dict[str, Callable[..., list[Issue]]] = {}
COMPUTATIONS: dict[str, Callable[..., list[tuple[str, str]]]] = {}
CUSTOM_PARSERS: dict[str, Callable[..., Any]] = {}
ASSESSMENTS: dict[str, Callable[..., Any]] = {}
SUBMIT_HOOKS: dict[str, list[Callable[..., Any]]] = {}
# Hooks of other features for every submission: async fn(application_id, draft_uuid, account_id, ctx),
# run inside the submission's transaction (e.g. documents attach the draft's proofs to the case).
ANY_SUBMIT_HOOKS: list[Callable[..., Any]] = []
PREFILLS: set[str] = {
    "household.address",
    "household.main_residence",
    "household.only_child",
    "household.only_guardian",
    "account.email",
}


def rule(name: str) -> Callable[[Callable[..., list[Issue]]], Callable[..., list[Issue]]]:
    """`@rule("kita.start_after_birth")`: fn(answers, ctx) -> list[Issue], answers are the typed answers."""

    def register(fn: Callable[..., list[Issue]]) -> Callable[..., list[Issue]]:
        RULES[name] = fn
        return fn

    return register


def computation(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`@computation("fees.monthly")`: fn(answers, ctx) -> [(label, text)] shown with the answers."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        COMPUTATIONS[name] = fn
        return fn

    return register


class Assessment(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of a quick check: likely worth applying (True), likely not (False) or unclear (None),
    with reasons and what to prepare."""

    likely: bool | None
    reasons: tuple[str, ...] = ()
    prepare: tuple[str, ...] = ()


def assessment(name: str) -> Callable[[Callable[..., Assessment]], Callable[..., Assessment]]:
    """`@assessment("uvg.quick")`: fn(answers, ctx) -> Assessment for a definition's quick check."""

    def register(fn: Callable[..., Assessment]) -> Callable[..., Assessment]:
        ASSESSMENTS[name] = fn
        return fn

    return register


def parser(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`@parser("elterngeld.plan")`: fn(field, values, ctx) -> fields.Parsed, for custom widgets."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        CUSTOM_PARSERS[name] = fn
        return fn

    return register


def on_submit(service_id: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`@on_submit("kita")`: async fn(application_row_id, answers, tenant) run inside the submission's
    transaction (e.g. creating the place reservations). A failure rolls the submission back."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        SUBMIT_HOOKS.setdefault(service_id, []).append(fn)
        return fn

    return register


def on_any_submit(fn: Callable[..., Any]) -> Callable[..., Any]:
    if fn not in ANY_SUBMIT_HOOKS:
        ANY_SUBMIT_HOOKS.append(fn)
    return fn


class Catalogue:
    """All service definitions of this installation, validated."""

    def __init__(self, definitions: dict[str, ServiceDefinition]) -> None:
        self._definitions = definitions

    @classmethod
    def load(cls) -> Catalogue:
        definitions: dict[str, ServiceDefinition] = {}
        for module in iter_modules():
            definition = getattr(module, "DEFINITION", None)
            if not isinstance(definition, ServiceDefinition):
                raise DefinitionError(f"{module.__name__}: no DEFINITION (ServiceDefinition)")
            if definition.id in definitions:
                raise DefinitionError(f"{module.__name__}: service id {definition.id!r} is used twice")
            validate(definition)
            definitions[definition.id] = definition
        prefixes = [d.reference_prefix for d in definitions.values()]
        if len(prefixes) != len(set(prefixes)):
            raise DefinitionError(f"reference prefixes must be unique: {sorted(prefixes)}")
        return cls(definitions)

    def get(self, service_id: str) -> ServiceDefinition | None:
        return self._definitions.get(service_id)

    def __iter__(self) -> Iterator[ServiceDefinition]:
        return iter(self._definitions.values())

    def __contains__(self, service_id: str) -> bool:
        return service_id in self._definitions

    def check_tenant_services(self, tenant_slug: str, services: tuple[str, ...]) -> None:
        unknown = [s for s in services if s not in self._definitions]
        if unknown:
            raise DefinitionError(
                f"tenant {tenant_slug!r} enables unknown services {unknown}; known: {sorted(self._definitions)}"
            )


def iter_modules() -> Iterator[Any]:
    for info in sorted(pkgutil.iter_modules(catalogue.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{catalogue.__name__}.{info.name}")


def _fail(definition: ServiceDefinition, where: str, problem: str) -> DefinitionError:
    return DefinitionError(f"service {definition.id!r}, {where}: {problem}")


def _check_condition(
    definition: ServiceDefinition, where: str, condition: Condition | None, earlier: dict[str, Field]
) -> None:
    if condition is None:
        return
    for name in condition.fields():
        if name not in earlier:
            raise _fail(
                definition, where, f"condition refers to {name!r}, which is not a field defined before it"
            )
    _check_condition_values(definition, where, condition, earlier)


def _check_condition_values(
    definition: ServiceDefinition, where: str, condition: Condition, earlier: dict[str, Field]
) -> None:
    if condition.field:
        target = earlier[condition.field]
        expected = [v for v in (condition.equals, condition.not_equals, *condition.one_of) if v is not None]
        allowed = {"ja", "nein"} if target.type == "yesno" else {o.value for o in target.options}
        if expected and target.type in {"choice", "select", "yesno", "multichoice"}:
            stray = [v for v in expected if v not in allowed]
            if stray:
                raise _fail(
                    definition, where, f"condition compares {condition.field!r} with unknown value(s) {stray}"
                )
        ages = condition.age_at_least is not None or condition.age_below is not None
        if ages and target.type not in {"date", "child"}:
            raise _fail(
                definition, where, f"an age condition needs a date or child field, not {target.type!r}"
            )
        if condition.age_on and earlier[condition.age_on].type != "date":
            raise _fail(definition, where, f"age_on {condition.age_on!r} must be a date field")
    for part in (*condition.all, *condition.any, *((condition.not_,) if condition.not_ else ())):
        _check_condition_values(definition, where, part, earlier)


class _AnyPlaceholder(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _check_field(definition: ServiceDefinition, where: str, field: Field) -> None:
    if not ID.match(field.id) or field.id.startswith(RESERVED_KEYS):
        raise _fail(definition, where, f"field id {field.id!r} must be lower_snake_case (no '-')")
    if field.type in {"choice", "select", "multichoice", "guardian_choice"} and not field.options:
        raise _fail(definition, where, "a choice field needs options")
    values = [o.value for o in field.options]
    if len(values) != len(set(values)):
        raise _fail(definition, where, "option values must be unique")
    if field.type == "proof" and field.proof is None:
        raise _fail(definition, where, "a proof field needs `proof` (kind, accepted, max_pages)")
    if field.type == "custom":
        if field.parser not in CUSTOM_PARSERS:
            raise _fail(definition, where, f"custom parser {field.parser!r} is not registered")
        if not field.template:
            raise _fail(definition, where, "a custom field needs a template")
    elif field.type not in PARSERS:
        raise _fail(definition, where, f"unknown field type {field.type!r}")
    if field.prefill and field.prefill not in PREFILLS:
        raise _fail(definition, where, f"unknown prefill {field.prefill!r}; known: {sorted(PREFILLS)}")
    if field.pattern:
        try:
            re.compile(field.pattern)
        except re.error as exc:
            raise _fail(definition, where, f"pattern does not compile: {exc}") from exc
    if field.min is not None and field.max is not None and field.min > field.max:
        raise _fail(definition, where, "min is greater than max")
    for key, text in field.messages.items():
        try:
            text.format_map(_AnyPlaceholder())
        except (ValueError, IndexError, AttributeError, KeyError) as exc:
            raise _fail(
                definition, where, f"message {key!r} is not a valid text with {{placeholders}}: {exc}"
            ) from exc
    if field.max_items_setting and not re.fullmatch(r"[a-z_]+\.[a-z_]+", field.max_items_setting):
        raise _fail(
            definition, where, f"max_items_setting {field.max_items_setting!r} must look like group.name"
        )


def validate(definition: ServiceDefinition) -> None:
    if not ID.match(definition.id):
        raise _fail(definition, "id", "must be lower_snake_case")
    if not PREFIX.match(definition.reference_prefix):
        raise _fail(definition, "reference_prefix", "2 to 8 capital letters, e.g. KITA")
    if not definition.steps:
        raise _fail(definition, "steps", "a service needs at least one step")
    earlier: dict[str, Field] = {}
    step_ids: set[str] = set()
    for step in definition.steps:
        where = f"step {step.id!r}"
        if not STEP_ID.match(step.id) or step.id in RESERVED_STEPS:
            raise _fail(
                definition,
                where,
                "step ids are lower-case URL segments and not " + ", ".join(sorted(RESERVED_STEPS)),
            )
        if step.id in step_ids:
            raise _fail(definition, where, "step id is used twice")
        step_ids.add(step.id)
        if not step.fields:
            raise _fail(definition, where, "a step needs at least one field")
        _check_condition(definition, where, step.show_if, earlier)
        for field in step.fields:
            field_where = f"{where}, field {field.id!r}"
            if field.id in earlier:
                raise _fail(definition, field_where, "field id is used twice")
            _check_field(definition, field_where, field)
            _check_condition(definition, field_where, field.show_if, earlier)
            earlier[field.id] = field
        for name in step.checks:
            if name not in RULES:
                raise _fail(definition, where, f"rule {name!r} is not registered")
    for name in definition.checks:
        if name not in RULES:
            raise _fail(definition, "checks", f"rule {name!r} is not registered")
    for name in definition.computations:
        if name not in COMPUTATIONS:
            raise _fail(definition, "computations", f"computation {name!r} is not registered")
    declaration_ids = [d.id for d in definition.declarations]
    if len(declaration_ids) != len(set(declaration_ids)) or not all(ID.match(d) for d in declaration_ids):
        raise _fail(definition, "declarations", "declaration ids must be unique lower_snake_case")
    from server.applications.signature import SIGNATURE_MODES
    from server.applications.status import STATUSES

    for status in definition.next_steps:
        if status not in STATUSES:
            raise _fail(definition, "next_steps", f"unknown status {status!r}")
    if definition.signature and definition.signature not in SIGNATURE_MODES:
        raise _fail(
            definition,
            "signature",
            f"unknown signature mode {definition.signature!r}; known: {sorted(SIGNATURE_MODES)}",
        )
    if definition.life_situation and definition.life_situation not in LIFE_SITUATIONS:
        raise _fail(
            definition,
            "life_situation",
            f"unknown life situation {definition.life_situation!r}; known: {sorted(LIFE_SITUATIONS)}",
        )
    if definition.consent is not None:
        spec = definition.consent
        for name in (spec.email_field, spec.name_field, *([spec.skip_field] if spec.skip_field else [])):
            if name not in earlier:
                raise _fail(definition, "consent", f"refers to unknown field {name!r}")
        if earlier[spec.email_field].type != "email":
            raise _fail(definition, "consent", "email_field must be an email field")
    if definition.quick_check is not None:
        _check_quick(definition, earlier)


def _check_quick(definition: ServiceDefinition, fields: dict[str, Field]) -> None:
    check = definition.quick_check
    assert check is not None
    if check.assess not in ASSESSMENTS:
        raise _fail(definition, "quick_check", f"assessment {check.assess!r} is not registered")
    seen: dict[str, Field] = {}
    for question in check.questions:
        where = f"quick_check, question {question.id!r}"
        if question.id in seen:
            raise _fail(definition, where, "question id is used twice")
        if question.type in {"proof", "facility_ranking", "custom", "guardian_choice"}:
            raise _fail(definition, where, f"{question.type!r} cannot be a quick-check question")
        _check_field(definition, where, question)
        _check_condition(definition, where, question.show_if, seen)
        seen[question.id] = question
    for source, target in check.prefill.items():
        if source not in seen or target not in fields:
            raise _fail(
                definition, "quick_check.prefill", f"{source!r} -> {target!r}: unknown question or field"
            )
        if seen[source].type != fields[target].type:
            raise _fail(definition, "quick_check.prefill", f"{source!r} and {target!r} have different types")
