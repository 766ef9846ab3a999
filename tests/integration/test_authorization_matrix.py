"""Who may use which endpoint: every route of the app × anonymous, the owning parent, another parent, a
provider, a caseworker of another tenant, a caseworker and an admin.

Every route must be in MATRIX (one row per endpoint and method: who gets in) or in PUBLIC (why it needs
no login): a new endpoint without an entry fails `test_every_route_is_in_the_matrix`. For each row,
every role not allowed gets 401/403/404 or (anonymous GET) a redirect to the login, and never the
family's data; allowed roles get the page (GET; unsafe methods of allowed roles are left to the feature
tests, so the matrix never changes the data it probes). The caseworker of another tenant is logged in at
their own tenant and tries this tenant's objects through their tenant's URLs (object-bound rows: 404; their
own inbox: allowed, without our family's data). A second test posts garbage to every unsafe endpoint as a
role that may use it (each field of its form, and broken JSON) and expects no server error.

To add an endpoint: add a Row (method, path as in `app.routes` without `:type`, allowed roles; `params`
for path parameters the world does not have under that name, `missing_ok` when the world has no object an
allowed role could reach). A feature whose rows need objects of its own appends a builder to
WORLD_BUILDERS that adds them to `world.params`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from server.applications.tables import Application, Draft
from server.casework.tables import CaseNote, Decision, DocumentRequest
from server.documents.tables import Document, DocumentPage
from server.facilities.tables import Facility
from server.households.tables import Child, Guardian
from server.mailbox.tables import Message
from server.placement.tables import Offer, Reservation
from tests.integration.applications.support import facilities
from tests.integration.casework.support import (
    MARKERS,
    case_path,
    family,
    income_draft,
    staff_client,
    staff_post,
    submit_income,
    upload,
)
from tests.integration.placement.matrix import placement_world
from tests.integration.support import CSRF_COOKIE, AppClient

pytestmark = pytest.mark.asyncio

ANONYMOUS, OWNER, OTHER_PARENT, PROVIDER = "anonymous", "owner", "other_parent", "provider"
FOREIGN_CASEWORKER, CASEWORKER, ADMIN = "foreign_caseworker", "caseworker", "admin"
ROLES = (ANONYMOUS, OWNER, OTHER_PARENT, PROVIDER, FOREIGN_CASEWORKER, CASEWORKER, ADMIN)

ONLY_OWNER = frozenset({OWNER})
ANY_PARENT = frozenset({OWNER, OTHER_PARENT})
STAFF = frozenset({CASEWORKER, ADMIN})
ONLY_ADMIN = frozenset({ADMIN})
PROVIDERS = frozenset({PROVIDER})
SIGNED_IN = frozenset(ROLES) - {ANONYMOUS}
# Who may see the family's data where it is shown.
MAY_SEE = frozenset({OWNER, CASEWORKER, ADMIN})


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    allowed: frozenset[str]
    # Path parameters for this row that differ from the world's defaults.
    params: tuple[tuple[str, str], ...] = ()
    # An allowed role may get 404 here: the world has no object of theirs (e.g. a provider's facility).
    missing_ok: bool = False
    # Roles that reach the endpoint but to whom the object does not exist as theirs, answered like a new
    # or absent object rather than with an error (a draft UUID the server does not know for an account
    # is a draft started offline on that device). They must see nothing and change nothing.
    unknown_ok: frozenset[str] = frozenset()

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path

    @property
    def scoped(self) -> bool:
        """The URL names an object (beyond the tenant), so someone else's is not found."""
        return bool(set(re.findall(r"{(\w+)}", self.path)) - {"tenant_slug"})


def rows(methods: str, path: str, allowed: frozenset[str], **options: Any) -> list[Row]:
    return [Row(m, path, allowed, **options) for m in methods.split()]


