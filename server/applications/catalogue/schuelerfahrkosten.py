"""School transport costs (Schülerfahrkosten, Schülerticket), DOMAIN.md §6 and field table G.

The pupil, school and grade, the home address (from the household) and the walking distance: the school's
Träger pays when the shortest walk is longer than 2 km (grades 1–4), 3.5 km (grades 5–10) or 5 km (grades
11–13), or when the route is dangerous. A rule refuses a shorter distance without a dangerous route. The
school certificate is required; a social-benefit notice exempts from the own contribution. Payment is a
ticket subscription or a refund to an account.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
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
from server.web.i18n import _

# The walk (km) that has to be exceeded, by the highest grade of each band (Schülerfahrkostenverordnung NRW).
THRESHOLDS: tuple[tuple[int, Decimal], ...] = ((4, Decimal("2")), (10, Decimal("3.5")), (13, Decimal("5")))
DISTANCE = r"[0-9]{1,2}(?:[.,][0-9]{1,2})?"
DANGEROUS = Condition(field="dangerous_route", equals="ja")
REFUND = Condition(field="payout", equals="erstattung")


def threshold(grade: int) -> Decimal:
    """More than this many km of walk give a claim in `grade`."""
    return next(limit for highest, limit in THRESHOLDS if grade <= highest)


def grade_band(grade: int) -> str:
    if grade <= 4:
        return _("Klasse 1 bis 4")
    if grade <= 10:
        return _("Klasse 5 bis 10")
    return _("Klasse 11 bis 13")


def km(value: Decimal) -> str:
    """Kilometres the German way: 2 · 3,5 · 2,45."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def distance(answers: dict[str, Any]) -> Decimal | None:
    raw = answers.get("distance_km")
    if not isinstance(raw, str):
        return None
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None


