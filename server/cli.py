"""Command line: python -m server {serve,migrate,seed,create-staff,import-facilities,prune-documents,
lapse-offers, …}."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from pathlib import Path

from server.settings import Settings, SettingsError


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as exc:
        sys.exit(f"Configuration error: {exc}")


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    _settings()  # fail early with a clear message
    uvicorn.run(
        "server.app:create_app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,  # the app logs requests itself, without tokens in paths
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        log_level="warning",
    )


def cmd_migrate(args: argparse.Namespace) -> None:
    from server.db import migrate

    asyncio.run(migrate(_settings()))


def cmd_seed(args: argparse.Namespace) -> None:
    from server.db import bind
    from server.seed import DEMO_PASSWORD, seed
    from server.tenants.config import TenantRegistry

    settings = _settings()
    bind(settings)
    registry = TenantRegistry.from_folder(Path(settings.tenants_dir), settings.default_tenant)
    created = asyncio.run(seed(settings, list(registry), report=print))
    for slug, emails in created.items():
        for email in emails:
            print(f"{slug}: created demo account {email}")
    print(f"Demo accounts (demo tenants only) use the password {DEMO_PASSWORD!r}.")


def cmd_create_staff(args: argparse.Namespace) -> None:
    from server.accounts.passwords import password_problem
    from server.accounts.services import EmailTaken, create_staff
    from server.db import bind
    from server.tenants.config import TenantRegistry

    settings = _settings()
    registry = TenantRegistry.from_folder(Path(settings.tenants_dir), settings.default_tenant)
    if registry.get(args.tenant) is None:
        sys.exit(f"Unknown tenant {args.tenant!r}; configured: {', '.join(t.slug for t in registry)}")
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    problem = password_problem(password, args.email)
    if problem:
        sys.exit(problem)
    bind(settings)
    try:
        account_id = asyncio.run(create_staff(args.tenant, args.email, password, args.role))
    except EmailTaken:
        sys.exit(f"An account for {args.email} exists already in {args.tenant}")
    print(f"Created {args.role} account {account_id} in {args.tenant}")


def cmd_import_facilities(args: argparse.Namespace) -> None:
    """Exit 0 when the file was read (also with rejected rows), 2 when the file or mapping is unusable."""
    from server.db import bind
    from server.facilities.importer import FileUnusable, MappingError, import_path, summary_lines
    from server.tenants.config import TenantRegistry

    settings = _settings()
    registry = TenantRegistry.from_folder(Path(settings.tenants_dir), settings.default_tenant)
    tenant = registry.get(args.tenant)
    if tenant is None:
        print(
            f"Unbekannter Mandant {args.tenant!r}; vorhanden: {', '.join(t.slug for t in registry)}",
            file=sys.stderr,
        )
        sys.exit(2)
    bind(settings)
    try:
        summary = asyncio.run(
            import_path(
                tenant.slug,
                tenant.path,
                Path(args.file),
                mapping_path=Path(args.mapping) if args.mapping else None,
                fmt=args.format,
                dry_run=args.dry_run,
                districts=tenant.districts,
            )
        )
    except (FileUnusable, MappingError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        sys.exit(2)
    print(f"{tenant.slug}: {args.file}")
    for line in summary_lines(summary):
        print(line)


def cmd_prune_documents(args: argparse.Namespace) -> None:
    """Remove proofs of deleted drafts, temporary proofs past DOCUMENT_RETENTION_DAYS, and files no row
    names (the app also does this every ten minutes; this is for cron or after a restore)."""
    from server.db import bind
    from server.documents.services import Documents

    settings = _settings()
    bind(settings)
    report = asyncio.run(Documents.from_settings(settings).prune(orphans=not args.keep_orphans))
    print(
        f"Removed {report.documents} proofs ({report.pages} pages, {report.files} files), "
        f"{report.orphan_files} files without a row and {report.temporary_files} unfinished writes"
    )


def cmd_purge_drafts(args: argparse.Namespace) -> None:
    """Send due reminders and delete expired drafts now (every app process also does this hourly)."""
    from server.applications.housekeeping import DraftHousekeeping
    from server.applications.registry import Catalogue
    from server.db import bind
    from server.notifications.mailer import mailer_for
    from server.notifications.services import MailDelivery
    from server.tenants.config import TenantRegistry

    settings = _settings()
    bind(settings)
    registry = TenantRegistry.from_folder(Path(settings.tenants_dir), settings.default_tenant)
    delivery = MailDelivery(mailer_for(settings), settings.mail_from)
    done = asyncio.run(DraftHousekeeping(settings, registry, Catalogue.load(), delivery).run_once())
    print(f"Erinnerungen: {len(done.reminded)}, gelöschte Entwürfe: {done.deleted}")


def cmd_lapse_offers(args: argparse.Namespace) -> None:
    """Lapse the offers whose answer deadline has passed (every app process also does this each minute).
    `--now` pretends another time (tests, or catching up after downtime is automatic anyway)."""
    import datetime as dt

    from server.db import bind
    from server.notifications.mailer import mailer_for
    from server.notifications.services import MailDelivery
    from server.placement.sweeper import OfferSweeper
    from server.tenants.config import TenantRegistry

    now = None
    if args.now:
        try:
            now = dt.datetime.fromisoformat(args.now)
        except ValueError:
            sys.exit(f"--now: not an ISO date and time: {args.now!r}")
        if now.tzinfo is None:
            now = now.replace(tzinfo=dt.UTC)
    settings = _settings()
    bind(settings)
    registry = TenantRegistry.from_folder(Path(settings.tenants_dir), settings.default_tenant)
    delivery = MailDelivery(mailer_for(settings), settings.mail_from)
    report = asyncio.run(OfferSweeper(settings, registry, delivery).run_once(now))
    print(f"Verfallene Angebote: {len(report.lapsed)}, beendete Vormerkungen: {report.retired}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="familienportal", description="Family-services portal")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the web server")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1")))
    serve.set_defaults(func=cmd_serve)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    sub.add_parser("seed", help="demo accounts and sample Kitas for demo tenants").set_defaults(func=cmd_seed)
    sub.add_parser(
        "purge-drafts", help="remind about and delete drafts untouched for DRAFT_RETENTION_DAYS"
    ).set_defaults(func=cmd_purge_drafts)
    lapse = sub.add_parser("lapse-offers", help="lapse place offers whose answer deadline has passed")
    lapse.add_argument("--now", help="ISO date and time to use as now (UTC unless it names an offset)")
    lapse.set_defaults(func=cmd_lapse_offers)
    staff = sub.add_parser("create-staff", help="create a caseworker, provider or admin account")
    staff.add_argument("--tenant", required=True)
    staff.add_argument("--email", required=True)
    staff.add_argument("--role", required=True, choices=["caseworker", "provider", "admin"])
    staff.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    staff.set_defaults(func=cmd_create_staff)
    facilities = sub.add_parser(
        "import-facilities", help="import Kitas and child-minders from a CSV or GeoJSON file (upsert by id)"
    )
    facilities.add_argument("--tenant", required=True)
    facilities.add_argument("file", help="CSV (; , or tab, UTF-8 or Latin-1) or GeoJSON FeatureCollection")
    facilities.add_argument(
        "--mapping", help="column mapping (TOML); default: the tenant's facilities_mapping.toml, if any"
    )
    facilities.add_argument(
        "--format", choices=["csv", "geojson"], help="default: from the file name or content"
    )
    facilities.add_argument("--dry-run", action="store_true", help="check and count only, store nothing")
    facilities.set_defaults(func=cmd_import_facilities)
    prune = sub.add_parser("prune-documents", help="delete expired and orphaned proof files")
    prune.add_argument("--keep-orphans", action="store_true", help="skip the scan for files without a row")
    prune.set_defaults(func=cmd_prune_documents)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    args.func(args)
