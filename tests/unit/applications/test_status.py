"""The status model as a table: every (flow, source, target, actor) is allowed exactly when it is listed
below – literally, not derived from status.TRANSITIONS."""

from __future__ import annotations

import itertools
import typing

import pytest

from server.applications.catalogue.kita import DEFINITION as KITA
from server.applications.status import (
    DEFAULT_NEXT,
    STATUSES,
    TRANSITIONS,
    Actor,
    Flow,
    TransitionNotAllowed,
    can,
    can_withdraw,
    check,
    info,
    is_final,
    targets,
)

FLOWS = ("generic", "kita")
ACTORS = ("parent", "caseworker", "provider", "admin", "system")

# (flow, source, target): who may make the transition. Everything not listed is forbidden.
ALLOWED: dict[tuple[str, str, str], set[str]] = {
    ("generic", "awaiting_consent", "awaiting_signature"): {"system"},
    ("generic", "awaiting_consent", "submitted"): {"system", "caseworker", "admin"},
    ("generic", "awaiting_signature", "submitted"): {"system", "caseworker", "admin"},
    ("generic", "awaiting_consent", "withdrawn"): {"parent"},
    ("generic", "awaiting_signature", "withdrawn"): {"parent"},
    ("generic", "submitted", "in_review"): {"caseworker", "admin"},
    ("generic", "in_review", "documents_requested"): {"caseworker", "admin"},
    ("generic", "documents_requested", "in_review"): {"caseworker", "admin", "parent", "system"},
    ("generic", "in_review", "approved"): {"caseworker", "admin"},
    ("generic", "in_review", "partially_approved"): {"caseworker", "admin"},
    ("generic", "in_review", "rejected"): {"caseworker", "admin"},
    ("generic", "approved", "decision_delivered"): {"caseworker", "admin", "system"},
    ("generic", "partially_approved", "decision_delivered"): {"caseworker", "admin", "system"},
    ("generic", "rejected", "decision_delivered"): {"caseworker", "admin", "system"},
    ("generic", "submitted", "withdrawn"): {"parent"},
    ("generic", "in_review", "withdrawn"): {"parent"},
    ("generic", "documents_requested", "withdrawn"): {"parent"},
    ("kita", "submitted", "reserved"): {"caseworker", "admin"},
    ("kita", "submitted", "rejected"): {"caseworker", "admin"},
    ("kita", "reserved", "offered"): {"provider", "caseworker", "admin"},
    ("kita", "offered", "accepted"): {"parent"},
    ("kita", "offered", "declined"): {"parent"},
    ("kita", "offered", "reserved"): {"system", "provider", "caseworker", "admin"},
    ("kita", "declined", "offered"): {"provider", "caseworker", "admin"},
    ("kita", "declined", "reserved"): {"system", "caseworker", "admin"},
    ("kita", "accepted", "contracted"): {"provider", "caseworker", "admin"},
    ("kita", "accepted", "reserved"): {"provider", "caseworker", "admin"},
    ("kita", "submitted", "withdrawn"): {"parent"},
    ("kita", "reserved", "withdrawn"): {"parent"},
    ("kita", "offered", "withdrawn"): {"parent"},
    ("kita", "declined", "withdrawn"): {"parent"},
}

LABELS = {
    "awaiting_consent": "Zustimmung ausstehend",
    "awaiting_signature": "Unterschrift ausstehend",
    "submitted": "Eingereicht",
    "in_review": "In Prüfung",
    "documents_requested": "Unterlagen nachgefordert",
    "approved": "Bewilligt",
    "partially_approved": "Teilweise bewilligt",
    "rejected": "Abgelehnt",
    "decision_delivered": "Bescheid zugestellt",
    "withdrawn": "Zurückgezogen",
    "reserved": "Vorgemerkt",
    "offered": "Platzangebot",
    "declined": "Angebot abgelehnt",
    "accepted": "Angebot angenommen",
    "contracted": "Betreuungsvertrag",
}

WITHDRAWABLE = {
    "generic": {"awaiting_consent", "awaiting_signature", "submitted", "in_review", "documents_requested"},
    "kita": {"submitted", "reserved", "offered", "declined"},
}


