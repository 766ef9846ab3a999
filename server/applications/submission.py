"""Submitting a draft: one transaction, idempotent by the draft's UUID, with a per-tenant reference number.

A double tap, a retry after a timeout or a replay from the offline outbox all name the same draft UUID:
the first one creates the case, every other one finds it (application.draft_uuid is unique, and the draft
row is deleted in the same transaction with a version check, so two concurrent submissions cannot both
pass).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import msgspec

from server.applications import consent, drafts
from server.applications.context import Context
from server.applications.definitions import ServiceDefinition
from server.applications.engine import Evaluation, computed, evaluate, summary
from server.applications.registry import ANY_SUBMIT_HOOKS, SUBMIT_HOOKS
from server.applications.tables import Application, ApplicationEvent, Draft, ReferenceCounter
from server.dates import local
from server.db_errors import is_unique_violation
from server.notifications.services import queue_mail
from server.web.i18n import _


class Submitted(msgspec.Struct, kw_only=True):
    application_id: int
    reference: str
    created: bool
    mail_id: int | None = None
    # Further mails queued by the submission (e.g. the second parent's invitation), delivered after commit.
    other_mail_ids: list[int] = []


class Links(msgspec.Struct, frozen=True, kw_only=True):
    """Absolute URLs for e-mails: the case page ({reference}), and the consent page prefix."""

    status_url: str
    consent_base: str
    portal: str


def initial_status(definition: ServiceDefinition, answers: dict[str, Any]) -> str:
    if consent.needed(definition.consent, answers):
        return "awaiting_consent"
    if definition.signature:
        return "awaiting_signature"
    return "submitted"


class SubmitProblem(Exception):
    """Why a draft cannot be submitted (shown on the check-answers page)."""

    def __init__(self, kind: str, evaluation: Evaluation | None = None, missing: Iterable[str] = ()) -> None:
        super().__init__(kind)
        self.kind = kind  # "invalid", "declarations", "conflict", "not_found"
        self.evaluation = evaluation
        self.missing = list(missing)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def existing(tenant: str, account_id: int, uuid: str) -> Submitted | None:
    row = (
        await Application.select(
            Application.id, Application.reference, Application.tenant, Application.account
        )
        .where(Application.draft_uuid == uuid)
        .first()
    )
    if row is None or row["tenant"] != tenant or row["account"] != account_id:
        return None
    return Submitted(application_id=row["id"], reference=row["reference"], created=False)


async def next_reference(tenant: str, prefix: str, year: int) -> str:
    """Atomically the next number of this tenant, prefix and year (an upsert both engines understand)."""
    rows = await ReferenceCounter.raw(
        "INSERT INTO application_reference_counter (tenant, prefix, year, value) VALUES ({}, {}, {}, 1) "
        "ON CONFLICT (tenant, prefix, year) DO UPDATE SET value = application_reference_counter.value + 1 "
        "RETURNING value",
        tenant,
        prefix,
        year,
    )
    return f"{prefix}-{year}-{rows[0]['value']:06d}"


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


async def submit(
    definition: ServiceDefinition,
    ctx: Context,
    account_id: int,
    account_email: str,
    uuid: str,
    base_version: int | None,
    confirmed: Iterable[str],
    links: Links,
) -> Submitted:
    tenant = ctx.tenant.slug
    done = await existing(tenant, account_id, uuid)
    if done is not None:
        return done
    draft = await drafts.get_draft(tenant, account_id, uuid)
    if draft is None or draft.service != definition.id:
        raise SubmitProblem("not_found")
    if base_version is not None and base_version != draft.version:
        raise SubmitProblem("conflict")
    evaluation = evaluate(definition, draft.values, ctx)
    if not evaluation.complete:
        raise SubmitProblem("invalid", evaluation)
    confirmed = set(confirmed)
    missing = [d.id for d in definition.declarations if d.required and d.id not in confirmed]
    if missing:
        raise SubmitProblem("declarations", evaluation, missing)
    sections = summary(definition, evaluation)
    extra = computed(definition, evaluation.answers, ctx)
    declarations = [
        {"id": d.id, "label": d.label, "text": d.text} for d in definition.declarations if d.id in confirmed
    ]
    now = utcnow()
    status = initial_status(definition, evaluation.answers)
    other_mails: list[int] = []
    try:
        async with Application._meta.db.transaction():
            # Taking the draft (at the version checked above) is the lock: a second submission finds nothing.
            taken = (
                await Draft.delete()
                .where(
                    (Draft.uuid == uuid)
                    & (Draft.tenant == tenant)
                    & (Draft.account == account_id)
                    & (Draft.version == draft.version)
                )
                .returning(Draft.id)
            )
            if not taken:
                raise _Lost()
            reference = await next_reference(tenant, definition.reference_prefix, now.year)
            rows = await Application.insert(
                Application(
                    tenant=tenant,
                    account=account_id,
                    service=definition.id,
                    flow=definition.flow,
                    reference=reference,
                    draft_uuid=uuid,
                    status=status,
                    answers=_json(evaluation.answers),
                    summary=_json(
                        {
                            "sections": msgspec.to_builtins(sections),
                            "computed": [list(row) for row in extra],
                        }
                    ),
                    declarations=_json(declarations),
                    submitted_at=now,
                    status_changed_at=now,
                    updated_at=now,
                )
            ).returning(Application.id)
            application_id = rows[0]["id"]
            await ApplicationEvent.insert(
                ApplicationEvent(
                    tenant=tenant,
                    application=application_id,
                    at=now,
                    status_from="",
                    status_to=status,
                    actor_role="parent",
                    actor=account_id,
                    note="",
                )
            )
            for hook in SUBMIT_HOOKS.get(definition.id, ()):
                await hook(application_id, evaluation.answers, ctx)
            for hook in ANY_SUBMIT_HOOKS:
                await hook(application_id, uuid, account_id, ctx)
            if status == "awaiting_consent":
                other_mails.append(
                    await consent.invite(
                        tenant,
                        application_id,
                        definition,
                        evaluation.answers,
                        account_email,
                        links.portal,
                        links.consent_base,
                    )
                )
            mail_id = await queue_mail(
                tenant,
                account_email,
                _("Eingangsbestätigung: {title} ({reference})").format(
                    title=definition.short_title, reference=reference
                ),
                _(
                    "Guten Tag,\n\nIhr Antrag „{title}“ ist am {date} beim {office} eingegangen.\n"
                    "Aktenzeichen: {reference}\n\nDen Stand der Bearbeitung und Ihre Angaben als PDF finden Sie hier:\n"
                    "{url}\n\nDiese E-Mail wurde automatisch erstellt.\n"
                ).format(
                    title=definition.title,
                    date=local(now).strftime("%d.%m.%Y"),
                    office=definition.office or ctx.tenant.official_name,
                    reference=reference,
                    url=links.status_url.format(reference=reference),
                ),
            )
    except _Lost:
        done = await existing(tenant, account_id, uuid)
        if done is not None:
            return done
        raise SubmitProblem("conflict") from None
    except Exception as exc:
        if not is_unique_violation(exc):
            raise
        done = await existing(tenant, account_id, uuid)
        if done is None:
            raise
        return done
    return Submitted(
        application_id=application_id,
        reference=reference,
        created=True,
        mail_id=mail_id,
        other_mail_ids=other_mails,
    )


class _Lost(Exception):
    """The draft changed or was submitted by a concurrent request between the check and the transaction."""
