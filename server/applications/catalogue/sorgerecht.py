"""Negativbescheinigung – Auskunft aus dem Sorgeregister (DOMAIN.md §6 "Sorgerecht", field table I).

An unmarried mother asks the Jugendamt where she lives for a written statement that no declarations of
joint custody (Sorgeerklärungen) and no court decision on custody are registered, so that she has sole
custody (§ 1626a Abs. 3 BGB). The Jugendamt asks the register at the child's place of birth. The statement
is free and is often required to be at most three months old.

Parents who were married when the child was born (or married later) have joint custody by law; there is no
such statement for them, and the rule below says where they get their proof instead.
"""

from __future__ import annotations

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
from server.applications.registry import Issue, rule
from server.web.i18n import _

MARRIED_PROBLEMS = {
    "bei_geburt": _(
        "Wenn Sie bei der Geburt mit dem Vater verheiratet waren, haben Sie beide kraft Gesetzes das gemeinsame "
        "Sorgerecht. Im Sorgeregister ist dann nichts eingetragen, eine Negativbescheinigung gibt es nicht. "
        "Wenn Sie nachweisen müssen, dass Sie allein sorgeberechtigt sind, brauchen Sie den Beschluss des "
        "Familiengerichts (Amtsgericht) über die elterliche Sorge, zum Beispiel aus dem Scheidungsverfahren; "
        "ist der Vater verstorben, seine Sterbeurkunde. Das Jugendamt berät Sie dazu."
    ),
    "nach_geburt": _(
        "Mit der Heirat nach der Geburt haben Sie und der Vater das gemeinsame Sorgerecht bekommen (§ 1626a "
        "Abs. 1 Nr. 2 BGB). Eine Negativbescheinigung gibt es deshalb nicht. Wenn Sie nachweisen müssen, dass "
        "Sie allein sorgeberechtigt sind, brauchen Sie den Beschluss des Familiengerichts (Amtsgericht) über "
        "die elterliche Sorge. Das Jugendamt berät Sie dazu."
    ),
}

