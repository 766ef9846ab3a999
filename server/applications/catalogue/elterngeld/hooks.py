"""The named Python parts the Elterngeld definition refers to: the month planner's and the hours' parsers,
cross-field rules, the estimate and the quick check's assessment. Registered when the package is imported.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import msgspec

from server.applications.catalogue.elterngeld import amount, plan
from server.applications.catalogue.elterngeld.definition import PLAN_FIELD
from server.applications.conditions import RawValues, scalar
from server.applications.context import Context
from server.applications.definitions import Field
from server.applications.fields import Parsed, format_money, message, parse_decimal
from server.applications.registry import Assessment, Issue, assessment, computation, parser, rule
from server.web.i18n import _

MAX_HOURS = 32
BONUS_MIN_HOURS = 24
HOURS_KINDS = ("plus", "bonus")


# --- what the planner needs from the rest of the draft --------------------------------------------------
def is_single(values: RawValues) -> bool:
    return scalar(values, "single_parent") == "ja"


def parent_names(values: RawValues, ctx: Context) -> dict[str, str]:
    """How the planner names the parents: the applicant's first name, the other parent's name as entered."""
    applicant = ctx.household.guardian(scalar(values, "applicant"))
    return plan.labels(applicant.first_name if applicant else "", scalar(values, "other_name"))


def child_birth(values: RawValues, ctx: Context) -> dt.date | None:
    child = ctx.household.child(scalar(values, "child"))
    return child.birth_date if child else None


def first_paid(values: RawValues, ctx: Context) -> int:
    return plan.first_paid_month(child_birth(values, ctx), ctx.today)


# --- the month planner -----------------------------------------------------------------------------------
@parser("elterngeld.plan")
def parse_plan(field: Field, values: RawValues, ctx: Context) -> Parsed:
    cells, invalid = plan.read(values, field.id)
    if invalid:
        return Parsed(
            error=message(
                field,
                "invalid",
                _("Bitte wählen Sie für jeden Lebensmonat „kein“, „Basis“, „Plus“ oder „Bonus“."),
            )
        )
    single = is_single(values)
    cells = plan.applicable(cells, single)
    if not cells:
        return Parsed(
            error=message(
                field,
                "required",
                _("Bitte planen Sie, in welchen Lebensmonaten Sie Elterngeld beziehen möchten."),
            )
        )
    names = parent_names(values, ctx)
    problems = plan.check(cells, single=single, first_paid=first_paid(values, ctx))
    errors = [plan.message(p, names) for p in problems if not p.warning]
    warnings = [plan.message(p, names) for p in problems if p.warning]
    return Parsed(
        value=None if errors else plan.answer(cells, single=single, names=names),
        error=" ".join(errors) or None,
        warning=" ".join(warnings) or None,
    )


# --- hours in months with ElterngeldPlus or Partnerschaftsbonus -----------------------------------------
class HoursLine(msgspec.Struct, frozen=True, kw_only=True):
    """Weekly hours of one parent in their months of one kind; an empty kind: no hours needed."""

    parent: str = ""
    name: str = ""
    kind: str = ""
    hours: str = ""

    def __str__(self) -> str:
        if not self.kind:
            return _("Nicht nötig: keine Monate mit ElterngeldPlus oder Partnerschaftsbonus geplant.")
        return _("{name} – {kind}: {hours} Stunden pro Woche").format(
            name=self.name, kind=plan.kind_titles()[self.kind], hours=self.hours
        )


def hours_needed(values: RawValues) -> list[tuple[str, str]]:
    """(parent, kind) pairs whose weekly hours the hours step asks for, in the order it shows them."""
    cells, _invalid = plan.read(values, PLAN_FIELD)
    single = is_single(values)
    cells = plan.applicable(cells, single)
    return [
        (parent, kind)
        for parent in plan.parents_of(single)
        for kind in HOURS_KINDS
        if plan.months_of(cells, parent, (kind,))
    ]


def hours_label(kind: str, name: str) -> str:
    if kind == "bonus":
        return _("{name}: Wochenstunden in den Monaten mit Partnerschaftsbonus").format(name=name)
    return _("{name}: Wochenstunden in den Monaten mit ElterngeldPlus").format(name=name)


def hours_hint(kind: str) -> str:
    if kind == "bonus":
        return _("24 bis 32 Stunden – in allen Bonusmonaten.")
    return _("Höchstens 32 Stunden. 0, wenn Sie in diesen Monaten nicht arbeiten.")


def _check_hours(kind: str, name: str, raw: str) -> tuple[str, str | None]:
    """The hours as text (German decimal comma), or the message why they cannot be taken."""
    if not raw:
        return "", _("{label}: Bitte geben Sie die Wochenstunden an.").format(label=hours_label(kind, name))
    number = parse_decimal(raw)
    if number is None:
        return "", _("{name}: Bitte geben Sie die Wochenstunden als Zahl ein, zum Beispiel 25.").format(
            name=name
        )
    text = f"{number.normalize():f}".replace(".", ",")
    if kind == "bonus" and not BONUS_MIN_HOURS <= number <= MAX_HOURS:
        return text, _(
            "{name}: Für den Partnerschaftsbonus arbeiten Sie 24 bis 32 Stunden pro Woche – angegeben sind {hours}."
        ).format(name=name, hours=text)
    if number > MAX_HOURS:
        return text, _(
            "{name}: Neben dem Elterngeld sind höchstens 32 Stunden pro Woche erlaubt – angegeben sind {hours}."
        ).format(name=name, hours=text)
    return text, None


@parser("elterngeld.hours")
def parse_hours(field: Field, values: RawValues, ctx: Context) -> Parsed:
    names = parent_names(values, ctx)
    lines: list[HoursLine] = []
    errors: list[str] = []
    for parent, kind in hours_needed(values):
        raw = scalar(values, f"{field.id}-{kind}-{parent}").strip()
        text, problem = _check_hours(kind, names[parent], raw)
        if problem:
            errors.append(problem)
        else:
            lines.append(HoursLine(parent=parent, name=names[parent], kind=kind, hours=text))
    if errors:
        return Parsed(error=" ".join(errors))
    return Parsed(value=lines or [HoursLine()])


# --- rules ---------------------------------------------------------------------------------------------
def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@rule("elterngeld.child")
def child_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    child = answers.get("child") or {}
    if not child:
        return []
    born = _date(child.get("birth_date"))
    if born is None:
        return [
            Issue(
                "child",
                _(
                    "Sie können Ihre Monate schon vor der Geburt planen. Absenden können Sie den Antrag nach der Geburt: "
                    "Tragen Sie dann das Geburtsdatum im Haushalt ein."
                ),
                warning=True,
            )
        ]
    if plan.life_month(born, ctx.today) > plan.LAST_MONTH:
        return [
            Issue(
                "child",
                _(
                    "Elterngeld gibt es höchstens bis zum 32. Lebensmonat. Für dieses Kind ist diese Zeit vorbei."
                ),
            )
        ]
    return []


@rule("elterngeld.parents")
def parents_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    other = (answers.get("other_email") or "").lower()
    if other and other == ctx.household.email.strip().lower():
        return [
            Issue(
                "other_email",
                _("Bitte geben Sie die E-Mail-Adresse des anderen Elternteils an – nicht Ihre eigene."),
            )
        ]
    return []


@rule("elterngeld.income_limit")
def income_limit_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    if answers.get("income_over_limit") == "ja":
        return [
            Issue(
                "income_over_limit",
                _(
                    "Liegt das zu versteuernde Einkommen über 175.000 €, besteht kein Anspruch auf Elterngeld "
                    "(Geburten ab 1. April 2025, Stand 2025)."
                ),
            )
        ]
    return []


def _part(line: Any, name: str) -> Any:
    return line.get(name) if isinstance(line, dict) else getattr(line, name, None)


def plan_months(answers: dict[str, Any], parent: str, kinds: tuple[str, ...] = plan.KINDS) -> list[int]:
    """A parent's planned months of these kinds, from the typed answer (PlanLine objects or their JSON)."""
    found: list[int] = []
    for line in answers.get(PLAN_FIELD) or []:
        if _part(line, "parent") == parent and _part(line, "kind") in kinds:
            found.extend(_part(line, "months") or [])
    return sorted(found)