@pytest.mark.parametrize(("flow", "source"), list(itertools.product(FLOWS, STATUSES)))
def test_can_matches_the_table(flow: str, source: str) -> None:
    allowed = {(target, actor) for target in STATUSES for actor in ACTORS if can(flow, source, target, actor)}
    expected = {
        (target, actor)
        for (f, s, target), actors in ALLOWED.items()
        if (f, s) == (flow, source)
        for actor in actors
    }
    assert allowed == expected


def test_the_table_covers_the_whole_cross_product() -> None:
    combinations = list(itertools.product(FLOWS, STATUSES, STATUSES, ACTORS))
    assert len(combinations) == 2 * 15 * 15 * 5
    allowed = [c for c in combinations if can(*c)]
    assert len(allowed) == sum(len(a) for a in ALLOWED.values()) == 64
    for flow, source, target, actor in combinations:
        expected = actor in ALLOWED.get((flow, source, target), set())
        assert can(flow, source, target, actor) is expected, (flow, source, target, actor)
        if expected:
            check(flow, source, target, actor)
        else:
            with pytest.raises(TransitionNotAllowed):
                check(flow, source, target, actor)


@pytest.mark.parametrize(
    ("flow", "source", "target", "actor"),
    [
        ("benefits", "submitted", "in_review", "caseworker"),  # unknown flow
        ("generic", "eingereicht", "in_review", "caseworker"),  # unknown status
        ("generic", "submitted", "in_review", "jugendamt"),  # unknown actor
        ("generic", "submitted", "in_review", ""),
        ("kita", "submitted", "in_review", "caseworker"),  # a transition of the other flow
        ("generic", "submitted", "reserved", "caseworker"),
        ("generic", "submitted", "submitted", "admin"),
    ],
)
def test_unknown_and_foreign_transitions_are_forbidden(
    flow: str, source: str, target: str, actor: str
) -> None:
    assert not can(flow, source, target, actor)
    with pytest.raises(
        TransitionNotAllowed, match=f"{flow}: {source} -> {target} is not allowed for {actor}"
    ):
        check(flow, source, target, actor)


@pytest.mark.parametrize(("flow", "status"), list(itertools.product(FLOWS, STATUSES)))
def test_withdraw_only_before_a_decision(flow: str, status: str) -> None:
    assert can_withdraw(flow, status) is (status in WITHDRAWABLE[flow])
    if can_withdraw(flow, status):
        assert not STATUSES[status].decided
    for actor in ACTORS:
        if actor != "parent":
            assert not can(flow, status, "withdrawn", actor)


def test_decided_statuses_cannot_be_withdrawn_in_any_flow() -> None:
    decided = {s for s, i in STATUSES.items() if i.decided}
    assert decided == {
        "approved",
        "partially_approved",
        "rejected",
        "decision_delivered",
        "withdrawn",
        "accepted",
        "contracted",
    }
    assert not any(can_withdraw(flow, s) for flow in FLOWS for s in decided)


def test_every_status_has_a_german_label() -> None:
    assert {s: i.label for s, i in STATUSES.items()} == LABELS
    for status, status_info in STATUSES.items():
        assert status_info.description.strip(), status
        assert status_info.tag in {"blue", "yellow", "green", "red", "grey"}, status
        assert info(status) is status_info
        assert not status_info.final or status_info.decided, f"{status}: final but not decided"
    assert len(set(LABELS.values())) == len(LABELS)
    with pytest.raises(KeyError):
        info("unbekannt")


def test_every_transition_is_well_formed() -> None:
    flows, actors = set(typing.get_args(Flow)), set(typing.get_args(Actor))
    assert flows == set(FLOWS) and actors == set(ACTORS)
    keys = [(t.flow, t.source, t.target) for t in TRANSITIONS]
    # A repeated (flow, source, target) would silently replace the first one's actors.
    assert len(keys) == len(set(keys))
    for transition in TRANSITIONS:
        assert transition.flow in flows
        assert transition.source in STATUSES, transition
        assert transition.target in STATUSES, transition
        assert transition.source != transition.target, transition
        assert transition.actors, transition
        assert transition.actors <= actors, transition
        assert not STATUSES[transition.source].final, f"{transition}: leaves a final status"
    assert {k: set(t.actors) for k, t in zip(keys, TRANSITIONS, strict=True)} == ALLOWED


