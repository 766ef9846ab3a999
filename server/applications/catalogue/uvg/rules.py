"""The rules of the Unterhaltsvorschuss application: who cannot get it (and why), the expected monthly amount
with what is credited and the back-payment rule, and the quick check's assessment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from server.applications.catalogue.uvg.amounts import (
    AGE_GROUP_LABELS,
    AGE_GROUPS,
    END_AGE,
    expected_amount,
    last_day,
)
from server.applications.catalogue.uvg.definition import PAID
from server.applications.conditions import age_in_years
from server.applications.context import Context
from server.applications.fields import format_date, format_money
from server.applications.registry import Assessment, Issue, assessment, computation, rule
from server.dates import add_months, month_label
from server.web.i18n import _

# Nights a month at the other parent's from which the office looks closely at where the child mainly lives.
MANY_NIGHTS = 13


# --- rules ------------------------------------------------------------------------------------------------
def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def _birth(answers: dict[str, Any], key: str = "child") -> dt.date | None:
    return _date((answers.get(key) or {}).get("birth_date"))


def child_problem(child: dict[str, Any] | None, today: dt.date) -> str | None:
    """Why there is no claim for this child (unborn, 18 or older), or None."""
    if not child:
        return None
    birth = _date(child.get("birth_date"))
    if birth is None:
        return _(
            "Unterhaltsvorschuss gibt es erst ab der Geburt. Stellen Sie den Antrag, sobald Ihr Kind geboren ist."
        )
    if age_in_years(birth, today) >= END_AGE:
        return _(
            "Ihr Kind ist 18 Jahre oder älter. Unterhaltsvorschuss gibt es nur bis zum Tag vor dem "
            "18. Geburtstag (§ 1 Abs. 1 UVG)."
        )
    return None


LIVES_WITH_PROBLEMS = {
    "wechselmodell": _(
        "Unterhaltsvorschuss gibt es nur, wenn Ihr Kind überwiegend bei Ihnen lebt. Betreuen Sie Ihr Kind "
        "etwa gleich lange wie der andere Elternteil (Wechselmodell), besteht kein Anspruch. Lebt Ihr Kind "
        "überwiegend bei Ihnen, wählen Sie „Nur bei mir“ und beschreiben Sie den Umgang im nächsten Schritt."
    ),
    "beide_eltern": _(
        "Unterhaltsvorschuss gibt es nicht, wenn Sie mit dem anderen Elternteil zusammenleben (§ 1 Abs. 3 "
        "UVG). Ziehen Sie auseinander, können Sie den Antrag ab dem Auszug stellen."
    ),
    "woanders": _(
        "Unterhaltsvorschuss gibt es nur für ein Kind, das bei einem Elternteil lebt. Den Antrag stellt der "
        "Elternteil, bei dem das Kind wohnt. Lebt Ihr Kind bei Verwandten oder in einer Pflegefamilie, "
        "berät Sie das Jugendamt zu anderen Leistungen."
    ),
}


@rule("uvg.child")
def child_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    problem = child_problem(answers.get("child"), ctx.today)
    return [Issue("child", problem)] if problem else []


@rule("uvg.lives_with")
def lives_with_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    issues = []
    problem = LIVES_WITH_PROBLEMS.get(answers.get("lives_with") or "")
    if problem:
        issues.append(Issue("lives_with", problem))
    since, birth = _date(answers.get("lives_with_since")), _birth(answers)
    if since and birth and since < birth:
        issues.append(
            Issue(
                "lives_with_since",
                _(
                    "Das Datum liegt vor der Geburt Ihres Kindes am {date}. Bitte geben Sie ein späteres Datum an."
                ).format(date=format_date(birth)),
            )
        )
    return issues


@rule("uvg.applicant")
def applicant_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    issues = []
    if answers.get("marital_status") == "verheiratet":
        issues.append(
            Issue(
                "marital_status",
                _(
                    "Unterhaltsvorschuss gibt es nur, wenn Sie ledig, verwitwet, geschieden oder dauernd getrennt "
                    "lebend sind (§ 1 Abs. 1 UVG). Leben Sie mit Ihrer Ehepartnerin oder Ihrem Ehepartner "
                    "zusammen – auch wenn es nicht der andere Elternteil des Kindes ist –, besteht kein Anspruch."
                ),
            )
        )
    if answers.get("residence_title") == "andere":
        issues.append(
            Issue(
                "residence_title",
                _(
                    "Mit einer Aufenthaltsgestattung oder Duldung besteht in der Regel kein Anspruch (§ 1 Abs. 2a "
                    "UVG). Das Jugendamt prüft Ihren Fall."
                ),
                warning=True,
            )
        )
    return issues


@rule("uvg.contact")
def contact_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    nights = answers.get("contact_nights")
    if isinstance(nights, int) and nights >= MANY_NIGHTS:
        return [
            Issue(
                "contact_nights",
                _(
                    "Ihr Kind ist einen wesentlichen Teil der Zeit beim anderen Elternteil. Das Jugendamt prüft "
                    "dann genau, ob es überwiegend bei Ihnen lebt. Bitte beschreiben Sie den Umgang so genau wie "
                    "möglich."
                ),
                warning=True,
            )
        ]
    return []


@rule("uvg.maintenance")
def maintenance_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    if answers.get("payments") == "ausreichend":
        return [
            Issue(
                "payments",
                _(
                    "Zahlt der andere Elternteil regelmäßig mindestens so viel wie der Unterhaltsvorschuss, bleibt "
                    "nach der Anrechnung nichts übrig. Sie können den Antrag trotzdem stellen, zum Beispiel wenn "
                    "die Zahlungen gerade aufhören."
                ),
                warning=True,
            )
        ]
    return []


@rule("uvg.age12")
def age12_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    if answers.get("sgb2") == "ja" and answers.get("income_600") == "nein":
        return [
            Issue(
                "income_600",
                _(
                    "Dann gibt es Unterhaltsvorschuss nur, wenn er das Bürgergeld Ihres Kindes überflüssig macht. "
                    "Das klärt das Jugendamt mit dem Jobcenter – Sie können den Antrag trotzdem stellen."
                ),
                warning=True,
            )
        ]
    return []


# --- the expected amount -----------------------------------------------------------------------------------
def credited_income(answers: dict[str, Any]) -> tuple[tuple[str, Decimal], ...]:
    """What is taken off the amount (§ 2 Abs. 3 UVG): maintenance the other parent pays and orphan benefits."""
    credited: list[tuple[str, Decimal]] = []
    if answers.get("payments") in PAID and answers.get("payments_amount"):
        credited.append((_("Unterhalt vom anderen Elternteil"), Decimal(answers["payments_amount"])))
    if answers.get("orphan_benefits") == "ja" and answers.get("orphan_amount"):
        credited.append((_("Waisenrente oder Waisengeld"), Decimal(answers["orphan_amount"])))
    return tuple(c for c in credited if c[1] > 0)


def back_payment(answers: dict[str, Any], today: dt.date) -> tuple[dt.date, str]:
    """The earliest start (§ 4 UVG: at most the month before the application; only with reasonable efforts
    to get maintenance from a known other parent) and the explanation."""
    this_month = today.replace(day=1)
    previous = add_months(this_month, -1)
    efforts_needed = answers.get("other_parent_status") == "bekannt"
    possible = not efforts_needed or answers.get("efforts") == "ja"
    earliest = previous if possible else this_month
    since = max(d for d in (_date(answers.get("lives_with_since")), _birth(answers), earliest) if d)
    if possible:
        text = _(
            "Rückwirkend zahlt das Jugendamt höchstens für den Monat vor dem Antrag (§ 4 UVG). Geht Ihr Antrag "
            "im {month} ein, frühestens ab {date}."
        ).format(month=month_label(this_month), date=format_date(since))
    else:
        text = _(
            "Für den Vormonat zahlt das Jugendamt nur, wenn Sie sich in diesem Monat um Unterhalt vom anderen "
            "Elternteil bemüht haben (§ 4 UVG). Frühester Beginn daher: {date}."
        ).format(date=format_date(since))
    return since, text


@computation("uvg.amount")
def amount_rows(answers: dict[str, Any], ctx: Context) -> list[tuple[str, str]]:
    birth = _birth(answers)
    if birth is None or child_problem(answers.get("child"), ctx.today):
        return []
    credited = credited_income(answers)
    expected = expected_amount(birth, ctx.today, credited)
    if expected is None:
        return []
    month = expected.month
    rows = [
        (
            _("Unterhaltsvorschuss im {month}").format(month=month_label(month)),
            _("{amount} im Monat (Altersstufe {group})").format(
                amount=format_money(expected.amount), group=AGE_GROUP_LABELS[expected.group]
            ),
        )
    ]
    if expected.year_used != month.year:
        rows.append(
            (
                _("Hinweis zu den Beträgen"),
                _(
                    "Die Beträge für {year} sind noch nicht hinterlegt; gerechnet mit denen von {known}."
                ).format(year=month.year, known=expected.year_used),
            )
        )
    for label, value in credited:
        rows.append((_("Angerechnet: {label}").format(label=label), "– " + format_money(value)))
    rows.append(
        (
            _("Voraussichtlicher Unterhaltsvorschuss"),
            _("{amount} im Monat").format(amount=format_money(expected.payable)),
        )
    )
    # The next age group, from the month of the 6th or 12th birthday.
    if expected.group < len(AGE_GROUPS) - 1:
        boundary = AGE_GROUPS[expected.group + 1][0]
        change = add_months(birth.replace(day=1), 12 * boundary)
        later = expected_amount(birth, change, credited)
        if later is not None:
            rows.append(
                (
                    _("Ab {month}").format(month=month_label(change)),
                    _("{amount} im Monat (Altersstufe {group}, nach den heute bekannten Beträgen)").format(
                        amount=format_money(later.amount), group=AGE_GROUP_LABELS[later.group]
                    ),
                )
            )
    end = last_day(birth)
    ends = _("bis {date}, dem Tag vor dem 18. Geburtstag").format(date=format_date(end))
    if end.replace(day=1) == month:
        ends += " – " + _("in diesem Monat wird nur noch anteilig gezahlt")
    rows.append((_("Längstens"), ends))
    _start, text = back_payment(answers, ctx.today)
    rows.append((_("Rückwirkende Zahlung"), text))
    if answers.get("child_income") == "ja":
        rows.append(
            (
                _("Einkommen Ihres Kindes"),
                _("Das Jugendamt rechnet das Einkommen Ihres Kindes zusätzlich an (§ 2 Abs. 4 UVG)."),
            )
        )
    rows.append((_("Hinweis"), _("Unverbindliche Berechnung. Verbindlich ist der Bescheid des Jugendamts.")))
    return rows


# --- the quick check ---------------------------------------------------------------------------------------
QUICK_NO = {
    "wechselmodell": _(
        "Im Wechselmodell, wenn Ihr Kind etwa gleich lange bei beiden Eltern lebt, gibt es keinen Unterhaltsvorschuss."
    ),
    "beide_eltern": _(
        "Wenn Sie mit dem anderen Elternteil zusammenleben, gibt es keinen Unterhaltsvorschuss."
    ),
    "woanders": _("Den Unterhaltsvorschuss beantragt der Elternteil, bei dem das Kind lebt."),
}


@assessment("uvg.quick")
def quick_assessment(answers: dict[str, Any], ctx: Context) -> Assessment:
    child = answers.get("q_child") or {}
    problem = child_problem(child, ctx.today)
    if problem:
        return Assessment(likely=False, reasons=(problem,))
    birth = _birth(answers, "q_child")
    assert birth is not None
    no = [QUICK_NO[v] for v in (answers.get("q_lives_with"),) if v in QUICK_NO]
    if answers.get("q_payments") == "ausreichend":
        no.append(
            _(
                "Der andere Elternteil zahlt schon regelmäßig mindestens so viel, wie der Unterhaltsvorschuss betragen würde."
            )
        )
    if no:
        return Assessment(likely=False, reasons=tuple(no))
    age = age_in_years(birth, ctx.today)
    expected = expected_amount(birth, ctx.today)
    reasons: list[str] = []
    likely: bool | None = True
    if expected is not None:
        reasons.append(
            _(
                "Für Ihr Kind (Altersstufe {group}) beträgt der Unterhaltsvorschuss {year} bis zu {amount} im Monat."
            ).format(
                group=AGE_GROUP_LABELS[expected.group],
                year=ctx.today.year,
                amount=format_money(expected.amount),
            )
        )
    if answers.get("q_payments") in PAID:
        reasons.append(_("Unterhalt, den der andere Elternteil zahlt, wird davon abgezogen."))
    if age >= 12 and answers.get("q_sgb2") == "ja" and answers.get("q_income_600") == "nein":
        likely = None
        reasons.append(
            _(
                "Ab 12 Jahren mit Bürgergeld und weniger als 600 € brutto Einkommen gibt es Unterhaltsvorschuss nur, "
                "wenn er das Bürgergeld Ihres Kindes überflüssig macht. Das klärt das Jugendamt mit dem Jobcenter."
            )
        )
    reasons.append(
        _("Stellen Sie den Antrag bald: Rückwirkend zahlt das Jugendamt höchstens für den Vormonat.")
    )
    reasons.append(
        _(
            "Das Gesetz verlangt Ihre Unterschrift: Am Ende unterschreiben Sie eine vorausgefüllte Seite und reichen sie ein."
        )
    )
    prepare = [
        _("Geburtsurkunde Ihres Kindes"),
        _("Name und, wenn bekannt, Anschrift des anderen Elternteils"),
    ]
    if answers.get("q_payments") in PAID:
        prepare.append(
            _("Unterhaltstitel, falls vorhanden, und Kontoauszüge der letzten drei Monate mit den Zahlungen")
        )
    if age >= 12 and answers.get("q_sgb2") == "ja":
        prepare.append(_("Ihren aktuellen Bürgergeld-Bescheid"))
        if answers.get("q_income_600") == "ja":
            prepare.append(_("Lohnabrechnungen oder Bescheide über Ihr Einkommen der letzten drei Monate"))
    if age >= 15:
        prepare.append(_("Eine aktuelle Schulbescheinigung oder Nachweise über das Einkommen Ihres Kindes"))
    prepare.append(_("Ihre IBAN"))
    return Assessment(likely=likely, reasons=tuple(reasons), prepare=tuple(prepare))
