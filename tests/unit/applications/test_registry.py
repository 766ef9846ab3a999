"""The catalogue and the start-up validation of service definitions: every kind of mistake stops the start
with a DefinitionError that names the service and the place."""

from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Any

import msgspec
import pytest

from server.applications import registry
from server.applications.catalogue.kita import DEFINITION as KITA
from server.applications.definitions import Condition as C
from server.applications.definitions import (
    Declaration,
    Field,
    NextStep,
    Option,
    ProofSpec,
    ServiceDefinition,
    Step,
)
from server.applications.fields import Parsed
from server.applications.registry import (
    COMPUTATIONS,
    CUSTOM_PARSERS,
    RULES,
    Catalogue,
    DefinitionError,
    computation,
    parser,
    rule,
    validate,
)
from server.tenants.config import load_tenant
from tests.unit.applications.support import ROOT, minimal_definition

CHOICE = Field(id="art", type="choice", label="Art", options=(Option("a", "A"), Option("b", "B")))
TEXT = Field(id="name", type="text", label="Name")
BIRTH = Field(id="birth", type="date", label="Geburt")
YESNO = Field(id="jn", type="yesno", label="JN")
MULTI = Field(id="themen", type="multichoice", label="Themen", options=(Option("x", "X"),))
CHILD = Field(id="kind", type="child", label="Kind")


def steps(*groups: tuple[str, tuple[Field, ...]] | Step) -> tuple[Step, ...]:
    return tuple(g if isinstance(g, Step) else Step(id=g[0], title=g[0], fields=g[1]) for g in groups)


def with_field(field: Field, *before: Field) -> ServiceDefinition:
    """A definition whose first step holds CHOICE, TEXT, BIRTH, YESNO, MULTI, CHILD, the extra fields, then `field`."""
    return minimal_definition(CHOICE, TEXT, BIRTH, YESNO, MULTI, CHILD, *before, field)


def field_place(field_id: str) -> str:
    return f"service 'probe', step 'angaben', field '{field_id}': "


def test_shipped_catalogue_loads() -> None:
    catalogue = Catalogue.load()
    assert "kita" in catalogue
    assert catalogue.get("kita") is KITA
    assert catalogue.get("nope") is None
    assert [d.id for d in catalogue] == sorted(d.id for d in catalogue)
    for definition in catalogue:
        validate(definition)
    assert {"kita.main_residence", "kita.start_after_birth", "kita.wishes_match_care_type"} <= set(RULES)


def test_every_tenant_enables_known_services() -> None:
    catalogue = Catalogue.load()
    folders = sorted(
        p for p in (ROOT / "server" / "tenants" / "data").iterdir() if (p / "tenant.toml").is_file()
    )
    assert folders
    for folder in folders:
        tenant = load_tenant(folder)
        catalogue.check_tenant_services(tenant.slug, tenant.services)


def test_check_tenant_services_names_the_unknown_service() -> None:
    catalogue = Catalogue.load()
    catalogue.check_tenant_services("wuppertal", ())
    with pytest.raises(
        DefinitionError, match=re.escape("tenant 'wuppertal' enables unknown services ['gibt_es_nicht']")
    ):
        catalogue.check_tenant_services("wuppertal", ("kita", "gibt_es_nicht"))


def test_minimal_definition_is_valid() -> None:
    validate(minimal_definition())
    validate(with_field(Field(id="ok", type="text", label="OK")))