T = "/{tenant_slug}"
REQUEST = {"params": (("slot", "anforderung_1"), ("page_id", "{request_page_id}"))}
# Drafts can start offline: another parent's draft UUID is, for them, a draft not yet on the server.
OFFLINE_DRAFT = {"unknown_ok": frozenset({OTHER_PARENT})}
CASE_PAGE = {"params": (("page_id", "{case_page_id}"),)}
OFFER = {"params": (("reference", "{kita_reference}"),)}

MATRIX: list[Row] = [
    # Dashboard, household (the family's own data).
    *rows("GET", f"{T}/uebersicht", SIGNED_IN),
    *rows("GET", f"{T}/haushalt", ANY_PARENT),
    *rows("GET POST", f"{T}/haushalt/anschrift", ANY_PARENT),
    *rows("GET POST", f"{T}/haushalt/kinder/neu", ANY_PARENT),
    *rows("GET POST", f"{T}/haushalt/kinder/{{child_id}}", ONLY_OWNER),
    *rows("GET POST", f"{T}/haushalt/kinder/{{child_id}}/entfernen", ONLY_OWNER),
    *rows("GET POST", f"{T}/haushalt/sorgeberechtigte/neu", ANY_PARENT),
    *rows("GET POST", f"{T}/haushalt/sorgeberechtigte/{{guardian_id}}", ONLY_OWNER),
    *rows("GET POST", f"{T}/haushalt/sorgeberechtigte/{{guardian_id}}/entfernen", ONLY_OWNER),
    # Merkliste of the account (facilities only).
    *rows("POST", f"{T}/merkliste/{{facility_id}}", ANY_PARENT),
    *rows("POST", f"{T}/merkliste/{{facility_id}}/entfernen", ANY_PARENT),
    # Applications and drafts.
    *rows("GET", f"{T}/antraege", ANY_PARENT),
    *rows("GET", f"{T}/antraege/{{service}}", ANY_PARENT),
    *rows("GET POST", f"{T}/antraege/{{service}}/schnellcheck", ANY_PARENT, params=(("service", "uvg"),)),
    *rows("POST", f"{T}/antraege/{{service}}/neu", ANY_PARENT),
    *rows("GET", f"{T}/antraege/{{service}}/{{uuid}}", ONLY_OWNER, **OFFLINE_DRAFT),
    *rows("GET POST", f"{T}/antraege/{{service}}/{{uuid}}/{{step_id}}", ONLY_OWNER, **OFFLINE_DRAFT),
    *rows("GET POST", f"{T}/antraege/{{service}}/{{uuid}}/pruefen", ONLY_OWNER, **OFFLINE_DRAFT),
    *rows("GET POST", f"{T}/antraege/{{service}}/{{uuid}}/loeschen", ONLY_OWNER, **OFFLINE_DRAFT),
    *rows("GET PUT DELETE", f"{T}/entwuerfe/{{uuid}}", ONLY_OWNER, **OFFLINE_DRAFT),
    *rows("POST", f"{T}/entwuerfe/{{uuid}}/einreichen", ONLY_OWNER, **OFFLINE_DRAFT),
    *rows("POST", f"{T}/entwuerfe/{{uuid}}/vergleich", ONLY_OWNER, **OFFLINE_DRAFT),
    # Proofs of a draft.
    *rows("GET POST", f"{T}/entwuerfe/{{uuid}}/nachweise/{{slot}}", ONLY_OWNER),
    *rows("POST", f"{T}/entwuerfe/{{uuid}}/nachweise/{{slot}}/reihenfolge", ONLY_OWNER),
    *rows("POST", f"{T}/entwuerfe/{{uuid}}/nachweise/{{slot}}/{{page_id}}/loeschen", ONLY_OWNER),
    *rows("GET", f"{T}/nachweise/seiten/{{page_id}}/vorschau", ONLY_OWNER),
    # The parent's cases.
    *rows("GET", f"{T}/vorgaenge/{{reference}}", ONLY_OWNER),
    *rows("GET", f"{T}/vorgaenge/{{reference}}/eingereicht", ONLY_OWNER),
    *rows("GET", f"{T}/vorgaenge/{{reference}}/antrag.pdf", ONLY_OWNER),
    *rows("GET POST", f"{T}/vorgaenge/{{reference}}/zurueckziehen", ONLY_OWNER),
    *rows("GET", f"{T}/vorgaenge/{{reference}}/unterschrift/seite.pdf", ONLY_OWNER, missing_ok=True),
    *rows("POST", f"{T}/vorgaenge/{{reference}}/zustimmung", ONLY_OWNER),
    # Document requests (casework), the parent's side.
    *rows("GET POST", f"{T}/vorgaenge/{{reference}}/nachreichen/{{request_id}}", ONLY_OWNER),
    *rows(
        "GET POST", f"{T}/vorgaenge/{{reference}}/nachreichen/{{request_id}}/{{slot}}", ONLY_OWNER, **REQUEST
    ),
    *rows(
        "POST",
        f"{T}/vorgaenge/{{reference}}/nachreichen/{{request_id}}/{{slot}}/reihenfolge",
        ONLY_OWNER,
        **REQUEST,
    ),
    *rows(
        "POST",
        f"{T}/vorgaenge/{{reference}}/nachreichen/{{request_id}}/{{slot}}/{{page_id}}/loeschen",
        ONLY_OWNER,
        **REQUEST,
    ),
    # Place offers (placement), the parent's side: the owner's open offer (tests/integration/placement/matrix.py).
    *rows("GET", f"{T}/vorgaenge/{{reference}}/angebot/{{offer_id}}", ONLY_OWNER, **OFFER),
    *rows("GET POST", f"{T}/vorgaenge/{{reference}}/angebot/{{offer_id}}/{{answer}}", ONLY_OWNER, **OFFER),
    # Mailbox.
    *rows("GET", f"{T}/postfach", ANY_PARENT),
    *rows("GET POST", f"{T}/postfach/einstellungen", ANY_PARENT),
    *rows("GET", f"{T}/postfach/{{message_id}}", ONLY_OWNER),
    *rows("GET", f"{T}/postfach/{{message_id}}/anhang", ONLY_OWNER),
    # Casework: the office.
    *rows("GET", f"{T}/sachbearbeitung", STAFF),
    *rows("GET", f"{T}/sachbearbeitung/{{reference}}", STAFF),
    *rows("POST", f"{T}/sachbearbeitung/{{reference}}/notizen", STAFF),
    *rows("POST", f"{T}/sachbearbeitung/{{reference}}/zuweisung", STAFF),
    *rows("POST", f"{T}/sachbearbeitung/{{reference}}/status", STAFF),
    *rows("GET POST", f"{T}/sachbearbeitung/{{reference}}/nachforderung", STAFF),
    *rows("GET POST", f"{T}/sachbearbeitung/{{reference}}/entscheidung", STAFF),
    *rows(
        "GET",
        f"{T}/sachbearbeitung/{{reference}}/bescheid.pdf",
        STAFF,
        params=(("reference", "{decided_reference}"),),
    ),
    *rows("GET", f"{T}/sachbearbeitung/{{reference}}/nachweise/{{document_id}}", STAFF),
    *rows("GET", f"{T}/sachbearbeitung/{{reference}}/nachweise/{{document_id}}/nachweis.pdf", STAFF),
    *rows(
        "GET",
        f"{T}/sachbearbeitung/{{reference}}/nachweise/{{document_id}}/seiten/{{page_id}}",
        STAFF,
        **CASE_PAGE,
    ),
    *rows("GET", f"{T}/verwaltung/protokoll", ONLY_ADMIN),
    # Providers (placement): the world's provider works for the facility and made the open offer. The offer
    # form needs a reservation to offer: without one (the child has the offer) it is 404 for everyone.
    *rows("GET", f"{T}/traeger", PROVIDERS),
    *rows("GET", f"{T}/traeger/einrichtungen/{{facility_id}}", PROVIDERS),
    *rows("GET", f"{T}/traeger/einrichtungen/{{facility_id}}/vormerkungen", PROVIDERS),
    *rows("GET", f"{T}/traeger/einrichtungen/{{facility_id}}/angebote", PROVIDERS),
    *rows("GET POST", f"{T}/traeger/einrichtungen/{{facility_id}}/angebot", PROVIDERS, missing_ok=True),
    *rows("GET POST", f"{T}/traeger/einrichtungen/{{facility_id}}/daten", PROVIDERS),
    *rows("GET POST", f"{T}/traeger/einrichtungen/{{facility_id}}/plaetze", PROVIDERS),
    *rows("GET", f"{T}/traeger/angebote/{{offer_id}}", PROVIDERS),
    *rows("GET POST", f"{T}/traeger/angebote/{{offer_id}}/{{action}}", PROVIDERS),
]

