"""The Unterhaltsvorschuss application: steps, fields, conditions, proofs, declarations and the quick check."""

from __future__ import annotations

from typing import Any

from server.applications.definitions import (
    Condition,
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

LIVES_WITH = (
    Option(
        "nur_bei_mir",
        _("Nur bei mir"),
        _("Der andere Elternteil sieht das Kind höchstens zu Besuchen, auch mit Übernachtungen."),
    ),
    Option(
        "wechselmodell",
        _("Abwechselnd bei mir und beim anderen Elternteil, etwa gleich lange (Wechselmodell)"),
    ),
    Option("beide_eltern", _("Bei mir und dem anderen Elternteil – wir leben zusammen")),
    Option("woanders", _("Nicht bei mir, zum Beispiel bei Verwandten oder in einer Pflegefamilie")),
)
PAYMENTS = (
    Option("nein", _("Nein, er oder sie zahlt keinen Unterhalt")),
    Option("unregelmaessig", _("Ja, aber unregelmäßig")),
    Option("zu_wenig", _("Ja, regelmäßig, aber weniger als den Unterhaltsvorschuss")),
    Option("ausreichend", _("Ja, regelmäßig und mindestens in Höhe des Unterhaltsvorschusses")),
)
PAID = ("unregelmaessig", "zu_wenig", "ausreichend")
MARITAL = (
    Option("ledig", _("Ledig")),
    Option("getrennt", _("Verheiratet oder verpartnert, aber dauernd getrennt lebend")),
    Option("geschieden", _("Geschieden oder Lebenspartnerschaft aufgehoben")),
    Option("verwitwet", _("Verwitwet")),
    Option("verheiratet", _("Verheiratet oder verpartnert und zusammenlebend")),
)

CHILD_12 = Condition(field="child", age_at_least=12)
CHILD_15 = Condition(field="child", age_at_least=15)
# In the quick check the child may be 18 already (the assessment says so); then nothing else is asked.
QUICK_12_TO_17 = Condition(field="q_child", age_at_least=12, age_below=18)
OTHER_KNOWN = Condition(field="other_parent_status", equals="bekannt")
OTHER_NAMED = Condition(field="other_parent_status", one_of=("bekannt", "verstorben"))
IN_CONTACT = Condition(field="contact", one_of=("regelmaessig", "unregelmaessig"))


def _proof(field_id: str, label: str, kind: str, accepted: str, max_pages: int = 4, **extra: Any) -> Field:
    return Field(
        id=field_id,
        type="proof",
        label=label,
        proof=ProofSpec(kind=kind, accepted=accepted, max_pages=max_pages),
        **extra,
    )


def _money(field_id: str, label: str, **extra: Any) -> Field:
    return Field(id=field_id, type="money", label=label, min=0, max=100_000, width="10", **extra)


STEPS = (
    Step(
        id="kind",
        title=_("Ihr Kind"),
        section=_("Kind"),
        intro=_(
            "Für welches Kind beantragen Sie Unterhaltsvorschuss? Für jedes Kind stellen Sie einen eigenen Antrag."
        ),
        fields=(
            Field(
                id="child",
                type="child",
                label=_("Kind"),
                hint=_("Ein Kind fehlt? Tragen Sie es zuerst in Ihrem Haushalt ein."),
                prefill="household.only_child",
                messages={"required": _("Bitte wählen Sie das Kind aus, für das Sie den Antrag stellen.")},
            ),
            Field(
                id="birth_place",
                type="text",
                label=_("Geburtsort des Kindes"),
                max_length=80,
                autocomplete="off",
                messages={"required": _("Bitte geben Sie den Geburtsort Ihres Kindes an.")},
            ),
            Field(
                id="child_nationality",
                type="text",
                label=_("Staatsangehörigkeit des Kindes"),
                hint=_("Zum Beispiel deutsch."),
                max_length=60,
                messages={"required": _("Bitte geben Sie die Staatsangehörigkeit Ihres Kindes an.")},
            ),
            _proof(
                "birth_certificate",
                _("Geburtsurkunde des Kindes"),
                "geburtsurkunde",
                _("Die Geburtsurkunde oder Abstammungsurkunde Ihres Kindes."),
                max_pages=2,
            ),
        ),
        checks=("uvg.child",),
    ),
    Step(
        id="wohnen",
        title=_("Wo Ihr Kind lebt"),
        section=_("Kind"),
        intro=_(
            "Unterhaltsvorschuss gibt es, wenn Ihr Kind bei Ihnen lebt und nicht auch beim anderen Elternteil."
        ),
        fields=(
            Field(
                id="lives_with",
                type="choice",
                label=_("Bei wem lebt Ihr Kind?"),
                options=LIVES_WITH,
                messages={"required": _("Bitte geben Sie an, bei wem Ihr Kind lebt.")},
            ),
            Field(
                id="lives_with_since",
                type="date",
                label=_("Seit wann lebt Ihr Kind nur bei Ihnen?"),
                hint=_(
                    "Wenn Ihr Kind schon immer nur bei Ihnen lebt: sein Geburtsdatum. Zum Beispiel 1 3 2025"
                ),
                date_rule="not_future",
                messages={
                    "required": _("Bitte geben Sie an, seit wann Ihr Kind nur bei Ihnen lebt."),
                    "not_future": _(
                        "Das Datum, seit dem Ihr Kind nur bei Ihnen lebt, darf nicht in der Zukunft liegen."
                    ),
                },
            ),
            Field(
                id="child_address",
                type="address",
                label=_("Anschrift des Kindes"),
                prefill="household.address",
                messages={"required": _("Bitte geben Sie die Anschrift an, unter der Ihr Kind lebt.")},
            ),
        ),
        checks=("uvg.lives_with",),
    ),
    Step(
        id="ueber-sie",
        title=_("Angaben zu Ihnen"),
        section=_("Sie"),
        fields=(
            Field(
                id="applicant_role",
                type="choice",
                label=_("Sie sind …"),
                summary_label=_("Antragstellerin oder Antragsteller"),
                options=(
                    Option("mutter", _("die Mutter des Kindes")),
                    Option("vater", _("der Vater des Kindes")),
                ),
                messages={
                    "required": _("Bitte geben Sie an, ob Sie die Mutter oder der Vater des Kindes sind.")
                },
            ),
            Field(
                id="marital_status",
                type="choice",
                label=_("Ihr Familienstand"),
                options=MARITAL,
                messages={"required": _("Bitte wählen Sie Ihren Familienstand aus.")},
            ),
            Field(
                id="separated_since",
                type="date",
                label=_("Seit wann leben Sie dauernd getrennt?"),
                hint=_("Zum Beispiel 1 6 2025"),
                show_if=Condition(field="marital_status", equals="getrennt"),
                date_rule="not_future",
                messages={"required": _("Bitte geben Sie an, seit wann Sie getrennt leben.")},
            ),
            _proof(
                "divorce_proof",
                _("Scheidungsbeschluss"),
                "scheidung",
                _("Der Beschluss des Familiengerichts mit dem Vermerk, dass er rechtskräftig ist."),
                show_if=Condition(field="marital_status", equals="geschieden"),
                max_pages=6,
            ),
            Field(
                id="custody",
                type="choice",
                label=_("Wer hat das Sorgerecht für das Kind?"),
                options=(
                    Option("allein", _("Ich allein")),
                    Option("gemeinsam", _("Der andere Elternteil und ich gemeinsam")),
                    Option("andere", _("Eine andere Person oder das Jugendamt (Vormundschaft)")),
                ),
                messages={"required": _("Bitte geben Sie an, wer das Sorgerecht hat.")},
            ),
            Field(
                id="nationality",
                type="choice",
                label=_("Ihre Staatsangehörigkeit"),
                options=(
                    Option("deutsch", _("Deutsch")),
                    Option("eu", _("Eines anderen Staats der EU oder des EWR oder der Schweiz")),
                    Option("andere", _("Eines anderen Staats")),
                ),
                messages={"required": _("Bitte wählen Sie Ihre Staatsangehörigkeit aus.")},
            ),
            Field(
                id="residence_title",
                type="choice",
                label=_("Welchen Aufenthaltstitel haben Sie?"),
                show_if=Condition(field="nationality", equals="andere"),
                options=(
                    Option(
                        "niederlassung", _("Niederlassungserlaubnis oder Erlaubnis zum Daueraufenthalt-EU")
                    ),
                    Option("aufenthalt", _("Aufenthaltserlaubnis oder Blaue Karte EU")),
                    Option(
                        "andere", _("Einen anderen Status, zum Beispiel Aufenthaltsgestattung oder Duldung")
                    ),
                ),
                messages={"required": _("Bitte wählen Sie Ihren Aufenthaltstitel aus.")},
            ),
            _proof(
                "residence_proof",
                _("Aufenthaltstitel"),
                "aufenthaltstitel",
                _("Ihr Aufenthaltstitel, Vorder- und Rückseite."),
                show_if=Condition(field="nationality", equals="andere"),
            ),
        ),
        checks=("uvg.applicant",),
    ),
    Step(
        id="umgang",
        title=_("Umgang mit dem anderen Elternteil"),
        section=_("Kind"),
        intro=_(
            "Beschreiben Sie, wie oft und wie lange Ihr Kind beim anderen Elternteil ist. Daran erkennt das "
            "Jugendamt, dass Ihr Kind überwiegend bei Ihnen lebt."
        ),
        fields=(
            Field(
                id="contact",
                type="choice",
                label=_("Hat Ihr Kind Kontakt zum anderen Elternteil?"),
                options=(
                    Option("regelmaessig", _("Ja, regelmäßig")),
                    Option("unregelmaessig", _("Ja, gelegentlich oder unregelmäßig")),
                    Option("kein", _("Nein, kein Kontakt")),
                ),
                messages={
                    "required": _("Bitte geben Sie an, ob Ihr Kind Kontakt zum anderen Elternteil hat.")
                },
            ),
            Field(
                id="contact_schedule",
                type="textarea",
                label=_("Wann ist Ihr Kind beim anderen Elternteil?"),
                hint=_(
                    "Zum Beispiel: jedes zweite Wochenende von Freitag 16 Uhr bis Sonntag 18 Uhr und mittwochs "
                    "nachmittags."
                ),
                show_if=IN_CONTACT,
                max_length=1000,
                messages={"required": _("Bitte beschreiben Sie, wann Ihr Kind beim anderen Elternteil ist.")},
            ),
            Field(
                id="contact_nights",
                type="number",
                label=_(
                    "Wie viele Nächte im Monat schläft Ihr Kind durchschnittlich beim anderen Elternteil?"
                ),
                hint=_("0, wenn Ihr Kind dort nicht übernachtet."),
                show_if=IN_CONTACT,
                min=0,
                max=31,
                width="3",
                messages={
                    "required": _(
                        "Bitte geben Sie an, wie viele Nächte im Monat Ihr Kind beim anderen Elternteil schläft."
                    ),
                    "max": _("Ein Monat hat höchstens 31 Nächte."),
                },
            ),
            Field(
                id="contact_holidays",
                type="textarea",
                label=_("Wie ist es in den Ferien? (freiwillig)"),
                hint=_("Zum Beispiel: zwei Wochen in den Sommerferien beim anderen Elternteil."),
                show_if=IN_CONTACT,
                required=False,
                max_length=600,
            ),
            Field(
                id="contact_basis",
                type="choice",
                label=_("Wie ist der Umgang geregelt? (freiwillig)"),
                show_if=IN_CONTACT,
                required=False,
                options=(
                    Option("gericht", _("Durch einen Beschluss oder Vergleich des Familiengerichts")),
                    Option("vereinbarung", _("Durch eine schriftliche Vereinbarung")),
                    Option("absprache", _("Durch mündliche Absprachen")),
                ),
            ),
        ),
        checks=("uvg.contact",),
    ),
    Step(
        id="anderer-elternteil",
        title=_("Der andere Elternteil"),
        section=_("Anderer Elternteil"),
        intro=_(
            "Das Jugendamt holt sich den Unterhaltsvorschuss vom anderen Elternteil zurück. Geben Sie an, "
            "was Sie wissen – auch wenn es nicht viel ist."
        ),
        fields=(
            Field(
                id="other_parent_status",
                type="choice",
                label=_("Wissen Sie, wer der andere Elternteil ist?"),
                options=(
                    Option("bekannt", _("Ja")),
                    Option("unbekannt", _("Nein, ich weiß nicht, wer der andere Elternteil ist")),
                    Option("verstorben", _("Der andere Elternteil ist verstorben")),
                ),
                messages={"required": _("Bitte geben Sie an, ob Sie wissen, wer der andere Elternteil ist.")},
            ),
            Field(
                id="other_first_name",
                type="text",
                label=_("Vorname des anderen Elternteils"),
                show_if=OTHER_NAMED,
                max_length=80,
                messages={"required": _("Bitte geben Sie den Vornamen des anderen Elternteils an.")},
            ),
            Field(
                id="other_last_name",
                type="text",
                label=_("Familienname des anderen Elternteils"),
                show_if=OTHER_NAMED,
                max_length=80,
                messages={"required": _("Bitte geben Sie den Familiennamen des anderen Elternteils an.")},
            ),
            Field(
                id="other_birth_name",
                type="text",
                label=_("Geburtsname, wenn er anders ist (freiwillig)"),
                show_if=OTHER_NAMED,
                required=False,
                max_length=80,
            ),
            Field(
                id="other_birth_date",
                type="date",
                label=_("Geburtsdatum des anderen Elternteils (freiwillig)"),
                hint=_("Zum Beispiel 27 3 1990"),
                show_if=OTHER_NAMED,
                required=False,
                date_rule="past",
            ),
            Field(
                id="other_death_date",
                type="date",
                label=_("Wann ist der andere Elternteil verstorben?"),
                show_if=Condition(field="other_parent_status", equals="verstorben"),
                date_rule="not_future",
                messages={"required": _("Bitte geben Sie das Sterbedatum an.")},
            ),
            Field(
                id="other_address_known",
                type="yesno",
                label=_("Kennen Sie die aktuelle Anschrift des anderen Elternteils?"),
                show_if=OTHER_KNOWN,
                messages={"required": _("Bitte geben Sie an, ob Sie die Anschrift kennen.")},
            ),
            Field(
                id="other_address",
                type="address",
                label=_("Anschrift des anderen Elternteils"),
                show_if=Condition(field="other_address_known", equals="ja"),
                messages={"required": _("Bitte geben Sie die Anschrift des anderen Elternteils an.")},
            ),
            Field(
                id="other_whereabouts",
                type="textarea",
                label=_("Was wissen Sie über den Aufenthaltsort? (freiwillig)"),
                hint=_("Zum Beispiel die letzte bekannte Anschrift oder die Stadt."),
                show_if=Condition(field="other_address_known", equals="nein"),
                required=False,
                max_length=600,
            ),
            Field(
                id="other_employer",
                type="text",
                label=_("Arbeitgeber des anderen Elternteils (freiwillig)"),
                hint=_("Name und Ort, wenn Sie sie kennen."),
                show_if=OTHER_KNOWN,
                required=False,
                max_length=160,
            ),
            _money(
                "other_income",
                _("Monatliches Nettoeinkommen des anderen Elternteils (freiwillig)"),
                hint=_("Eine Schätzung genügt."),
                show_if=OTHER_KNOWN,
                required=False,
            ),
            Field(
                id="joint_children",
                type="yesno",
                label=_("Haben Sie mit dem anderen Elternteil weitere gemeinsame Kinder? (freiwillig)"),
                show_if=OTHER_NAMED,
                required=False,
            ),
            Field(
                id="unknown_details",
                type="textarea",
                label=_("Was können Sie über den anderen Elternteil sagen?"),
                hint=_(
                    "Zum Beispiel, wann und wo Sie sich kennengelernt haben, einen Vornamen oder Wohnort. Wer "
                    "nicht mithilft, den anderen Elternteil festzustellen, erhält keinen Unterhaltsvorschuss "
                    "(§ 1 Abs. 3 UVG)."
                ),
                show_if=Condition(field="other_parent_status", equals="unbekannt"),
                max_length=2000,
                messages={"required": _("Bitte schreiben Sie, was Sie über den anderen Elternteil wissen.")},
            ),
        ),
    ),
    Step(
        id="vaterschaft",
        title=_("Vaterschaft"),
        section=_("Anderer Elternteil"),
        show_if=Condition(all=(Condition(field="applicant_role", equals="mutter"), OTHER_NAMED)),
        fields=(
            Field(
                id="paternity",
                type="choice",
                label=_("Wie ist die Vaterschaft festgestellt?"),
                options=(
                    Option("ehe", _("Durch die Ehe – wir waren bei der Geburt miteinander verheiratet")),
                    Option(
                        "anerkennung", _("Durch eine Anerkennung beim Jugendamt, Standesamt oder Notariat")
                    ),
                    Option("gericht", _("Durch einen Beschluss des Familiengerichts")),
                    Option("offen", _("Die Vaterschaft ist noch nicht festgestellt")),
                ),
                messages={"required": _("Bitte geben Sie an, wie die Vaterschaft festgestellt ist.")},
            ),
            _proof(
                "paternity_proof",
                _("Nachweis der Vaterschaft"),
                "vaterschaft",
                _(
                    "Die Urkunde über die Anerkennung der Vaterschaft oder der Beschluss des Familiengerichts."
                ),
                show_if=Condition(field="paternity", one_of=("anerkennung", "gericht")),
            ),
            Field(
                id="paternity_steps",
                type="textarea",
                label=_("Was haben Sie unternommen, damit die Vaterschaft festgestellt wird?"),
                hint=_(
                    "Das Jugendamt berät Sie und kann Sie als Beistand bei der Feststellung der Vaterschaft und "
                    "beim Unterhalt unterstützen (§ 1712 BGB)."
                ),
                show_if=Condition(field="paternity", equals="offen"),
                max_length=1000,
                messages={"required": _("Bitte beschreiben Sie, was Sie bisher unternommen haben.")},
            ),
        ),
    ),
    Step(
        id="unterhalt",
        title=_("Unterhalt vom anderen Elternteil"),
        section=_("Anderer Elternteil"),
        show_if=OTHER_KNOWN,
        intro=_(
            "Unterhalt, den Ihr Kind vom anderen Elternteil bekommt, wird auf den Unterhaltsvorschuss angerechnet."
        ),
        fields=(
            Field(
                id="maintenance_title",
                type="choice",
                label=_("Gibt es einen Unterhaltstitel?"),
                hint=_(
                    "Ein Unterhaltstitel legt fest, wie viel Unterhalt zu zahlen ist: eine Urkunde des Jugendamts "
                    "oder eines Notariats oder ein Beschluss des Familiengerichts."
                ),
                options=(
                    Option("urkunde", _("Ja, eine Urkunde des Jugendamts oder eines Notariats")),
                    Option("beschluss", _("Ja, einen Beschluss oder Vergleich des Familiengerichts")),
                    Option("nein", _("Nein")),
                ),
                messages={"required": _("Bitte geben Sie an, ob es einen Unterhaltstitel gibt.")},
            ),
            _money(
                "title_amount",
                _("Monatlicher Unterhalt laut Titel"),
                show_if=Condition(field="maintenance_title", one_of=("urkunde", "beschluss")),
                messages={"required": _("Bitte geben Sie den Unterhalt laut Titel an.")},
            ),
            _proof(
                "title_proof",
                _("Unterhaltstitel"),
                "unterhaltstitel",
                _("Die Urkunde oder der Beschluss, alle Seiten."),
                show_if=Condition(field="maintenance_title", one_of=("urkunde", "beschluss")),
                max_pages=10,
            ),
            Field(
                id="payments",
                type="choice",
                label=_("Zahlt der andere Elternteil Unterhalt für das Kind?"),
                options=PAYMENTS,
                messages={"required": _("Bitte geben Sie an, ob der andere Elternteil Unterhalt zahlt.")},
            ),
            _money(
                "payments_amount",
                _("Wie viel Unterhalt erhält Ihr Kind durchschnittlich im Monat?"),
                hint=_("Dieser Betrag wird auf den Unterhaltsvorschuss angerechnet."),
                show_if=Condition(field="payments", one_of=PAID),
                messages={"required": _("Bitte geben Sie an, wie viel Unterhalt Ihr Kind im Monat erhält.")},
            ),
            _proof(
                "payments_proof",
                _("Nachweis der Unterhaltszahlungen"),
                "unterhaltszahlungen",
                _("Kontoauszüge der letzten drei Monate, auf denen die Zahlungen zu sehen sind."),
                show_if=Condition(field="payments", one_of=PAID),
                max_pages=6,
            ),
            Field(
                id="efforts",
                type="yesno",
                label=_("Haben Sie den anderen Elternteil schriftlich aufgefordert, Unterhalt zu zahlen?"),
                hint=_(
                    "Für den Monat vor Ihrem Antrag zahlt das Jugendamt nur, wenn Sie sich in diesem Monat um "
                    "Unterhalt bemüht haben (§ 4 UVG)."
                ),
                messages={
                    "required": _(
                        "Bitte geben Sie an, ob Sie den anderen Elternteil zur Zahlung aufgefordert haben."
                    )
                },
            ),
            Field(
                id="efforts_date",
                type="date",
                label=_("Wann haben Sie ihn oder sie zuletzt aufgefordert?"),
                hint=_("Zum Beispiel 15 10 2026"),
                show_if=Condition(field="efforts", equals="ja"),
                date_rule="not_future",
                messages={
                    "required": _("Bitte geben Sie an, wann Sie zuletzt zur Zahlung aufgefordert haben.")
                },
            ),
            _proof(
                "efforts_proof",
                _("Aufforderung zur Zahlung (freiwillig)"),
                "unterhaltsaufforderung",
                _(
                    "Ihr Schreiben an den anderen Elternteil, ein Schreiben Ihrer Anwältin oder Ihres Anwalts oder die Bestätigung einer Beistandschaft."
                ),
                show_if=Condition(field="efforts", equals="ja"),
                required=False,
            ),
        ),
        checks=("uvg.maintenance",),
    ),
    Step(
        id="waisenbezuege",
        title=_("Waisenrente"),
        section=_("Anderer Elternteil"),
        show_if=Condition(field="other_parent_status", equals="verstorben"),
        intro=_("Waisenrente oder Waisengeld wegen des Todes des anderen Elternteils wird angerechnet."),
        fields=(
            Field(
                id="orphan_benefits",
                type="yesno",
                label=_("Erhält Ihr Kind Waisenrente oder Waisengeld?"),
                messages={
                    "required": _("Bitte geben Sie an, ob Ihr Kind Waisenrente oder Waisengeld erhält.")
                },
            ),
            _money(
                "orphan_amount",
                _("Wie viel im Monat?"),
                show_if=Condition(field="orphan_benefits", equals="ja"),
                messages={"required": _("Bitte geben Sie die Waisenrente im Monat an.")},
            ),
            _proof(
                "orphan_proof",
                _("Bescheid über die Waisenrente"),
                "waisenrente",
                _("Der aktuelle Rentenbescheid oder die Mitteilung über das Waisengeld."),
                show_if=Condition(field="orphan_benefits", equals="ja"),
                max_pages=6,
            ),
        ),
    ),
    Step(
        id="ab-12",
        title=_("Kinder ab 12 Jahren"),
        section=_("Kind"),
        show_if=CHILD_12,
        intro=_(
            "Für Kinder ab 12 Jahren gibt es Unterhaltsvorschuss nur, wenn Ihr Kind kein Bürgergeld erhält, "
            "wenn der Unterhaltsvorschuss das Bürgergeld Ihres Kindes überflüssig macht oder wenn Sie "
            "mindestens 600 € brutto im Monat verdienen (§ 1 Abs. 1a UVG)."
        ),
        fields=(
            Field(
                id="sgb2",
                type="yesno",
                label=_("Erhalten Sie und Ihr Kind Bürgergeld?"),
                hint=_("Bürgergeld vom Jobcenter (SGB II)."),
                messages={"required": _("Bitte geben Sie an, ob Sie und Ihr Kind Bürgergeld erhalten.")},
            ),
            _proof(
                "sgb2_proof",
                _("Bürgergeld-Bescheid"),
                "buergergeld",
                _("Der aktuelle Bescheid des Jobcenters mit dem Berechnungsbogen."),
                show_if=Condition(field="sgb2", equals="ja"),
                max_pages=10,
            ),
            Field(
                id="income_600",
                type="yesno",
                label=_(
                    "Haben Sie ohne Kindergeld und Bürgergeld mindestens 600 € brutto Einkommen im Monat?"
                ),
                hint=_("Zum Beispiel Lohn, Gehalt, Rente oder Arbeitslosengeld."),
                show_if=Condition(field="sgb2", equals="ja"),
                messages={
                    "required": _("Bitte geben Sie an, ob Sie mindestens 600 € brutto im Monat haben.")
                },
            ),
            _proof(
                "income_proof",
                _("Nachweis Ihres Einkommens"),
                "einkommen",
                _("Lohnabrechnungen oder Bescheide der letzten drei Monate."),
                show_if=Condition(field="income_600", equals="ja"),
                max_pages=6,
            ),
        ),
        checks=("uvg.age12",),
    ),
    Step(
        id="ab-15",
        title=_("Schule und Einkommen des Kindes"),
        section=_("Kind"),
        show_if=CHILD_15,
        intro=_(
            "Wenn Ihr Kind keine allgemeinbildende Schule mehr besucht, wird sein eigenes Einkommen "
            "angerechnet (§ 2 Abs. 4 UVG)."
        ),
        fields=(
            Field(
                id="attends_school",
                type="yesno",
                label=_("Besucht Ihr Kind eine allgemeinbildende Schule?"),
                hint=_(
                    "Zum Beispiel Gesamtschule, Realschule oder Gymnasium. Die Berufsschule zählt nicht dazu."
                ),
                messages={
                    "required": _("Bitte geben Sie an, ob Ihr Kind eine allgemeinbildende Schule besucht.")
                },
            ),
            _proof(
                "school_proof",
                _("Schulbescheinigung"),
                "schulbescheinigung",
                _("Eine aktuelle Schulbescheinigung."),
                show_if=Condition(field="attends_school", equals="ja"),
                max_pages=2,
            ),
            Field(
                id="child_income",
                type="yesno",
                label=_("Hat Ihr Kind eigenes Einkommen?"),
                hint=_("Zum Beispiel eine Ausbildungsvergütung, Lohn aus einem Job oder Zinsen."),
                show_if=Condition(field="attends_school", equals="nein"),
                messages={"required": _("Bitte geben Sie an, ob Ihr Kind eigenes Einkommen hat.")},
            ),
            _money(
                "child_income_amount",
                _("Einkommen Ihres Kindes im Monat (netto)"),
                show_if=Condition(field="child_income", equals="ja"),
                messages={"required": _("Bitte geben Sie das Einkommen Ihres Kindes im Monat an.")},
            ),
            _proof(
                "child_income_proof",
                _("Nachweis des Einkommens Ihres Kindes"),
                "einkommen_kind",
                _("Zum Beispiel die letzten drei Abrechnungen der Ausbildungsvergütung."),
                show_if=Condition(field="child_income", equals="ja"),
                max_pages=6,
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
                autocomplete="name",
                max_length=120,
                messages={"required": _("Bitte geben Sie an, wem das Konto gehört.")},
            ),
            Field(
                id="iban",
                type="iban",
                label=_("IBAN"),
                hint=_("Auf dieses Konto zahlt das Jugendamt den Unterhaltsvorschuss."),
                messages={"required": _("Bitte geben Sie die IBAN an.")},
            ),
        ),
    ),
    Step(
        id="pflichten",
        title=_("Ihre Pflichten"),
        section=_("Auszahlung"),
        intro=_(
            "Teilen Sie dem Jugendamt sofort mit, wenn sich etwas ändert (§ 6 Abs. 4 UVG), zum Beispiel: Ihr "
            "Kind lebt nicht mehr bei Ihnen; Sie heiraten oder ziehen mit dem anderen Elternteil zusammen; "
            "der andere Elternteil zahlt Unterhalt oder Sie erfahren, wo er oder sie wohnt; die Vaterschaft "
            "wird festgestellt; Sie ziehen um; bei Kindern ab 12: Bürgergeld oder Ihr Einkommen ändern sich. "
            "Wer Änderungen nicht mitteilt oder falsche Angaben macht, muss den Unterhaltsvorschuss "
            "zurückzahlen (§ 5 UVG) und riskiert ein Bußgeld (§ 10 UVG)."
        ),
        fields=(
            Field(
                id="duties",
                type="declaration",
                label=_("Ich habe meine Pflichten gelesen und teile Änderungen sofort mit."),
                summary_label=_("Pflichten zur Kenntnis genommen"),
                messages={"required": _("Bitte bestätigen Sie, dass Sie Ihre Pflichten gelesen haben.")},
            ),
        ),
    ),
)

QUICK = QuickCheck(
    intro=_(
        "Fünf kurze Fragen: Danach wissen Sie, ob sich ein Antrag wahrscheinlich lohnt und was Sie "
        "bereithalten sollten. Gespeichert wird erst, wenn Sie den Antrag beginnen."
    ),
    questions=(
        Field(
            id="q_child",
            type="child",
            label=_("Für welches Kind?"),
            messages={"required": _("Bitte wählen Sie das Kind aus.")},
        ),
        Field(
            id="q_lives_with",
            type="choice",
            label=_("Bei wem lebt Ihr Kind?"),
            options=LIVES_WITH,
            messages={"required": _("Bitte geben Sie an, bei wem Ihr Kind lebt.")},
        ),
        Field(
            id="q_payments",
            type="choice",
            label=_("Zahlt der andere Elternteil Unterhalt für das Kind?"),
            options=PAYMENTS,
            messages={"required": _("Bitte geben Sie an, ob der andere Elternteil Unterhalt zahlt.")},
        ),
        Field(
            id="q_sgb2",
            type="yesno",
            label=_("Nur für Kinder ab 12 Jahren: Erhalten Sie und Ihr Kind Bürgergeld?"),
            show_if=QUICK_12_TO_17,
            messages={
                "required": _("Ihr Kind ist 12 oder älter: Bitte geben Sie an, ob Sie Bürgergeld erhalten.")
            },
        ),
        Field(
            id="q_income_600",
            type="yesno",
            label=_(
                "Nur für Kinder ab 12 Jahren mit Bürgergeld: Haben Sie ohne Kindergeld und Bürgergeld "
                "mindestens 600 € brutto Einkommen im Monat?"
            ),
            show_if=Condition(all=(QUICK_12_TO_17, Condition(field="q_sgb2", equals="ja"))),
            messages={"required": _("Bitte geben Sie an, ob Sie mindestens 600 € brutto im Monat haben.")},
        ),
    ),
    assess="uvg.quick",
    prefill={
        "q_child": "child",
        "q_lives_with": "lives_with",
        "q_payments": "payments",
        "q_sgb2": "sgb2",
        "q_income_600": "income_600",
    },
)

DEFINITION = ServiceDefinition(
    id="uvg",
    reference_prefix="UVG",
    title=_("Unterhaltsvorschuss"),
    short_title=_("Unterhaltsvorschuss"),
    summary=_(
        "Für Kinder unter 18, die bei Ihnen allein leben und vom anderen Elternteil keinen oder zu wenig "
        "Unterhalt bekommen."
    ),
    life_situation="alleinerziehend",
    prepare=(
        _("Geburtsurkunde Ihres Kindes"),
        _("Name und, wenn bekannt, Anschrift des anderen Elternteils"),
        _(
            "Vaterschaftsanerkennung, Unterhaltstitel und Kontoauszüge mit Unterhaltszahlungen, falls vorhanden"
        ),
        _("Ab 12 Jahren: Bürgergeld-Bescheid oder Lohnabrechnungen; ab 15: Schulbescheinigung"),
        _("Ihre IBAN"),
    ),
    duration_minutes=20,
    legal_basis=_("Unterhaltsvorschussgesetz (UVG), §§ 1, 2, 4 und 9 UVG"),
    office=_("Jugendamt – Unterhaltsvorschusskasse"),
    signature="paper",
    steps=STEPS,
    declarations=(
        Declaration(
            id="truthful",
            label=_("Ich versichere, dass meine Angaben richtig und vollständig sind."),
            text=_("Falsche Angaben können zur Rückforderung und zu einem Bußgeld führen."),
        ),
        Declaration(
            id="privacy",
            label=_("Ich habe die Datenschutzhinweise zum Unterhaltsvorschuss gelesen."),
            text=_(
                "Das Jugendamt verarbeitet Ihre Angaben nach dem UVG und §§ 67 ff. SGB X. Der Unterhaltsanspruch "
                "Ihres Kindes geht in Höhe des Unterhaltsvorschusses auf das Land über (§ 7 UVG): Das Jugendamt "
                "verwendet die Angaben zum anderen Elternteil, um den Unterhalt von ihm oder ihr zu verlangen."
            ),
        ),
    ),
    computations=("uvg.amount",),
    next_steps={
        "awaiting_signature": NextStep(
            _(
                "Das Gesetz verlangt Ihre Unterschrift (§ 9 UVG). Laden Sie die Unterschriftsseite herunter, "
                "unterschreiben Sie sie und reichen Sie sie ein. Das Jugendamt bearbeitet Ihren Antrag, sobald "
                "die Unterschrift da ist."
            ),
            0,
        ),
        "submitted": NextStep(
            _("Das Jugendamt prüft Ihren Antrag und meldet sich, wenn Unterlagen fehlen."), 28
        ),
    },
    quick_check=QUICK,
)
