"""Geldleistung in der Kindertagespflege: the parents' application for the Leistungsbescheid
(DOMAIN.md §6, field table F; § 23 SGB VIII).

The Jugendamt pays the child-minder (Tagespflegeperson) only if the parents hold a Leistungsbescheid; the
payment follows the contracted hours, capped at the approved scope. The parents name the child, the
child-minder with her or his permit (§ 43 SGB VIII), the weekly hours and the start. For a child under one
year at the start, or for more than 35 hours a week, they prove the need (employment, training, job search:
§ 24 Abs. 1 SGB VIII). Both custodians agree - here a signed consent or, for a mother with sole custody, the
Negativattest, each as a proof; the invitation flow for a second parent belongs to other services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from server.applications.conditions import age_in_years
from server.applications.context import Context
from server.applications.definitions import (
    Condition,
    Declaration,
    Field,
    NextStep,
    Option,
    ProofSpec,
    ServiceDefinition,
    Step,
)
from server.applications.fields import format_date
from server.applications.registry import Issue, rule
from server.web.i18n import _

MAX_HOURS = 60
# The need has to be proven above this many hours a week.
PROOF_ABOVE_HOURS = 35
# Conditions compare raw values: the whole numbers above 35 as typed (a value typed otherwise, e.g. "40,0",
# is caught by the rule "kindertagespflege_geld.hours_typed").
MORE_THAN_35 = Condition(
    field="weekly_hours", one_of=tuple(str(h) for h in range(PROOF_ABOVE_HOURS + 1, MAX_HOURS + 1))
)
UNDER_ONE = Condition(field="child", age_below=1, age_on="start")
NEEDS_PROOF = Condition(any=(UNDER_ONE, MORE_THAN_35))

EMPLOYMENT = (
    Option("vollzeit", _("Vollzeit erwerbstätig")),
    Option("teilzeit", _("Teilzeit erwerbstätig")),
    Option("ausbildung", _("In Ausbildung, Schule oder Studium")),
    Option("arbeitsuchend", _("Arbeitsuchend oder in einer Maßnahme des Jobcenters")),
    Option("nicht", _("Nicht erwerbstätig")),
)

DEFINITION = ServiceDefinition(
    id="kindertagespflege_geld",
    reference_prefix="KTP",
    title=_("Kindertagespflege: Antrag auf Geldleistung"),
    short_title=_("Geldleistung Kindertagespflege"),
    summary=_(
        "Damit das Jugendamt Ihre Tagesmutter oder Ihren Tagesvater bezahlt: der Antrag auf den "
        "Leistungsbescheid für die Betreuung Ihres Kindes."
    ),
    life_situation="kinderbetreuung",
    prepare=(
        _("Name und Nummer der Pflegeerlaubnis Ihrer Tagespflegeperson"),
        _("Die vereinbarten Stunden pro Woche und den Beginn"),
        _("Die Zustimmung des anderen sorgeberechtigten Elternteils oder das Negativattest"),
        _(
            "Für Kinder unter einem Jahr oder mehr als 35 Stunden: Nachweise über Arbeit, Ausbildung oder Arbeitsuche"
        ),
    ),
    duration_minutes=10,
    legal_basis=_("§§ 23, 24 SGB VIII"),
    office=_("Jugendamt – Kindertagespflege"),
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
                    hint=_("Ein Kind fehlt? Tragen Sie es zuerst in Ihrem Haushalt ein."),
                    prefill="household.only_child",
                    messages={"required": _("Bitte wählen Sie das Kind aus.")},
                ),
            ),
        ),
        Step(
            id="tagespflegeperson",
            title=_("Ihre Tagespflegeperson"),
            section=_("Betreuung"),
            intro=_("Die Tagespflegeperson braucht eine Pflegeerlaubnis des Jugendamts (§ 43 SGB VIII)."),
            fields=(
                Field(
                    id="minder_name",
                    type="text",
                    label=_("Name der Tagespflegeperson"),
                    max_length=120,
                    messages={"required": _("Bitte geben Sie den Namen der Tagespflegeperson an.")},
                ),
                Field(
                    id="minder_permit",
                    type="text",
                    label=_("Nummer der Pflegeerlaubnis"),
                    hint=_("Sie steht auf der Pflegeerlaubnis. Ihre Tagespflegeperson nennt sie Ihnen."),
                    max_length=40,
                    messages={"required": _("Bitte geben Sie die Nummer der Pflegeerlaubnis an.")},
                ),
                Field(
                    id="minder_address",
                    type="address",
                    label=_("Wo wird Ihr Kind betreut?"),
                    messages={
                        "required": _("Bitte geben Sie die Anschrift an, an der Ihr Kind betreut wird.")
                    },
                ),
            ),
        ),
        Step(
            id="betreuung",
            title=_("Umfang und Beginn"),
            section=_("Betreuung"),
            fields=(
                Field(
                    id="start",
                    type="date",
                    label=_("Ab wann wird Ihr Kind betreut?"),
                    hint=_("Zum Beispiel 1 2 2027"),
                    messages={"required": _("Bitte geben Sie den Beginn der Betreuung an.")},
                ),
                Field(
                    id="weekly_hours",
                    type="number",
                    label=_("Wie viele Stunden pro Woche haben Sie vereinbart?"),
                    hint=_(
                        "In ganzen Stunden, wie im Betreuungsvertrag. Mehr als 35 Stunden müssen Sie begründen."
                    ),
                    min=1,
                    max=MAX_HOURS,
                    width="3",
                    messages={
                        "required": _("Bitte geben Sie die Stunden pro Woche an."),
                        "max": _(
                            "Mehr als {n} Stunden pro Woche sind in der Kindertagespflege nicht möglich."
                        ),
                    },
                ),
            ),
            checks=("kindertagespflege_geld.start",),
        ),
        Step(
            id="bedarf",
            title=_("Nachweise zum Betreuungsbedarf"),
            section=_("Betreuung"),
            show_if=NEEDS_PROOF,
            intro=_(
                "Für Kinder unter einem Jahr und für mehr als 35 Stunden pro Woche weisen Sie nach, dass Sie "
                "die Betreuung brauchen: weil Sie arbeiten, eine Ausbildung machen oder Arbeit suchen "
                "(§ 24 Abs. 1 SGB VIII)."
            ),
            fields=(
                Field(
                    id="employment",
                    type="guardian_choice",
                    label=_("Erwerbstätigkeit"),
                    hint=_("Für jede sorgeberechtigte Person in Ihrem Haushalt."),
                    options=EMPLOYMENT,
                ),
                Field(
                    id="employment_proof",
                    type="proof",
                    label=_("Nachweise über Arbeit, Ausbildung oder Arbeitsuche"),
                    proof=ProofSpec(
                        kind="erwerbstaetigkeit",
                        accepted=_(
                            "Für jede sorgeberechtigte Person: eine Arbeitgeberbescheinigung mit den Arbeitszeiten, "
                            "eine Schul- oder Ausbildungsbescheinigung oder eine Bescheinigung des Jobcenters."
                        ),
                        max_pages=10,
                    ),
                ),
            ),
        ),
        Step(
            id="sorgerecht",
            title=_("Zustimmung der Sorgeberechtigten"),
            section=_("Sorgerecht"),
            intro=_(
                "Beide sorgeberechtigten Eltern müssen mit der Betreuung einverstanden sein. Wenn Sie das "
                "Sorgerecht allein haben, weisen Sie das nach."
            ),
            fields=(
                Field(
                    id="sole_custody",
                    type="yesno",
                    label=_("Haben Sie das alleinige Sorgerecht für Ihr Kind?"),
                    messages={"required": _("Bitte geben Sie an, ob Sie das alleinige Sorgerecht haben.")},
                ),
                Field(
                    id="consent_proof",
                    type="proof",
                    label=_("Zustimmung des anderen Elternteils"),
                    show_if=Condition(field="sole_custody", equals="nein"),
                    proof=ProofSpec(
                        kind="zustimmung_sorgeberechtigte",
                        accepted=_(
                            "Eine Erklärung, dass beide Eltern mit der Betreuung in der Kindertagespflege "
                            "einverstanden sind, unterschrieben vom anderen sorgeberechtigten Elternteil."
                        ),
                        max_pages=2,
                    ),
                ),
                Field(
                    id="sole_custody_proof",
                    type="proof",
                    label=_("Negativattest oder Beschluss über das Sorgerecht"),
                    hint=_(
                        "Die Negativbescheinigung (Auskunft aus dem Sorgeregister) erhalten Sie beim Jugendamt."
                    ),
                    show_if=Condition(field="sole_custody", equals="ja"),
                    proof=ProofSpec(
                        kind="alleiniges_sorgerecht",
                        accepted=_(
                            "Die Auskunft aus dem Sorgeregister (Negativbescheinigung) oder der Beschluss des "
                            "Familiengerichts über das alleinige Sorgerecht."
                        ),
                        max_pages=4,
                    ),
                ),
            ),
        ),
    ),
    declarations=(
        Declaration(
            id="truthful",
            label=_("Ich versichere, dass meine Angaben richtig und vollständig sind."),
            text=_(
                "Ändern sich die Betreuungszeiten oder endet die Betreuung, teile ich das dem Jugendamt sofort mit "
                "(§ 60 SGB I)."
            ),
        ),
        Declaration(
            id="privacy",
            label=_("Ich habe die Datenschutzhinweise gelesen."),
            text=_(
                "Das Jugendamt verarbeitet Ihre Angaben nach §§ 23, 24 SGB VIII und §§ 67 ff. SGB X. Ihre "
                "Tagespflegeperson erfährt, für welchen Umfang und welchen Zeitraum die Betreuung bewilligt ist."
            ),
        ),
    ),
    checks=("kindertagespflege_geld.hours_typed",),
    next_steps={
        "submitted": NextStep(
            _(
                "Das Jugendamt prüft den Bedarf und schickt Ihnen den Leistungsbescheid. Die Tagespflegeperson "
                "erhält eine Mitteilung über den bewilligten Umfang."
            ),
            21,
        ),
    },
)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


@rule("kindertagespflege_geld.start")
def start_rule(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    start = _date(answers.get("start"))
    child = answers.get("child") or {}
    born = _date(child.get("birth_date") or child.get("expected_birth_date"))
    if start is None or born is None:
        return []
    if start <= born:
        return [
            Issue(
                "start",
                _(
                    "Der Beginn muss nach dem (errechneten) Geburtstermin Ihres Kindes am {date} liegen."
                ).format(date=format_date(born)),
            )
        ]
    issues = []
    if start < ctx.today.replace(day=1):
        issues.append(
            Issue(
                "start",
                _(
                    "Der Beginn liegt vor diesem Monat. Für die Zeit vor Ihrem Antrag übernimmt das Jugendamt die "
                    "Kosten in der Regel nicht."
                ),
                warning=True,
            )
        )
    if age_in_years(born, start) >= 3:
        issues.append(
            Issue(
                "start",
                _(
                    "Ihr Kind ist zu Beginn drei Jahre oder älter. Dann ist die Kindertagespflege nur ergänzend "
                    "zur Kita oder bei besonderem Bedarf möglich (§ 24 Abs. 3 SGB VIII); bitte erläutern Sie das "
                    "dem Jugendamt."
                ),
                warning=True,
            )
        )
    return issues


@rule("kindertagespflege_geld.hours_typed")
def hours_typed(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    """The proof step depends on the hours as typed; more than 35 hours typed e.g. as "40,0" would skip it."""
    hours = answers.get("weekly_hours")
    if isinstance(hours, int) and hours > PROOF_ABOVE_HOURS and "employment" not in answers:
        return [
            Issue(
                "weekly_hours",
                _("Bitte geben Sie die Stunden als ganze Zahl ohne Komma an, zum Beispiel 40."),
            )
        ]
    return []