# Routes without a login and without anyone's family data, and why.
PUBLIC: dict[tuple[str, str], str] = {
    ("GET", "/"): "choose a municipality",
    ("GET", "/_dev/outbox"): "development only (404 otherwise); sent mail of a development machine",
    ("GET", "/healthz"): "health check",
    ("GET", "/offline"): "offline page",
    ("GET", "/robots.txt"): "robots",
    ("GET", "/static/{file_path}"): "static assets",
    ("GET", "/sw.js"): "service worker",
    ("GET", T): "the tenant's start page",
    ("GET", f"{T}/branding/{{name}}"): "logo and icons",
    ("GET", f"{T}/theme.css"): "colours",
    ("GET", f"{T}/manifest.webmanifest"): "PWA manifest",
    ("GET", f"{T}/anmelden"): "login",
    ("POST", f"{T}/anmelden"): "login",
    ("POST", f"{T}/abmelden"): "logout",
    ("GET", f"{T}/registrieren"): "registration",
    ("POST", f"{T}/registrieren"): "registration",
    ("GET", f"{T}/registrieren/gesendet"): "registration",
    ("POST", f"{T}/registrieren/erneut-senden"): "registration",
    ("GET", f"{T}/bestaetigen/{{token}}"): "single-use e-mailed link (the token is the authorization)",
    ("POST", f"{T}/bestaetigen/{{token}}"): "single-use e-mailed link",
    ("GET", f"{T}/passwort-vergessen"): "password reset",
    ("POST", f"{T}/passwort-vergessen"): "password reset",
    ("GET", f"{T}/passwort-neu/{{token}}"): "single-use e-mailed link",
    ("POST", f"{T}/passwort-neu/{{token}}"): "single-use e-mailed link",
    ("GET", f"{T}/zustimmung/{{token}}"): "the second parent's single-use invitation (consent tests)",
    ("POST", f"{T}/zustimmung/{{token}}"): "the second parent's single-use invitation (consent tests)",
    ("GET", f"{T}/elternbeitrag-rechner"): "public fee calculator",
    ("POST", f"{T}/elternbeitrag-rechner"): "public fee calculator (posts, so incomes stay out of URLs)",
    ("GET", f"{T}/kitas"): "public directory",
    ("GET", f"{T}/kitas/orte"): "public directory",
    ("GET", f"{T}/kitas/{{facility_id}}"): "public directory",
    ("GET", f"{T}/merkliste"): "facilities kept on the device",
    ("GET", f"{T}/merkliste/vergleich"): "facilities kept on the device",
    ("POST", f"{T}/merkliste/abgleich"): "the device's facility list (own account only)",
}


