"""The public fee calculator's form: German input in, a FeeHousehold out, or German messages at the field.

Pure functions over `server.web.forms.Form` (unit-tested); the controller only reads and renders.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from server.dates import add_months, month_label
from server.fees.config import KITA_MAX_HOURS, CareType, FeeSchedule
from server.fees.rules import Benefit, FeeChild, FeeHousehold, benefit_label, care_label, regular_school_start
from server.web.forms import Form
from server.web.i18n import _

MAX_CHILDREN = 3
MONTHS_AHEAD = 12
MORE_HOURS = "mehr"
NO_BENEFIT = "keine"
YES = "yes"
MAX_INCOME = Decimal(100_000_000)
MONTH_VALUE = re.compile(r"^([0-9]{4})-([0-9]{2})$")
# "45.000", "1.234.567,89", "45000", "45000,50", "45000.50" (a point before one or two digits is a decimal point)
GROUPED = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?$")
PLAIN = re.compile(r"^[0-9]+(?:[,.][0-9]{1,2})?$")
CURRENCY = re.compile(r"\s*(?:€|eur|euro)\s*$", re.IGNORECASE)
SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_euro(text: str) -> Decimal | None:
    """A euro amount as Germans type it, or None: "45.000", "45000,50", "45 000 €" → Decimal."""
    value = SPACES.sub("", CURRENCY.sub("", text.strip()))
    if GROUPED.match(value):
        value = value.replace(".", "").replace(",", ".")
    elif PLAIN.match(value):
        value = value.replace(",", ".")
    else:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the patterns only let digits through
        return None


def month_options(today: dt.date, months: int = MONTHS_AHEAD) -> list[tuple[str, str]]:
    """This month and the next `months` months as (value "2026-08", label "August 2026")."""
    first = today.replace(day=1)
    return [
        (month.strftime("%Y-%m"), month_label(month))
        for month in (add_months(first, offset) for offset in range(months + 1))
    ]


def hours_options(schedule: FeeSchedule) -> list[tuple[str, str]]:
    options = [(str(h), _("{n} Stunden").format(n=h)) for h in schedule.hours_options()]
    if schedule.has_more_hours:
        options.append(
            (
                MORE_HOURS,
                _("mehr als {n} Stunden (nur Kindertagespflege)").format(n=schedule.hours_options()[-1]),
            )
        )
    return options


def care_options() -> list[tuple[str, str]]:
    return [(care.value, care_label(care)) for care in CareType]


def benefit_options() -> list[tuple[str, str]]:
    return [(NO_BENEFIT, _("Nein, keine dieser Leistungen"))] + [(b.value, benefit_label(b)) for b in Benefit]


def initial_values(today: dt.date) -> dict[str, str]:
    return {"benefit": NO_BENEFIT, "month": today.strftime("%Y-%m")}


def child_fields(n: int) -> tuple[str, ...]:
    prefix = f"child{n}"
    return (
        f"{prefix}_birth_date-day",
        f"{prefix}_birth_date-month",
        f"{prefix}_birth_date-year",
        f"{prefix}_care",
        f"{prefix}_hours",
        f"{prefix}_deferred",
    )


def _month(form: Form, today: dt.date) -> dt.date | None:
    value = form["month"] or today.strftime("%Y-%m")
    match = MONTH_VALUE.match(value)
    allowed = {v for v, _label in month_options(today)}
    if match is None or value not in allowed:
        form.error("month", _("Bitte wählen Sie einen Monat aus der Liste aus."))
        return None
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _income(form: Form) -> Decimal | None:
    text = form.optional("income", 40)
    if "income" in form.errors:
        return None
    if not text:
        form.error(
            "income",
            _(
                "Bitte geben Sie Ihr Jahreseinkommen ein – oder wählen Sie „Ich akzeptiere den "
                "Höchstbeitrag“."
            ),
        )
        return None
    if text.lstrip().startswith("-"):
        form.error(
            "income", _("Das Einkommen kann nicht negativ sein. Geben Sie 0 ein, wenn Sie keines haben.")
        )
        return None
    amount = parse_euro(text)
    if amount is None:
        form.error(
            "income",
            _("Bitte geben Sie das Einkommen als Betrag in Euro ein, zum Beispiel 45.000 oder 45000,50."),
        )
        return None
    if amount >= MAX_INCOME:
        form.error("income", _("Bitte prüfen Sie das Einkommen: Der Betrag ist zu hoch."))
        return None
    return amount


def _child(
    form: Form, schedule: FeeSchedule, n: int, today: dt.date, month: dt.date | None
) -> FeeChild | None:
    prefix = f"child{n}"
    whose = _("des {n}. Kindes").format(n=n)
    label = _("das Geburtsdatum {whose}").format(whose=whose)
    try:
        birth = form.date(f"{prefix}_birth_date", label)
    except OverflowError:  # a day or year of many digits (the inputs' maxlength is only a hint)
        form.error(
            f"{prefix}_birth_date",
            _("Bitte prüfen Sie {label}: Diesen Tag gibt es im Kalender nicht.").format(label=label),
        )
        birth = None
    deferred = form[f"{prefix}_deferred"] == YES
    school_start: dt.date | None = None
    if birth is not None:
        school = regular_school_start(birth)
        if deferred:  # a deferral (Zurückstellung) moves school one year later
            school = school_start = school.replace(year=school.year + 1)
        if birth > today:
            form.error(f"{prefix}_birth_date", _("Das Geburtsdatum darf nicht in der Zukunft liegen."))
        elif month is not None and birth > month:
            form.error(
                f"{prefix}_birth_date",
                _(
                    "Das {n}. Kind ist am Anfang des gewählten Monats noch nicht geboren. Bitte wählen Sie "
                    "einen späteren Monat."
                ).format(n=n),
            )
        elif month is not None and month >= school:
            form.error(
                f"{prefix}_birth_date",
                _(
                    "Nach diesem Geburtsdatum geht das {n}. Kind im gewählten Monat schon zur Schule (ab "
                    "{date}). Der Rechner gilt für Kita und Kindertagespflege bis zur Einschulung."
                ).format(n=n, date=school.strftime("%d.%m.%Y")),
            )
    care_value = form[f"{prefix}_care"]
    care = CareType(care_value) if care_value in {c.value for c in CareType} else None
    if care is None:
        form.error(
            f"{prefix}_care",
            _(
                "Bitte wählen Sie aus, ob das {n}. Kind in eine Kita oder in die Kindertagespflege geht."
            ).format(n=n),
        )
    hours_value = form[f"{prefix}_hours"]
    hours: int | None = None
    if hours_value not in {value for value, _label in hours_options(schedule)}:
        form.error(
            f"{prefix}_hours", _("Bitte wählen Sie die Betreuungszeit {whose} aus.").format(whose=whose)
        )
    elif care is not None:
        table = schedule.table_for(care)
        if hours_value == MORE_HOURS:
            if care is CareType.KITA:
                form.error(
                    f"{prefix}_hours",
                    _(
                        "In der Kita sind höchstens {max} Stunden in der Woche möglich. Mehr als {max} Stunden "
                        "gibt es nur in der Kindertagespflege."
                    ).format(max=KITA_MAX_HOURS),
                )
            elif not table.more_hours:
                form.error(
                    f"{prefix}_hours",
                    _("In der Kindertagespflege sieht die Tabelle höchstens {max} Stunden vor.").format(
                        max=table.hours[-1]
                    ),
                )
            else:
                hours = table.hours[-1] + 1
        elif int(hours_value) not in table.hours:
            choices = ", ".join(str(h) for h in table.hours)
            form.error(
                f"{prefix}_hours",
                _("Für {care} gibt es diese Betreuungszeit nicht. Möglich sind {choices} Stunden.").format(
                    care=care_label(care), choices=choices
                ),
            )
        else:
            hours = int(hours_value)
    if birth is None or care is None or hours is None or not form.ok:
        return None
    return FeeChild(
        birth_date=birth,
        care=care,
        weekly_hours=hours,
        school_start=school_start,
        label=_("{n}. Kind").format(n=n),
    )


def calculator_from_form(
    form: Form, schedule: FeeSchedule, today: dt.date
) -> tuple[FeeHousehold, dt.date] | None:
    """The household and the month to price, or None with German messages in `form.errors`.

    Rows 2 and 3 are optional: a row counts when anything in it is filled in. Row 1 is always needed.
    """
    month = _month(form, today)
    benefit_value = form["benefit"] or NO_BENEFIT
    allowed = {value for value, _label in benefit_options()}
    benefit: Benefit | None = None
    if benefit_value not in allowed:
        form.error("benefit", _("Bitte wählen Sie eine der Möglichkeiten aus."))
    elif benefit_value != NO_BENEFIT:
        benefit = Benefit(benefit_value)
    top_bracket = form["top_bracket"] == YES
    income: Decimal | None = None
    if benefit is None and not top_bracket and "benefit" not in form.errors:
        income = _income(form)
    children: list[FeeChild] = []
    for n in range(1, MAX_CHILDREN + 1):
        if n > 1 and not any(form[name] for name in child_fields(n)):
            continue
        child = _child(form, schedule, n, today, month)
        if child is not None:
            children.append(child)
    if not form.ok or month is None:
        return None
    household = FeeHousehold(
        children=tuple(children),
        income=income,
        top_bracket_accepted=top_bracket and benefit is None,
        benefit=benefit,
    )
    return household, month