@pytest.mark.parametrize("flow", FLOWS)
def test_every_status_of_a_flow_is_reachable_from_submitted(flow: str) -> None:
    edges = [(t.source, t.target) for t in TRANSITIONS if t.flow == flow]
    used = {s for edge in edges for s in edge}
    # A case starts as submitted, or before it as awaiting the second parent's consent or a signature.
    starts = {"submitted", "awaiting_consent", "awaiting_signature"}
    reached, frontier = set(starts), list(starts)
    while frontier:
        current = frontier.pop()
        for source, target in edges:
            if source == current and target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached >= used


def _dead_ends(flow: str) -> set[str]:
    sources = {t.source for t in TRANSITIONS if t.flow == flow}
    return {t.target for t in TRANSITIONS if t.flow == flow} - sources


def test_finality_is_per_flow() -> None:
    # A rejected benefit still gets its decision letter; a rejected demand notice ends there.
    assert not is_final("generic", "rejected")
    assert is_final("kita", "rejected")
    assert not is_final("kita", "reserved")


def test_dead_ends_of_the_generic_flow_are_final_and_promise_nothing() -> None:
    assert _dead_ends("generic") == {"decision_delivered", "withdrawn"}
    assert all(STATUSES[s].final for s in _dead_ends("generic"))
    assert not _dead_ends("generic") & set(DEFAULT_NEXT)


def test_dead_ends_of_the_kita_flow_are_final_and_promise_nothing() -> None:
    dead_ends = _dead_ends("kita")
    assert dead_ends >= {"contracted", "withdrawn"}
    assert all(is_final("kita", s) for s in dead_ends)
    promised = {s for s in dead_ends if s in DEFAULT_NEXT and s not in KITA.next_steps}
    assert promised == set()


@pytest.mark.parametrize(
    ("flow", "source", "actor", "expected"),
    [
        ("generic", "submitted", "caseworker", ["in_review"]),
        ("generic", "submitted", "parent", ["withdrawn"]),
        ("generic", "submitted", "provider", []),
        (
            "generic",
            "in_review",
            "caseworker",
            ["documents_requested", "approved", "partially_approved", "rejected"],
        ),
        (
            "generic",
            "in_review",
            "admin",
            ["documents_requested", "approved", "partially_approved", "rejected"],
        ),
        ("generic", "in_review", "parent", ["withdrawn"]),
        ("generic", "in_review", "system", []),
        ("generic", "documents_requested", "parent", ["in_review", "withdrawn"]),
        ("generic", "documents_requested", "system", ["in_review"]),
        ("generic", "approved", "system", ["decision_delivered"]),
        ("generic", "approved", "parent", []),
        ("generic", "decision_delivered", "admin", []),
        ("kita", "submitted", "caseworker", ["reserved", "rejected"]),
        ("kita", "submitted", "provider", []),
        ("kita", "reserved", "provider", ["offered"]),
        ("kita", "reserved", "parent", ["withdrawn"]),
        ("kita", "offered", "parent", ["accepted", "declined", "withdrawn"]),
        ("kita", "offered", "system", ["reserved"]),
        ("kita", "offered", "caseworker", ["reserved"]),
        ("kita", "offered", "provider", ["reserved"]),  # the provider takes its offer back
        ("kita", "declined", "provider", ["offered"]),
        ("kita", "declined", "admin", ["offered", "reserved"]),
        ("kita", "declined", "parent", ["withdrawn"]),
        ("kita", "accepted", "provider", ["contracted", "reserved"]),
        ("kita", "accepted", "parent", []),
        ("kita", "contracted", "admin", []),
        ("kita", "withdrawn", "parent", []),
        ("kita", "in_review", "caseworker", []),
    ],
)
def test_targets_in_table_order(flow: str, source: str, actor: str, expected: list[str]) -> None:
    assert targets(flow, source, actor) == expected


def test_targets_agree_with_can() -> None:
    for flow, source, actor in itertools.product(FLOWS, STATUSES, ACTORS):
        found = targets(flow, source, actor)
        assert len(found) == len(set(found))
        assert set(found) == {t for t in STATUSES if can(flow, source, t, actor)}


def test_next_steps_name_known_statuses() -> None:
    assert set(DEFAULT_NEXT) <= set(STATUSES)
    assert not any(STATUSES[s].final for s in DEFAULT_NEXT)
    for text, days in DEFAULT_NEXT.values():
        assert text.strip() and days > 0
    assert set(KITA.next_steps) <= set(STATUSES)