def app_routes(app: Any) -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        path = re.sub(r"{(\w+):[^}]+}", r"{\1}", route.path)
        for handler in getattr(route, "route_handlers", ()):
            for method in handler.http_methods:
                if method not in {"OPTIONS", "HEAD"}:
                    found.add((method, path))
    return found


async def test_every_route_is_in_the_matrix(client):
    routes = app_routes(client.app)
    listed = {row.key for row in MATRIX}
    assert len(listed) == len(MATRIX), "a route is listed twice"
    assert not listed & PUBLIC.keys(), "a route is both public and in the matrix"
    missing = sorted(routes - listed - PUBLIC.keys())
    assert not missing, "Routes without an entry in the authorization matrix: " + ", ".join(
        f"{m} {p}" for m, p in missing
    )
    stale = sorted((listed | PUBLIC.keys()) - routes)
    assert not stale, "Matrix entries without a route: " + ", ".join(f"{m} {p}" for m, p in stale)


# --- the world the matrix probes ----------------------------------------------------------------------------
@dataclass
class World:
    clients: dict[str, AppClient]
    params: dict[str, str] = field(default_factory=dict)


WorldBuilder = Callable[[World], Awaitable[None]]
WORLD_BUILDERS: list[WorldBuilder] = [placement_world]


async def build_world(app: Any) -> World:
    """The owner: a case waiting for requested documents (a page uploaded), a decided case with its
    Bescheid in the mailbox, a draft with a proof page, a household. And everyone else."""
    owner = AppClient(app)
    fam = await family(owner, "familie.owner@beispiel.de")
    waiting = await submit_income(owner, fam)
    decided = await submit_income(owner, fam)
    uuid, draft_page = await income_draft(owner, fam)
    worker = await staff_client(app, CASEWORKER)
    admin = await staff_client(app, ADMIN)
    for case in (waiting, decided):
        await staff_post(
            worker, case_path(case.reference, "/status"), {"ziel": "in_review", "stand": "submitted"}
        )
    requested = await staff_post(
        worker,
        case_path(waiting.reference, "/nachforderung"),
        {"titel-1": "Lohnabrechnung", **_deadline()},
    )
    assert requested.status_code == 303, requested.text[:2000]
    decision = await staff_post(
        worker,
        case_path(decided.reference, "/entscheidung"),
        {"stand": "in_review", "entscheidung": "rejected", "begruendung": "Abgelehnt."},
    )
    assert decision.status_code == 303, decision.text[:2000]
    request = await DocumentRequest.select(DocumentRequest.id).first()
    request_page = await upload(
        owner, f"/wuppertal/vorgaenge/{waiting.reference}/nachreichen/{request['id']}/anforderung_1"
    )
    assert request_page.status_code == 201
    document = (
        await Document.select(Document.id)
        .where((Document.application == waiting.application_id) & (Document.status == "attached"))
        .first()
    )
    case_page = (
        await DocumentPage.select(DocumentPage.id).where(DocumentPage.document == document["id"]).first()
    )
    message = await Message.select(Message.id).where(Message.kind == "decision").first()
    other = AppClient(app)
    await family(other, "andere.familie@beispiel.de", names=("Kim", "Noah", "Andersson"))
    kitas, _tagespflege = await facilities()
    anonymous = AppClient(app)
    await anonymous.get("/wuppertal/")
    world = World(
        clients={
            ANONYMOUS: anonymous,
            OWNER: owner,
            OTHER_PARENT: other,
            PROVIDER: await staff_client(app, PROVIDER),
            FOREIGN_CASEWORKER: await staff_client(app, CASEWORKER, tenant="iserlohn"),
            CASEWORKER: worker,
            ADMIN: admin,
        },
        params={
            "tenant_slug": "wuppertal",
            "reference": waiting.reference,
            "decided_reference": decided.reference,
            "service": "elternbeitrag",
            "uuid": uuid,
            "step_id": "kind",
            "slot": "income_proof",
            "page_id": str(draft_page),
            "request_page_id": str(request_page.json()["id"]),
            "case_page_id": str(case_page["id"]),
            "document_id": str(document["id"]),
            "request_id": str(request["id"]),
            "message_id": str(message["id"]),
            "child_id": str(fam.child_id),
            "guardian_id": str(fam.guardian_id),
            "facility_id": str(kitas[0]),
            "offer_id": "999999",
            "action": "zuruecknehmen",
            "answer": "annehmen",
        },
    )
    for builder in WORLD_BUILDERS:
        await builder(world)
    return world


