"""Registration for the open all-day primary school (Offene Ganztagsschule, OGS), DOMAIN.md §3 and field
table C.

The pupil (a household child of primary-school age), the school, grade and the school year (one of the next
two; the registration is binding for it), five days a week, lunch, the facts behind the allocation points
with their proofs, a sibling already in the OGS and a hardship. Both custodians must agree: unless the
applicant declares sole custody (and proves it), the other parent is invited by e-mail at submission and
consents with their own account (consent.py).

The school-year options are computed when the catalogue is loaded (the next two school years from that
day); a rule refuses a year that has begun meanwhile, so a process running across 1 August never accepts a
stale choice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.applications.conditions import age_in_years
from server.applications.context import Context
from server.applications.definitions import (
    Condition,
    ConsentSpec,
    Declaration,
    Field,
    NextStep,
    Option,
    ProofSpec,
    ServiceDefinition,
    Step,
)
from server.applications.registry import Issue, computation, rule
from server.web.i18n import _

# A school year runs from 1 August to 31 July; the OGS is for primary-school children.
SCHOOL_YEAR_START = (8, 1)
MIN_AGE, MAX_AGE = 5, 11
LUNCH_EUROS = 50


def first_school_year(today: dt.date) -> int:
    """The start year of the next school year that has not begun on `today`."""
    return today.year if today < dt.date(today.year, *SCHOOL_YEAR_START) else today.year + 1


def years(start: int) -> str:
    """2027 -> "2027/28"."""
    return f"{start}/{str(start + 1)[-2:]}"


def school_year_label(start: int) -> str:
    return _("Schuljahr {years}").format(years=years(start))


def school_years(today: dt.date) -> tuple[Option, ...]:
    first = first_school_year(today)
    return tuple(
        Option(
            str(year),
            school_year_label(year),
            _("1. August {start} bis 31. Juli {end}").format(start=year, end=year + 1),
        )
        for year in (first, first + 1)
    )


class Points(msgspec.Struct, frozen=True):
    """A municipality's allocation points (DOMAIN.md §3: Wuppertal)."""

    single_parent_working: int
    both_full_time: int
    sibling: int


# Municipalities whose points are known; another may set [rules.ogs] points_single_parent_working,
# points_both_full_time and points_sibling in its tenant.toml.
POINTS = {"wuppertal": Points(single_parent_working=30, both_full_time=20, sibling=10)}

SINGLE = Condition(field="single_parent", equals="ja")
COUPLE = Condition(field="single_parent", equals="nein")
SINGLE_WORKING = Condition(all=(SINGLE, Condition(field="employed", equals="ja")))
BOTH_FULL_TIME = Condition(all=(COUPLE, Condition(field="both_full_time", equals="ja")))
JOINT_CUSTODY = Condition(field="sole_custody", equals="nein")