@rule("elterngeld.born")
def born_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    child = answers.get("child") or {}
    if child and not child.get("birth_date"):
        return [
            Issue(
                "child",
                _(
                    "Absenden können Sie den Antrag erst nach der Geburt. Tragen Sie dann das Geburtsdatum Ihres Kindes im "
                    "Haushalt ein; Ihr Monatsplan bleibt gespeichert."
                ),
            )
        ]
    return []


@rule("elterngeld.consent")
def consent_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    if answers.get("single_parent") == "ja" or not plan_months(answers, "b") or answers.get("other_email"):
        return []
    return [
        Issue(
            "other_email",
            _(
                "Der andere Elternteil nimmt auch Elterngeld-Monate und muss dem Plan zustimmen: Bitte geben Sie "
                "seine oder ihre E-Mail-Adresse an."
            ),
        )
    ]


@rule("elterngeld.maternity")
def maternity_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    """Months with maternity pay count as the mother's Basis months (§ 4 Abs. 5 BEEG; vereinfacht: the
    Lebensmonate 1 and 2, the eight weeks of Mutterschutz after the birth)."""
    if answers.get("maternity_pay") != "ja":
        return []
    basis = plan_months(answers, "a", ("basis",))
    if all(m in basis for m in (1, 2)):
        return []
    return [
        Issue(
            "maternity_pay",
            _(
                "Die Lebensmonate, in denen Sie Mutterschaftsleistungen bekommen (meist 1 und 2), gelten als Ihre "
                "Monate mit Basiselterngeld. Bitte planen Sie dort im Monatsplan Basiselterngeld für sich."
            ),
            warning=True,
        )
    ]