def _deadline() -> dict[str, str]:
    day = dt.date.today() + dt.timedelta(days=10)
    return {"frist-day": str(day.day), "frist-month": str(day.month), "frist-year": str(day.year)}


async def snapshot() -> dict[str, Any]:
    """What a forbidden request must not have changed."""
    return {
        "cases": sorted(
            (r["reference"], r["status"], r["assigned_to"])
            for r in await Application.select(
                Application.reference, Application.status, Application.assigned_to
            )
        ),
        "requests": sorted(
            (r["id"], r["status"])
            for r in await DocumentRequest.select(DocumentRequest.id, DocumentRequest.status)
        ),
        "drafts": sorted((r["uuid"], r["version"]) for r in await Draft.select(Draft.uuid, Draft.version)),
        "pages": await DocumentPage.count(),
        "notes": await CaseNote.count(),
        "decisions": await Decision.count(),
        "messages": await Message.count(),
        "children": sorted(
            (r["id"], r["first_name"]) for r in await Child.select(Child.id, Child.first_name)
        ),
        "guardians": sorted(
            (r["id"], r["first_name"]) for r in await Guardian.select(Guardian.id, Guardian.first_name)
        ),
        "facilities": sorted(
            (r["id"], r["phone"]) for r in await Facility.select(Facility.id, Facility.phone)
        ),
        "offers": sorted(
            (r["id"], r["status"], r["contract"])
            for r in await Offer.select(Offer.id, Offer.status, Offer.contract)
        ),
        "reservations": sorted(
            (r["id"], r["status"]) for r in await Reservation.select(Reservation.id, Reservation.status)
        ),
    }