DEFINITION = ServiceDefinition(
    id="ogs",
    reference_prefix="OGS",
    title=_("Anmeldung zur Offenen Ganztagsschule (OGS)"),
    short_title=_("OGS-Anmeldung"),
    summary=_(
        "Melden Sie Ihr Grundschulkind für die Offene Ganztagsschule an – mit Mittagessen und, wenn nötig, "
        "der Zustimmung des anderen Elternteils."
    ),
    life_situation="schule",
    prepare=(
        _("Name der Grundschule und die Klasse Ihres Kindes"),
        _("Bei gemeinsamem Sorgerecht: Name und E-Mail-Adresse des anderen Elternteils"),
        _("Bei alleinigem Sorgerecht: einen Nachweis, zum Beispiel die Negativbescheinigung"),
        _("Wenn Sie berufstätig sind: eine Arbeitgeberbescheinigung oder Lohnabrechnung"),
    ),
    duration_minutes=10,
    legal_basis=_(
        "§ 9 Abs. 3 SchulG NRW; ab 1. August 2026 Anspruch auf Ganztagsförderung in der Grundschule (GaFöG), "
        "beginnend mit Klasse 1"
    ),
    office=_("Schulamt – Offene Ganztagsschule"),
    steps=(
        Step(
            id="kind",
            title=_("Ihr Kind"),
            section=_("Kind und Schule"),
            intro=_("Für welches Kind möchten Sie einen Platz in der Offenen Ganztagsschule?"),
            fields=(
                Field(
                    id="pupil",
                    type="child",
                    label=_("Kind"),
                    hint=_("Ein Kind fehlt? Tragen Sie es zuerst in Ihrem Haushalt ein."),
                    prefill="household.only_child",
                    messages={"required": _("Bitte wählen Sie das Kind aus, das Sie anmelden möchten.")},
                ),
            ),
            checks=("ogs.pupil_born",),
        ),
        Step(
            id="schule",
            title=_("Schule und Schuljahr"),
            section=_("Kind und Schule"),
            fields=(
                Field(
                    id="school_year",
                    type="choice",
                    label=_("Für welches Schuljahr melden Sie Ihr Kind an?"),
                    hint=_("Die Anmeldung ist für das ganze Schuljahr verbindlich."),
                    options=school_years(dt.date.today()),
                    messages={"required": _("Bitte wählen Sie das Schuljahr aus.")},
                ),
                Field(
                    id="school",
                    type="text",
                    label=_("Name der Grundschule"),
                    hint=_("Die Schule, die Ihr Kind in diesem Schuljahr besucht."),
                    max_length=120,
                    messages={"required": _("Bitte geben Sie den Namen der Grundschule an.")},
                ),
                Field(
                    id="grade",
                    type="choice",
                    label=_("In welche Klasse geht Ihr Kind in diesem Schuljahr?"),
                    options=tuple(Option(str(n), _("Klasse {n}").format(n=n)) for n in (1, 2, 3, 4)),
                    messages={"required": _("Bitte wählen Sie die Klasse aus.")},
                ),
                Field(
                    id="class_name",
                    type="text",
                    label=_("Klasse, wenn schon bekannt (freiwillig)"),
                    hint=_("Zum Beispiel 2b. Bei der Einschulung ist sie meist noch nicht bekannt."),
                    required=False,
                    max_length=10,
                    width="5",
                ),
            ),
            checks=("ogs.school_year", "ogs.pupil_age"),
        ),
        Step(
            id="betreuung",
            title=_("Betreuung und Mittagessen"),
            section=_("Betreuung"),
            fields=(
                Field(
                    id="days_per_week",
                    type="declaration",
                    label=_("Mein Kind besucht die OGS an allen fünf Schultagen."),
                    summary_label=_("Betreuung an fünf Tagen pro Woche (Montag bis Freitag)"),
                    text=_(
                        "Die OGS betreut Ihr Kind an fünf Tagen pro Woche, von Montag bis Freitag, in der Regel "
                        "bis mindestens 15 Uhr. Die Teilnahme ist für das ganze Schuljahr verbindlich."
                    ),
                    messages={
                        "required": _(
                            "Bitte bestätigen Sie, dass Ihr Kind die OGS an allen fünf Schultagen besucht."
                        )
                    },
                ),
                Field(
                    id="lunch",
                    type="yesno",
                    label=_("Nimmt Ihr Kind am Mittagessen teil?"),
                    hint=_(
                        "Das Mittagessen kostet etwa {euros} € im Monat und wird zusätzlich zum Elternbeitrag berechnet."
                    ).format(euros=LUNCH_EUROS),
                    messages={"required": _("Bitte geben Sie an, ob Ihr Kind am Mittagessen teilnimmt.")},
                ),
            ),
        ),
        Step(
            id="sorgerecht",
            title=_("Sorgerecht"),
            section=_("Familie"),
            intro=_(
                "Haben beide Eltern das Sorgerecht, muss der andere Elternteil der Anmeldung zustimmen. "
                "Wir bitten ihn nach dem Absenden per E-Mail darum; er stimmt mit einem eigenen Konto im "
                "Familienportal zu."
            ),
            fields=(
                Field(
                    id="sole_custody",
                    type="yesno",
                    label=_("Haben Sie das alleinige Sorgerecht für Ihr Kind?"),
                    messages={"required": _("Bitte geben Sie an, ob Sie das alleinige Sorgerecht haben.")},
                ),
                Field(
                    id="sole_custody_proof",
                    type="proof",
                    label=_("Nachweis des alleinigen Sorgerechts, z. B. Negativbescheinigung"),
                    show_if=Condition(field="sole_custody", equals="ja"),
                    proof=ProofSpec(
                        kind="sorgerecht",
                        accepted=_(
                            "Die Negativbescheinigung (Auskunft aus dem Sorgeregister) Ihres Jugendamts oder "
                            "der Beschluss des Familiengerichts."
                        ),
                        max_pages=4,
                    ),
                ),
                Field(
                    id="other_parent_name",
                    type="text",
                    label=_("Name des anderen Elternteils"),
                    show_if=JOINT_CUSTODY,
                    max_length=120,
                    autocomplete="off",
                    messages={"required": _("Bitte geben Sie den Namen des anderen Elternteils an.")},
                ),
                Field(
                    id="other_parent_email",
                    type="email",
                    label=_("E-Mail-Adresse des anderen Elternteils"),
                    hint=_(
                        "An diese Adresse schicken wir nach dem Absenden die Bitte um Zustimmung. "
                        "Der Link darin ist 30 Tage gültig."
                    ),
                    show_if=JOINT_CUSTODY,
                    autocomplete="off",
                    messages={
                        "required": _("Bitte geben Sie die E-Mail-Adresse des anderen Elternteils an.")
                    },
                ),
            ),
            checks=("ogs.other_parent_email",),
        ),
        Step(
            id="familie",
            title=_("Familie und Berufstätigkeit"),
            section=_("Familie"),
            intro=_(
                "Gibt es mehr Anmeldungen als Plätze, vergibt die Schulleitung die Plätze nach Kriterien wie "
                "der Berufstätigkeit der Eltern. Dafür brauchen wir diese Angaben und Nachweise."
            ),
            fields=(
                Field(
                    id="single_parent",
                    type="yesno",
                    label=_("Sind Sie alleinerziehend?"),
                    messages={"required": _("Bitte geben Sie an, ob Sie alleinerziehend sind.")},
                ),
                Field(
                    id="employed",
                    type="yesno",
                    label=_("Sind Sie berufstätig oder in einer Ausbildung?"),
                    show_if=SINGLE,
                    messages={
                        "required": _("Bitte geben Sie an, ob Sie berufstätig oder in einer Ausbildung sind.")
                    },
                ),
                Field(
                    id="both_full_time",
                    type="yesno",
                    label=_("Sind beide Eltern in Vollzeit berufstätig?"),
                    hint=_("Auch eine Ausbildung oder ein Studium in Vollzeit zählt."),
                    show_if=COUPLE,
                    messages={
                        "required": _("Bitte geben Sie an, ob beide Eltern in Vollzeit berufstätig sind.")
                    },
                ),
                Field(
                    id="single_parent_proof",
                    type="proof",
                    label=_("Nachweis, dass Sie alleinerziehend sind"),
                    show_if=SINGLE_WORKING,
                    proof=ProofSpec(
                        kind="alleinerziehend",
                        accepted=_(
                            "Zum Beispiel der Steuerbescheid mit dem Entlastungsbetrag für Alleinerziehende, "
                            "eine Lohnabrechnung mit Steuerklasse II oder eine Meldebescheinigung."
                        ),
                        max_pages=4,
                    ),
                ),
                Field(
                    id="employment_proof",
                    type="proof",
                    label=_("Nachweis der Berufstätigkeit"),
                    show_if=Condition(any=(SINGLE_WORKING, BOTH_FULL_TIME)),
                    proof=ProofSpec(
                        kind="berufstaetigkeit",
                        accepted=_(
                            "Für jeden berufstätigen Elternteil eine Arbeitgeberbescheinigung mit der "
                            "Wochenarbeitszeit oder die letzte Lohnabrechnung; bei einer Ausbildung oder einem "
                            "Studium die Bescheinigung der Schule oder Hochschule."
                        ),
                        max_pages=6,
                    ),
                ),
            ),
        ),
        Step(
            id="weiteres",
            title=_("Geschwister und Härtefall"),
            section=_("Familie"),
            intro=_(
                "Diese Angaben sind freiwillig. Sie können bei der Vergabe der Plätze berücksichtigt werden."
            ),
            fields=(
                Field(
                    id="sibling_in_ogs",
                    type="yesno",
                    label=_("Besucht ein Geschwisterkind schon die OGS dieser Schule? (freiwillig)"),
                    required=False,
                ),
                Field(
                    id="sibling_name",
                    type="text",
                    label=_("Name und Klasse des Geschwisterkindes"),
                    hint=_("Zum Beispiel Ben Beispiel, Klasse 3a."),
                    show_if=Condition(field="sibling_in_ogs", equals="ja"),
                    max_length=120,
                    messages={"required": _("Bitte geben Sie Name und Klasse des Geschwisterkindes an.")},
                ),
                Field(
                    id="hardship",
                    type="textarea",
                    label=_("Gibt es einen Härtefall? (freiwillig)"),
                    hint=_(
                        "Zum Beispiel eine schwere Erkrankung in der Familie oder eine Empfehlung des Jugendamts. "
                        "Bitte schreiben Sie nur, was die Schulleitung für die Entscheidung wissen muss."
                    ),
                    required=False,
                    max_length=1500,
                ),
                Field(
                    id="hardship_proof",
                    type="proof",
                    label=_("Nachweis zum Härtefall (freiwillig)"),
                    required=False,
                    show_if=Condition(field="hardship", filled=True),
                    proof=ProofSpec(
                        kind="haertefall",
                        accepted=_(
                            "Zum Beispiel eine ärztliche Bescheinigung oder ein Schreiben des Jugendamts."
                        ),
                        max_pages=6,
                    ),
                ),
            ),
        ),
    ),
    declarations=(
        Declaration(
            id="truthful",
            label=_("Ich versichere, dass meine Angaben richtig und vollständig sind."),
            text=_("Änderungen, zum Beispiel ein Umzug oder ein Schulwechsel, teile ich der Schule mit."),
        ),
        Declaration(
            id="binding",
            label=_("Mir ist bekannt, dass die Anmeldung für das ganze Schuljahr verbindlich ist."),
            text=_(
                "Für die OGS wird ein Elternbeitrag nach dem Einkommen erhoben; das Mittagessen wird zusätzlich "
                "berechnet. Den Vertrag schließen Sie nach der Zusage mit der Stadt."
            ),
        ),
        Declaration(
            id="privacy",
            label=_("Ich habe die Datenschutzhinweise zur OGS-Anmeldung gelesen."),
            text=_(
                "Die Stadt und die Schulleitung verarbeiten Ihre Angaben für die Vergabe der OGS-Plätze und den "
                "Betreuungsvertrag (Art. 6 Abs. 1 lit. e DSGVO, § 9 SchulG NRW). Angaben zu einem Härtefall "
                "sind freiwillig."
            ),
        ),
    ),
    consent=ConsentSpec(
        email_field="other_parent_email",
        name_field="other_parent_name",
        skip_field="sole_custody",
        skip_value="ja",
        text=_(
            "Ich stimme als sorgeberechtigter Elternteil zu, dass unser Kind für das im Antrag genannte "
            "Schuljahr verbindlich zur Offenen Ganztagsschule angemeldet wird – an fünf Tagen pro Woche und, "
            "wenn angegeben, mit Mittagessen. Mir ist bekannt, dass dafür ein Elternbeitrag nach dem "
            "Einkommen erhoben wird."
        ),
    ),
    computations=("ogs.consent", "ogs.points"),
    next_steps={
        "awaiting_consent": NextStep(
            _(
                "Wir haben den anderen Elternteil per E-Mail um Zustimmung gebeten. Sobald er zugestimmt hat, "
                "geht Ihre Anmeldung an die Schule."
            ),
            14,
        ),
        "submitted": NextStep(
            _(
                "Die Schulleitung vergibt die Plätze in der Regel im Februar oder März. Die Zusage oder Absage "
                "erhalten Sie in Ihr Postfach."
            ),
            90,
        ),
    },
)


