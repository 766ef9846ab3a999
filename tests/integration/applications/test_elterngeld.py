"""Elterngeld over HTTP without JavaScript: every step posted as a plain form - the month planner included,
checked by the server - to a complete check page with the estimate, and the submission that invites the
other parent (or, for a single parent, waits for the signed page). Also the quick check's way into a draft.
Runs on SQLite and, with TEST_POSTGRES_URL, on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from server.applications import drafts
from server.applications.catalogue.elterngeld import plan
from server.applications.tables import Application, ConsentRequest
from server.households import services as households
from server.notifications.tables import OutgoingMail
from tests.integration.applications.support import new_uuid
from tests.integration.support import location, logged_in_parent, post_form
from tests.unit.applications.services.elterngeld_cases import cells, raw
from tests.unit.documents.corpus import small_jpeg

pytestmark = pytest.mark.asyncio

SERVICE = "/wuppertal/antraege/elterngeld"
BORN = dt.date.today() - dt.timedelta(days=40)  # Lebensmonat 2: every month is still paid
PLAN = cells("basis:1-12 bonus:15-16", "basis:13-14 bonus:15-16")


async def family(client, email: str) -> tuple[int, int, int]:
    """A parent with one guardian (Anna, the mother) and a baby in the household: (account, child, guardian)."""
    account_id = await logged_in_parent(client, "wuppertal", email)
    household = await households.household_for("wuppertal", account_id)
    await households.save_address(
        household,
        households.AddressData(street="Musterstraße", house_number="3", postcode="42103", city="Wuppertal"),
    )
    await households.save_guardian(
        household, households.GuardianData(first_name="Anna", last_name="Beispiel", relationship="mutter")
    )
    await households.save_child(
        household, households.ChildData(first_name="Lotta", last_name="Beispiel", birth_date=BORN)
    )
    overview = await households.overview("wuppertal", account_id)
    return account_id, overview["children"][0].id, overview["guardians"][0].id


async def start(client, data: dict[str, str] | None = None) -> str:
    response = await post_form(client, f"{SERVICE}/neu", data or {}, form_page=SERVICE)
    assert response.status_code == 303, response.text[:500]
    return location(response).rsplit("/", 1)[0]


async def upload(client, base: str, slot: str) -> None:
    uuid = base.rsplit("/", 1)[1]
    response = await client.post(
        f"/wuppertal/entwuerfe/{uuid}/nachweise/{slot}",
        files={"datei": ("seite.jpg", small_jpeg(), "image/jpeg")},
        headers={
            "x-csrftoken": client.cookies.get("portal_csrf"),
            "Idempotency-Key": new_uuid(),
            "Accept": "application/json",
        },
    )
    assert response.status_code == 201, response.text


async def step(client, base: str, step_id: str, values: dict, expected: str | None) -> str:
    """Post a step; `expected` is the next step (303 there) or None for a 422 with messages. Returns the page."""
    response = await post_form(client, f"{base}/{step_id}", values)
    if expected is None:
        assert response.status_code == 422, (
            step_id,
            response.status_code,
            location(response) if response.status_code == 303 else "",
        )
        return html.unescape(response.text)
    assert response.status_code == 303, (step_id, html.unescape(response.text)[:3000])
    assert location(response) == f"{base}/{expected}", (step_id, location(response))
    return ""


def summary_items(page: str) -> list[str]:
    box = re.search(r"data-month-plan-summary>(.*?)</ul>", page, re.S)
    assert box, "no summary in the planner"
    return [re.sub(r"\s+", " ", item).strip() for item in re.findall(r"<li>(.*?)</li>", box.group(1), re.S)]


def selects(page: str) -> list[str]:
    return re.findall(r'<select class="input month-plan__select" id="(plan-\d+-[ab])" name="\1"', page)


async def test_both_parents_plan_without_javascript_and_submit(client, email, inbox):
    _account, child_id, guardian_id = await family(client, email)
    base = await start(client)
    assert (await client.get(f"{base}/kind")).status_code == 200
    await step(client, base, "kind", {"child": str(child_id)}, "eltern")
    await step(
        client,
        base,
        "eltern",
        {
            "applicant": str(guardian_id),
            "single_parent": "nein",
            "other_name": "Ben Beispiel",
            "other_email": "Ben@Beispiel.de",
        },
        "monate",
    )

    # The planner: a real table, one labelled select per Lebensmonat and parent, and its script.
    page = html.unescape((await client.get(f"{base}/monate")).text)
    assert len(selects(page)) == 64
    assert '<label class="visually-hidden" for="plan-3-a">Lebensmonat 3, Anna</label>' in page
    assert '<label class="visually-hidden" for="plan-15-b">Lebensmonat 15, Ben Beispiel</label>' in page
    assert (
        '<th scope="col">Lebensmonat</th>' in page
        and '<th scope="row" class="month-plan__month">32</th>' in page
    )
    assert page.count("/static/js/widgets/elterngeld-plan.js?v=") == 1
    assert f'data-first-paid="{plan.first_paid_month(BORN, dt.date.today())}"' in page
    # Basiselterngeld is not offered after Lebensmonat 14.
    month_15 = re.search(r'name="plan-15-a"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert 'value="basis"' not in month_15 and 'value="bonus"' in month_15
    names = plan.labels("Anna", "Ben Beispiel")
    assert summary_items(page) == plan.summary({}, single=False, names=names)

    # A plan that breaks rules comes back with every message and the plan as posted.
    broken = cells("basis:1-13", "basis:1-2 bonus:15")
    page = await step(client, base, "monate", raw(broken), None)
    assert "Anna: höchstens 12 Monate Basiselterngeld – geplant sind 13" in page
    assert "geplant in Lebensmonaten 1 und 2" in page
    assert "Den Partnerschaftsbonus gibt es nur für beide Eltern gleichzeitig." in page
    assert re.search(r'<a href="#plan">[^<]*Anna: höchstens 12 Monate', page), (
        "error summary links to the planner"
    )
    assert '<option value="basis" selected>' in re.search(
        r'name="plan-13-a"[^>]*>(.*?)</select>', page, re.S
    ).group(1)
    assert summary_items(page) == plan.summary(broken, single=False, names=names)

    await step(client, base, "monate", raw(PLAN), "einkommen")
    page = html.unescape((await client.get(f"{base}/monate")).text)
    assert summary_items(page) == plan.summary(PLAN, single=False, names=names)
    assert '<details class="month-plan__later" data-month-plan-later open>' in page

    # Income: the payslips are required for employees.
    income = {"income_kind": "angestellt", "net_income": "2.000", "income_over_limit": "nein"}
    page = await step(client, base, "einkommen", income, None)
    assert "Bitte laden Sie den Nachweis „Lohn- und Gehaltsabrechnungen“ hoch." in page
    await upload(client, base, "payslips")
    await step(client, base, "einkommen", income, "arbeit")

    # Hours: asked for both parents' bonus months, 24 to 32.
    page = html.unescape((await client.get(f"{base}/arbeit")).text)
    assert re.findall(r'name="(hours-[a-z]+-[ab])"', page) == ["hours-bonus-a", "hours-bonus-b"]
    assert "Ben Beispiel: Wochenstunden in den Monaten mit Partnerschaftsbonus" in page
    page = await step(client, base, "arbeit", {"hours-bonus-a": "30", "hours-bonus-b": "20"}, None)
    assert (
        "Ben Beispiel: Für den Partnerschaftsbonus arbeiten Sie 24 bis 32 Stunden pro Woche – angegeben sind 20."
        in page
    )
    await step(client, base, "arbeit", {"hours-bonus-a": "30", "hours-bonus-b": "28"}, "mutterschaft")
    await step(client, base, "mutterschaft", {"maternity_pay": "nein"}, "konto")
    await step(
        client,
        base,
        "konto",
        {"account_holder": "Anna Beispiel", "iban": "DE89370400440532013000"},
        "erklaerungen",
    )
    await step(
        client,
        base,
        "erklaerungen",
        {"lives_with_child": "ja", "residence": "ja", "work_limit": "ja"},
        "pruefen",
    )

    check = await client.get(f"{base}/pruefen")
    assert check.status_code == 200
    text = html.unescape(check.text)
    for line in (
        "Anna – Basiselterngeld: Lebensmonate 1 bis 12",
        "Ben Beispiel – Partnerschaftsbonus: Lebensmonate 15 und 16",
        "Anna – Partnerschaftsbonus: 30 Stunden pro Woche",
        "etwa 1.300,00 € im Monat",
        "etwa 650,00 € im Monat",
        "Unverbindliche Schätzung",
        "Nach dem Absenden bitten wir Ben Beispiel per E-Mail an ben@beispiel.de",
        "Verbindlich absenden",
    ):
        assert line in text, line
    version = re.search(r'name="_version" value="(\d+)"', check.text).group(1)
    done = await post_form(
        client,
        f"{base}/pruefen",
        {"_version": version, "decl-truthful": "ja", "decl-privacy": "ja", "decl-signature": "ja"},
    )
    assert done.status_code == 303, html.unescape(done.text)[:3000]
    reference = location(done).split("/")[3]
    assert re.fullmatch(rf"EG-{dt.date.today().year}-\d{{6}}", reference)
    application = await Application.select().where(Application.reference == reference).first()
    assert application["status"] == "awaiting_consent"
    invitations = await ConsentRequest.select().where(ConsentRequest.application == application["id"])
    assert [(i["email"], i["name"], i["status"]) for i in invitations] == [
        ("ben@beispiel.de", "Ben Beispiel", "invited")
    ]
    mails = await OutgoingMail.select(OutgoingMail.recipient, OutgoingMail.subject)
    assert {
        "recipient": "ben@beispiel.de",
        "subject": "Bitte um Ihre Zustimmung: Elterngeld beantragen",
    } in mails


async def test_single_parent_plans_alone_and_waits_for_the_signature(client, email):
    _account, child_id, guardian_id = await family(client, email)
    base = await start(client)
    await step(client, base, "kind", {"child": str(child_id)}, "eltern")
    await step(client, base, "eltern", {"applicant": str(guardian_id), "single_parent": "ja"}, "monate")
    page = html.unescape((await client.get(f"{base}/monate")).text)
    assert len(selects(page)) == 32 and all(s.endswith("-a") for s in selects(page))
    assert 'data-single="ja"' in page
    single = cells("basis:1-12 plus:13-16")
    await step(client, base, "monate", raw(single), "einkommen")
    page = html.unescape((await client.get(f"{base}/monate")).text)
    assert summary_items(page) == plan.summary(single, single=True, names=plan.labels("Anna"))
    await step(client, base, "einkommen", {"income_kind": "keins", "income_over_limit": "nein"}, "arbeit")
    page = await step(client, base, "arbeit", {}, None)
    assert (
        "Anna: Wochenstunden in den Monaten mit ElterngeldPlus: Bitte geben Sie die Wochenstunden an." in page
    )
    await step(client, base, "arbeit", {"hours-plus-a": "0"}, "mutterschaft")
    await step(client, base, "mutterschaft", {"maternity_pay": "nein"}, "alleinerziehend")
    await step(client, base, "alleinerziehend", {}, None)
    await upload(client, base, "single_parent_proof")
    await step(client, base, "alleinerziehend", {}, "konto")
    await step(
        client,
        base,
        "konto",
        {"account_holder": "Anna Beispiel", "iban": "DE89370400440532013000"},
        "erklaerungen",
    )
    await step(
        client,
        base,
        "erklaerungen",
        {"lives_with_child": "ja", "residence": "ja", "work_limit": "ja"},
        "pruefen",
    )
    check = html.unescape((await client.get(f"{base}/pruefen")).text)
    assert "Nicht nötig: Sie sind alleinerziehend." in check and "etwa 300,00 € im Monat" in check
    version = re.search(r'name="_version" value="(\d+)"', check).group(1)
    done = await post_form(
        client,
        f"{base}/pruefen",
        {"_version": version, "decl-truthful": "ja", "decl-privacy": "ja", "decl-signature": "ja"},
    )
    assert done.status_code == 303
    application = (
        await Application.select().where(Application.reference == location(done).split("/")[3]).first()
    )
    assert application["status"] == "awaiting_signature"
    assert await ConsentRequest.count().where(ConsentRequest.application == application["id"]) == 0


async def test_quick_check_prefills_a_new_draft(client, email):
    account_id, _child, _guardian = await family(client, email)
    page = await client.get(f"{SERVICE}/schnellcheck")
    assert (
        page.status_code == 200
        and "Hatten Sie in den 12 Monaten vor der Geburt Einkommen aus Arbeit?" in html.unescape(page.text)
    )
    answers = {"q_born": "ja", "q_single": "ja", "q_income": "selbststaendig", "q_over_limit": "nein"}
    result = await post_form(client, f"{SERVICE}/schnellcheck", answers)
    text = html.unescape(result.text)
    assert result.status_code == 200 and "Ein Antrag lohnt sich wahrscheinlich." in text
    assert "Den Steuerbescheid des letzten Jahres oder eine Gewinnermittlung" in text
    carried = dict(re.findall(r'<input type="hidden" name="quick-([a-z_]+)" value="([^"]*)">', result.text))
    assert carried == answers
    base = await start(client, {f"quick-{k}": v for k, v in carried.items()})
    draft = await drafts.get_draft("wuppertal", account_id, base.rsplit("/", 1)[1])
    assert {k: draft.values.get(k) for k in ("single_parent", "income_kind", "income_over_limit")} == {
        "single_parent": "ja",
        "income_kind": "selbststaendig",
        "income_over_limit": "nein",
    }
    over = await post_form(client, f"{SERVICE}/schnellcheck", {**answers, "q_over_limit": "ja"})
    assert "Ein Antrag hat wahrscheinlich keinen Erfolg." in html.unescape(over.text)
