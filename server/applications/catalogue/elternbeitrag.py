"""Income declaration for the parent fee (Elternbeitrag), DOMAIN.md §2 and field table B.

The family declares its yearly income with proofs, or a benefit that exempts it, or accepts the highest
fee without proof. Before submitting, the parent sees the monthly fee computed with the municipality's
fee table (server/fees).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

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
from server.applications.registry import Issue, computation, rule
from server.fees import Benefit, CareType, FeeChild, FeeError, FeeHousehold, calculate, euro, schedule_for
from server.web.i18n import _

INCOME = Condition(field="basis", equals="einkommen")
BENEFIT = Condition(field="basis", equals="leistungen")
HOURS = (Option("25", _("25 Stunden")), Option("35", _("35 Stunden")), Option("45", _("45 Stunden")))
CARE = (
    Option("kita", _("Kindertageseinrichtung (Kita)")),
    Option("tagespflege", _("Kindertagespflege")),
)
INCOME_FIELDS = (
    "income_employment",
    "income_self_employed",
    "income_other",
    "income_benefits",
    "income_maintenance",
)


def _money(label: str, hint: str, field_id: str, required: bool = False) -> Field:
    return Field(id=field_id, type="money", label=label, hint=hint, required=required, min=0, max=10_000_000)


DEFINITION = ServiceDefinition(
    id="elternbeitrag",
    reference_prefix="EB",
    title=_("Elternbeitrag: Einkommenserklärung"),
    short_title=_("Elternbeitrag"),
    summary=_(
        "Erklären Sie Ihr Einkommen für den Elternbeitrag zur Kita oder Kindertagespflege – mit fotografierten Nachweisen."
    ),
    life_situation="kinderbetreuung",
    prepare=(
        _("Ihren Einkommensteuerbescheid oder die Lohnabrechnungen der letzten 12 Monate"),
        _("Bescheide über weitere Einkünfte, zum Beispiel Elterngeld oder Unterhalt"),
        _("Bei Sozialleistungen: den aktuellen Bescheid"),
        _("Ihre IBAN, wenn Sie am Lastschriftverfahren teilnehmen möchten"),
    ),
    duration_minutes=15,
    legal_basis=_("§ 90 SGB VIII, § 51 KiBiz NRW und die Elternbeitragssatzung Ihrer Stadt"),
    office=_("Jugendamt – Elternbeiträge"),
    steps=(
        Step(
            id="kind",
            title=_("Kind und Betreuung"),
            section=_("Betreuung"),
            fields=(
                Field(
                    id="child",
                    type="child",
                    label=_("Für welches Kind erklären Sie das Einkommen?"),
                    summary_label=_("Kind"),
                    prefill="household.only_child",
                    messages={"required": _("Bitte wählen Sie das Kind aus.")},
                ),
                Field(
                    id="care_type",
                    type="choice",
                    label=_("Wie wird Ihr Kind betreut?"),
                    options=CARE,
                    messages={"required": _("Bitte wählen Sie die Betreuungsform aus.")},
                ),
                Field(
                    id="hours",
                    type="choice",
                    label=_("Wie viele Stunden pro Woche sind vereinbart?"),
                    options=HOURS,
                    messages={"required": _("Bitte wählen Sie den Stundenumfang aus.")},
                ),
                Field(
                    id="care_start",
                    type="date",
                    label=_("Seit wann oder ab wann wird Ihr Kind betreut?"),
                    hint=_("Zum Beispiel 1 8 2026"),
                    messages={"required": _("Bitte geben Sie den Beginn der Betreuung an.")},
                ),
                Field(
                    id="facility_name",
                    type="text",
                    label=_("Name der Kita oder der Tagespflegeperson"),
                    max_length=120,
                    messages={
                        "required": _("Bitte geben Sie den Namen der Kita oder der Tagespflegeperson an.")
                    },
                ),
            ),
            checks=("elternbeitrag.child_born",),
        ),
        Step(
            id="beitragspflichtige",
            title=_("Beitragspflichtige Personen"),
            section=_("Betreuung"),
            intro=_("Beitragspflichtig sind die Eltern, mit denen das Kind zusammenlebt."),
            fields=(
                Field(
                    id="liable",
                    type="guardian_choice",
                    label=_("Lebt diese Person mit dem Kind zusammen?"),
                    options=(Option("ja", _("Ja, lebt mit dem Kind zusammen")), Option("nein", _("Nein"))),
                ),
            ),
        ),
        Step(
            id="grundlage",
            title=_("Grundlage des Beitrags"),
            section=_("Einkommen"),
            fields=(
                Field(
                    id="basis",
                    type="choice",
                    label=_("Wie soll der Beitrag berechnet werden?"),
                    options=(
                        Option(
                            "einkommen",
                            _("Nach unserem Einkommen"),
                            _("Sie geben Ihr Jahreseinkommen an und laden Nachweise hoch."),
                        ),
                        Option(
                            "leistungen",
                            _("Wir erhalten Sozialleistungen"),
                            _(
                                "Bürgergeld, Sozialhilfe, Asylbewerberleistungen, Kinderzuschlag oder Wohngeld: Sie zahlen keinen Beitrag."
                            ),
                        ),
                        Option(
                            "hoechstbeitrag",
                            _("Wir zahlen den Höchstbeitrag"),
                            _("Ohne Angaben zum Einkommen und ohne Nachweise."),
                        ),
                    ),
                    messages={"required": _("Bitte wählen Sie aus, wie der Beitrag berechnet werden soll.")},
                ),
            ),
        ),
        Step(
            id="leistungen",
            title=_("Sozialleistungen"),
            section=_("Einkommen"),
            show_if=BENEFIT,
            fields=(
                Field(
                    id="benefit",
                    type="choice",
                    label=_("Welche Leistung erhalten Sie?"),
                    options=tuple(
                        Option(b.value, label)
                        for b, label in (
                            (Benefit.BUERGERGELD, _("Bürgergeld (SGB II)")),
                            (Benefit.SOZIALHILFE, _("Sozialhilfe oder Grundsicherung (SGB XII)")),
                            (Benefit.ASYLBLG, _("Leistungen nach dem Asylbewerberleistungsgesetz")),
                            (Benefit.KINDERZUSCHLAG, _("Kinderzuschlag")),
                            (Benefit.WOHNGELD, _("Wohngeld")),
                        )
                    ),
                    messages={"required": _("Bitte wählen Sie die Leistung aus.")},
                ),
                Field(
                    id="benefit_proof",
                    type="proof",
                    label=_("Nachweis der Leistung"),
                    proof=ProofSpec(
                        kind="leistungsbescheid",
                        accepted=_("Der aktuelle Bescheid über die Leistung (alle Seiten)."),
                        max_pages=6,
                    ),
                ),
            ),
        ),
        Step(
            id="einkommen",
            title=_("Ihr Einkommen"),
            section=_("Einkommen"),
            show_if=INCOME,
            intro=_(
                "Geben Sie die Summe aller positiven Einkünfte der beitragspflichtigen Personen im Jahr an. Verluste werden nicht verrechnet; Kindergeld zählt nicht."
            ),
            fields=(
                Field(
                    id="income_year",
                    type="year",
                    label=_("Für welches Kalenderjahr?"),
                    hint=_("In der Regel das laufende oder das vergangene Jahr."),
                    min=2015,
                    max=2035,
                    width="4",
                    messages={"required": _("Bitte geben Sie das Jahr an.")},
                ),
                _money(
                    _("Einkünfte aus nichtselbständiger Arbeit (brutto)"),
                    _("Jahresbrutto aus allen Arbeitsverhältnissen. 0, wenn keine."),
                    "income_employment",
                    required=True,
                ),
                _money(
                    _("Gewinn aus selbständiger Arbeit oder Gewerbe (freiwillig)"),
                    _("Nur positive Gewinne."),
                    "income_self_employed",
                ),
                _money(_("Weitere Einkünfte, zum Beispiel Miete, Renten (freiwillig)"), "", "income_other"),
                _money(
                    _(
                        "Lohnersatzleistungen, zum Beispiel Arbeitslosengeld, Krankengeld, Elterngeld über 300 € im Monat (freiwillig)"
                    ),
                    _("Beim Elterngeld zählt nur der Betrag über 300 € im Monat."),
                    "income_benefits",
                ),
                _money(_("Erhaltener Unterhalt (freiwillig)"), "", "income_maintenance"),
                Field(
                    id="civil_servant",
                    type="yesno",
                    label=_("Ist eine beitragspflichtige Person Beamtin oder Beamter?"),
                    hint=_("Dann werden 10 % zum Einkommen aus dem Dienstverhältnis hinzugerechnet."),
                    messages={"required": _("Bitte geben Sie an, ob eine Person verbeamtet ist.")},
                ),
            ),
        ),
        Step(
            id="belege",
            title=_("Nachweise zum Einkommen"),
            section=_("Einkommen"),
            show_if=INCOME,
            intro=_(
                "Fotografieren Sie die Nachweise mit dem Handy oder wählen Sie Dateien aus. Ohne Nachweise wird der Höchstbeitrag festgesetzt."
            ),
            fields=(
                Field(
                    id="income_proof",
                    type="proof",
                    label=_("Einkommensnachweise"),
                    proof=ProofSpec(
                        kind="einkommen",
                        accepted=_(
                            "Einkommensteuerbescheid oder die Lohnabrechnungen der letzten 12 Monate."
                        ),
                        max_pages=12,
                    ),
                ),
                Field(
                    id="other_proof",
                    type="proof",
                    label=_("Weitere Nachweise (freiwillig)"),
                    required=False,
                    proof=ProofSpec(
                        kind="weitere",
                        accepted=_("Zum Beispiel Elterngeld-, Krankengeld- oder Unterhaltsnachweise."),
                        max_pages=10,
                    ),
                ),
            ),
        ),
        Step(
            id="geschwister",
            title=_("Geschwister"),
            section=_("Familie"),
            fields=(
                Field(
                    id="sibling_in_care",
                    type="yesno",
                    label=_(
                        "Wird ein weiteres Kind Ihres Haushalts in einer Kita oder Kindertagespflege betreut?"
                    ),
                    hint=_("Dann gilt die Geschwisterregel Ihrer Stadt."),
                    messages={"required": _("Bitte geben Sie an, ob ein weiteres Kind betreut wird.")},
                ),
                Field(
                    id="sibling",
                    type="child",
                    label=_("Welches Kind?"),
                    show_if=Condition(field="sibling_in_care", equals="ja"),
                    messages={"required": _("Bitte wählen Sie das Geschwisterkind aus.")},
                ),
                Field(
                    id="sibling_care_type",
                    type="choice",
                    label=_("Wie wird das Geschwisterkind betreut?"),
                    options=CARE,
                    show_if=Condition(field="sibling_in_care", equals="ja"),
                    messages={
                        "required": _("Bitte wählen Sie die Betreuungsform des Geschwisterkindes aus.")
                    },
                ),
                Field(
                    id="sibling_hours",
                    type="choice",
                    label=_("Wie viele Stunden pro Woche wird das Geschwisterkind betreut?"),
                    options=HOURS,
                    show_if=Condition(field="sibling_in_care", equals="ja"),
                    messages={"required": _("Bitte wählen Sie den Stundenumfang des Geschwisterkindes aus.")},
                ),
            ),
            checks=("elternbeitrag.sibling_differs",),
        ),
        Step(
            id="zahlung",
            title=_("Zahlung"),
            section=_("Zahlung"),
            fields=(
                Field(
                    id="sepa",
                    type="yesno",
                    label=_("Möchten Sie den Beitrag per Lastschrift zahlen? (freiwillig)"),
                    required=False,
                ),
                Field(
                    id="account_holder",
                    type="text",
                    label=_("Kontoinhaberin oder Kontoinhaber"),
                    max_length=120,
                    show_if=Condition(field="sepa", equals="ja"),
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
                    show_if=Condition(field="sepa", equals="ja"),
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
                "Änderungen des Einkommens oder der Betreuung teile ich dem Jugendamt unverzüglich mit (§ 60 SGB I)."
            ),
        ),
        Declaration(
            id="sepa_mandate",
            label=_(
                "Ich erteile das SEPA-Lastschriftmandat für den Elternbeitrag (nur wenn ich eine IBAN angegeben habe)."
            ),
            required=False,
        ),
    ),
    computations=("elternbeitrag.fee",),
    next_steps={
        "submitted": NextStep(
            _("Das Jugendamt prüft Ihre Angaben und setzt den Beitrag per Bescheid fest."), 21
        ),
    },
)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


@rule("elternbeitrag.child_born")
def child_born(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    child = answers.get("child") or {}
    if child and not child.get("birth_date"):
        return [
            Issue(
                "child", _("Für ein Kind, das noch nicht geboren ist, wird noch kein Elternbeitrag erhoben.")
            )
        ]
    return []


@rule("elternbeitrag.sibling_differs")
def sibling_differs(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    child, sibling = answers.get("child") or {}, answers.get("sibling") or {}
    if child and sibling and child.get("id") == sibling.get("id"):
        return [
            Issue(
                "sibling", _("Bitte wählen Sie ein anderes Kind als das, für das Sie die Erklärung abgeben.")
            )
        ]
    return []


def yearly_income(answers: dict[str, Any]) -> Decimal:
    total = sum((Decimal(answers.get(f) or "0") for f in INCOME_FIELDS), Decimal(0))
    if answers.get("civil_servant") == "ja":
        # The Satzung adds 10 % to income from a civil-service relationship (here: from employment).
        total += Decimal(answers.get("income_employment") or "0") / 10
    return total


def household_for_fee(answers: dict[str, Any], ctx: Context) -> FeeHousehold | None:
    child_birth = _date((answers.get("child") or {}).get("birth_date"))
    if (
        child_birth is None
        or answers.get("care_type") not in {"kita", "tagespflege"}
        or not answers.get("hours")
    ):
        return None
    children = [
        FeeChild(
            birth_date=child_birth,
            care=CareType(answers["care_type"]),
            weekly_hours=int(answers["hours"]),
            label=(answers["child"].get("name") or ""),
        )
    ]
    sibling = answers.get("sibling") or {}
    sibling_birth = _date(sibling.get("birth_date"))
    if (
        answers.get("sibling_in_care") == "ja"
        and sibling_birth
        and answers.get("sibling_care_type")
        and answers.get("sibling_hours")
    ):
        children.append(
            FeeChild(
                birth_date=sibling_birth,
                care=CareType(answers["sibling_care_type"]),
                weekly_hours=int(answers["sibling_hours"]),
                label=sibling.get("name") or "",
            )
        )
    basis = answers.get("basis")
    if basis == "leistungen":
        return FeeHousehold(
            children=tuple(children),
            benefit=Benefit(answers["benefit"]),
            proven=ctx.proofs.get("benefit_proof", 0) > 0,
        )
    if basis == "hoechstbeitrag":
        return FeeHousehold(children=tuple(children), top_bracket_accepted=True)
    return FeeHousehold(
        children=tuple(children), income=yearly_income(answers), proven=ctx.proofs.get("income_proof", 0) > 0
    )


@computation("elternbeitrag.fee")
def monthly_fee(answers: dict[str, Any], ctx: Context) -> list[tuple[str, str]]:
    schedule = schedule_for(ctx.tenant)
    household = household_for_fee(answers, ctx)
    if schedule is None or household is None:
        return []
    start = _date(answers.get("care_start")) or ctx.today
    month = max(start, ctx.today).replace(day=1)
    try:
        result = calculate(schedule, household, month)
    except FeeError as exc:
        return [
            (
                _("Voraussichtlicher Monatsbeitrag"),
                _("Kann nicht berechnet werden: {reason}").format(reason=str(exc)),
            )
        ]
    own = result.children[0]
    rows = [
        (
            _("Voraussichtlicher Monatsbeitrag"),
            _("{fee} für {month}").format(fee=euro(own.fee), month=month.strftime("%m/%Y")),
        ),
    ]
    if result.bracket is not None:
        rows.append((_("Einkommensstufe"), result.bracket.label))
    if answers.get("basis") == "einkommen":
        rows.append((_("Maßgebliches Jahreseinkommen"), euro(yearly_income(answers))))
    notes = [*result.lines, *own.notes]
    if notes:
        rows.append((_("So wurde gerechnet"), " ".join(notes)))
    rows.append(
        (
            _("Hinweis"),
            _("Unverbindliche Berechnung nach {table}. Verbindlich ist der Bescheid des Jugendamts.").format(
                table=result.table_title
            ),
        )
    )
    return rows
