"""The Elterngeld application as data: steps, fields, conditions, proofs, declarations, quick check.

DOMAIN.md §5 and field table E. The named rules, parsers and computations it refers to are in hooks.py;
the month plan's rules in plan.py, the estimate in amount.py.
"""

from __future__ import annotations

from server.applications.definitions import (
    Condition,
    ConsentSpec,
    Declaration,
    Field,
    NextStep,
    Option,
    ProofSpec,
    QuickCheck,
    ServiceDefinition,
    Step,
)
from server.web.i18n import _

PLAN_FIELD = "plan"
HOURS_FIELD = "hours"
SINGLE = Condition(field="single_parent", equals="ja")
NOT_SINGLE = Condition(field="single_parent", equals="nein")
EMPLOYED = Condition(field="income_kind", one_of=("angestellt", "beides"))
SELF_EMPLOYED = Condition(field="income_kind", one_of=("selbststaendig", "beides"))
INCOME_KINDS = (
    Option("angestellt", _("Aus nichtselbständiger Arbeit"), _("Angestellt, verbeamtet oder in Ausbildung")),
    Option(
        "selbststaendig",
        _("Aus selbständiger Arbeit"),
        _("Selbständig, freiberuflich, Gewerbe oder Landwirtschaft"),
    ),
    Option("beides", _("Aus beidem")),
    Option("keins", _("Kein Einkommen aus Arbeit"), _("Sie bekommen dann den Mindestbetrag.")),
)

QUICK_CHECK = QuickCheck(
    intro=_(
        "Fünf Fragen, eine ungefähre Antwort: Lohnt sich ein Antrag auf Elterngeld, und was brauchen Sie dafür? "
        "Ihre Antworten übernehmen wir in den Antrag."
    ),
    questions=(
        Field(
            id="q_born",
            type="yesno",
            label=_("Ist Ihr Kind schon geboren?"),
            messages={"required": _("Bitte geben Sie an, ob Ihr Kind schon geboren ist.")},
        ),
        Field(
            id="q_single",
            type="yesno",
            label=_("Sind Sie alleinerziehend?"),
            hint=_("Der andere Elternteil wohnt nicht mit Ihnen und dem Kind zusammen."),
            messages={"required": _("Bitte geben Sie an, ob Sie alleinerziehend sind.")},
        ),
        Field(
            id="q_income",
            type="choice",
            label=_("Hatten Sie in den 12 Monaten vor der Geburt Einkommen aus Arbeit?"),
            options=INCOME_KINDS,
            messages={"required": _("Bitte wählen Sie aus, welches Einkommen Sie vor der Geburt hatten.")},
        ),
        Field(
            id="q_other_income",
            type="yesno",
            label=_("Hatte der andere Elternteil vor der Geburt Einkommen aus Arbeit?"),
            show_if=Condition(field="q_single", equals="nein"),
            messages={
                "required": _("Bitte geben Sie an, ob der andere Elternteil vor der Geburt gearbeitet hat.")
            },
        ),
        Field(
            id="q_over_limit",
            type="yesno",
            label=_(
                "Lag das zu versteuernde Einkommen im Kalenderjahr vor der Geburt über 175.000 € (bei Paaren: beide zusammen)?"
            ),
            hint=_(
                "Sie finden es im Steuerbescheid. Einkommensgrenze für Geburten ab 1. April 2025 (Stand 2025)."
            ),
            messages={"required": _("Bitte geben Sie an, ob das Einkommen über 175.000 € lag.")},
        ),
    ),
    assess="elterngeld.quick",
    prefill={"q_single": "single_parent", "q_income": "income_kind", "q_over_limit": "income_over_limit"},
)


def _proof(
    field_id: str, label: str, kind: str, accepted: str, max_pages: int, show_if: Condition | None = None
) -> Field:
    return Field(
        id=field_id,
        type="proof",
        label=label,
        show_if=show_if,
        proof=ProofSpec(kind=kind, accepted=accepted, max_pages=max_pages),
    )