DEFINITION = ServiceDefinition(
    id="sorgerecht",
    reference_prefix="SR",
    title=_("Negativbescheinigung: Auskunft aus dem Sorgeregister"),
    short_title=_("Negativbescheinigung"),
    summary=_(
        "Für Mütter, die bei der Geburt nicht verheiratet waren: die Bescheinigung, dass Sie das alleinige "
        "Sorgerecht haben."
    ),
    life_situation="geburt",
    prepare=(
        _("Ihren Personalausweis oder Reisepass"),
        _("Die Geburtsurkunde Ihres Kindes"),
    ),
    duration_minutes=5,
    legal_basis=_("§ 58 SGB VIII, § 1626a Abs. 3 BGB"),
    office=_("Jugendamt – Beurkundungen und Sorgeregister"),
    steps=(
        Step(
            id="voraussetzungen",
            title=_("Voraussetzungen"),
            section=_("Voraussetzungen"),
            intro=_(
                "Die Negativbescheinigung bestätigt, dass im Sorgeregister keine Sorgeerklärungen und keine "
                "Entscheidung des Familiengerichts eingetragen sind. Dann haben Sie als Mutter das alleinige "
                "Sorgerecht."
            ),
            fields=(
                Field(
                    id="is_mother",
                    type="yesno",
                    label=_("Sind Sie die Mutter des Kindes?"),
                    messages={"required": _("Bitte geben Sie an, ob Sie die Mutter des Kindes sind.")},
                ),
                Field(
                    id="married",
                    type="choice",
                    label=_("Waren Sie mit dem Vater des Kindes verheiratet?"),
                    options=(
                        Option("nie", _("Nein, wir waren nie miteinander verheiratet")),
                        Option("bei_geburt", _("Ja, bei der Geburt des Kindes")),
                        Option("nach_geburt", _("Wir haben nach der Geburt geheiratet")),
                    ),
                    messages={"required": _("Bitte geben Sie an, ob Sie mit dem Vater verheiratet waren.")},
                ),
                Field(
                    id="declarations",
                    type="choice",
                    label=_(
                        "Haben Sie und der Vater Sorgeerklärungen abgegeben oder hat ein Familiengericht über "
                        "das Sorgerecht entschieden?"
                    ),
                    options=(
                        Option("nein", _("Nein")),
                        Option("ja", _("Ja")),
                        Option("weiss_nicht", _("Ich weiß es nicht")),
                    ),
                    messages={"required": _("Bitte geben Sie an, ob Sorgeerklärungen abgegeben wurden.")},
                ),
            ),
            checks=("sorgerecht.available",),
        ),
        Step(
            id="kind",
            title=_("Angaben zum Kind"),
            section=_("Kind"),
            fields=(
                Field(
                    id="mother",
                    type="guardian",
                    label=_("Auf wen soll die Bescheinigung ausgestellt werden?"),
                    hint=_("Aus Ihrem Haushalt. Die Bescheinigung nennt Sie als Mutter."),
                    summary_label=_("Mutter"),
                    prefill="household.only_guardian",
                    messages={"required": _("Bitte wählen Sie sich als Mutter aus.")},
                ),
                Field(
                    id="child",
                    type="child",
                    label=_("Für welches Kind?"),
                    hint=_("Das Geburtsdatum übernehmen wir aus Ihrem Haushalt."),
                    summary_label=_("Kind"),
                    prefill="household.only_child",
                    messages={"required": _("Bitte wählen Sie das Kind aus.")},
                ),
                Field(
                    id="birth_name",
                    type="text",
                    label=_("Name des Kindes bei der Geburt"),
                    hint=_("Vornamen und Familienname, wie sie in der Geburtsurkunde stehen."),
                    max_length=160,
                    messages={"required": _("Bitte geben Sie den Namen Ihres Kindes bei der Geburt an.")},
                ),
                Field(
                    id="birth_place",
                    type="text",
                    label=_("Geburtsort des Kindes"),
                    hint=_(
                        "Das Jugendamt des Geburtsorts führt das Sorgeregister. Bei einer Geburt im Ausland: "
                        "Ort und Staat."
                    ),
                    max_length=120,
                    messages={"required": _("Bitte geben Sie den Geburtsort Ihres Kindes an.")},
                ),
            ),
            checks=("sorgerecht.child",),
        ),
        Step(
            id="nachweise",
            title=_("Nachweise"),
            section=_("Nachweise"),
            fields=(
                Field(
                    id="id_proof",
                    type="proof",
                    label=_("Personalausweis oder Reisepass"),
                    hint=_(
                        "Fotografieren Sie Vorder- und Rückseite. Die Zugangsnummer (CAN) und die "
                        "Seriennummer dürfen Sie schwärzen."
                    ),
                    proof=ProofSpec(
                        kind="ausweis",
                        accepted=_("Ihr gültiger Personalausweis, Reisepass oder Aufenthaltstitel."),
                        max_pages=4,
                    ),
                ),
                Field(
                    id="birth_certificate",
                    type="proof",
                    label=_("Geburtsurkunde des Kindes"),
                    proof=ProofSpec(
                        kind="geburtsurkunde",
                        accepted=_("Die Geburtsurkunde oder die Geburtsbescheinigung Ihres Kindes."),
                        max_pages=2,
                    ),
                ),
            ),
        ),
        Step(
            id="zustellung",
            title=_("Zustellung"),
            section=_("Zustellung"),
            intro=_(
                "Viele Stellen verlangen eine Bescheinigung, die höchstens drei Monate alt ist. Beantragen Sie "
                "sie deshalb erst, wenn Sie sie brauchen. Die Bescheinigung ist gebührenfrei."
            ),
            fields=(
                Field(
                    id="delivery",
                    type="choice",
                    label=_("Wie möchten Sie die Bescheinigung erhalten?"),
                    options=(
                        Option("post", _("Per Post")),
                        Option("abholen", _("Ich hole sie im Jugendamt ab")),
                    ),
                    messages={
                        "required": _("Bitte wählen Sie aus, wie Sie die Bescheinigung erhalten möchten.")
                    },
                ),
                Field(
                    id="postal_address",
                    type="address",
                    label=_("An welche Anschrift?"),
                    prefill="household.address",
                    show_if=Condition(field="delivery", equals="post"),
                    messages={"required": _("Bitte geben Sie die Anschrift an.")},
                ),
            ),
        ),
    ),
    declarations=(
        Declaration(
            id="truthful",
            label=_("Ich versichere, dass meine Angaben richtig und vollständig sind."),
        ),
        Declaration(
            id="privacy",
            label=_("Ich habe die Datenschutzhinweise gelesen."),
            text=_(
                "Das Jugendamt verarbeitet Ihre Angaben nach § 58 SGB VIII und §§ 67 ff. SGB X, um beim "
                "Sorgeregister des Geburtsorts anzufragen und Ihnen die Auskunft zu erteilen."
            ),
        ),
    ),
    next_steps={
        "submitted": NextStep(
            _(
                "Das Jugendamt fragt beim Sorgeregister des Geburtsorts an. Sie erhalten die Bescheinigung per "
                "Post oder eine Nachricht, wenn Sie sie abholen können."
            ),
            14,
        ),
    },
)


@rule("sorgerecht.available")
def available(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    """Only the mother, and only if the parents were never married to each other; declarations or a court
    decision mean there is something in the register (a warning: the office checks)."""
    issues: list[Issue] = []
    if answers.get("is_mother") == "nein":
        issues.append(
            Issue(
                "is_mother",
                _(
                    "Die Auskunft aus dem Sorgeregister erhält nur die Mutter (§ 58 SGB VIII). Väter, die das "
                    "Sorgerecht gemeinsam mit der Mutter haben möchten, können beim Jugendamt eine "
                    "Sorgeerklärung abgeben oder es beim Familiengericht beantragen."
                ),
            )
        )
    problem = MARRIED_PROBLEMS.get(answers.get("married") or "")
    if problem:
        issues.append(Issue("married", problem))
    if answers.get("declarations") == "ja":
        issues.append(
            Issue(
                "declarations",
                _(
                    "Dann ist im Sorgeregister etwas eingetragen und Sie erhalten keine Negativbescheinigung. "
                    "Ihr Nachweis sind die Sorgeerklärungen oder der Beschluss des Familiengerichts. Das "
                    "Jugendamt prüft Ihren Antrag trotzdem."
                ),
                warning=True,
            )
        )
    return issues


@rule("sorgerecht.child")
def child_born(answers: dict[str, Any], ctx: Context) -> list[Issue]:
    child = answers.get("child") or {}
    if child and not child.get("birth_date"):
        return [
            Issue(
                "child",
                _(
                    "Die Auskunft gibt es erst nach der Geburt. Sorgeerklärungen können Sie schon vor der "
                    "Geburt beim Jugendamt abgeben."
                ),
            )
        ]
    return []