# --- the estimate ---------------------------------------------------------------------------------------
def net_income(answers: dict[str, Any]) -> Decimal:
    if answers.get("income_kind") in (None, "keins"):
        return Decimal(0)
    try:
        return Decimal(answers.get("net_income") or "0")
    except ArithmeticError:
        return Decimal(0)


@computation("elterngeld.estimate")
def estimate(answers: dict[str, Any], ctx: Context) -> list[tuple[str, str]]:
    if answers.get("income_over_limit") == "ja":
        return []
    basis_months = len(plan_months(answers, "a", ("basis",)))
    plus_months = len(plan_months(answers, "a", ("plus", "bonus")))
    if not basis_months and not plus_months:
        return []
    net = net_income(answers)
    rows: list[tuple[str, str]] = []
    if basis_months:
        rows.append(
            (
                _("Geschätztes Basiselterngeld"),
                _("etwa {amount} im Monat").format(amount=format_money(amount.basis_amount(net))),
            )
        )
    if plus_months:
        rows.append(
            (
                _("Geschätztes ElterngeldPlus oder Partnerschaftsbonus"),
                _("etwa {amount} im Monat").format(amount=format_money(amount.plus_amount(net))),
            )
        )
    rows.append(
        (
            _("Ihre geplanten Monate zusammen"),
            _(
                "etwa {total} ({basis} × Basiselterngeld, {plus} × ElterngeldPlus oder Partnerschaftsbonus)"
            ).format(
                total=format_money(amount.total(net, basis_months, plus_months)),
                basis=basis_months,
                plus=plus_months,
            ),
        )
    )
    notes = [
        _(
            "Unverbindliche Schätzung: Basiselterngeld ersetzt etwa 65 bis 67 % des Nettoeinkommens vor der Geburt "
            "(bei kleinen Einkommen mehr; gezählt bis 2.770 € im Monat), mindestens 300 €, höchstens 1.800 € im "
            "Monat; ElterngeldPlus und Partnerschaftsbonus die Hälfte."
        ),
        _(
            "Nicht berücksichtigt sind Einkommen nach der Geburt, Mutterschaftsleistungen, der Geschwisterbonus "
            "und der Mehrlingszuschlag. Einkommensgrenze: 175.000 € zu versteuerndes Einkommen (Stand 2025). "
            "Verbindlich ist allein der Bescheid der Elterngeldstelle."
        ),
    ]
    if answers.get("maternity_pay") == "ja":
        notes.append(
            _(
                "In Monaten mit Mutterschaftsgeld wird es angerechnet – dort gibt es meist wenig oder kein Elterngeld."
            )
        )
    rows.append((_("Hinweis"), " ".join(notes)))
    return rows


