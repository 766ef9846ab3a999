"""Service definitions: a service is data (msgspec structs), not hand-written pages.

A definition lists steps (one topic per page), their fields, the conditions under which a step or field
applies, validation constraints with German messages, help texts, proofs and the declarations a parent
makes before submitting. The engine (`engine.py`) renders and checks every service from its definition;
`registry.py` finds the definitions in `catalogue/` and validates them at start-up.
"""

from __future__ import annotations

from typing import Literal

import msgspec

FieldType = Literal[
    "text",
    "textarea",
    "email",
    "phone",
    "iban",
    "date",
    "number",
    "money",
    "year",
    "choice",
    "select",
    "multichoice",
    "yesno",
    "address",
    "child",
    "guardian",
    "guardian_choice",
    "facility_ranking",
    "proof",
    "declaration",
    "custom",
]

DateRule = Literal["", "past", "not_future", "future", "not_past"]


class Condition(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """When a step or field applies. Evaluated on what the parent entered (raw form values) in Python and,
    for offline use, by the same rules in `frontend/static/js/conditions.js`.

    Leaf: `field` with one test (`equals`, `not_equals`, `one_of`, `filled`, `age_at_least`, `age_below`).
    Ages are whole years of a date or child field on `age_on` (another date field) or today.
    Composite: `all`, `any` or `not`.
    """

    field: str = ""
    equals: str | None = None
    not_equals: str | None = None
    one_of: tuple[str, ...] = ()
    filled: bool | None = None
    age_at_least: int | None = None
    age_below: int | None = None
    age_on: str = ""
    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()
    not_: Condition | None = msgspec.field(default=None, name="not")

    def fields(self) -> set[str]:
        """Every field this condition reads."""
        found = {self.field} if self.field else set()
        if self.age_on:
            found.add(self.age_on)
        for part in (*self.all, *self.any, *((self.not_,) if self.not_ else ())):
            found |= part.fields()
        return found


class Option(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    value: str
    label: str
    hint: str = ""


class ProofSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """A document slot: which proof, what is accepted, how many pages."""

    kind: str
    accepted: str
    max_pages: int = 10


class Field(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    id: str
    type: FieldType
    label: str
    hint: str = ""
    required: bool = True
    show_if: Condition | None = None
    options: tuple[Option, ...] = ()
    # Text-like fields.
    max_length: int = 0
    pattern: str = ""
    pattern_message: str = ""
    autocomplete: str = ""
    width: str = ""
    # Numbers and money (whole euros for limits).
    min: float | None = None
    max: float | None = None
    # Dates: a rule against today, and a warning when the date is less than n months ahead.
    date_rule: DateRule = ""
    warn_within_months: int = 0
    # Lists (multichoice, facility ranking): at most this many, or the tenant's setting of this name.
    max_items: int = 0
    max_items_setting: str = ""
    # Where a new draft takes the value from (see engine.PREFILL).
    prefill: str = ""
    # German messages overriding the engine's defaults: "required", "invalid", ...
    messages: dict[str, str] = {}
    # How the answer is labelled on the check-answers page and in PDFs (default: label).
    summary_label: str = ""
    proof: ProofSpec | None = None
    # Custom widgets: a template (frontend/templates/applications/widgets/), a registered parser, and an
    # optional ES module (a path under frontend/static/, e.g. "js/widgets/month-plan.js") the step loads.
    template: str = ""
    parser: str = ""
    script: str = ""
    # Text shown above the field (e.g. a legal note), and whether the field is only read (declarations).
    text: str = ""

    @property
    def answer_label(self) -> str:
        return self.summary_label or self.label


class Step(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    """One topic per page. `id` is the URL segment (German, lower case)."""

    id: str
    title: str
    section: str = ""
    intro: str = ""
    fields: tuple[Field, ...]
    show_if: Condition | None = None
    # Named cross-field rules (registry.rule) run when the step is checked.
    checks: tuple[str, ...] = ()


class Declaration(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """What the parent confirms before submitting (truthfulness, consents)."""

    id: str
    label: str
    text: str = ""
    required: bool = True


class NextStep(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """What happens after a status, and roughly when (days after the status was reached)."""

    text: str
    days: int = 0


class QuickCheck(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A few questions before an application: is it likely worth applying, and what to prepare. `assess`
    names a registered rule (registry.assessment) and `prefill` maps a question's field id to the
    application field it fills (same raw value)."""

    intro: str = ""
    questions: tuple[Field, ...]
    assess: str
    prefill: dict[str, str] = {}


class ConsentSpec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """The second custodian must agree: the applicant names them in `email_field` (of the definition)
    unless `skip_field` says they have sole custody. `text` is what the second parent agrees to."""

    email_field: str
    name_field: str
    skip_field: str = ""
    skip_value: str = "ja"
    text: str


class ServiceDefinition(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    id: str
    reference_prefix: str
    title: str
    short_title: str
    summary: str
    life_situation: str = ""
    prepare: tuple[str, ...] = ()
    duration_minutes: int = 10
    legal_basis: str = ""
    # Which status model the case follows once submitted (status.py).
    flow: Literal["generic", "kita"] = "generic"
    steps: tuple[Step, ...]
    declarations: tuple[Declaration, ...] = ()
    next_steps: dict[str, NextStep] = {}
    # Named rules run on the whole application before submission, and computations shown with the answers.
    checks: tuple[str, ...] = ()
    computations: tuple[str, ...] = ()
    # Office that processes the case, shown to the parent.
    office: str = ""
    # The law requires the written form: the signature mode (signature.py) that replaces it, e.g. "paper".
    signature: str = ""
    consent: ConsentSpec | None = None
    quick_check: QuickCheck | None = None

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def fields(self) -> list[tuple[Step, Field]]:
        return [(step, f) for step in self.steps for f in step.fields]

    def field(self, field_id: str) -> Field | None:
        return next((f for _, f in self.fields() if f.id == field_id), None)