# Each mistake: (definition, the expected start of the message).
MISTAKES: list[tuple[str, ServiceDefinition, str]] = [
    # --- ids and prefix ---
    ("service-id-capitals", minimal_definition(id="Probe"), "service 'Probe', id: must be lower_snake_case"),
    ("service-id-dash", minimal_definition(id="kita-platz"), "service 'kita-platz', id: "),
    ("service-id-empty", minimal_definition(id=""), "service '', id: "),
    ("prefix-lower", minimal_definition(reference_prefix="probe"), "service 'probe', reference_prefix: "),
    ("prefix-short", minimal_definition(reference_prefix="P"), "service 'probe', reference_prefix: "),
    ("prefix-long", minimal_definition(reference_prefix="PROBEPROB"), "service 'probe', reference_prefix: "),
    ("prefix-digits", minimal_definition(reference_prefix="KITA2"), "service 'probe', reference_prefix: "),
    ("no-steps", minimal_definition(steps=()), "service 'probe', steps: a service needs at least one step"),
    # --- steps ---
    (
        "step-id-capital",
        minimal_definition(steps=steps(("Angaben", (TEXT,)))),
        "service 'probe', step 'Angaben': step ids",
    ),
    (
        "step-id-underscore",
        minimal_definition(steps=steps(("an_gaben", (TEXT,)))),
        "service 'probe', step 'an_gaben': step ids",
    ),
    (
        "step-id-digit-first",
        minimal_definition(steps=steps(("1-schritt", (TEXT,)))),
        "service 'probe', step '1-schritt': ",
    ),
    ("step-id-slash", minimal_definition(steps=steps(("a/b", (TEXT,)))), "service 'probe', step 'a/b': "),
    (
        "step-id-too-long",
        minimal_definition(steps=steps(("s" * 41, (TEXT,)))),
        f"service 'probe', step '{'s' * 41}': ",
    ),
    *[
        (
            f"step-id-reserved-{reserved}",
            minimal_definition(steps=steps((reserved, (TEXT,)))),
            f"service 'probe', step '{reserved}': step ids are lower-case URL segments and not "
            "absenden, konflikt, loeschen, pruefen, uebersicht",
        )
        for reserved in sorted(registry.RESERVED_STEPS)
    ],
    (
        "step-id-twice",
        minimal_definition(steps=steps(("eins", (TEXT,)), ("eins", (BIRTH,)))),
        "service 'probe', step 'eins': step id is used twice",
    ),
    (
        "step-without-fields",
        minimal_definition(steps=steps(("leer", ()))),
        "service 'probe', step 'leer': a step needs at least one field",
    ),
    # --- field ids ---
    (
        "field-id-capital",
        with_field(Field(id="Name", type="text", label="N")),
        field_place("Name") + "field id 'Name' must be lower_snake_case",
    ),
    ("field-id-dash", with_field(Field(id="vor-name", type="text", label="N")), field_place("vor-name")),
    ("field-id-reserved", with_field(Field(id="_steps", type="text", label="N")), field_place("_steps")),
    ("field-id-digit-first", with_field(Field(id="1name", type="text", label="N")), field_place("1name")),
    ("field-id-too-long", with_field(Field(id="f" * 41, type="text", label="N")), field_place("f" * 41)),
    (
        "field-id-twice-in-step",
        with_field(Field(id="name", type="email", label="N")),
        field_place("name") + "field id is used twice",
    ),
    (
        "field-id-twice-across-steps",
        minimal_definition(
            steps=steps(("eins", (TEXT,)), ("zwei", (Field(id="name", type="date", label="D"),)))
        ),
        "service 'probe', step 'zwei', field 'name': field id is used twice",
    ),
    # --- conditions: which fields they read ---
    (
        "condition-unknown-field",
        with_field(Field(id="x", type="text", label="X", show_if=C(field="gibtsnicht", filled=True))),
        field_place("x") + "condition refers to 'gibtsnicht', which is not a field defined before it",
    ),
    (
        "condition-later-field-same-step",
        minimal_definition(
            Field(id="x", type="text", label="X", show_if=C(field="y", filled=True)),
            Field(id="y", type="text", label="Y"),
        ),
        field_place("x") + "condition refers to 'y'",
    ),
    (
        "condition-later-field-later-step",
        minimal_definition(
            steps=steps(
                ("eins", (Field(id="x", type="text", label="X", show_if=C(field="y", equals="a")),)),
                ("zwei", (Field(id="y", type="choice", label="Y", options=(Option("a", "A"),)),)),
            )
        ),
        "service 'probe', step 'eins', field 'x': condition refers to 'y'",
    ),
    (
        "condition-itself",
        with_field(Field(id="x", type="text", label="X", show_if=C(field="x", filled=True))),
        field_place("x") + "condition refers to 'x'",
    ),
    (
        "step-condition-on-own-field",
        minimal_definition(
            steps=(Step(id="eins", title="E", show_if=C(field="name", filled=True), fields=(TEXT,)),)
        ),
        "service 'probe', step 'eins': condition refers to 'name'",
    ),
    (
        "step-condition-nested-unknown",
        minimal_definition(
            steps=(
                Step(id="eins", title="E", fields=(TEXT,)),
                Step(
                    id="zwei",
                    title="Z",
                    show_if=C(any=(C(field="name", filled=True), C(not_=C(field="z", filled=True)))),
                    fields=(BIRTH,),
                ),
            )
        ),
        "service 'probe', step 'zwei': condition refers to 'z'",
    ),
    (
        "condition-age-on-unknown",
        with_field(
            Field(id="x", type="text", label="X", show_if=C(field="birth", age_below=3, age_on="stichtag"))
        ),
        field_place("x") + "condition refers to 'stichtag'",
    ),
    # --- conditions: values and ages ---
    (
        "condition-equals-unknown-option",
        with_field(Field(id="x", type="text", label="X", show_if=C(field="art", equals="c"))),
        field_place("x") + "condition compares 'art' with unknown value(s) ['c']",
    ),
    (
        "condition-not-equals-unknown-option",
        with_field(Field(id="x", type="text", label="X", show_if=C(field="art", not_equals="A"))),
        field_place("x") + "condition compares 'art' with unknown value(s) ['A']",
    ),
    (
        "condition-one-of-unknown-option",
        with_field(Field(id="x", type="text", label="X", show_if=C(field="art", one_of=("a", "z", "y")))),
        field_place("x") + "condition compares 'art' with unknown value(s) ['z', 'y']",
    ),
    (
        "condition-yesno-capital",
        with_field(Field(id="x", type="text", label="X", show_if=C(field="jn", equals="Ja"))),
        field_place("x") + "condition compares 'jn' with unknown value(s) ['Ja']",
    ),
    (
        "condition-multichoice-unknown",
        with_field(Field(id="x", type="text", label="X", show_if=C(field="themen", equals="y"))),
        field_place("x") + "condition compares 'themen' with unknown value(s) ['y']",
    ),
    (
        "condition-nested-unknown-option",
        with_field(
            Field(
                id="x",
                type="text",
                label="X",
                show_if=C(all=(C(field="name", filled=True), C(not_=C(field="art", equals="q")))),
            )
        ),
        field_place("x") + "condition compares 'art' with unknown value(s) ['q']",
    ),
    (
        "age-on-text-field",
        with_field(Field(id="x", type="text", label="X", show_if=C(field="name", age_below=3))),
        field_place("x") + "an age condition needs a date or child field, not 'text'",
    ),
    (
        "age-on-choice-field",
        with_field(Field(id="x", type="text", label="X", show_if=C(any=(C(field="art", age_at_least=1),)))),
        field_place("x") + "an age condition needs a date or child field, not 'choice'",
    ),
    (
        "age-on-field-not-a-date",
        with_field(
            Field(id="x", type="text", label="X", show_if=C(field="birth", age_below=3, age_on="kind"))
        ),
        field_place("x") + "age_on 'kind' must be a date field",
    ),
    # --- field types ---
    *[
        (
            f"{kind}-without-options",
            with_field(Field(id="x", type=kind, label="X")),  # type: ignore[arg-type]
            field_place("x") + "a choice field needs options",
        )
        for kind in ("choice", "select", "multichoice", "guardian_choice")
    ],
    (
        "duplicate-option-values",
        with_field(Field(id="x", type="choice", label="X", options=(Option("a", "A"), Option("a", "B")))),
        field_place("x") + "option values must be unique",
    ),
    (
        "proof-without-spec",
        with_field(Field(id="x", type="proof", label="X")),
        field_place("x") + "a proof field needs `proof` (kind, accepted, max_pages)",
    ),
    (
        "custom-parser-unregistered",
        with_field(Field(id="x", type="custom", label="X", parser="gibt.es.nicht", template="w.html")),
        field_place("x") + "custom parser 'gibt.es.nicht' is not registered",
    ),
    (
        "unknown-prefill",
        with_field(Field(id="x", type="text", label="X", prefill="household.phone")),
        field_place("x") + "unknown prefill 'household.phone'; known: ['account.email', ",
    ),
    (
        "bad-pattern",
        with_field(Field(id="x", type="text", label="X", pattern="[0-9")),
        field_place("x") + "pattern does not compile: ",
    ),
    (
        "min-greater-than-max",
        with_field(Field(id="x", type="number", label="X", min=10, max=5)),
        field_place("x") + "min is greater than max",
    ),
    # --- hooks ---
    (
        "step-rule-unregistered",
        minimal_definition(steps=(Step(id="eins", title="E", fields=(TEXT,), checks=("gibt.es.nicht",)),)),
        "service 'probe', step 'eins': rule 'gibt.es.nicht' is not registered",
    ),
    (
        "service-rule-unregistered",
        minimal_definition(checks=("gibt.es.nicht",)),
        "service 'probe', checks: rule 'gibt.es.nicht' is not registered",
    ),
    (
        "computation-unregistered",
        minimal_definition(computations=("gibt.es.nicht",)),
        "service 'probe', computations: computation 'gibt.es.nicht' is not registered",
    ),
    # --- declarations and next steps ---
    (
        "declaration-twice",
        minimal_definition(declarations=(Declaration("wahr", "W"), Declaration("wahr", "W2"))),
        "service 'probe', declarations: declaration ids must be unique lower_snake_case",
    ),
    (
        "declaration-bad-id",
        minimal_definition(declarations=(Declaration("Wahr-heit", "W"),)),
        "service 'probe', declarations: ",
    ),
    (
        "next-steps-unknown-status",
        minimal_definition(next_steps={"submitted": NextStep("ok"), "bewilligt": NextStep("x")}),
        "service 'probe', next_steps: unknown status 'bewilligt'",
    ),
]