# --- probing -------------------------------------------------------------------------------------------------
def url_for(row: Row, world: World, tenant: str) -> str:
    params = dict(world.params)
    for name, value in row.params:
        params[name] = value.format(**world.params) if value.startswith("{") else value
    params["tenant_slug"] = tenant
    return re.sub(r"{(\w+)}", lambda m: params[m.group(1)], row.path)


async def send(client: AppClient, method: str, url: str) -> Any:
    token = client.cookies.get(CSRF_COOKIE) or ""
    headers = {"x-csrftoken": token}
    if method == "GET":
        return await client.get(url, follow_redirects=False)
    if method == "PUT":
        return await client.put(
            url,
            json={"service": "elternbeitrag", "version": 1, "values": {}},
            headers=headers,
            follow_redirects=False,
        )
    if method == "DELETE":
        return await client.delete(url, headers=headers, follow_redirects=False)
    return await client.post(url, data={"_csrf_token": token}, headers=headers, follow_redirects=False)


def is_login_redirect(response: Any) -> bool:
    return response.status_code in (302, 303) and "/anmelden" in response.headers.get("location", "")


async def probe(row: Row, role: str, world: World) -> str | None:
    """A problem with this role on this row, or None."""
    foreign = role == FOREIGN_CASEWORKER
    tenant = "iserlohn" if foreign else "wuppertal"
    # The other tenant's caseworker gets into their own tenant's pages without an object (their inbox).
    allowed = (CASEWORKER in row.allowed and not row.scoped) if foreign else role in row.allowed
    if allowed and row.method != "GET":
        return None  # unsafe methods of allowed roles: covered by the feature tests
    response = await send(world.clients[role], row.method, url_for(row, world, tenant))
    label = f"{row.method} {row.path} as {role}: {response.status_code}"
    if response.status_code >= 500:
        return f"{label} (server error)"
    body = response.text if "pdf" not in response.headers.get("content-type", "") else ""
    if role not in MAY_SEE or foreign:
        leaked = [m for m in MARKERS if m in body]
        if leaked:
            return f"{label} shows the family's data {leaked}"
    if role in row.unknown_ok:
        return None  # no server error, no data (checked above); the final snapshot shows nothing changed
    if allowed:
        if response.status_code == 404 and row.missing_ok:
            return None
        if response.status_code >= 400 or is_login_redirect(response):
            return f"{label}, but this role should get in"
        return None
    if response.status_code in (401, 403, 404) or (role == ANONYMOUS and is_login_redirect(response)):
        return None
    if foreign and is_login_redirect(response):
        return f"{label}: the other tenant's caseworker should be refused, not asked to log in"
    return f"{label}, but this role must not get in ({response.headers.get('location', '')})"


