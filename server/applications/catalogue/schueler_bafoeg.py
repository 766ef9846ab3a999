"""Schüler-BAföG (training assistance for pupils), DOMAIN.md §6: a simplified Formblatt 1 (the pupil, the
school, the living situation), Formblatt 2 (the school certificate, as a proof) and Formblatt 3 (the
parents' income, as amounts with a proof), the rent contract when living away from home, and the account.

Eligible are vocational schools (Berufsfach- and Fachschulen with a vocational qualification), Fachoberschule
classes after a completed vocational training, evening schools and Kollegs; general schools from grade 10 and
a Fachoberschule without vocational training only when the pupil has to live away from the parents
(§ 2 Abs. 1a BAföG). The applicant is under 45 when the training begins (§ 10 Abs. 3 BAföG). Rules explain
every ineligibility. The law requires the written form: the case waits for the signed signature page.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
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
from server.applications.fields import format_date, format_money
from server.applications.registry import Issue, computation, rule
from server.web.i18n import _

MAX_AGE = 45
# School types funded only when the pupil lives away from the parents for one of the reasons of § 2 Abs. 1a.
NEEDS_HOME_AWAY = ("allgemeinbildend", "fachoberschule_ohne")
# The parents' income does not count (§ 11 Abs. 3 BAföG, simplified).
INDEPENDENT = ("kolleg",)
AWAY = Condition(field="living", equals="eigene")


def _money(field_id: str, label: str, hint: str = "", **changes: Any) -> Field:
    return Field(id=field_id, type="money", label=label, hint=hint, min=0, max=10_000_000, **changes)


DEFINITION = ServiceDefinition(
    id="schueler_bafoeg",
    reference_prefix="SBAF",
    title=_("Schüler-BAföG: Ausbildungsförderung für Schülerinnen und Schüler"),
    short_title=_("Schüler-BAföG"),
    summary=_(
        "Beantragen Sie Förderung für den Besuch einer Berufsfachschule, Fachoberschule, Abendschule oder "
        "eines Kollegs – vereinfacht nach den Formblättern 1 bis 3."
    ),
    life_situation="schule",
    prepare=(
        _("Die Schulbescheinigung (Formblatt 2), von Ihrer Schule ausgefüllt"),
        _("Den Einkommensteuerbescheid Ihrer Eltern aus dem vorletzten Jahr"),
        _("Wenn Sie nicht bei Ihren Eltern wohnen: Ihren Mietvertrag"),
        _("Ihre IBAN"),
        _("Einen Drucker oder Papier: Die Unterschriftsseite unterschreiben Sie von Hand"),
    ),
    duration_minutes=20,
    legal_basis=_("§§ 2, 10, 11 BAföG; Formblätter 1 bis 3 (vereinfacht)"),
    office=_("Amt für Ausbildungsförderung"),
    signature="paper",
    steps=(
        Step(
            id="person",
            title=_("Angaben zur Person"),
            section=_("Formblatt 1: Person und Ausbildung"),
            intro=_("Die Angaben der Schülerin oder des Schülers, die oder der gefördert werden soll."),
            fields=(
                Field(
                    id="first_name",
                    type="text",
                    label=_("Vorname"),
                    max_length=80,
                    autocomplete="given-name",
                    messages={"required": _("Bitte geben Sie den Vornamen an.")},
                ),
                Field(
                    id="last_name",
                    type="text",
                    label=_("Nachname"),
                    max_length=80,
                    autocomplete="family-name",
                    messages={"required": _("Bitte geben Sie den Nachnamen an.")},
                ),
                Field(
                    id="birth_date",
                    type="date",
                    label=_("Geburtsdatum"),
                    hint=_("Zum Beispiel 27 3 2008"),
                    date_rule="past",
                    messages={"required": _("Bitte geben Sie das Geburtsdatum an.")},
                ),
                Field(
                    id="birth_place",
                    type="text",
                    label=_("Geburtsort"),
                    max_length=80,
                    messages={"required": _("Bitte geben Sie den Geburtsort an.")},
                ),
                Field(
                    id="address",
                    type="address",
                    label=_("Anschrift"),
                    hint=_("Die Anschrift aus Ihrem Haushalt ist schon eingetragen. Bitte prüfen Sie sie."),
                    prefill="household.address",
                    messages={"required": _("Bitte geben Sie die Anschrift an.")},
                ),
            ),
        ),
        Step(
            id="ausbildung",
            title=_("Schule und Ausbildung"),
            section=_("Formblatt 1: Person und Ausbildung"),
            fields=(
                Field(
                    id="school_type",
                    type="choice",
                    label=_("Welche Schule besuchen Sie?"),
                    options=(
                        Option(
                            "berufsfachschule",
                            _("Berufsfachschule oder Fachschule mit Berufsabschluss"),
                            _(
                                "Ein mindestens zweijähriger Bildungsgang, zum Beispiel zur staatlich geprüften Assistentin."
                            ),
                        ),
                        Option(
                            "fachoberschule",
                            _("Fachoberschule nach einer abgeschlossenen Berufsausbildung"),
                            _("Zum Beispiel Klasse 12 B."),
                        ),
                        Option(
                            "abendschule",
                            _("Abendhauptschule, Abendrealschule oder Berufsaufbauschule"),
                        ),
                        Option(
                            "kolleg",
                            _("Abendgymnasium oder Kolleg"),
                            _("Hier wird das Einkommen Ihrer Eltern nicht angerechnet."),
                        ),
                        Option(
                            "allgemeinbildend",
                            _(
                                "Allgemeinbildende Schule, zum Beispiel Gymnasium, Gesamtschule oder Realschule"
                            ),
                            _(
                                "Gefördert ab Klasse 10 und nur, wenn Sie nicht bei Ihren Eltern wohnen können."
                            ),
                        ),
                        Option(
                            "fachoberschule_ohne",
                            _("Fachoberschule ohne abgeschlossene Berufsausbildung"),
                            _("Gefördert nur, wenn Sie nicht bei Ihren Eltern wohnen können."),
                        ),
                    ),
                    messages={"required": _("Bitte wählen Sie die Art der Schule aus.")},
                ),
                Field(
                    id="grade",
                    type="choice",
                    label=_("In welche Klasse gehen Sie?"),
                    show_if=Condition(field="school_type", equals="allgemeinbildend"),
                    options=(
                        Option("9", _("Klasse 9 oder darunter")),
                        *(Option(str(n), _("Klasse {n}").format(n=n)) for n in range(10, 14)),
                    ),
                    messages={"required": _("Bitte wählen Sie Ihre Klasse aus.")},
                ),
                Field(
                    id="school",
                    type="text",
                    label=_("Name und Ort der Schule"),
                    max_length=160,
                    messages={"required": _("Bitte geben Sie den Namen und den Ort der Schule an.")},
                ),
                Field(
                    id="course",
                    type="text",
                    label=_("Klasse oder Bildungsgang"),
                    hint=_("Zum Beispiel Höhere Berufsfachschule Gesundheit und Soziales, 1. Jahr."),
                    max_length=160,
                    messages={"required": _("Bitte geben Sie Ihre Klasse oder Ihren Bildungsgang an.")},
                ),
                Field(
                    id="start",
                    type="date",
                    label=_("Ab wann beantragen Sie Förderung?"),
                    hint=_(
                        "In der Regel der Beginn des Schuljahres oder der Monat, in dem Sie den Antrag stellen. "
                        "Zum Beispiel 1 8 2027"
                    ),
                    messages={"required": _("Bitte geben Sie an, ab wann Sie Förderung beantragen.")},
                ),
            ),
            checks=("schueler_bafoeg.grade", "schueler_bafoeg.age", "schueler_bafoeg.start"),
        ),
        Step(
            id="wohnen",
            title=_("Wohnsituation"),
            section=_("Formblatt 1: Person und Ausbildung"),
            fields=(
                Field(
                    id="living",
                    type="choice",
                    label=_("Wo wohnen Sie während der Ausbildung?"),
                    options=(
                        Option("eltern", _("Bei meinen Eltern oder einem Elternteil")),
                        Option("eigene", _("Nicht bei meinen Eltern, zum Beispiel in einer eigenen Wohnung")),
                    ),
                    messages={"required": _("Bitte geben Sie an, wo Sie während der Ausbildung wohnen.")},
                ),
                Field(
                    id="away_reason",
                    type="choice",
                    label=_("Warum wohnen Sie nicht bei Ihren Eltern?"),
                    show_if=Condition(all=(AWAY, Condition(field="school_type", one_of=NEEDS_HOME_AWAY))),
                    options=(
                        Option(
                            "keine_schule",
                            _(
                                "Von der Wohnung meiner Eltern ist keine entsprechende Schule zumutbar erreichbar"
                            ),
                        ),
                        Option(
                            "verheiratet",
                            _("Ich bin verheiratet oder in einer Lebenspartnerschaft oder war es"),
                        ),
                        Option("kind", _("Ich lebe mit mindestens einem eigenen Kind zusammen")),
                        Option("anderer", _("Aus einem anderen Grund")),
                    ),
                    messages={"required": _("Bitte wählen Sie den Grund aus.")},
                ),
                _money(
                    "rent",
                    _("Monatliche Miete einschließlich Nebenkosten"),
                    _("Zum Beispiel 420,00."),
                    show_if=AWAY,
                    messages={"required": _("Bitte geben Sie Ihre monatliche Miete an.")},
                ),
                Field(
                    id="rent_contract",
                    type="proof",
                    label=_("Mietvertrag"),
                    show_if=AWAY,
                    proof=ProofSpec(
                        kind="mietvertrag",
                        accepted=_("Der Mietvertrag mit der Höhe der Miete und den Unterschriften."),
                        max_pages=10,
                    ),
                ),
            ),
            checks=("schueler_bafoeg.living_away",),
        ),
        Step(
            id="schulbescheinigung",
            title=_("Schulbescheinigung"),
            section=_("Formblatt 2: Schulbescheinigung"),
            intro=_(
                "Lassen Sie das Formblatt 2 von Ihrer Schule ausfüllen und stempeln. Fotografieren Sie es "
                "und laden Sie es hier hoch."
            ),
            fields=(
                Field(
                    id="school_certificate",
                    type="proof",
                    label=_("Schulbescheinigung (Formblatt 2)"),
                    proof=ProofSpec(
                        kind="formblatt_2",
                        accepted=_(
                            "Das Formblatt 2, von Ihrer Schule ausgefüllt, unterschrieben und gestempelt."
                        ),
                        max_pages=2,
                    ),
                ),
            ),
        ),
        Step(
            id="eltern",
            title=_("Einkommen Ihrer Eltern"),
            section=_("Formblatt 3: Einkommen der Eltern"),
            show_if=Condition(not_=Condition(field="school_type", one_of=INDEPENDENT)),
            intro=_(
                "Maßgeblich ist das Einkommen Ihrer Eltern im vorletzten Kalenderjahr vor Beginn der Förderung: "
                "die Summe der positiven Einkünfte laut Einkommensteuerbescheid."
            ),
            fields=(
                Field(
                    id="parent_1_name",
                    type="text",
                    label=_("Name des ersten Elternteils"),
                    max_length=120,
                    messages={"required": _("Bitte geben Sie den Namen eines Elternteils an.")},
                ),
                _money(
                    "parent_1_income",
                    _("Jahreseinkommen des ersten Elternteils"),
                    _("Zum Beispiel 38.500,00. Geben Sie 0 ein, wenn er kein Einkommen hatte."),
                    messages={
                        "required": _("Bitte geben Sie das Jahreseinkommen des ersten Elternteils an.")
                    },
                ),
                Field(
                    id="parent_2_name",
                    type="text",
                    label=_("Name des zweiten Elternteils (wenn es ihn gibt)"),
                    required=False,
                    max_length=120,
                ),
                _money(
                    "parent_2_income",
                    _("Jahreseinkommen des zweiten Elternteils"),
                    _("Geben Sie 0 ein, wenn er kein Einkommen hatte."),
                    show_if=Condition(field="parent_2_name", filled=True),
                    messages={
                        "required": _("Bitte geben Sie das Jahreseinkommen des zweiten Elternteils an.")
                    },
                ),
                Field(
                    id="parents_income_proof",
                    type="proof",
                    label=_("Einkommensnachweise Ihrer Eltern"),
                    proof=ProofSpec(
                        kind="einkommen_eltern",
                        accepted=_(
                            "Der Einkommensteuerbescheid des vorletzten Jahres, sonst die Lohnsteuerbescheinigung "
                            "– für jeden Elternteil."
                        ),
                        max_pages=10,
                    ),
                ),
            ),
        ),
        Step(
            id="konto",
            title=_("Bankverbindung"),
            section=_("Auszahlung"),
            fields=(
                Field(
                    id="account_holder",
                    type="text",
                    label=_("Kontoinhaberin oder Kontoinhaber"),
                    max_length=120,
                    autocomplete="name",
                    messages={
                        "required": _(
                            "Bitte geben Sie den Namen der Kontoinhaberin oder des Kontoinhabers an."
                        )
                    },
                ),
                Field(
                    id="iban",
                    type="iban",
                    label=_("IBAN"),
                    hint=_("Das Konto, auf das die Förderung überwiesen wird."),
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
                "Mir ist bekannt, dass zu Unrecht erhaltene Förderung zurückgezahlt werden muss und falsche "
                "Angaben eine Ordnungswidrigkeit sein können (§ 58 BAföG)."
            ),
        ),
        Declaration(
            id="changes",
            label=_("Ich teile dem Amt jede Änderung unverzüglich mit."),
            text=_(
                "Zum Beispiel einen Abbruch oder Wechsel der Schule, einen Umzug oder eigenes Einkommen "
                "(§ 60 SGB I)."
            ),
        ),
        Declaration(
            id="privacy",
            label=_("Ich habe die Datenschutzhinweise zum Schüler-BAföG gelesen."),
            text=_(
                "Das Amt für Ausbildungsförderung verarbeitet Ihre Angaben und die Ihrer Eltern für die "
                "Entscheidung über die Förderung (§§ 45 ff. BAföG, §§ 67 ff. SGB X). Die Akte wird sechs Jahre "
                "aufbewahrt, nach einer Ablehnung vier Jahre."
            ),
        ),
    ),
    computations=("schueler_bafoeg.overview",),
    next_steps={
        "awaiting_signature": NextStep(
            _(
                "Laden Sie die unterschriebene Unterschriftsseite hoch oder schicken Sie sie per Post. Erst "
                "dann kann das Amt Ihren Antrag bearbeiten."
            ),
            14,
        ),
        "submitted": NextStep(
            _(
                "Das Amt für Ausbildungsförderung prüft Ihren Antrag und schickt den Bescheid in Ihr Postfach."
            ),
            42,
        ),
    },
)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


@rule("schueler_bafoeg.grade")
def general_school_grade(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    if answers.get("school_type") == "allgemeinbildend" and answers.get("grade") == "9":
        return [
            Issue(
                "grade",
                _(
                    "Für den Besuch einer allgemeinbildenden Schule gibt es Schüler-BAföG erst ab Klasse 10 "
                    "(§ 2 Abs. 1 BAföG). Bis dahin kommt zum Beispiel Bürgergeld oder Kinderzuschlag Ihrer "
                    "Eltern in Frage."
                ),
            )
        ]
    return []


@rule("schueler_bafoeg.age")
def under_45(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    born, start = _date(answers.get("birth_date")), _date(answers.get("start"))
    if born is None or start is None:
        return []
    age = age_in_years(born, start)
    if age < MAX_AGE:
        return []
    return [
        Issue(
            "start",
            _(
                "Am {date} sind Sie {age} Jahre alt. Schüler-BAföG gibt es nur, wenn Sie zu Beginn der "
                "Ausbildung jünger als 45 Jahre sind (§ 10 Abs. 3 BAföG). Ausnahmen gibt es zum Beispiel, wenn "
                "Sie Kinder unter 14 Jahren erziehen – bitte wenden Sie sich dann direkt an das Amt für "
                "Ausbildungsförderung."
            ).format(date=format_date(start), age=age),
        )
    ]


@rule("schueler_bafoeg.start")
def start_not_before_application(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    start = _date(answers.get("start"))
    if start is None or start >= ctx.today.replace(day=1):
        return []
    return [
        Issue(
            "start",
            _(
                "Förderung gibt es frühestens ab dem Monat, in dem Sie den Antrag stellen. Für die Zeit davor "
                "wird nichts nachgezahlt."
            ),
            warning=True,
        )
    ]


@rule("schueler_bafoeg.living_away")
def living_away(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    """General schools (and a Fachoberschule without training) only for pupils who must live away."""
    if answers.get("school_type") not in NEEDS_HOME_AWAY:
        return []
    explanation = _(
        "Für den Besuch dieser Schule gibt es Schüler-BAföG nur, wenn Sie nicht bei Ihren Eltern wohnen, weil "
        "von dort keine entsprechende Schule zumutbar erreichbar ist, weil Sie verheiratet sind oder waren "
        "oder weil Sie mit einem eigenen Kind zusammenleben (§ 2 Abs. 1a BAföG)."
    )
    if answers.get("living") == "eltern":
        return [Issue("living", explanation)]
    if answers.get("away_reason") == "anderer":
        return [Issue("away_reason", explanation)]
    return []


def parents_income(answers: dict[str, Any]) -> Decimal:
    return sum((Decimal(answers.get(f) or "0") for f in ("parent_1_income", "parent_2_income")), Decimal(0))


@computation("schueler_bafoeg.overview")
def overview(answers: dict[str, Any], ctx: Context) -> list[tuple[str, str]]:
    rows = [(_("Art der Förderung"), _("Zuschuss – Schüler-BAföG muss nicht zurückgezahlt werden."))]
    start = _date(answers.get("start"))
    if answers.get("school_type") in INDEPENDENT:
        rows.append((_("Einkommen der Eltern"), _("Wird beim Abendgymnasium und Kolleg nicht angerechnet.")))
    elif start is not None and answers.get("parent_1_income") is not None:
        rows.append(
            (
                _("Einkommen der Eltern"),
                _(
                    "{amount} im Jahr {year} (maßgeblich ist das vorletzte Jahr vor Beginn der Förderung)"
                ).format(amount=format_money(parents_income(answers)), year=start.year - 2),
            )
        )
    rows.append(
        (
            _("Unterschrift"),
            _(
                "Das Gesetz verlangt Ihre Unterschrift. Nach dem Absenden laden Sie die unterschriebene "
                "Unterschriftsseite hoch oder schicken sie per Post."
            ),
        )
    )
    return rows
