"""The rules of document requests and decisions, deadlines, the proposed fee, the inbox query and the steps
a case page offers - pure functions, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from server.applications.cases import Case
from server.casework import detail, inbox, rules
from server.web.forms import Form

TODAY = dt.date(2026, 3, 10)


def form(**values: str) -> Form:
    return Form(
        {
            k.replace("_", "-") if k.startswith(("titel", "erklaerung", "frist")) else k: v
            for k, v in values.items()
        }
    )


def deadline(day: dt.date) -> dict[str, str]:
    return {"frist-day": str(day.day), "frist-month": str(day.month), "frist-year": str(day.year)}


# --- document requests -------------------------------------------------------------------------------------
def test_a_request_with_items_and_a_deadline():
    f = Form(
        {
            "titel-1": "Lohnabrechnung",
            "erklaerung-1": "Dezember fehlt",
            "titel-3": "Mietvertrag",
            **deadline(TODAY + dt.timedelta(days=14)),
            "hinweis": "Danke!",
        }
    )
    data = rules.read_request(f, TODAY)
    assert f.errors == {}
    assert data == rules.RequestInput(
        items=(
            rules.RequestedItem("Lohnabrechnung", "Dezember fehlt"),
            rules.RequestedItem("Mietvertrag", ""),
        ),
        deadline=TODAY + dt.timedelta(days=14),
        note="Danke!",
    )
    assert rules.item_slot(2) == "anforderung_2"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({}, "titel-1", "Bitte nennen Sie mindestens eine Unterlage, die fehlt."),
        ({"erklaerung-2": "nur Erklärung"}, "titel-2", "Bitte geben Sie an, welche Unterlage Sie anfordern."),
        ({"titel-1": "x" * 121}, "titel-1", "Bitte geben Sie höchstens 120 Zeichen ein."),
        (
            {"titel-1": "A", "erklaerung-1": "x" * 501},
            "erklaerung-1",
            "Bitte geben Sie höchstens 500 Zeichen ein.",
        ),
    ],
)
def test_request_items_are_checked(values, field, message):
    f = Form({**values, **deadline(TODAY + dt.timedelta(days=7))})
    assert rules.read_request(f, TODAY) is None
    assert f.errors[field] == message


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (TODAY, "Die Frist muss nach dem heutigen Tag liegen."),
        (TODAY - dt.timedelta(days=1), "Die Frist muss nach dem heutigen Tag liegen."),
        (TODAY + dt.timedelta(days=181), "Die Frist darf höchstens 180 Tage in der Zukunft liegen."),
    ],
)
def test_deadline_rules(day, message):
    f = Form({"titel-1": "A", **deadline(day)})
    assert rules.read_request(f, TODAY) is None
    assert f.errors["frist"] == message


def test_a_missing_or_impossible_deadline():
    f = Form({"titel-1": "A"})
    assert rules.read_request(f, TODAY) is None and f.errors["frist"] == "Bitte geben Sie die Frist ein."
    f = Form({"titel-1": "A", "frist-day": "31", "frist-month": "2", "frist-year": "2026"})
    assert rules.read_request(f, TODAY) is None and "gibt es im Kalender nicht" in f.errors["frist"]


def test_a_deadline_ends_at_midnight_office_time():
    end = rules.deadline_end(dt.date(2026, 3, 24))
    assert end == dt.datetime(2026, 3, 24, 23, 0, tzinfo=dt.UTC)  # CET: UTC+1
    assert rules.deadline_end(dt.date(2026, 7, 1)) == dt.datetime(
        2026, 7, 1, 22, 0, tzinfo=dt.UTC
    )  # CEST: UTC+2
    assert rules.due_date(end) == dt.date(2026, 3, 24)
    assert rules.due_date(None) is None
    assert not rules.overdue(end, "documents_requested", end - dt.timedelta(seconds=1))
    assert rules.overdue(end, "documents_requested", end)
    assert not rules.overdue(end, "approved", end + dt.timedelta(days=9))  # decided: nothing is due
    assert not rules.overdue(None, "in_review")


# --- decisions ---------------------------------------------------------------------------------------------
def test_the_decisions_the_table_offers():
    assert [v for v, _ in rules.decision_options("generic", "in_review", "caseworker")] == [
        "approved",
        "partially_approved",
        "rejected",
    ]
    assert rules.decision_options("generic", "submitted", "caseworker") == []
    assert rules.decision_options("generic", "in_review", "provider") == []
    assert rules.decision_options("generic", "in_review", "parent") == []
    assert [v for v, _ in rules.decision_options("kita", "submitted", "admin")] == ["rejected"]


OPTIONS = rules.decision_options("generic", "in_review", "caseworker")


def test_an_approval_of_the_fee_declaration_fixes_the_fee():
    f = Form(
        {"entscheidung": "approved", "begruendung": "Belegt.", "beitrag": "1.234,5", "beitrag_ab": "8/2026"}
    )
    data = rules.read_decision(f, "elternbeitrag", OPTIONS)
    assert f.errors == {}
    assert data == rules.DecisionInput(
        outcome="approved", reasons="Belegt.", fee=Decimal("1234.5"), fee_from=dt.date(2026, 8, 1)
    )
    assert data.fee_cents == 123450


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"entscheidung": ""}, "entscheidung", "Bitte wählen Sie die Entscheidung aus."),
        ({"entscheidung": "withdrawn"}, "entscheidung", "Bitte wählen Sie die Entscheidung aus."),
        ({"begruendung": ""}, "begruendung", "Bitte begründen Sie die Entscheidung."),
        ({"begruendung": "x" * 5001}, "begruendung", "Bitte geben Sie höchstens 5000 Zeichen ein."),
        ({"beitrag": ""}, "beitrag", "Bitte geben Sie den monatlichen Beitrag an (0, wenn beitragsfrei)."),
        ({"beitrag": "-5"}, "beitrag", "Bitte geben Sie den Beitrag in Euro an, zum Beispiel 125,50."),
        ({"beitrag": "12,345"}, "beitrag", "Bitte geben Sie den Beitrag in Euro an, zum Beispiel 125,50."),
        ({"beitrag": "10000"}, "beitrag", "Bitte geben Sie den Beitrag in Euro an, zum Beispiel 125,50."),
        ({"beitrag": "1,234.50"}, "beitrag", "Bitte geben Sie den Beitrag in Euro an, zum Beispiel 125,50."),
        ({"beitrag_ab": ""}, "beitrag_ab", "Bitte geben Sie an, ab welchem Monat der Beitrag gilt."),
        ({"beitrag_ab": "13/2026"}, "beitrag_ab", "Bitte geben Sie den Monat so an: 08/2026."),
        ({"beitrag_ab": "August"}, "beitrag_ab", "Bitte geben Sie den Monat so an: 08/2026."),
    ],
)
def test_decisions_are_checked(values, field, message):
    base = {"entscheidung": "approved", "begruendung": "Gründe", "beitrag": "100", "beitrag_ab": "08/2026"}
    f = Form({**base, **values})
    assert rules.read_decision(f, "elternbeitrag", OPTIONS) is None
    assert f.errors[field] == message


def test_a_rejection_needs_no_fee_and_other_services_have_none():
    f = Form({"entscheidung": "rejected", "begruendung": "Nein."})
    assert rules.read_decision(f, "elternbeitrag", OPTIONS) == rules.DecisionInput(
        outcome="rejected", reasons="Nein."
    )
    f = Form({"entscheidung": "approved", "begruendung": "Ja.", "beitrag": "kein Feld"})
    assert rules.read_decision(f, "kita", OPTIONS) == rules.DecisionInput(outcome="approved", reasons="Ja.")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["Voraussichtlicher Monatsbeitrag", "1.250 € für 08/2026"]], ("1.250", "08/2026")),
        (
            [["Einkommensstufe", "bis 50.000 €"], ["Voraussichtlicher Monatsbeitrag", "37,50 € für 09/2026"]],
            ("37,50", "09/2026"),
        ),
        ([["Voraussichtlicher Monatsbeitrag", "0 € für 10/2026"]], ("0", "10/2026")),
        ([["Voraussichtlicher Monatsbeitrag", "Kann nicht berechnet werden: Schulkind"]], ("", "")),
        ([], ("", "")),
    ],
)
def test_the_proposed_fee_comes_from_the_computed_rows(rows, expected):
    assert rules.proposed_fee("elternbeitrag", rows) == expected
    assert rules.proposed_fee("kita", rows) == ("", "")


# --- the inbox query -----------------------------------------------------------------------------------------
SERVICES = {"kita", "elternbeitrag"}


def test_inbox_defaults_and_round_trip():
    query, errors = inbox.parse({}, SERVICES)
    assert errors == {} and query == inbox.InboxQuery()
    assert query.params() == ""
    params = {
        "dienst": "kita",
        "status": "in_review",
        "eingang_von": "2026-01-01",
        "eingang_bis": "2026-01-31",
        "mir": "1",
        "ueberfaellig": "1",
        "sortierung": "eingang_neu",
        "seite": "3",
    }
    query, errors = inbox.parse(params, SERVICES)
    assert errors == {}
    assert query.received_from == dt.date(2026, 1, 1) and query.mine and query.overdue and query.page == 3
    assert dict(p.split("=") for p in query.params().split("&")) == params
    assert "seite=4" in query.params(page=4)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"dienst": "erfunden"}, "dienst"),
        ({"status": "offenbar"}, "status"),
        ({"eingang_von": "1.1.2026"}, "eingang_von"),
        ({"eingang_von": "2026-02-01", "eingang_bis": "2026-01-01"}, "eingang_bis"),
    ],
)
def test_inbox_errors_leave_the_field_out(params, field):
    query, errors = inbox.parse(params, SERVICES)
    assert field in errors
    assert query.service == "" and query.status == inbox.OPEN


@pytest.mark.parametrize("raw", ["0", "-1", "x", "", "1" * 9, "²"])
def test_odd_pages_are_page_one(raw):
    assert inbox.parse({"seite": raw}, SERVICES)[0].page == 1


# --- the steps a case page offers ----------------------------------------------------------------------------
def case(flow: str, status: str) -> Case:
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    return Case(
        id=1, tenant="t", account=1, reference="R", draft_uuid="u", service="s", flow=flow, status=status,
        submitted_at=now, status_changed_at=now, answers={}, sections=[], computed=[], declarations=[],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("flow", "status", "kinds", "elsewhere"),
    [
        ("generic", "submitted", [("plain", "in_review")], False),
        ("generic", "in_review", [("decision", ""), ("request", "")], False),
        ("generic", "documents_requested", [("plain", "in_review")], False),
        ("generic", "decision_delivered", [], False),
        ("generic", "approved", [("plain", "decision_delivered")], False),
        ("kita", "submitted", [("decision", ""), ("plain", "reserved")], False),
        ("kita", "reserved", [], True),
        ("kita", "accepted", [], True),
    ],
)
def test_actions_follow_the_status_table(flow, status, kinds, elsewhere):
    offered, placement = detail.actions(case(flow, status), "caseworker")
    assert [(a.kind, a.target) for a in offered] == kinds
    assert placement is elsewhere
    assert detail.actions(case(flow, status), "provider")[0] == []
    assert detail.actions(case(flow, status), "parent")[0] == []
