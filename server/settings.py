"""Settings read from the environment once and passed explicitly (no import-time cache)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import msgspec

ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """A setting in the environment is missing or malformed."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    # "development" enables the local mail outbox page; "production" requires SECRET_KEY.
    env: str = "development"
    secret_key: str = ""
    # Empty means the embedded SQLite database at sqlite_path.
    database_url: str = ""
    sqlite_path: str = str(ROOT / "var" / "portal.sqlite")
    # Empty means sessions and rate limits live in the process (or in var/ files).
    redis_url: str = ""
    var_dir: str = str(ROOT / "var")
    tenants_dir: str = str(ROOT / "server" / "tenants" / "data")
    default_tenant: str = "wuppertal"
    # Public base URL for links in e-mails; empty means taken from the request.
    base_url: str = ""
    # Secure cookies: on by default in production, off for plain-http localhost development.
    secure_cookies: bool | None = None
    session_max_age: int = 60 * 60 * 8
    confirm_token_hours: int = 48
    reset_token_minutes: int = 60
    login_max_failures_per_account: int = 5
    login_max_failures_per_ip: int = 20
    login_window_seconds: int = 15 * 60
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_tls: bool = False
    mail_from: str = "Familienportal <noreply@familienportal.invalid>"
    log_level: str = "INFO"
    log_json: bool = True
    # Drafts untouched this many days are deleted, after an e-mail reminder this many days before.
    draft_retention_days: int = 30
    draft_reminder_days: int = 7
    # Proofs: "kid:<base64 32 bytes>,..." (the first encrypts, all decrypt); empty = var/document_key
    # outside production.
    document_keys: str = ""
    document_max_mb: int = 15
    # Days a draft's uploaded proofs are kept after their last upload.
    document_retention_days: int = 90
    # Virus scan with clamd (unix socket, or host and port); empty = no scan.
    clamd_socket: str = ""
    clamd_host: str = ""
    clamd_port: int = 3310

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def cookies_secure(self) -> bool:
        return self.is_production if self.secure_cookies is None else self.secure_cookies

    @property
    def uses_smtp(self) -> bool:
        return bool(self.smtp_host)

    @property
    def outbox_dir(self) -> Path:
        return Path(self.var_dir) / "outbox"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from variables named like the fields in upper case (DATABASE_URL, SMTP_HOST ...)."""
        environ = os.environ if environ is None else environ
        raw: dict[str, object] = {}
        for name in cls.__struct_fields__:
            if name == "env":  # plain ENV belongs to the shell (sh reads its start-up file from it)
                continue
            key = name.upper()
            if key in environ and environ[key] != "":
                raw[name] = environ[key]
        if "PORTAL_ENV" in environ:
            raw["env"] = environ["PORTAL_ENV"]
        raw.update(overrides)
        try:
            settings = msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise SettingsError(f"Invalid setting: {exc}") from exc
        settings.check()
        return settings

    def check(self) -> None:
        if self.env not in {"development", "test", "production"}:
            raise SettingsError("PORTAL_ENV must be development, test or production")
        if self.is_production and len(self.secret_key) < 32:
            raise SettingsError("SECRET_KEY (at least 32 characters) is required in production")
        if self.database_url and not self.database_url.startswith(("postgres://", "postgresql://")):
            raise SettingsError("DATABASE_URL must be a postgresql:// URL")
        self._check_documents()
        if not 1 <= self.draft_reminder_days < self.draft_retention_days:
            raise SettingsError("DRAFT_REMINDER_DAYS must be at least 1 and less than DRAFT_RETENTION_DAYS")

    def _check_documents(self) -> None:
        from server.documents.crypto import KeyConfigError, parse_keys

        if self.document_keys:
            try:
                parse_keys(self.document_keys)
            except KeyConfigError as exc:
                raise SettingsError(str(exc)) from None
        elif self.is_production:
            raise SettingsError("DOCUMENT_KEYS (encryption keys for proofs) is required in production")
        if not 1 <= self.document_max_mb <= 19:  # the upload route takes request bodies up to 20 MB
            raise SettingsError("DOCUMENT_MAX_MB must be between 1 and 19")
        if self.document_retention_days < 1:
            raise SettingsError("DOCUMENT_RETENTION_DAYS must be at least 1")
        if not 0 < self.clamd_port < 65536:
            raise SettingsError("CLAMD_PORT must be a port number")