# --- rules -----------------------------------------------------------------------------------------------
def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


@rule("ogs.pupil_born")
def pupil_born(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    pupil = answers.get("pupil") or {}
    if pupil and not pupil.get("birth_date"):
        return [
            Issue("pupil", _("Für ein Kind, das noch nicht geboren ist, ist keine OGS-Anmeldung möglich."))
        ]
    return []


@rule("ogs.school_year")
def school_year_not_begun(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    chosen = answers.get("school_year")
    if not chosen or int(chosen) >= first_school_year(ctx.today):
        return []
    return [
        Issue(
            "school_year",
            _("Das {year} hat schon begonnen. Bitte wählen Sie ein kommendes Schuljahr.").format(
                year=school_year_label(int(chosen))
            ),
        )
    ]


@rule("ogs.pupil_age")
def pupil_age(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    """The OGS is for primary-school children: 5 to 11 years old when the school year begins."""
    pupil = answers.get("pupil") or {}
    born = _date(pupil.get("birth_date"))
    chosen = answers.get("school_year")
    if born is None or not chosen:
        return []
    start = dt.date(int(chosen), *SCHOOL_YEAR_START)
    age = age_in_years(born, start)
    if MIN_AGE <= age <= MAX_AGE:
        return []
    name = pupil.get("name") or _("Ihr Kind")
    if age < MIN_AGE:
        text = _(
            "{name} ist zu Beginn des Schuljahres {years} erst {age} Jahre alt. Die OGS ist ein Angebot für Kinder, die "
            "die Grundschule besuchen (5 bis 11 Jahre). Melden Sie Ihr Kind bitte für ein späteres Schuljahr an."
        )
    else:
        text = _(
            "{name} ist zu Beginn des Schuljahres {years} schon {age} Jahre alt. Die OGS ist ein Angebot für Kinder, die "
            "die Grundschule besuchen (5 bis 11 Jahre)."
        )
    return [Issue("school_year", text.format(name=name, years=years(int(chosen)), age=age))]


@rule("ogs.other_parent_email")
def other_parent_email(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    address = answers.get("other_parent_email")
    if address and ctx.household.email and address.lower() == ctx.household.email.lower():
        return [
            Issue(
                "other_parent_email",
                _(
                    "Das ist Ihre eigene E-Mail-Adresse. Bitte geben Sie die Adresse des anderen Elternteils an – "
                    "er stimmt mit einem eigenen Konto zu."
                ),
            )
        ]
    return []


# --- computations -----------------------------------------------------------------------------------------
def points_scheme(ctx: Context) -> Points | None:
    configured = {
        name: ctx.settings.get(f"ogs.points_{name}")
        for name in ("single_parent_working", "both_full_time", "sibling")
    }
    if all(isinstance(v, int) and not isinstance(v, bool) for v in configured.values()):
        return Points(**configured)  # type: ignore[arg-type]
    return POINTS.get(ctx.tenant.slug)


@computation("ogs.points")
def allocation_points(answers: dict[str, Any], ctx: Context) -> list[tuple[str, str]]:
    """The points the answers earn under the municipality's criteria - information, not a decision."""
    scheme = points_scheme(ctx)
    if scheme is None:
        return [
            (
                _("Vergabe der Plätze"),
                _("Über die Plätze entscheidet die Schulleitung nach den Aufnahmekriterien der Schule."),
            )
        ]
    total, reasons = 0, []
    if answers.get("single_parent") == "ja" and answers.get("employed") == "ja":
        total += scheme.single_parent_working
        reasons.append(_("alleinerziehend und berufstätig: {n}").format(n=scheme.single_parent_working))
    elif answers.get("single_parent") == "nein" and answers.get("both_full_time") == "ja":
        total += scheme.both_full_time
        reasons.append(_("beide Eltern in Vollzeit berufstätig: {n}").format(n=scheme.both_full_time))
    if answers.get("sibling_in_ogs") == "ja":
        total += scheme.sibling
        reasons.append(_("Geschwisterkind in der OGS: {n}").format(n=scheme.sibling))
    points = _("1 Punkt") if total == 1 else _("{n} Punkte").format(n=total)
    rows = [
        (_("Punkte nach den Aufnahmekriterien"), f"{points} ({'; '.join(reasons)})" if reasons else points)
    ]
    if answers.get("hardship"):
        rows.append((_("Härtefall"), _("Angegeben – die Schulleitung prüft ihn gesondert.")))
    rows.append(
        (
            _("Hinweis"),
            _(
                "Die Punkte sind eine unverbindliche Information. Über die Plätze entscheidet die Schulleitung; "
                "bei gleicher Punktzahl entscheidet das Los."
            ),
        )
    )
    return rows


@computation("ogs.consent")
def consent_note(answers: dict[str, Any], ctx: Context) -> list[tuple[str, str]]:
    label = _("Zustimmung des anderen Elternteils")
    if answers.get("sole_custody") == "ja":
        return [(label, _("Nicht nötig: Sie haben das alleinige Sorgerecht."))]
    address = answers.get("other_parent_email")
    if not address:
        return []
    return [
        (
            label,
            _(
                "Nach dem Absenden bitten wir {name} per E-Mail an {email} um Zustimmung. Erst danach geht die "
                "Anmeldung an die Schule."
            ).format(name=answers.get("other_parent_name") or _("den anderen Elternteil"), email=address),
        )
    ]