DEFINITION = ServiceDefinition(
    id="schuelerfahrkosten",
    reference_prefix="SFK",
    title=_("Schülerfahrkosten und Schülerticket"),
    short_title=_("Schülerfahrkosten"),
    summary=_(
        "Beantragen Sie das Schülerticket oder die Erstattung der Fahrkosten, wenn der Schulweg Ihres Kindes "
        "lang oder gefährlich ist."
    ),
    life_situation="schule",
    prepare=(
        _("Die aktuelle Schulbescheinigung Ihres Kindes (ein Foto genügt)"),
        _("Die Länge des kürzesten Fußwegs zur Schule, zum Beispiel aus einem Routenplaner"),
        _("Wenn Sie Sozialleistungen erhalten: den aktuellen Bescheid"),
        _("Für eine Erstattung: Ihre IBAN"),
    ),
    duration_minutes=8,
    legal_basis=_("§ 97 SchulG NRW und Schülerfahrkostenverordnung NRW (SchfkVO)"),
    office=_("Schulamt – Schülerfahrkosten"),
    steps=(
        Step(
            id="schueler",
            title=_("Schülerin oder Schüler"),
            section=_("Schule"),
            fields=(
                Field(
                    id="pupil",
                    type="child",
                    label=_("Für welches Kind beantragen Sie die Fahrkosten?"),
                    summary_label=_("Schülerin oder Schüler"),
                    hint=_("Ein Kind fehlt? Tragen Sie es zuerst in Ihrem Haushalt ein."),
                    prefill="household.only_child",
                    messages={"required": _("Bitte wählen Sie das Kind aus.")},
                ),
            ),
            checks=("schuelerfahrkosten.pupil_born",),
        ),
        Step(
            id="schule",
            title=_("Schule und Klasse"),
            section=_("Schule"),
            fields=(
                Field(
                    id="school",
                    type="text",
                    label=_("Name und Ort der Schule"),
                    hint=_("Zum Beispiel Gesamtschule Barmen, Wuppertal."),
                    max_length=160,
                    messages={"required": _("Bitte geben Sie den Namen und den Ort der Schule an.")},
                ),
                Field(
                    id="grade",
                    type="select",
                    label=_("Klasse im laufenden oder kommenden Schuljahr"),
                    options=tuple(Option(str(n), _("Klasse {n}").format(n=n)) for n in range(1, 14)),
                    messages={"required": _("Bitte wählen Sie die Klasse aus.")},
                ),
            ),
        ),
        Step(
            id="schulweg",
            title=_("Wohnung und Schulweg"),
            section=_("Schulweg"),
            intro=_(
                "Die Fahrkosten werden übernommen, wenn der kürzeste Fußweg zur Schule länger ist als 2 km "
                "(Klasse 1 bis 4), 3,5 km (Klasse 5 bis 10) oder 5 km (Klasse 11 bis 13) – oder wenn der Weg "
                "besonders gefährlich ist."
            ),
            fields=(
                Field(
                    id="address",
                    type="address",
                    label=_("Wo wohnt Ihr Kind?"),
                    summary_label=_("Wohnanschrift"),
                    hint=_("Die Anschrift aus Ihrem Haushalt ist schon eingetragen. Bitte prüfen Sie sie."),
                    prefill="household.address",
                    messages={"required": _("Bitte geben Sie die Anschrift an, an der Ihr Kind wohnt.")},
                ),
                Field(
                    id="distance_km",
                    type="text",
                    label=_("Wie lang ist der kürzeste Fußweg zur Schule (in km)?"),
                    summary_label=_("Kürzester Fußweg zur Schule (km)"),
                    hint=_(
                        "Von der Haustür bis zum nächsten Eingang des Schulgrundstücks, zum Beispiel 2,4. "
                        "Ein Routenplaner für Fußwege hilft beim Messen."
                    ),
                    pattern=DISTANCE,
                    pattern_message=_("Bitte geben Sie die Entfernung in Kilometern an, zum Beispiel 2,4."),
                    width="5",
                    messages={"required": _("Bitte geben Sie die Länge des Schulwegs in Kilometern an.")},
                ),
                Field(
                    id="dangerous_route",
                    type="yesno",
                    label=_("Ist der Schulweg besonders gefährlich oder für Ihr Kind nicht zumutbar?"),
                    hint=_(
                        "Zum Beispiel eine stark befahrene Straße ohne Gehweg, ein Weg durch unbeleuchteten "
                        "Wald – oder Ihr Kind kann den Weg wegen einer Behinderung nicht zu Fuß gehen."
                    ),
                    messages={"required": _("Bitte geben Sie an, ob der Schulweg besonders gefährlich ist.")},
                ),
                Field(
                    id="danger_explanation",
                    type="textarea",
                    label=_("Warum ist der Schulweg gefährlich oder nicht zumutbar?"),
                    hint=_("Beschreiben Sie die Stelle oder den Grund möglichst genau."),
                    show_if=DANGEROUS,
                    max_length=1500,
                    messages={"required": _("Bitte beschreiben Sie, warum der Schulweg gefährlich ist.")},
                ),
            ),
            checks=("schuelerfahrkosten.distance",),
        ),
        Step(
            id="nachweise",
            title=_("Nachweise"),
            section=_("Nachweise"),
            fields=(
                Field(
                    id="school_certificate",
                    type="proof",
                    label=_("Schulbescheinigung"),
                    proof=ProofSpec(
                        kind="schulbescheinigung",
                        accepted=_(
                            "Die aktuelle Schulbescheinigung mit Schuljahr und Klasse, von der Schule ausgestellt."
                        ),
                        max_pages=2,
                    ),
                    messages={
                        "required": _(
                            "Bitte laden Sie die Schulbescheinigung hoch. Ohne sie können wir nicht entscheiden."
                        )
                    },
                ),
                Field(
                    id="social_benefit",
                    type="yesno",
                    label=_(
                        "Erhält Ihre Familie Bürgergeld, Sozialhilfe, Wohngeld, Kinderzuschlag oder Asylbewerberleistungen?"
                    ),
                    hint=_("Dann zahlen Sie keinen Eigenanteil für das Schülerticket."),
                    messages={
                        "required": _("Bitte geben Sie an, ob Ihre Familie eine dieser Leistungen erhält.")
                    },
                ),
                Field(
                    id="benefit_notice",
                    type="proof",
                    label=_("Aktueller Leistungsbescheid"),
                    show_if=Condition(field="social_benefit", equals="ja"),
                    proof=ProofSpec(
                        kind="leistungsbescheid",
                        accepted=_("Der aktuelle Bescheid über die Leistung, mindestens die erste Seite."),
                        max_pages=6,
                    ),
                ),
            ),
        ),
        Step(
            id="auszahlung",
            title=_("Ticket oder Erstattung"),
            section=_("Auszahlung"),
            fields=(
                Field(
                    id="payout",
                    type="choice",
                    label=_("Wie möchten Sie die Fahrkosten erhalten?"),
                    options=(
                        Option(
                            "ticket",
                            _("Schülerticket im Abonnement (Deutschlandticket Schule)"),
                            _(
                                "Das Ticket kommt über die Schule oder per Post; es gilt auch in der Freizeit."
                            ),
                        ),
                        Option(
                            "erstattung",
                            _("Erstattung auf mein Konto"),
                            _(
                                "Wenn es keine passende Bus- oder Bahnverbindung gibt, zum Beispiel für Fahrten "
                                "mit dem eigenen Auto."
                            ),
                        ),
                    ),
                    messages={"required": _("Bitte wählen Sie Schülerticket oder Erstattung.")},
                ),
                Field(
                    id="account_holder",
                    type="text",
                    label=_("Kontoinhaberin oder Kontoinhaber"),
                    show_if=REFUND,
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
                    show_if=REFUND,
                    messages={"required": _("Bitte geben Sie die IBAN für die Erstattung an.")},
                ),
            ),
        ),
    ),
    declarations=(
        Declaration(
            id="truthful",
            label=_("Ich versichere, dass meine Angaben richtig und vollständig sind."),
            text=_(
                "Einen Umzug, einen Schulwechsel oder das Ende des Leistungsbezugs teile ich dem Schulamt "
                "unverzüglich mit. Zu Unrecht erhaltene Tickets oder Erstattungen muss ich zurückzahlen."
            ),
        ),
        Declaration(
            id="privacy",
            label=_("Ich habe die Datenschutzhinweise zu den Schülerfahrkosten gelesen."),
            text=_(
                "Das Schulamt verarbeitet Ihre Angaben, um den Anspruch auf Übernahme der Fahrkosten zu prüfen "
                "(§ 97 SchulG NRW). Für das Ticket gibt es Name, Geburtsdatum und Schule an das "
                "Verkehrsunternehmen weiter."
            ),
        ),
    ),
    computations=("schuelerfahrkosten.claim",),
    next_steps={
        "submitted": NextStep(
            _("Das Schulamt prüft den Schulweg und schickt Ihnen die Entscheidung in Ihr Postfach."), 21
        ),
    },
)