async def test_only_the_intended_roles_get_in(client):
    world = await build_world(client.app)
    before = await snapshot()
    problems = []
    for row in MATRIX:
        for role in ROLES:
            problem = await probe(row, role, world)
            if problem:
                problems.append(problem)
    assert not problems, "\n".join(problems)
    assert await snapshot() == before, "a refused request changed data"


# --- bad input from those who may use an endpoint -------------------------------------------------------------
GARBAGE = (
    "",
    " ",
    "\x00",
    "ä" * 5000,
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "31.02.2026",
    "2026-13-45",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "add:999999",
    "up:-1",
)
# Fields of forms the world's objects do not offer right now (e.g. the decision form of a case that waits for
# documents), posted everywhere besides the fields each page shows.
HIDDEN_FORM_FIELDS = frozenset(
    {"zurueck", "reihenfolge", "_action", "version", "stand", "entscheidung", "begruendung", "beitrag"}
    | {"beitrag_ab", "titel-1", "erklaerung-1", "frist-day", "frist-month", "frist-year", "hinweis"}
    | {"vormerkung", "beginn", "stunden", "frist"}
)
# A draft whose answers hold a NUL (PostgreSQL stores no NUL in text or JSON).
NUL_DRAFT = (
    b'{"service": "elternbeitrag", "version": 1, "values": {"care_type": "\\u0000", "kind": ["a\\u0000"]}}'
)
FIELD_NAME = re.compile(r'<(?:input|select|textarea|button)\b[^>]*\bname="([^"]+)"')


async def field_names(client: AppClient, url: str) -> set[str]:
    """The names of the fields the page at `url` (or the page it belongs to) posts, as a user would fill them."""
    for candidate in (url, url.rsplit("/", 1)[0]):
        response = await client.get(candidate, follow_redirects=True)
        if response.status_code == 200 and "html" in response.headers.get("content-type", ""):
            return set(FIELD_NAME.findall(response.text)) - {"_csrf_token"}
    return set()


async def test_bad_input_from_allowed_roles_never_answers_a_server_error(client):
    """Every unsafe endpoint, posted by a role that may use it with each field of its page set to garbage
    (and with broken JSON): a German 4xx or a redirect, never a 500."""
    world = await build_world(client.app)
    targets = []  # read every form first: the garbage posted below changes what the pages show
    for row in MATRIX:
        if row.method == "GET" or not row.allowed - {ANONYMOUS}:
            continue
        role = sorted(row.allowed - {ANONYMOUS})[0]
        url = url_for(row, world, "wuppertal")
        names = await field_names(world.clients[role], url) | HIDDEN_FORM_FIELDS
        targets.append((row, role, url, names))
    problems = []
    for row, role, url, names in targets:
        user = world.clients[role]
        token = user.cookies.get(CSRF_COOKIE) or ""
        headers = {"x-csrftoken": token}
        for value in GARBAGE:
            form = {name: value for name in names} | {"_csrf_token": token}
            for accept in ("text/html", "application/json"):
                response = await user.request(
                    row.method, url, data=form, headers=headers | {"accept": accept}, follow_redirects=False
                )
                if response.status_code >= 500:
                    problems.append(
                        f"{row.method} {row.path} as {role} with {value[:20]!r}: {response.status_code}"
                    )
        for body in (b"", b"[", b"null", b'"x"', b"[1, 2]", b'{"values": 1}', b"\xff\xfe", NUL_DRAFT):
            response = await user.request(
                row.method, url, content=body, headers=headers | {"content-type": "application/json"}
            )
            if response.status_code >= 500:
                problems.append(
                    f"{row.method} {row.path} as {role} with JSON {body!r}: {response.status_code}"
                )
    assert not problems, "\n".join(problems)