@pytest.mark.parametrize(
    ("definition", "message_start"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_validate_names_service_and_place(definition: ServiceDefinition, message_start: str) -> None:
    with pytest.raises(DefinitionError) as raised:
        validate(definition)
    assert str(raised.value).startswith(message_start), str(raised.value)
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize(
    "field",
    [
        Field(id="x", type="text", label="X", show_if=C(field="art", equals="a")),
        Field(id="x", type="text", label="X", show_if=C(field="jn", equals="ja")),
        Field(id="x", type="text", label="X", show_if=C(field="themen", one_of=("x",))),
        Field(id="x", type="text", label="X", show_if=C(field="name", equals="frei")),  # text: any value
        Field(id="x", type="text", label="X", show_if=C(field="kind", age_below=1)),
        Field(id="x", type="text", label="X", show_if=C(field="kind", equals="11")),
        Field(id="x", type="date", label="X"),
        Field(id="y", type="text", label="Y", show_if=C(field="birth", age_at_least=3, age_on="birth")),
        Field(id="x", type="proof", label="X", proof=ProofSpec(kind="k", accepted="PDF")),
        Field(id="x", type="number", label="X", min=5, max=5),
        Field(id="x", type="text", label="X", prefill="account.email", pattern=r"[a-z]+"),
        Field(id="x", type="yesno", label="X"),
        Field(id="x" * 40, type="text", label="X"),
    ],
    ids=lambda f: f"{f.type}-{f.id[:3]}",
)
def test_validate_accepts(field: Field) -> None:
    validate(with_field(field))


def test_step_condition_on_earlier_step_is_fine_and_reserved_like_ids_are_allowed() -> None:
    validate(
        minimal_definition(
            steps=(
                Step(id="eins", title="E", fields=(CHOICE,)),
                Step(id="uebersicht-2", title="Z", show_if=C(field="art", equals="b"), fields=(TEXT,)),
            ),
            declarations=(Declaration("wahr", "W"),),
            next_steps={"reserved": NextStep("x", 3)},
        )
    )


# --- registered hooks ------------------------------------------------------------------------------------
def test_registered_hooks_make_a_definition_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    # monkeypatch first, so the decorators' entries are removed again after the test.
    for table, name in (
        (RULES, "probe.rule"),
        (COMPUTATIONS, "probe.computation"),
        (CUSTOM_PARSERS, "probe.parser"),
    ):
        monkeypatch.setitem(table, name, None)

    @rule("probe.rule")
    def probe_rule(answers: dict[str, Any], ctx: Any) -> list[registry.Issue]:
        return []

    @computation("probe.computation")
    def probe_computation(answers: dict[str, Any], ctx: Any) -> list[tuple[str, str]]:
        return [("Summe", "1")]

    @parser("probe.parser")
    def probe_parser(field: Field, values: Any, ctx: Any) -> Parsed:
        return Parsed(value=values.get(field.id))

    assert RULES["probe.rule"] is probe_rule
    assert COMPUTATIONS["probe.computation"] is probe_computation
    assert CUSTOM_PARSERS["probe.parser"] is probe_parser
    custom = Field(
        id="plan", type="custom", label="Plan", parser="probe.parser", template="widgets/plan.html"
    )
    definition = minimal_definition(
        steps=(Step(id="eins", title="E", fields=(custom,), checks=("probe.rule",)),),
        checks=("probe.rule",),
        computations=("probe.computation",),
    )
    validate(definition)
    with pytest.raises(DefinitionError, match=re.escape("field 'plan': a custom field needs a template")):
        validate(
            minimal_definition(
                steps=(Step(id="eins", title="E", fields=(msgspec.structs.replace(custom, template=""),)),)
            )
        )
    from server.applications.engine import computed, evaluate
    from tests.unit.applications.support import make_ctx

    evaluation = evaluate(definition, {"plan": "A"}, make_ctx())
    assert evaluation.answers == {"plan": "A"}
    assert computed(definition, evaluation.answers, make_ctx()) == [("Summe", "1")]


# --- Catalogue.load over catalogue modules ---------------------------------------------------------------
def _module(name: str, definition: Any) -> types.ModuleType:
    module = types.ModuleType(f"server.applications.catalogue.{name}")
    if definition is not None:
        module.DEFINITION = definition  # type: ignore[attr-defined]
    return module


def _load_with(monkeypatch: pytest.MonkeyPatch, *modules: types.ModuleType) -> Catalogue:
    monkeypatch.setattr(registry, "iter_modules", lambda: iter(modules))
    return Catalogue.load()


def test_catalogue_duplicate_reference_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    other = minimal_definition(id="andere", reference_prefix="KITA")
    with pytest.raises(
        DefinitionError, match=re.escape("reference prefixes must be unique: ['KITA', 'KITA']")
    ):
        _load_with(monkeypatch, _module("kita", KITA), _module("andere", other))


def test_catalogue_duplicate_service_id(monkeypatch: pytest.MonkeyPatch) -> None:
    again = msgspec.structs.replace(KITA, reference_prefix="KITB")
    with pytest.raises(
        DefinitionError,
        match=re.escape("server.applications.catalogue.zwei: service id 'kita' is used twice"),
    ):
        _load_with(monkeypatch, _module("kita", KITA), _module("zwei", again))


def test_catalogue_module_without_definition(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DefinitionError, match=re.escape("server.applications.catalogue.leer: no DEFINITION")):
        _load_with(monkeypatch, _module("leer", None))
    with pytest.raises(DefinitionError, match="no DEFINITION"):
        _load_with(monkeypatch, _module("falsch", {"id": "kita"}))


def test_catalogue_validates_each_definition(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = minimal_definition(id="kaputt", reference_prefix="KAPUTT", checks=("gibt.es.nicht",))
    with pytest.raises(DefinitionError, match=re.escape("service 'kaputt', checks: ")):
        _load_with(monkeypatch, _module("kita", KITA), _module("kaputt", broken))
    catalogue = _load_with(monkeypatch, _module("kita", KITA), _module("probe", minimal_definition()))
    assert sorted(d.id for d in catalogue) == ["kita", "probe"]


def test_iter_modules_skips_private_modules() -> None:
    names = [m.__name__ for m in registry.iter_modules()]
    assert "server.applications.catalogue.kita" in names
    assert not any(n.rsplit(".", 1)[1].startswith("_") for n in names)
    assert names == sorted(names)
    assert Path(registry.catalogue.__path__[0]).is_dir()