@computation("elterngeld.consent")
def consent_note(answers: dict[str, Any], ctx: Context) -> list[tuple[str, str]]:
    label = _("Zustimmung des anderen Elternteils")
    if answers.get("single_parent") == "ja":
        return [(label, _("Nicht nötig: Sie sind alleinerziehend."))]
    email = answers.get("other_email")
    if not email:
        return [(label, _("Nicht nötig: Der andere Elternteil nimmt keine eigenen Monate."))]
    name = answers.get("other_name") or _("den anderen Elternteil")
    return [
        (
            label,
            _(
                "Nach dem Absenden bitten wir {name} per E-Mail an {email}, dem Monatsplan mit einem eigenen Konto "
                "zuzustimmen. Danach unterschreiben Sie die Unterschriftsseite."
            ).format(name=name, email=email),
        )
    ]


# --- the quick check -------------------------------------------------------------------------------------
@assessment("elterngeld.quick")
def quick(answers: dict[str, Any], ctx: Context) -> Assessment:
    over_limit = answers.get("q_over_limit") == "ja"
    single = answers.get("q_single") == "ja"
    income = answers.get("q_income")
    if over_limit:
        return Assessment(
            likely=False,
            reasons=(
                _(
                    "Liegt das zu versteuernde Einkommen über 175.000 €, gibt es kein Elterngeld (Geburten ab "
                    "1. April 2025, Stand 2025). Elternzeit können Sie trotzdem nehmen."
                ),
            ),
        )
    reasons: list[str] = []
    if income == "keins":
        reasons.append(
            _("Auch ohne Einkommen vor der Geburt gibt es den Mindestbetrag: 300 € Basiselterngeld im Monat.")
        )
    else:
        reasons.append(
            _(
                "Elterngeld ersetzt etwa 65 bis 67 % Ihres Nettoeinkommens vor der Geburt – mindestens 300 €, "
                "höchstens 1.800 € im Monat. ElterngeldPlus ist halb so hoch und gibt es doppelt so lange."
            )
        )
    if single:
        reasons.append(
            _("Als Alleinerziehende oder Alleinerziehender können Sie alle 14 Monate allein nehmen.")
        )
    else:
        reasons.append(_("Nehmen Sie beide Elterngeld, gibt es 2 Partnermonate dazu: 14 statt 12 Monate."))
        if answers.get("q_other_income") == "ja" and income != "keins":
            reasons.append(
                _(
                    "Arbeiten Sie beide nach der Geburt gleichzeitig 24 bis 32 Stunden pro Woche, kommt der "
                    "Partnerschaftsbonus für 2 bis 4 Monate hinzu."
                )
            )
    if answers.get("q_born") == "nein":
        reasons.append(
            _(
                "Planen können Sie schon jetzt. Absenden können Sie den Antrag nach der Geburt – am besten in den "
                "ersten drei Lebensmonaten, denn rückwirkend wird nur für drei Lebensmonate gezahlt."
            )
        )
    prepare = [_("Die Geburtsbescheinigung „zur Beantragung von Elterngeld“ (im Original, per Post)")]
    if income in ("angestellt", "beides"):
        prepare.append(_("Lohn- und Gehaltsabrechnungen der 12 Monate vor der Geburt"))
    if income in ("selbststaendig", "beides"):
        prepare.append(_("Den Steuerbescheid des letzten Jahres oder eine Gewinnermittlung"))
    prepare.append(
        _("Die Bescheinigung über Mutterschaftsgeld und Arbeitgeberzuschuss, wenn Sie welche bekommen")
    )
    if single:
        prepare.append(
            _("Einen Nachweis, dass Sie alleinerziehend sind, zum Beispiel eine Meldebescheinigung")
        )
    else:
        prepare.append(_("Name und E-Mail-Adresse des anderen Elternteils"))
    prepare.append(_("Ihre IBAN"))
    return Assessment(likely=True, reasons=tuple(reasons), prepare=tuple(prepare))
