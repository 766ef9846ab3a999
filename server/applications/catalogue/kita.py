"""Kita demand notice (Bedarfsanzeige) with a ranked place reservation (Vormerkung).

DOMAIN.md §1 and field table A: the child, main residence, desired start (at least six months ahead,
otherwise a warning), hours, Kita or child-minder, ranked wishes (tenant limit), siblings in a wished
facility, guardians' employment and single-parent status (the allocation criteria), optional special needs
and reasons for urgency, consents.
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
    ServiceDefinition,
    Step,
)
from server.applications.registry import Issue, rule
from server.web.i18n import _

EMPLOYMENT = (
    Option("vollzeit", _("Vollzeit erwerbstätig")),
    Option("teilzeit", _("Teilzeit erwerbstätig")),
    Option("ausbildung", _("In Ausbildung, Schule oder Studium")),
    Option("arbeitsuchend", _("Arbeitsuchend oder in einer Maßnahme des Jobcenters")),
    Option("nicht", _("Nicht erwerbstätig")),
)

DEFINITION = ServiceDefinition(
    id="kita",
    reference_prefix="KITA",
    title=_("Kita-Platz: Bedarfsanzeige und Vormerkung"),
    short_title=_("Kita-Platz"),
    summary=_(
        "Melden Sie den Betreuungsbedarf für Ihr Kind an und merken Sie es für bis zu fünf Wunsch-Einrichtungen vor."
    ),
    life_situation="kinderbetreuung",
    prepare=(
        _("Geburtsdatum oder errechneter Geburtstermin Ihres Kindes"),
        _("Gewünschter Betreuungsbeginn und Stundenumfang"),
        _("Ihre Wunsch-Einrichtungen – am einfachsten vorher auf die Merkliste setzen"),
        _("Angaben zur Erwerbstätigkeit der Sorgeberechtigten"),
    ),
    duration_minutes=10,
    legal_basis=_(
        "§ 24 SGB VIII, § 3b KiBiz NRW (Bedarfsanzeige mindestens sechs Monate vor Betreuungsbeginn)"
    ),
    flow="kita",
    office=_("Jugendamt – Abteilung Kindertagesbetreuung"),
    steps=(
        Step(
            id="kind",
            title=_("Kind und Wohnsitz"),
            section=_("Ihr Kind"),
            intro=_("Für welches Kind suchen Sie einen Betreuungsplatz?"),
            fields=(
                Field(
                    id="child",
                    type="child",
                    label=_("Kind"),
                    hint=_(
                        "Ein Kind fehlt? Tragen Sie es zuerst in Ihrem Haushalt ein – auch ein Kind, das noch nicht geboren ist."
                    ),
                    prefill="household.only_child",
                    messages={
                        "required": _("Bitte wählen Sie das Kind aus, für das Sie einen Platz suchen.")
                    },
                ),
                Field(
                    id="main_residence",
                    type="choice",
                    label=_("Ist Ihr Hauptwohnsitz in dieser Stadt?"),
                    options=(
                        Option("ja", _("Ja")),
                        Option("zuzug", _("Nein, wir ziehen bald hierher")),
                        Option("nein", _("Nein")),
                    ),
                    prefill="household.main_residence",
                    messages={"required": _("Bitte geben Sie an, ob Ihr Hauptwohnsitz in dieser Stadt ist.")},
                ),
                Field(
                    id="move_date",
                    type="date",
                    label=_("Wann ziehen Sie um?"),
                    hint=_("Zum Beispiel 1 3 2027"),
                    show_if=Condition(field="main_residence", equals="zuzug"),
                    date_rule="not_past",
                    messages={"required": _("Bitte geben Sie das Datum Ihres Umzugs an.")},
                ),
                Field(
                    id="languages",
                    type="text",
                    label=_("Welche Sprachen spricht Ihr Kind zu Hause? (freiwillig)"),
                    hint=_("Das hilft der Einrichtung bei der Eingewöhnung."),
                    required=False,
                    max_length=120,
                ),
            ),
            checks=("kita.main_residence",),
        ),
        Step(
            id="betreuung",
            title=_("Betreuungswunsch"),
            section=_("Ihr Betreuungswunsch"),
            fields=(
                Field(
                    id="start",
                    type="date",
                    label=_("Ab wann brauchen Sie den Platz?"),
                    hint=_("Bitte mindestens sechs Monate im Voraus. Zum Beispiel 1 8 2027"),
                    date_rule="not_past",
                    warn_within_months=6,
                    messages={
                        "required": _("Bitte geben Sie an, ab wann Sie den Platz brauchen."),
                        "not_past": _("Der Betreuungsbeginn darf nicht in der Vergangenheit liegen."),
                        "soon": _(
                            "Der Beginn ist weniger als sechs Monate entfernt. Sie können die Bedarfsanzeige trotzdem "
                            "abgeben; ein Platz zu diesem Termin ist dann aber weniger wahrscheinlich."
                        ),
                    },
                ),
                Field(
                    id="care_type",
                    type="choice",
                    label=_("Welche Betreuung wünschen Sie?"),
                    options=(
                        Option("kita", _("Kindertageseinrichtung (Kita)")),
                        Option("tagespflege", _("Kindertagespflege (Tagesmutter oder Tagesvater)")),
                        Option("beides", _("Beides ist möglich")),
                    ),
                    messages={"required": _("Bitte wählen Sie die gewünschte Betreuungsform aus.")},
                ),
                Field(
                    id="hours",
                    type="choice",
                    label=_("Wie viele Stunden pro Woche?"),
                    hint=_(
                        "Kitas bieten 25, 35 oder 45 Stunden pro Woche an. 45 Stunden setzen einen nachgewiesenen Bedarf voraus."
                    ),
                    options=(
                        Option("25", _("25 Stunden")),
                        Option("35", _("35 Stunden")),
                        Option("45", _("45 Stunden")),
                    ),
                    show_if=Condition(field="care_type", one_of=("kita", "beides")),
                    messages={"required": _("Bitte wählen Sie den Stundenumfang aus.")},
                ),
                Field(
                    id="ktp_hours",
                    type="number",
                    label=_("Wie viele Stunden pro Woche in der Kindertagespflege?"),
                    hint=_("Zwischen 15 und 45 Stunden."),
                    show_if=Condition(field="care_type", equals="tagespflege"),
                    min=15,
                    max=45,
                    width="4",
                    messages={"required": _("Bitte geben Sie die gewünschten Stunden pro Woche an.")},
                ),
            ),
            checks=("kita.start_after_birth",),
        ),
        Step(
            id="wuensche",
            title=_("Wunsch-Einrichtungen"),
            section=_("Ihr Betreuungswunsch"),
            intro=_(
                "Wählen Sie Ihre Wunsch-Einrichtungen und bringen Sie sie in eine Reihenfolge: "
                "Ihr erster Wunsch steht oben."
            ),
            fields=(
                Field(
                    id="wishes",
                    type="facility_ranking",
                    label=_("Ihre Wünsche in Reihenfolge"),
                    summary_label=_("Wunsch-Einrichtungen"),
                    max_items=5,
                    max_items_setting="kita.max_wishes",
                ),
            ),
            checks=("kita.wishes_match_care_type",),
        ),
        Step(
            id="familie",
            title=_("Familie und Erwerbstätigkeit"),
            section=_("Ihre Familie"),
            intro=_("Diese Angaben brauchen wir für die Vergabe der Plätze nach den Kriterien Ihrer Stadt."),
            fields=(
                Field(
                    id="single_parent",
                    type="yesno",
                    label=_("Sind Sie alleinerziehend?"),
                    messages={"required": _("Bitte geben Sie an, ob Sie alleinerziehend sind.")},
                ),
                Field(
                    id="employment",
                    type="guardian_choice",
                    label=_("Erwerbstätigkeit"),
                    hint=_("Für jede sorgeberechtigte Person in Ihrem Haushalt."),
                    options=EMPLOYMENT,
                ),
            ),
        ),
        Step(
            id="besonderes",
            title=_("Besondere Umstände"),
            section=_("Ihre Familie"),
            intro=_("Diese Angaben sind freiwillig. Sie können bei der Vergabe berücksichtigt werden."),
            fields=(
                Field(
                    id="special_needs",
                    type="yesno",
                    label=_("Hat Ihr Kind einen besonderen Förderbedarf? (freiwillig)"),
                    required=False,
                ),
                Field(
                    id="special_needs_text",
                    type="textarea",
                    label=_("Welchen Förderbedarf hat Ihr Kind?"),
                    hint=_(
                        "Zum Beispiel eine Behinderung oder eine Entwicklungsverzögerung. Bitte nur, was die Einrichtung wissen sollte."
                    ),
                    show_if=Condition(field="special_needs", equals="ja"),
                    max_length=1000,
                    messages={
                        "required": _("Bitte beschreiben Sie kurz den Förderbedarf oder wählen Sie „Nein“.")
                    },
                ),
                Field(
                    id="urgency",
                    type="multichoice",
                    label=_("Gibt es Gründe, warum Sie den Platz besonders dringend brauchen? (freiwillig)"),
                    required=False,
                    options=(
                        Option(
                            "beruf",
                            _("Rückkehr in den Beruf oder Beginn einer Ausbildung zu einem festen Termin"),
                        ),
                        Option("belastung", _("Besondere familiäre Belastung, zum Beispiel Krankheit")),
                        Option("jugendamt", _("Empfehlung des Sozialen Dienstes des Jugendamts")),
                        Option("sprache", _("Sprachförderung vor der Einschulung")),
                    ),
                ),
                Field(
                    id="urgency_text",
                    type="textarea",
                    label=_("Möchten Sie die Gründe erläutern? (freiwillig)"),
                    required=False,
                    show_if=Condition(field="urgency", filled=True),
                    max_length=1000,
                ),
            ),
        ),
    ),
    declarations=(
        Declaration(
            id="truthful",
            label=_("Ich versichere, dass meine Angaben richtig und vollständig sind."),
            text=_("Änderungen, zum Beispiel ein Umzug, teile ich dem Jugendamt mit."),
        ),
        Declaration(
            id="forwarding",
            label=_(
                "Ich bin einverstanden, dass das Jugendamt meine Angaben an die gewünschten Einrichtungen weitergibt."
            ),
            text=_(
                "Die Einrichtungen erhalten nur, was sie für die Platzvergabe brauchen. Ohne diese Einwilligung "
                "kann das Jugendamt Ihnen nur einen Platz zuweisen."
            ),
        ),
        Declaration(
            id="privacy",
            label=_("Ich habe die Datenschutzhinweise zur Bedarfsanzeige gelesen."),
            text=_(
                "Das Jugendamt verarbeitet Ihre Angaben nach § 24 SGB VIII und §§ 61 ff. SGB VIII für die Vergabe "
                "der Betreuungsplätze. Die Vormerkung wird gelöscht, wenn sie nicht erneuert wird, spätestens am "
                "Ende des Kita-Jahres, in dem Ihr Kind die Betreuung verlässt."
            ),
        ),
    ),
    next_steps={
        "submitted": NextStep(_("Das Jugendamt bestätigt Ihre Bedarfsanzeige innerhalb eines Monats."), 30),
        "rejected": NextStep(
            _("Die Begründung finden Sie in Ihrem Postfach. Sie können eine neue Bedarfsanzeige stellen."), 0
        ),
        "reserved": NextStep(
            _(
                "Die Plätze für das neue Kita-Jahr werden ab Februar vergeben. Ein Angebot kommt in Ihr Postfach."
            ),
            90,
        ),
    },
)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


@rule("kita.main_residence")
def main_residence(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    if answers.get("main_residence") == "nein" and ctx.settings.get("kita.require_main_residence"):
        return [
            Issue(
                "main_residence",
                _(
                    "Eine Vormerkung ist nur mit Hauptwohnsitz in {city} möglich. Wenn Sie bald hierher ziehen, "
                    "wählen Sie „Nein, wir ziehen bald hierher“."
                ).format(city=ctx.tenant.name),
            )
        ]
    return []


@rule("kita.start_after_birth")
def start_after_birth(answers: dict[str, Any], ctx: Context) -> list[Issue]:
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
                    "Der Betreuungsbeginn muss nach dem (errechneten) Geburtstermin Ihres Kindes am {date} liegen."
                ).format(date=born.strftime("%d.%m.%Y")),
            )
        ]
    if age_in_years(born, start) < 1:
        return [
            Issue(
                "start",
                _(
                    "Ihr Kind ist zum Betreuungsbeginn jünger als ein Jahr. Für Kinder unter einem Jahr besteht ein "
                    "Anspruch auf einen Platz nur unter bestimmten Voraussetzungen, zum Beispiel wenn Sie arbeiten "
                    "oder eine Ausbildung machen."
                ),
                warning=True,
            )
        ]
    return []


@rule("kita.wishes_match_care_type")
def wishes_match_care_type(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    care_type = answers.get("care_type")
    wanted = {"kita": "kita", "tagespflege": "tagespflege"}.get(care_type or "")
    if wanted is None:
        return []
    wrong = [w["name"] for w in answers.get("wishes") or [] if w["kind"] != wanted]
    if not wrong:
        return []
    kind = _("Kitas") if wanted == "kita" else _("Angebote der Kindertagespflege")
    return [
        Issue(
            "wishes",
            _(
                "Sie haben nur {kind} als Betreuungsform gewählt. Bitte entfernen Sie: {names} – oder wählen Sie „Beides ist möglich“."
            ).format(kind=kind, names=", ".join(wrong)),
        )
    ]
