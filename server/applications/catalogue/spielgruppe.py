"""Zuschuss zum Spielgruppenbeitrag (DOMAIN.md §6 "Spielgruppen subsidy", field table H).

A Spielgruppe is a facility with a licence (§ 45 SGB VIII) that gets no KiBiz funding. Wuppertal paid
€30 a month for children aged two or more booked at least 12 hours a week, until one month before the third
birthday (DOMAIN.md [X1]; the source is old - "verify"). This definition keeps those figures as assumptions
and says so to the parent (step intro and the computation).

Months are counted whole: from the month of the start or of the second birthday, whichever is later, up to
and including the month before the month of the third birthday.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import msgspec

from server.applications.context import Context
from server.applications.definitions import (
    Declaration,
    Field,
    NextStep,
    Option,
    ProofSpec,
    ServiceDefinition,
    Step,
)
from server.applications.fields import format_date, format_money
from server.applications.registry import Issue, computation, rule
from server.dates import add_months
from server.web.i18n import _

MONTHLY_SUBSIDY = 30  # euros; DOMAIN.md [X1], to be verified with the municipality
MIN_HOURS = 12
ASSUMPTION = _(
    "Annahme: 30 € im Monat für Kinder ab zwei Jahren mit mindestens 12 gebuchten Stunden pro Woche, bis "
    "einen Monat vor dem dritten Geburtstag – so hat die Stadt die Förderung 2013 beschrieben. Die aktuelle "
    "Richtlinie kann davon abweichen; verbindlich ist der Bescheid."
)
WEEKDAYS = (
    Option("mo", _("Montag")),
    Option("di", _("Dienstag")),
    Option("mi", _("Mittwoch")),
    Option("do", _("Donnerstag")),
    Option("fr", _("Freitag")),
)

DEFINITION = ServiceDefinition(
    id="spielgruppe",
    reference_prefix="SPG",
    title=_("Zuschuss zum Spielgruppenbeitrag"),
    short_title=_("Spielgruppenzuschuss"),
    summary=_("Ein monatlicher Zuschuss, wenn Ihr zweijähriges Kind eine Spielgruppe besucht."),
    life_situation="kinderbetreuung",
    prepare=(
        _("Die Bestätigung der Spielgruppe über Beginn, Stunden pro Woche und Beitrag"),
        _("Ihre IBAN"),
    ),
    duration_minutes=5,
    legal_basis=_("Förderrichtlinie Ihrer Stadt für Spielgruppen; § 45 SGB VIII (Betriebserlaubnis)"),
    office=_("Jugendamt – Kindertagesbetreuung"),
    steps=(
        Step(
            id="kind",
            title=_("Ihr Kind"),
            section=_("Kind"),
            fields=(
                Field(
                    id="child",
                    type="child",
                    label=_("Für welches Kind?"),
                    summary_label=_("Kind"),
                    hint=_(
                        "Den Zuschuss gibt es für Kinder ab zwei Jahren bis kurz vor dem dritten Geburtstag."
                    ),
                    prefill="household.only_child",
                    messages={"required": _("Bitte wählen Sie das Kind aus.")},
                ),
            ),
            checks=("spielgruppe.child_born",),
        ),
        Step(
            id="spielgruppe",
            title=_("Die Spielgruppe"),
            section=_("Spielgruppe"),
            fields=(
                Field(
                    id="group_name",
                    type="text",
                    label=_("Name der Spielgruppe"),
                    max_length=120,
                    messages={"required": _("Bitte geben Sie den Namen der Spielgruppe an.")},
                ),
                Field(
                    id="group_provider",
                    type="text",
                    label=_("Träger der Spielgruppe (freiwillig)"),
                    hint=_("Zum Beispiel ein Verein oder eine Kirchengemeinde."),
                    required=False,
                    max_length=120,
                ),
                Field(
                    id="group_address",
                    type="address",
                    label=_("Anschrift der Spielgruppe"),
                    messages={"required": _("Bitte geben Sie die Anschrift der Spielgruppe an.")},
                ),
                Field(
                    id="licence",
                    type="choice",
                    label=_("Hat die Spielgruppe eine Betriebserlaubnis?"),
                    hint=_(
                        "Die Betriebserlaubnis erteilt das Landesjugendamt (§ 45 SGB VIII). Die Spielgruppe "
                        "kann Ihnen sagen, ob sie eine hat."
                    ),
                    options=(
                        Option("ja", _("Ja")),
                        Option("nein", _("Nein")),
                        Option("weiss_nicht", _("Ich weiß es nicht")),
                    ),
                    messages={
                        "required": _("Bitte geben Sie an, ob die Spielgruppe eine Betriebserlaubnis hat.")
                    },
                ),
            ),
            checks=("spielgruppe.licence",),
        ),
        Step(
            id="besuch",
            title=_("Besuch und Beitrag"),
            section=_("Spielgruppe"),
            intro=ASSUMPTION,
            fields=(
                Field(
                    id="start",
                    type="date",
                    label=_("Seit wann oder ab wann besucht Ihr Kind die Spielgruppe?"),
                    hint=_("Zum Beispiel 1 9 2026"),
                    messages={"required": _("Bitte geben Sie an, ab wann Ihr Kind die Spielgruppe besucht.")},
                ),
                Field(
                    id="hours",
                    type="number",
                    label=_("Wie viele Stunden pro Woche sind gebucht?"),
                    hint=_("Gefördert werden Plätze mit mindestens 12 Stunden pro Woche."),
                    min=MIN_HOURS,
                    max=50,
                    width="3",
                    messages={
                        "required": _("Bitte geben Sie die gebuchten Stunden pro Woche an."),
                        "min": _("Einen Zuschuss gibt es nur bei mindestens 12 gebuchten Stunden pro Woche."),
                    },
                ),
                Field(
                    id="attendance",
                    type="multichoice",
                    label=_("An welchen Tagen besucht Ihr Kind die Spielgruppe?"),
                    options=WEEKDAYS,
                    messages={"required": _("Bitte wählen Sie mindestens einen Tag aus.")},
                ),
                Field(
                    id="fee",
                    type="money",
                    label=_("Monatlicher Beitrag der Spielgruppe"),
                    hint=_("Was Sie der Spielgruppe im Monat zahlen, ohne Essensgeld."),
                    min=0,
                    max=2000,
                    width="10",
                    messages={"required": _("Bitte geben Sie den monatlichen Beitrag an.")},
                ),
                Field(
                    id="other_care",
                    type="yesno",
                    label=_("Wird Ihr Kind außerdem in einer Kita oder in der Kindertagespflege betreut?"),
                    messages={"required": _("Bitte geben Sie an, ob Ihr Kind außerdem betreut wird.")},
                ),
                Field(
                    id="confirmation",
                    type="proof",
                    label=_("Bestätigung der Spielgruppe"),
                    proof=ProofSpec(
                        kind="spielgruppe_bestaetigung",
                        accepted=_(
                            "Eine Bestätigung der Spielgruppe über Beginn, gebuchte Stunden pro Woche und "
                            "monatlichen Beitrag, zum Beispiel der Vertrag."
                        ),
                        max_pages=4,
                    ),
                ),
            ),
            checks=("spielgruppe.period",),
        ),
        Step(
            id="konto",
            title=_("Bankverbindung"),
            section=_("Auszahlung"),
            intro=_("Auf dieses Konto zahlt das Jugendamt den Zuschuss."),
            fields=(
                Field(
                    id="account_holder",
                    type="text",
                    label=_("Kontoinhaberin oder Kontoinhaber"),
                    autocomplete="name",
                    max_length=120,
                    messages={"required": _("Bitte geben Sie an, wem das Konto gehört.")},
                ),
                Field(
                    id="iban",
                    type="iban",
                    label=_("IBAN"),
                    messages={"required": _("Bitte geben Sie die IBAN an.")},
                ),
            ),
        ),
    ),
    declarations=(
        Declaration(
            id="truthful",
            label=_("Ich versichere, dass meine Angaben richtig und vollständig sind."),
            text=_(
                "Endet der Besuch der Spielgruppe oder werden weniger Stunden gebucht, teile ich das dem "
                "Jugendamt sofort mit (§ 60 SGB I)."
            ),
        ),
        Declaration(
            id="privacy",
            label=_("Ich habe die Datenschutzhinweise gelesen."),
            text=_(
                "Das Jugendamt verarbeitet Ihre Angaben, um über den Zuschuss zu entscheiden, und darf sie bei "
                "der Spielgruppe überprüfen (§§ 67 ff. SGB X)."
            ),
        ),
    ),
    computations=("spielgruppe.subsidy",),
    next_steps={
        "submitted": NextStep(_("Das Jugendamt prüft Ihren Antrag und schickt Ihnen einen Bescheid."), 21),
    },
)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def _birthday(birth: dt.date, years: int) -> dt.date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February
        return dt.date(birth.year + years, 3, 1)


class Period(msgspec.Struct, frozen=True, kw_only=True):
    """The months with a subsidy (first days of the months), both included; empty when last < first."""

    first: dt.date
    last: dt.date
    ends: dt.date  # one month before the third birthday

    @property
    def months(self) -> int:
        return max(0, (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1)


def subsidy_period(birth: dt.date, start: dt.date) -> Period:
    """From the month of the start or of the second birthday (the later), to the month before the month of
    the third birthday ("until one month before age 3")."""
    first = max(start, _birthday(birth, 2)).replace(day=1)
    ends = add_months(_birthday(birth, 3), -1)
    return Period(first=first, last=ends.replace(day=1), ends=ends)


def monthly_subsidy(fee: Decimal | None = None) -> Decimal:
    """The monthly subsidy, never more than the fee the parents pay."""
    amount = Decimal(MONTHLY_SUBSIDY)
    return min(amount, fee) if fee is not None else amount


def _month(day: dt.date) -> str:
    return day.strftime("%m/%Y")


@rule("spielgruppe.child_born")
def child_born(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    child = answers.get("child") or {}
    if child and not child.get("birth_date"):
        return [
            Issue(
                "child", _("Den Zuschuss gibt es für Kinder ab zwei Jahren. Ihr Kind ist noch nicht geboren.")
            )
        ]
    birth = _date(child.get("birth_date"))
    if birth and subsidy_period(birth, ctx.today).months == 0:
        return [
            Issue(
                "child",
                _(
                    "Ihr Kind wird am {date} drei Jahre alt. Den Zuschuss gibt es nur bis einen Monat vor dem "
                    "dritten Geburtstag. Ab drei Jahren hat Ihr Kind Anspruch auf einen Platz in einer Kita."
                ).format(date=format_date(_birthday(birth, 3))),
            )
        ]
    return []


@rule("spielgruppe.licence")
def licence(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    if answers.get("licence") == "nein":
        return [
            Issue(
                "licence",
                _(
                    "Gefördert werden nur Spielgruppen mit Betriebserlaubnis (§ 45 SGB VIII). Fragen Sie die "
                    "Spielgruppe, ob sie eine beantragt hat."
                ),
            )
        ]
    if answers.get("licence") == "weiss_nicht":
        return [
            Issue(
                "licence",
                _("Das Jugendamt prüft, ob die Spielgruppe eine Betriebserlaubnis hat."),
                warning=True,
            )
        ]
    return []


@rule("spielgruppe.period")
def period(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    birth, start = _date((answers.get("child") or {}).get("birth_date")), _date(answers.get("start"))
    issues: list[Issue] = []
    if birth and start:
        found = subsidy_period(birth, start)
        if found.months == 0:
            issues.append(
                Issue(
                    "start",
                    _(
                        "Den Zuschuss gibt es nur bis einen Monat vor dem dritten Geburtstag, also bis {date}. "
                        "Für einen Beginn am {start} wird er nicht mehr gezahlt."
                    ).format(date=format_date(found.ends), start=format_date(start)),
                )
            )
        elif start < _birthday(birth, 2):
            issues.append(
                Issue(
                    "start",
                    _(
                        "Ihr Kind ist zu Beginn noch keine zwei Jahre alt. Den Zuschuss gibt es ab {month}."
                    ).format(month=_month(found.first)),
                    warning=True,
                )
            )
    if answers.get("other_care") == "ja":
        issues.append(
            Issue(
                "other_care",
                _(
                    "Der Zuschuss ist für Kinder gedacht, die keinen öffentlich geförderten Platz nutzen. Das "
                    "Jugendamt prüft Ihren Fall."
                ),
                warning=True,
            )
        )
    return issues


@computation("spielgruppe.subsidy")
def subsidy_rows(answers: dict[str, Any], ctx: Context) -> list[tuple[str, str]]:
    birth, start = _date((answers.get("child") or {}).get("birth_date")), _date(answers.get("start"))
    fee = Decimal(answers["fee"]) if answers.get("fee") else None
    if birth is None or start is None:
        return []
    found = subsidy_period(birth, start)
    if found.months == 0:
        return []
    amount = monthly_subsidy(fee)
    rows = [
        (_("Zuschuss im Monat"), format_money(amount)),
        (
            _("Gezahlt für"),
            _("{first} bis {last}: {n} Monate, zusammen {total}").format(
                first=_month(found.first),
                last=_month(found.last),
                n=found.months,
                total=format_money(amount * found.months),
            ),
        ),
        (
            _("Endet"),
            _("einen Monat vor dem dritten Geburtstag, am {date}").format(date=format_date(found.ends)),
        ),
    ]
    if amount < MONTHLY_SUBSIDY:
        rows.append((_("Hinweis zum Betrag"), _("Der Zuschuss ist nicht höher als Ihr Beitrag.")))
    rows.append((_("Annahme"), ASSUMPTION))
    return rows