DEFINITION = ServiceDefinition(
    id="elterngeld",
    reference_prefix="EG",
    title=_("Elterngeld beantragen"),
    short_title=_("Elterngeld"),
    summary=_(
        "Planen Sie Basiselterngeld, ElterngeldPlus und Partnerschaftsbonus Monat für Monat – der Monatsplaner "
        "prüft die Regeln gleich mit – und beantragen Sie Ihr Elterngeld."
    ),
    life_situation="geburt",
    prepare=(
        _(
            "Die Geburtsbescheinigung „zur Beantragung von Elterngeld“ – im Original, Sie schicken sie per Post"
        ),
        _("Lohn- und Gehaltsabrechnungen der 12 Monate vor der Geburt oder Ihren letzten Steuerbescheid"),
        _(
            "Die Bescheinigung über Mutterschaftsgeld und den Zuschuss des Arbeitgebers, wenn Sie welche bekommen"
        ),
        _("Name und E-Mail-Adresse des anderen Elternteils, wenn er oder sie auch Monate nimmt"),
        _("Ihre IBAN"),
    ),
    duration_minutes=25,
    legal_basis=_("Bundeselterngeld- und Elternzeitgesetz (BEEG), §§ 1 bis 4d und 7"),
    office=_("Elterngeldstelle"),
    signature="paper",
    steps=(
        Step(
            id="kind",
            title=_("Ihr Kind"),
            section=_("Kind und Eltern"),
            fields=(
                Field(
                    id="child",
                    type="child",
                    label=_("Für welches Kind beantragen Sie Elterngeld?"),
                    summary_label=_("Kind"),
                    hint=_(
                        "Ein Kind fehlt? Tragen Sie es zuerst in Ihrem Haushalt ein – auch ein Kind, das noch nicht geboren ist."
                    ),
                    prefill="household.only_child",
                    messages={
                        "required": _("Bitte wählen Sie das Kind aus, für das Sie Elterngeld beantragen.")
                    },
                ),
            ),
            checks=("elterngeld.child",),
        ),
        Step(
            id="eltern",
            title=_("Die Eltern"),
            section=_("Kind und Eltern"),
            intro=_(
                "Elterngeld bekommen beide Eltern für die Monate, die sie selbst nehmen. Die Monate planen Sie im "
                "nächsten Schritt gemeinsam."
            ),
            fields=(
                Field(
                    id="applicant",
                    type="guardian",
                    label=_("Wer stellt den Antrag?"),
                    summary_label=_("Antragstellende Person"),
                    hint=_("Die Person muss in Ihrem Haushalt eingetragen sein."),
                    prefill="household.only_guardian",
                    messages={"required": _("Bitte wählen Sie aus, wer den Antrag stellt.")},
                ),
                Field(
                    id="single_parent",
                    type="yesno",
                    label=_("Sind Sie alleinerziehend?"),
                    hint=_(
                        "Alleinerziehend heißt beim Elterngeld: Der andere Elternteil wohnt nicht mit Ihnen und dem Kind "
                        "zusammen (wie beim Entlastungsbetrag für Alleinerziehende, Steuerklasse II). Dann planen Sie nur "
                        "Ihre eigenen Monate – bis zu 14 Monate Basiselterngeld."
                    ),
                    messages={"required": _("Bitte geben Sie an, ob Sie alleinerziehend sind.")},
                ),
                Field(
                    id="other_name",
                    type="text",
                    label=_("Name des anderen Elternteils"),
                    max_length=120,
                    autocomplete="off",
                    show_if=NOT_SINGLE,
                    messages={"required": _("Bitte geben Sie den Namen des anderen Elternteils an.")},
                ),
                Field(
                    id="other_email",
                    type="email",
                    label=_("E-Mail-Adresse des anderen Elternteils"),
                    hint=_(
                        "Der andere Elternteil muss dem Antrag zustimmen, auch wenn er oder sie selbst keine Monate nimmt "
                        "(§ 7 Abs. 3 BEEG): Nach dem Absenden schicken wir eine E-Mail mit einem Link; die Zustimmung gibt "
                        "er oder sie mit einem eigenen Konto."
                    ),
                    show_if=NOT_SINGLE,
                    messages={
                        "required": _("Bitte geben Sie die E-Mail-Adresse des anderen Elternteils an.")
                    },
                ),
            ),
            checks=("elterngeld.parents",),
        ),
        Step(
            id="monate",
            title=_("Elterngeld-Monate planen"),
            section=_("Ihr Monatsplan"),
            intro=_(
                "Wählen Sie für jeden Lebensmonat Ihres Kindes, wer welches Elterngeld bezieht. Lebensmonat 1 beginnt "
                "am Tag der Geburt. Der Planer prüft die Regeln, während Sie planen."
            ),
            fields=(
                Field(
                    id=PLAN_FIELD,
                    type="custom",
                    label=_("Ihr Monatsplan"),
                    hint=_(
                        "„Basis“ = Basiselterngeld, „Plus“ = ElterngeldPlus (halber Betrag, doppelt so lange), "
                        "„Bonus“ = Partnerschaftsbonus."
                    ),
                    summary_label=_("Geplante Monate"),
                    template="elterngeld_plan.html",
                    parser="elterngeld.plan",
                    script="js/widgets/elterngeld-plan.js",
                ),
            ),
        ),
        Step(
            id="einkommen",
            title=_("Einkommen vor der Geburt"),
            section=_("Einkommen"),
            intro=_(
                "Elterngeld ersetzt einen Teil Ihres Einkommens aus den 12 Monaten vor der Geburt. Bei Selbständigen "
                "zählt das letzte abgeschlossene Steuerjahr."
            ),
            fields=(
                Field(
                    id="income_kind",
                    type="choice",
                    label=_("Welches Einkommen hatten Sie vor der Geburt?"),
                    options=INCOME_KINDS,
                    messages={
                        "required": _("Bitte wählen Sie aus, welches Einkommen Sie vor der Geburt hatten.")
                    },
                ),
                Field(
                    id="net_income",
                    type="money",
                    label=_("Ihr durchschnittliches Nettoeinkommen im Monat vor der Geburt"),
                    hint=_(
                        "Für die Schätzung genügt ein ungefährer Betrag, zum Beispiel 2.100. Monate mit Mutterschaftsgeld "
                        "zählen nicht mit. Die Elterngeldstelle rechnet mit Ihren Nachweisen selbst nach."
                    ),
                    min=0,
                    max=100_000,
                    width="5",
                    show_if=Condition(field="income_kind", one_of=("angestellt", "selbststaendig", "beides")),
                    messages={
                        "required": _("Bitte geben Sie Ihr durchschnittliches Nettoeinkommen im Monat an.")
                    },
                ),
                _proof(
                    "payslips",
                    _("Lohn- und Gehaltsabrechnungen"),
                    "gehaltsabrechnungen",
                    _("Die Abrechnungen der 12 Monate vor der Geburt (ohne Monate mit Mutterschaftsgeld)."),
                    24,
                    EMPLOYED,
                ),
                _proof(
                    "tax_assessment",
                    _("Steuerbescheid oder Gewinnermittlung"),
                    "steuerbescheid",
                    _(
                        "Der Einkommensteuerbescheid des letzten abgeschlossenen Jahres; fehlt er noch, eine Gewinnermittlung "
                        "(vorläufige Berechnung)."
                    ),
                    12,
                    SELF_EMPLOYED,
                ),
                Field(
                    id="income_over_limit",
                    type="yesno",
                    label=_(
                        "Lag das zu versteuernde Einkommen im Kalenderjahr vor der Geburt über 175.000 € (bei Paaren: beide zusammen)?"
                    ),
                    summary_label=_("Zu versteuerndes Einkommen über 175.000 €"),
                    hint=_(
                        "Sie finden den Betrag im Steuerbescheid. Einkommensgrenze für Geburten ab 1. April 2025 (Stand 2025)."
                    ),
                    messages={
                        "required": _(
                            "Bitte geben Sie an, ob das zu versteuernde Einkommen über 175.000 € lag."
                        )
                    },
                ),
            ),
            checks=("elterngeld.income_limit",),
        ),
        Step(
            id="arbeit",
            title=_("Arbeit während des Elterngeldes"),
            section=_("Einkommen"),
            intro=_(
                "Neben dem Elterngeld dürfen Sie bis zu 32 Stunden pro Woche arbeiten. Für den Partnerschaftsbonus "
                "arbeiten beide Eltern gleichzeitig 24 bis 32 Stunden pro Woche."
            ),
            fields=(
                Field(
                    id=HOURS_FIELD,
                    type="custom",
                    label=_("Wochenstunden in Monaten mit ElterngeldPlus oder Partnerschaftsbonus"),
                    summary_label=_("Wochenstunden"),
                    template="elterngeld_hours.html",
                    parser="elterngeld.hours",
                ),
            ),
        ),
        Step(
            id="mutterschaft",
            title=_("Mutterschaftsleistungen"),
            section=_("Einkommen"),
            fields=(
                Field(
                    id="maternity_pay",
                    type="yesno",
                    label=_("Bekommen Sie nach der Geburt Mutterschaftsgeld oder Bezüge im Mutterschutz?"),
                    hint=_(
                        "Nur für die Mutter. Die Monate mit Mutterschaftsleistungen gelten als Monate mit Basiselterngeld; "
                        "die Leistungen werden auf das Elterngeld angerechnet."
                    ),
                    messages={"required": _("Bitte geben Sie an, ob Sie Mutterschaftsleistungen bekommen.")},
                ),
                Field(
                    id="employer_supplement",
                    type="yesno",
                    label=_("Zahlt Ihr Arbeitgeber einen Zuschuss zum Mutterschaftsgeld?"),
                    show_if=Condition(field="maternity_pay", equals="ja"),
                    messages={"required": _("Bitte geben Sie an, ob Ihr Arbeitgeber einen Zuschuss zahlt.")},
                ),
                _proof(
                    "maternity_proof",
                    _("Bescheinigung über das Mutterschaftsgeld"),
                    "mutterschaftsgeld",
                    _(
                        "Die Bescheinigung der Krankenkasse (oder der Bezügestelle) mit Beginn, Ende und Höhe."
                    ),
                    4,
                    Condition(field="maternity_pay", equals="ja"),
                ),
                _proof(
                    "supplement_proof",
                    _("Bescheinigung über den Arbeitgeberzuschuss"),
                    "arbeitgeberzuschuss",
                    _("Die Bescheinigung Ihres Arbeitgebers über den Zuschuss zum Mutterschaftsgeld."),
                    4,
                    Condition(field="employer_supplement", equals="ja"),
                ),
            ),
        ),
        Step(
            id="alleinerziehend",
            title=_("Nachweis: alleinerziehend"),
            section=_("Nachweise"),
            show_if=SINGLE,
            intro=_(
                "Alleinerziehende können alle 14 Monate Basiselterngeld allein nehmen. Bitte weisen Sie nach, dass Sie alleinerziehend sind."
            ),
            fields=(
                _proof(
                    "single_parent_proof",
                    _("Nachweis: alleinerziehend"),
                    "alleinerziehend",
                    _(
                        "Zum Beispiel eine Meldebescheinigung, aus der hervorgeht, dass der andere Elternteil nicht bei Ihnen "
                        "wohnt, oder eine Lohnabrechnung mit Steuerklasse II."
                    ),
                    4,
                ),
            ),
        ),
        Step(
            id="konto",
            title=_("Bankverbindung"),
            section=_("Zahlung"),
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
                    messages={
                        "required": _("Bitte geben Sie die IBAN an, auf die das Elterngeld gezahlt wird.")
                    },
                ),
            ),
        ),
        Step(
            id="erklaerungen",
            title=_("Voraussetzungen"),
            section=_("Erklärungen"),
            intro=_(
                "Elterngeld bekommt, wer diese Voraussetzungen erfüllt (§ 1 BEEG). Bitte bestätigen Sie sie."
            ),
            fields=(
                Field(
                    id="lives_with_child",
                    type="declaration",
                    label=_("Ich lebe mit dem Kind in einem Haushalt und betreue und erziehe es selbst."),
                    summary_label=_("Lebt mit dem Kind und betreut es"),
                ),
                Field(
                    id="residence",
                    type="declaration",
                    label=_("Ich habe meinen Wohnsitz oder meinen gewöhnlichen Aufenthalt in Deutschland."),
                    summary_label=_("Wohnsitz in Deutschland"),
                ),
                Field(
                    id="work_limit",
                    type="declaration",
                    label=_("In den Monaten mit Elterngeld arbeite ich höchstens 32 Stunden pro Woche."),
                    summary_label=_("Höchstens 32 Wochenstunden"),
                ),
            ),
        ),
    ),
    declarations=(
        Declaration(
            id="truthful",
            label=_("Ich versichere, dass meine Angaben richtig und vollständig sind."),
            text=_(
                "Änderungen – zum Beispiel der Arbeitszeit, des Einkommens oder wenn das Kind nicht mehr bei mir lebt – "
                "teile ich der Elterngeldstelle unverzüglich mit (§ 60 SGB I). Zu Unrecht gezahltes Elterngeld muss "
                "ich zurückzahlen."
            ),
        ),
        Declaration(
            id="privacy",
            label=_("Ich habe die Hinweise zum Datenschutz gelesen."),
            text=_(
                "Die Elterngeldstelle verarbeitet Ihre Angaben, um über Ihr Elterngeld zu entscheiden (Art. 6 Abs. 1 "
                "lit. e DSGVO, §§ 67 ff. SGB X)."
            ),
        ),
        Declaration(
            id="signature",
            label=_(
                "Ich weiß, dass mein Antrag erst mit der unterschriebenen Unterschriftsseite vollständig ist "
                "(in Nordrhein-Westfalen schriftlich, § 7 BEEG)."
            ),
        ),
    ),
    checks=("elterngeld.born", "elterngeld.consent", "elterngeld.maternity"),
    computations=("elterngeld.estimate", "elterngeld.consent"),
    consent=ConsentSpec(
        email_field="other_email",
        name_field="other_name",
        skip_field="single_parent",
        skip_value="ja",
        text=_(
            "Ich habe den Antrag auf Elterngeld zur Kenntnis genommen und stimme der darin geplanten Aufteilung der "
            "Lebensmonate zu – auch den Monaten, die für mich geplant sind (§ 7 Abs. 3 BEEG)."
        ),
    ),
    quick_check=QUICK_CHECK,
    next_steps={
        "awaiting_consent": NextStep(
            _(
                "Wir haben den anderen Elternteil per E-Mail gebeten, Ihrem Monatsplan zuzustimmen. Danach bekommen Sie "
                "die Unterschriftsseite."
            ),
            14,
        ),
        "awaiting_signature": NextStep(
            _(
                "Laden Sie die Unterschriftsseite herunter, unterschreiben Sie sie und laden Sie ein Foto davon hoch – oder "
                "schicken Sie sie per Post. Die Geburtsbescheinigung „zur Beantragung von Elterngeld“ schicken Sie im "
                "Original mit."
            ),
            14,
        ),
        "submitted": NextStep(
            _("Die Elterngeldstelle prüft Ihren Antrag. Den Bescheid bekommen Sie in Ihr Postfach."), 42
        ),
    },
)
