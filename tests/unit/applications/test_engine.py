"""The engine on the Kita definition (and a few small ones): what applies, what is valid, step statuses,
the Kita rules, prefill, merging and cleaning raw values, navigation, the summary and the client's copy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest

from server.applications.catalogue.kita import DEFINITION as KITA
from server.applications.context import HouseholdSnapshot
from server.applications.definitions import Condition as C
from server.applications.definitions import Declaration, Field, Option, ServiceDefinition, Step
from server.applications.engine import (
    MAX_KEYS,
    MAX_LIST_LENGTH,
    MAX_VALUE_LENGTH,
    VISITED,
    Evaluation,
    clean_values,
    client_definition,
    evaluate,
    merge_step,
    next_step,
    prefill,
    previous_step,
    step_keys,
    summary,
    visible_steps,
)
from server.applications.registry import RULES, Issue, validate
from tests.unit.applications.support import (
    ANNA,
    CHILD,
    HOUSEHOLD,
    KITA_A,
    KTP,
    TODAY,
    date_parts,
    make_ctx,
    minimal_definition,
)

D = dt.date
CTX = make_ctx()

# A complete Kita demand notice: child born 20.05.2024, start 01.10.2026 (more than six months after TODAY).
VALID: dict[str, Any] = {
    "child": "11",
    "main_residence": "ja",
    **date_parts("start", D(2026, 10, 1)),
    "care_type": "kita",
    "hours": "35",
    "wishes": ["101", "102"],
    "single_parent": "nein",
    "employment-21": "vollzeit",
    "employment-22": "teilzeit",
}


def kita(**changes: Any) -> dict[str, Any]:
    """VALID with changes; a value of None removes the key."""
    values = {**VALID, **changes}
    return {k: v for k, v in values.items() if v is not None}


def run(values: dict[str, Any], **ctx_changes: Any) -> Evaluation:
    return evaluate(KITA, values, make_ctx(**ctx_changes) if ctx_changes else CTX)


def shown(evaluation: Evaluation, step_id: str) -> list[str]:
    state = evaluation.state(step_id)
    assert state is not None, step_id
    return [f.id for f in state.fields]


def statuses(evaluation: Evaluation) -> dict[str, str]:
    return {s.step.id: s.status for s in evaluation.steps}


# --- what applies ------------------------------------------------------------------------------------------
def test_valid_application_is_complete() -> None:
    evaluation = run(VALID)
    assert evaluation.errors == {}
    assert evaluation.warnings == {}
    assert evaluation.general == []
    assert evaluation.complete
    assert [s.step.id for s in evaluation.steps] == ["kind", "betreuung", "wuensche", "familie", "besonderes"]
    assert statuses(evaluation) == {
        "kind": "complete",
        "betreuung": "complete",
        "wuensche": "complete",
        "familie": "complete",
        "besonderes": "not_started",
    }
    assert evaluation.answers["child"] == {"id": "11", "name": "Mila Beispiel", "birth_date": "2024-05-20"}
    assert evaluation.answers["start"] == "2026-10-01"
    assert evaluation.answers["hours"] == "35"
    assert [w["facility"] for w in evaluation.answers["wishes"]] == [101, 102]
    assert evaluation.step_of("hours") is KITA.step("betreuung")
    assert evaluation.step_of("ktp_hours") is None


@pytest.mark.parametrize(
    ("care_type", "fields"),
    [
        ("kita", ["start", "care_type", "hours"]),
        ("beides", ["start", "care_type", "hours"]),
        ("tagespflege", ["start", "care_type", "ktp_hours"]),
        ("", ["start", "care_type"]),
        ("unbekannt", ["start", "care_type"]),
    ],
)
def test_hours_by_care_type(care_type: str, fields: list[str]) -> None:
    assert shown(run(kita(care_type=care_type)), "betreuung") == fields


@pytest.mark.parametrize(
    ("main_residence", "fields"),
    [
        ("ja", ["child", "main_residence", "languages"]),
        ("nein", ["child", "main_residence", "languages"]),
        ("zuzug", ["child", "main_residence", "move_date", "languages"]),
        ("", ["child", "main_residence", "languages"]),
    ],
)
def test_move_date_only_when_moving_here(main_residence: str, fields: list[str]) -> None:
    assert shown(run(kita(main_residence=main_residence)), "kind") == fields


@pytest.mark.parametrize(
    ("extra", "fields"),
    [
        ({}, ["special_needs", "urgency"]),
        ({"urgency": ["beruf"]}, ["special_needs", "urgency", "urgency_text"]),
        ({"urgency": ["", ""]}, ["special_needs", "urgency"]),
        ({"urgency": "sprache"}, ["special_needs", "urgency", "urgency_text"]),
        ({"special_needs": "ja"}, ["special_needs", "special_needs_text", "urgency"]),
        ({"special_needs": "nein"}, ["special_needs", "urgency"]),
    ],
)
def test_urgency_text_and_special_needs_text(extra: dict[str, Any], fields: list[str]) -> None:
    assert shown(run({**VALID, **extra}), "besonderes") == fields


@pytest.mark.parametrize(
    ("changes", "absent"),
    [
        ({"care_type": "kita", "ktp_hours": "abc"}, "ktp_hours"),
        ({"care_type": "tagespflege", "ktp_hours": "20", "hours": "45"}, "hours"),
        ({"main_residence": "ja", **date_parts("move_date", "31", "2", "2020")}, "move_date"),
        ({"urgency_text": "Wir brauchen den Platz."}, "urgency_text"),
        ({"special_needs": "nein", "special_needs_text": "x" * 5000}, "special_needs_text"),
    ],
)
def test_values_of_fields_that_do_not_apply_never_reach_the_answers(
    changes: dict[str, Any], absent: str
) -> None:
    evaluation = run(
        {**VALID, **changes, "wishes": ["201"] if changes.get("care_type") == "tagespflege" else ["101"]}
    )
    assert absent not in evaluation.answers
    assert absent not in evaluation.errors
    assert evaluation.errors == {}


def test_fields_that_apply_are_checked() -> None:
    evaluation = run(kita(care_type="tagespflege", ktp_hours="10", wishes=["201"]))
    assert evaluation.errors == {
        "ktp_hours": "„Wie viele Stunden pro Woche in der Kindertagespflege?“ muss mindestens 15 sein."
    }
    assert run(kita(care_type="tagespflege", ktp_hours="20", wishes=["201"])).answers["ktp_hours"] == 20
    moving = run(kita(main_residence="zuzug"))
    assert moving.errors == {"move_date": "Bitte geben Sie das Datum Ihres Umzugs an."}
    moved = run(kita(main_residence="zuzug", **date_parts("move_date", D(2026, 3, 9))))
    assert moved.errors == {"move_date": "„Wann ziehen Sie um?“ darf nicht in der Vergangenheit liegen."}
    ok = run(kita(main_residence="zuzug", **date_parts("move_date", D(2026, 6, 1))))
    assert ok.answers["move_date"] == "2026-06-01"
    needs = run(kita(special_needs="ja"))
    assert needs.errors == {
        "special_needs_text": "Bitte beschreiben Sie kurz den Förderbedarf oder wählen Sie „Nein“."
    }


# --- step statuses -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, dict.fromkeys(["kind", "betreuung", "wuensche", "familie", "besonderes"], "not_started")),
        (
            {VISITED: ["kind"]},
            {
                "kind": "in_progress",
                "betreuung": "not_started",
                "wuensche": "not_started",
                "familie": "not_started",
                "besonderes": "not_started",
            },
        ),
        (
            {"child": "11"},
            {
                "kind": "in_progress",
                "betreuung": "not_started",
                "wuensche": "not_started",
                "familie": "not_started",
                "besonderes": "not_started",
            },
        ),
        (
            {"child": "11", "main_residence": "ja", "care_type": "kita"},
            {
                "kind": "complete",
                "betreuung": "in_progress",
                "wuensche": "not_started",
                "familie": "not_started",
                "besonderes": "not_started",
            },
        ),
        (
            {"child": "  ", "languages": " ", "start-day": ""},
            dict.fromkeys(["kind", "betreuung", "wuensche", "familie", "besonderes"], "not_started"),
        ),
        (
            {VISITED: ["besonderes"]},
            {
                "kind": "not_started",
                "betreuung": "not_started",
                "wuensche": "not_started",
                "familie": "not_started",
                "besonderes": "complete",
            },
        ),
        (
            {**VALID, VISITED: ["kind", "betreuung", "wuensche", "familie", "besonderes"]},
            dict.fromkeys(["kind", "betreuung", "wuensche", "familie", "besonderes"], "complete"),
        ),
        (
            {**VALID, "urgency": ["beruf"]},
            {
                "kind": "complete",
                "betreuung": "complete",
                "wuensche": "complete",
                "familie": "complete",
                "besonderes": "complete",
            },
        ),
        (
            {**VALID, "employment-22": ""},
            {
                "kind": "complete",
                "betreuung": "complete",
                "wuensche": "complete",
                "familie": "in_progress",
                "besonderes": "not_started",
            },
        ),
    ],
)
def test_step_statuses(values: dict[str, Any], expected: dict[str, str]) -> None:
    assert statuses(run(values)) == expected


def test_empty_draft_has_every_required_message() -> None:
    evaluation = run({})
    assert evaluation.errors == {
        "child": "Bitte wählen Sie das Kind aus, für das Sie einen Platz suchen.",
        "main_residence": "Bitte geben Sie an, ob Ihr Hauptwohnsitz in dieser Stadt ist.",
        "start": "Bitte geben Sie an, ab wann Sie den Platz brauchen.",
        "care_type": "Bitte wählen Sie die gewünschte Betreuungsform aus.",
        "wishes": "Bitte wählen Sie mindestens eine Einrichtung aus.",
        "single_parent": "Bitte geben Sie an, ob Sie alleinerziehend sind.",
        "employment": "Bitte wählen Sie bei „Erwerbstätigkeit“ für Anna Beispiel eine Antwort aus.",
    }
    assert not evaluation.complete


# --- the Kita rules ----------------------------------------------------------------------------------------
MAIN_RESIDENCE = (
    "Eine Vormerkung ist nur mit Hauptwohnsitz in Wuppertal möglich. Wenn Sie bald hierher ziehen, "
    "wählen Sie „Nein, wir ziehen bald hierher“."
)


def test_main_residence_required_in_wuppertal() -> None:
    assert CTX.settings["kita.require_main_residence"] is True
    evaluation = run(kita(main_residence="nein"))
    assert evaluation.errors == {"main_residence": MAIN_RESIDENCE}
    assert evaluation.state("kind").status == "in_progress"
    assert run(kita(main_residence="nein"), settings={}).errors == {}
    assert run(kita(main_residence="nein"), settings={"kita.require_main_residence": False}).errors == {}


AFTER_BIRTH = (
    "Der Betreuungsbeginn muss nach dem (errechneten) Geburtstermin Ihres Kindes am 01.07.2026 liegen."
)
UNDER_ONE = (
    "Ihr Kind ist zum Betreuungsbeginn jünger als ein Jahr. Für Kinder unter einem Jahr besteht ein "
    "Anspruch auf einen Platz nur unter bestimmten Voraussetzungen, zum Beispiel wenn Sie arbeiten "
    "oder eine Ausbildung machen."
)
SOON = (
    "Der Beginn ist weniger als sechs Monate entfernt. Sie können die Bedarfsanzeige trotzdem "
    "abgeben; ein Platz zu diesem Termin ist dann aber weniger wahrscheinlich."
)


@pytest.mark.parametrize(
    ("child", "start", "error", "warning"),
    [
        ("12", D(2026, 6, 30), AFTER_BIRTH, SOON),  # before the expected birth (01.07.2026)
        ("12", D(2026, 7, 1), AFTER_BIRTH, SOON),  # on the expected birth
        ("12", D(2026, 7, 2), None, SOON),  # after it, but the field's own warning comes first
        ("12", D(2026, 12, 1), None, UNDER_ONE),
        ("12", D(2027, 6, 30), None, UNDER_ONE),
        ("12", D(2027, 7, 1), None, None),  # first birthday
        ("11", D(2026, 10, 1), None, None),
        ("11", D(2026, 8, 1), None, SOON),
    ],
)
def test_start_after_birth(child: str, start: dt.date, error: str | None, warning: str | None) -> None:
    evaluation = run(kita(child=child, **date_parts("start", start)))
    assert evaluation.errors.get("start") == error
    assert evaluation.warnings.get("start") == warning
    assert evaluation.state("betreuung").status == ("in_progress" if error else "complete")


def test_start_rule_needs_both_dates() -> None:
    assert run(kita(child="99")).errors == {
        "child": "Diese Person gibt es in Ihrem Haushalt nicht mehr. Bitte wählen Sie erneut aus."
    }
    no_start = run(kita(**date_parts("start", "", "", "")))
    assert no_start.errors == {"start": "Bitte geben Sie an, ab wann Sie den Platz brauchen."}


@pytest.mark.parametrize(
    ("care_type", "wishes", "error"),
    [
        ("kita", ["101", "102"], None),
        (
            "kita",
            ["101", "201"],
            "Sie haben nur Kitas als Betreuungsform gewählt. Bitte entfernen Sie: Tagespflege Krümel – oder "
            "wählen Sie „Beides ist möglich“.",
        ),
        (
            "tagespflege",
            ["101", "201", "102"],
            "Sie haben nur Angebote der Kindertagespflege als Betreuungsform gewählt. Bitte entfernen Sie: "
            "Kita Sonnenschein, Kita Regenbogen – oder wählen Sie „Beides ist möglich“.",
        ),
        ("tagespflege", ["201"], None),
        ("beides", ["101", "201"], None),
        (
            "kita",
            ["101", "102", "103", "104"],
            "Sie können höchstens 3 Einrichtungen angeben. Bitte entfernen Sie eine.",
        ),
    ],
)
def test_wishes_must_match_care_type(care_type: str, wishes: list[str], error: str | None) -> None:
    values = kita(care_type=care_type, wishes=wishes, hours="35", ktp_hours="30")
    evaluation = run(values)
    assert evaluation.errors.get("wishes") == error
    assert set(evaluation.errors) <= {"wishes"}


# --- service-level checks (definition.checks) and step checks ---------------------------------------------
@pytest.fixture
def probe_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    def general(answers: dict[str, Any], ctx: Any) -> list[Issue]:
        if answers.get("name") != "fehler":
            return []
        return [
            Issue("", "Allgemeiner Fehler."),
            Issue("", "Allgemeine Warnung.", warning=True),
            Issue("name", "Name passt nicht."),
            Issue("note", "Notiz-Warnung.", warning=True),
            Issue("hidden", "Verborgen."),
        ]

    def step_check(answers: dict[str, Any], ctx: Any) -> list[Issue]:
        return [Issue("", "Schrittfehler.")] if answers.get("name") == "schritt" else []

    monkeypatch.setitem(RULES, "probe.general", general)
    monkeypatch.setitem(RULES, "probe.step", step_check)


PROBE = ServiceDefinition(
    id="probe",
    reference_prefix="PROBE",
    title="Probe",
    short_title="Probe",
    summary="Probe",
    steps=(
        Step(
            id="eins",
            title="Eins",
            checks=("probe.step",),
            fields=(
                Field(id="name", type="text", label="Name"),
                Field(id="note", type="text", label="Notiz", required=False),
                Field(
                    id="hidden",
                    type="text",
                    label="Verborgen",
                    required=False,
                    show_if=C(field="name", equals="x"),
                ),
            ),
        ),
        Step(
            id="zwei", title="Zwei", fields=(Field(id="ok", type="declaration", label="OK", required=False),)
        ),
    ),
    checks=("probe.general",),
)


@pytest.mark.usefixtures("probe_rules")
def test_service_checks_place_issues_at_visible_fields_or_in_general() -> None:
    validate(PROBE)
    evaluation = evaluate(PROBE, {"name": "fehler"}, CTX)
    assert evaluation.errors == {"name": "Name passt nicht."}
    assert evaluation.warnings == {"note": "Notiz-Warnung."}
    # An issue at a field that does not apply goes to `general`; warnings without a field are dropped.
    assert evaluation.general == ["Allgemeiner Fehler.", "Verborgen."]
    assert evaluation.state("eins").errors == {"name": "Name passt nicht."}
    assert evaluation.state("eins").status == "in_progress"
    assert not evaluation.complete


@pytest.mark.usefixtures("probe_rules")
def test_service_checks_only_run_without_errors_and_step_checks_use_step_key() -> None:
    evaluation = evaluate(PROBE, {"name": "schritt"}, CTX)
    assert evaluation.errors == {"step:eins": "Schrittfehler."}
    assert evaluation.general == []
    assert evaluate(PROBE, {"name": "fehler", "note": "x" * 201}, CTX).general == []
    assert evaluate(PROBE, {"name": "gut"}, CTX).complete


# --- prefill -----------------------------------------------------------------------------------------------
def test_kita_prefill() -> None:
    one_child = msgspec.structs.replace(HOUSEHOLD, children=(CHILD,))
    assert prefill(KITA, make_ctx(household=one_child)) == {"child": "11", "main_residence": "ja"}
    assert prefill(KITA, CTX) == {"main_residence": "ja"}  # two children: the parent chooses


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        ("Wuppertal", "ja"),
        (" wuppertal ", "ja"),
        ("WUPPERTAL", "ja"),
        ("Solingen", None),
        ("", None),
        ("Wuppertal-Elberfeld", None),
    ],
)
def test_prefill_main_residence(city: str, expected: str | None) -> None:
    household = msgspec.structs.replace(HOUSEHOLD, city=city)
    assert prefill(KITA, make_ctx(household=household)).get("main_residence") == expected


PREFILLED = minimal_definition(
    Field(id="anschrift", type="address", label="Anschrift", prefill="household.address"),
    Field(id="mail", type="email", label="E-Mail", prefill="account.email"),
    Field(id="person", type="guardian", label="Person", prefill="household.only_guardian"),
    Field(id="kind", type="child", label="Kind", prefill="household.only_child"),
    Field(id="ohne", type="text", label="Ohne"),
)


def test_prefill_address_email_guardian() -> None:
    household = msgspec.structs.replace(HOUSEHOLD, children=(CHILD,), guardians=(ANNA,))
    values = prefill(PREFILLED, make_ctx(household=household))
    assert values == {
        "anschrift-street": "Musterweg",
        "anschrift-house_number": "5a",
        "anschrift-postcode": "42103",
        "anschrift-city": "Wuppertal",
        "mail": "Familie@Beispiel.de",
        "person": "21",
        "kind": "11",
    }
    # Prefilled values parse.
    evaluation = evaluate(PREFILLED, {**values, "ohne": "x"}, make_ctx(household=household))
    assert evaluation.errors == {}
    assert evaluation.answers["mail"] == "familie@beispiel.de"


def test_prefill_with_empty_household() -> None:
    assert prefill(PREFILLED, make_ctx(household=HouseholdSnapshot())) == {}
    assert prefill(PREFILLED, CTX).keys() == {
        "anschrift-street",
        "anschrift-house_number",
        "anschrift-postcode",
        "anschrift-city",
        "mail",
    }


# --- merge_step --------------------------------------------------------------------------------------------
BESONDERES = KITA.step("besonderes")
KIND = KITA.step("kind")


def test_merge_step_replaces_the_step_and_records_the_visit() -> None:
    current = {
        "child": "11",
        "urgency": ["beruf", "sprache"],
        "urgency_text": "Rückkehr in den Beruf",
        "special_needs": "ja",
        "special_needs_text": "x",
        VISITED: ["kind"],
    }
    posted = {"special_needs": "nein", "child": "12", "fremd": "1", VISITED: ["familie"]}
    merged = merge_step(BESONDERES, current, posted)
    # Unticked checkboxes (urgency) and emptied fields are removed; other steps keep their values.
    assert merged == {"child": "11", "special_needs": "nein", VISITED: ["kind", "besonderes"]}
    assert current["urgency"] == ["beruf", "sprache"]  # not modified in place


def test_merge_step_composite_keys_and_repeat_visits() -> None:
    current = {
        **date_parts("move_date", "1", "6", "2026"),
        "main_residence": "zuzug",
        VISITED: ["kind", "betreuung"],
    }
    posted = {"main_residence": "ja", "move_date-day": "", "child": "11"}
    merged = merge_step(KIND, current, posted)
    assert merged == {
        "main_residence": "ja",
        "move_date-day": "",
        "child": "11",
        VISITED: ["kind", "betreuung"],
    }
    assert merge_step(KIND, {}, {})[VISITED] == ["kind"]
    assert merge_step(KIND, {VISITED: "kind"}, {})[VISITED] == "kind"  # a string is one visited step


def test_step_keys() -> None:
    values = {**VALID, "urgency": ["beruf"], "languages": "de"}
    assert step_keys(KIND, values) == {"child": "11", "main_residence": "ja", "languages": "de"}
    assert step_keys(KITA.step("familie"), values) == {
        "single_parent": "nein",
        "employment-21": "vollzeit",
        "employment-22": "teilzeit",
    }


# --- clean_values ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ({"child": "11"}, {"child": "11"}),
        ({"unbekannt": "1", "child_x": "2", "-child": "3", "": "4"}, {}),
        ({"start-day": "1", "employment-21": "vollzeit"}, {"start-day": "1", "employment-21": "vollzeit"}),
        ({"child": 11, "languages": None, "hours": {"a": 1}, "care_type": True}, {}),
        ({"urgency": ["beruf", 3, None, "sprache"]}, {"urgency": ["beruf", "sprache"]}),
        ({VISITED: ["kind", "fremd", 1, "besonderes"]}, {VISITED: ["kind", "besonderes"]}),
        ({VISITED: "kind"}, {}),
        ({1: "x", ("child",): "y"}, {}),
    ],
)
def test_clean_values(raw: dict[Any, Any], cleaned: dict[str, Any]) -> None:
    assert clean_values(KITA, raw) == cleaned


def test_clean_values_bounds_sizes() -> None:
    raw = {
        "languages": "x" * (MAX_VALUE_LENGTH + 10),
        "urgency": ["y" * (MAX_VALUE_LENGTH + 10)] * (MAX_LIST_LENGTH + 10),
    }
    cleaned = clean_values(KITA, raw)
    assert len(cleaned["languages"]) == MAX_VALUE_LENGTH
    assert len(cleaned["urgency"]) == MAX_LIST_LENGTH
    assert all(len(v) == MAX_VALUE_LENGTH for v in cleaned["urgency"])
    many = {f"employment-{i}": "vollzeit" for i in range(MAX_KEYS + 50)}
    assert len(clean_values(KITA, many)) == MAX_KEYS


def test_clean_values_bounds_visited_steps() -> None:
    cleaned = clean_values(KITA, {VISITED: ["kind"] * 10_000})
    assert len(cleaned[VISITED]) <= MAX_LIST_LENGTH


def test_clean_values_bounds_key_length() -> None:
    cleaned = clean_values(KITA, {"child-" + "x" * 100_000: "1"})
    assert all(len(key) <= MAX_VALUE_LENGTH for key in cleaned)


# --- navigation --------------------------------------------------------------------------------------------
NAV = ServiceDefinition(
    id="nav",
    reference_prefix="NAV",
    title="Navigation",
    short_title="Navigation",
    summary="Navigation",
    steps=(
        Step(
            id="a",
            title="A",
            fields=(
                Field(id="art", type="choice", label="Art", options=(Option("x", "X"), Option("y", "Y"))),
            ),
        ),
        Step(
            id="b",
            title="B",
            show_if=C(field="art", equals="x"),
            fields=(Field(id="b1", type="text", label="B1"),),
        ),
        Step(
            id="c",
            title="C",
            show_if=C(field="art", equals="y"),
            fields=(Field(id="c1", type="text", label="C1"),),
        ),
        Step(id="d", title="D", fields=(Field(id="d1", type="text", label="D1"),)),
        Step(
            id="e",
            title="E",
            show_if=C(field="b1", filled=True),
            fields=(Field(id="e1", type="text", label="E1"),),
        ),
    ),
)


@pytest.mark.parametrize(
    ("values", "current", "after", "before"),
    [
        ({"art": "x"}, "a", "b", None),
        ({"art": "x"}, "b", "d", "a"),
        ({"art": "x"}, "c", "d", "b"),  # from a step that does not apply (an old URL)
        ({"art": "x"}, "d", None, "b"),
        ({"art": "x", "b1": "1"}, "d", "e", "b"),
        ({"art": "y", "b1": "1"}, "d", None, "c"),  # b1 does not apply, so neither does e
        ({"art": "y"}, "a", "c", None),
        ({"art": "y"}, "e", None, "d"),
        ({}, "a", "d", None),
        ({}, "d", None, "a"),
        ({}, "", "a", "d"),
        ({}, "uebersicht", "a", "d"),
    ],
)
def test_next_and_previous_step(
    values: dict[str, Any], current: str, after: str | None, before: str | None
) -> None:
    following = next_step(NAV, values, CTX, current)
    preceding = previous_step(NAV, values, CTX, current)
    assert (following.id if following else None) == after
    assert (preceding.id if preceding else None) == before


def test_kita_navigation() -> None:
    order = [s.id for s in visible_steps(KITA, {}, CTX)]
    assert order == ["kind", "betreuung", "wuensche", "familie", "besonderes"]
    for earlier, later in zip(order, order[1:], strict=False):
        assert next_step(KITA, VALID, CTX, earlier).id == later
        assert previous_step(KITA, VALID, CTX, later).id == earlier
    assert next_step(KITA, VALID, CTX, "besonderes") is None
    assert previous_step(KITA, VALID, CTX, "kind") is None


# --- summary and client definition -------------------------------------------------------------------------
def test_summary_rows_and_labels() -> None:
    values = {
        **VALID,
        "urgency": ["beruf", "sprache"],
        "urgency_text": "Ab August",
        "languages": "Deutsch, Türkisch",
        "wishes-sibling": ["102"],
    }
    sections = summary(KITA, run(values))
    assert [(s.step, s.title) for s in sections] == [
        ("kind", "Kind und Wohnsitz"),
        ("betreuung", "Betreuungswunsch"),
        ("wuensche", "Wunsch-Einrichtungen"),
        ("familie", "Familie und Erwerbstätigkeit"),
        ("besonderes", "Besondere Umstände"),
    ]
    rows = {r.field: (r.label, r.lines) for s in sections for r in s.rows}
    assert rows == {
        "child": ("Kind", ["Mila Beispiel, geboren am 20.05.2024"]),
        "main_residence": ("Ist Ihr Hauptwohnsitz in dieser Stadt?", ["Ja"]),
        "languages": ("Welche Sprachen spricht Ihr Kind zu Hause? (freiwillig)", ["Deutsch, Türkisch"]),
        "start": ("Ab wann brauchen Sie den Platz?", ["01.10.2026"]),
        "care_type": ("Welche Betreuung wünschen Sie?", ["Kindertageseinrichtung (Kita)"]),
        "hours": ("Wie viele Stunden pro Woche?", ["35 Stunden"]),
        "wishes": (
            "Wunsch-Einrichtungen",  # summary_label, not the label
            ["1. Kita Sonnenschein", "2. Kita Regenbogen – Geschwisterkind dort betreut"],
        ),
        "single_parent": ("Sind Sie alleinerziehend?", ["Nein"]),
        "employment": (
            "Erwerbstätigkeit",
            ["Anna Beispiel: Vollzeit erwerbstätig", "Ben Beispiel: Teilzeit erwerbstätig"],
        ),
        "special_needs": ("Hat Ihr Kind einen besonderen Förderbedarf? (freiwillig)", ["Keine Angabe"]),
        "urgency": (
            "Gibt es Gründe, warum Sie den Platz besonders dringend brauchen? (freiwillig)",
            [
                "Rückkehr in den Beruf oder Beginn einer Ausbildung zu einem festen Termin",
                "Sprachförderung vor der Einschulung",
            ],
        ),
        "urgency_text": ("Möchten Sie die Gründe erläutern? (freiwillig)", ["Ab August"]),
    }


def test_summary_include_and_missing_answers() -> None:
    evaluation = run(kita(care_type="tagespflege", ktp_hours="abc", wishes=[str(KTP.id)]))
    sections = summary(KITA, evaluation, include=["betreuung"])
    assert [s.step for s in sections] == ["betreuung"]
    assert [(r.field, r.lines) for r in sections[0].rows] == [
        ("start", ["01.10.2026"]),
        ("care_type", ["Kindertagespflege (Tagesmutter oder Tagesvater)"]),
        ("ktp_hours", ["Keine Angabe"]),  # invalid: no answer
    ]
    assert summary(KITA, evaluation, include=[]) == []


def test_summary_declarations_only_when_answered() -> None:
    definition = minimal_definition(
        Field(id="name", type="text", label="Name"),
        Field(id="ok", type="declaration", label="Ich bestätige.", summary_label="Bestätigung"),
    )
    confirmed = summary(definition, evaluate(definition, {"name": "A", "ok": "ja"}, CTX))
    assert [(r.label, r.lines) for r in confirmed[0].rows] == [
        ("Name", ["A"]),
        ("Bestätigung", ["Bestätigt"]),
    ]
    missing = summary(definition, evaluate(definition, {"name": "A"}, CTX))
    assert [r.field for r in missing[0].rows] == ["name"]


def test_client_definition_shape() -> None:
    # The browser receives it as JSON (tuples of conditions become lists).
    client = msgspec.json.decode(msgspec.json.encode(client_definition(KITA)))
    assert client["service"] == "kita"
    assert [s["id"] for s in client["steps"]] == ["kind", "betreuung", "wuensche", "familie", "besonderes"]
    assert all(set(s) == {"id", "show_if", "fields"} for s in client["steps"])
    assert all(set(f) == {"id", "type", "show_if"} for s in client["steps"] for f in s["fields"])
    fields = {f["id"]: f for s in client["steps"] for f in s["fields"]}
    assert fields["move_date"] == {
        "id": "move_date",
        "type": "date",
        "show_if": {"field": "main_residence", "equals": "zuzug"},
    }
    assert fields["hours"]["show_if"] == {"field": "care_type", "one_of": ["kita", "beides"]}
    assert fields["urgency_text"]["show_if"] == {"field": "urgency", "filled": True}
    assert fields["child"]["show_if"] is None
    # Only what navigation needs: no labels, messages or options (and it is JSON).
    assert "label" not in str(client) and "messages" not in str(client)
    nested = client_definition(
        minimal_definition(
            Field(id="a", type="text", label="A"),
            Field(
                id="b",
                type="text",
                label="B",
                show_if=C(not_=C(field="a", filled=True), any=(C(field="a", equals="x"),)),
            ),
        )
    )
    assert nested["steps"][0]["fields"][1]["show_if"] == {
        "any": ({"field": "a", "equals": "x"},),
        "not": {"field": "a", "filled": True},
    }


def test_kita_definition_basics() -> None:
    assert KITA.flow == "kita"
    assert KITA.reference_prefix == "KITA"
    assert [d.id for d in KITA.declarations] == ["truthful", "forwarding", "privacy"]
    assert all(isinstance(d, Declaration) and d.required for d in KITA.declarations)
    assert KITA.field("wishes").max_items_setting == "kita.max_wishes"
    assert KITA.field("nope") is None
    assert KITA_A.id in CTX.facilities
    assert TODAY == D(2026, 3, 10)