def _grade(answers: dict[str, Any]) -> int | None:
    value = answers.get("grade")
    return int(value) if isinstance(value, str) and value.isdigit() else None


@rule("schuelerfahrkosten.pupil_born")
def pupil_born(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    pupil = answers.get("pupil") or {}
    if pupil and not pupil.get("birth_date"):
        return [Issue("pupil", _("Bitte wählen Sie ein Kind, das schon zur Schule geht."))]
    return []


@rule("schuelerfahrkosten.distance")
def long_enough(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    """Refuse a walk that is not longer than the grade's threshold, unless the route is dangerous."""
    grade, walk = _grade(answers), distance(answers)
    if grade is None or walk is None or answers.get("dangerous_route") != "nein":
        return []
    limit = threshold(grade)
    if walk > limit:
        return []
    return [
        Issue(
            "distance_km",
            _(
                "Bei einem Schulweg von {walk} km werden die Fahrkosten nicht übernommen: In Klasse {grade} muss "
                "der kürzeste Fußweg länger als {limit} km sein. Ist der Weg besonders gefährlich, wählen Sie "
                "unten „Ja“ und beschreiben Sie die Gefahr."
            ).format(walk=km(walk), grade=grade, limit=km(limit)),
        )
    ]


@computation("schuelerfahrkosten.claim")
def claim(answers: dict[str, Any], ctx: Context) -> list[tuple[str, str]]:
    grade, walk = _grade(answers), distance(answers)
    if grade is None or walk is None:
        return []
    limit = threshold(grade)
    rows: list[tuple[str, str]] = []
    if walk > limit:
        rows.append(
            (
                _("Anspruch nach der Entfernung"),
                _("Ja: {walk} km sind mehr als {limit} km ({band}).").format(
                    walk=km(walk), limit=km(limit), band=grade_band(grade)
                ),
            )
        )
    if answers.get("dangerous_route") == "ja":
        rows.append((_("Gefährlicher Schulweg"), _("Angegeben – das Schulamt prüft den Weg.")))
    if answers.get("payout") == "erstattung":
        rows.append(
            (_("Erstattung"), _("Erstattet werden die Kosten der günstigsten zumutbaren Verbindung."))
        )
    elif answers.get("social_benefit") == "ja":
        rows.append((_("Eigenanteil"), _("Entfällt, weil Ihre Familie Sozialleistungen erhält.")))
    else:
        rows.append(
            (
                _("Eigenanteil"),
                _("Für das Schülerticket zahlen Sie einen Eigenanteil nach der Satzung Ihrer Stadt."),
            )
        )
    rows.append((_("Hinweis"), _("Unverbindliche Einschätzung. Verbindlich entscheidet der Schulträger.")))
    return rows
