"""Settings.from_env: defaults, conversion of strings, and the checks that stop a bad deployment."""

from __future__ import annotations

import pytest

from server.settings import Settings, SettingsError

SECRET = "s" * 32
DOCUMENT_KEYS = "k1:" + "A" * 43 + "="  # 32 zero bytes, base64


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.env == "development"
    assert settings.database_url == ""
    assert settings.sqlite_path.endswith("portal.sqlite")
    assert settings.smtp_port == 587
    assert settings.smtp_starttls is True
    assert settings.smtp_tls is False
    assert settings.uses_smtp is False
    assert settings.login_max_failures_per_account == 5
    assert settings.login_max_failures_per_ip == 20
    assert settings.session_max_age == 8 * 60 * 60
    assert settings.is_production is False
    assert settings.cookies_secure is False


def test_strings_are_converted() -> None:
    settings = Settings.from_env(
        {
            "PORTAL_ENV": "test",
            "SMTP_HOST": "mail.beispiel.de",
            "SMTP_PORT": "2525",
            "SMTP_STARTTLS": "false",
            "SMTP_TLS": "true",
            "LOG_JSON": "0",
            "SECURE_COOKIES": "1",
            "LOGIN_MAX_FAILURES_PER_IP": "3",
            "CONFIRM_TOKEN_HOURS": "24",
        }
    )
    assert settings.env == "test"
    assert settings.smtp_port == 2525
    assert settings.smtp_starttls is False
    assert settings.smtp_tls is True
    assert settings.log_json is False
    assert settings.secure_cookies is True and settings.cookies_secure is True
    assert settings.login_max_failures_per_ip == 3
    assert settings.confirm_token_hours == 24
    assert settings.uses_smtp is True


def test_empty_variables_keep_the_default() -> None:
    settings = Settings.from_env({"SMTP_PORT": "", "DATABASE_URL": "", "SMTP_STARTTLS": ""})
    assert settings.smtp_port == 587
    assert settings.database_url == ""
    assert settings.smtp_starttls is True


def test_overrides_win_over_the_environment() -> None:
    settings = Settings.from_env({"SMTP_PORT": "2525", "PORTAL_ENV": "development"}, smtp_port=25, env="test")
    assert settings.smtp_port == 25
    assert settings.env == "test"


def test_unrelated_variables_are_ignored() -> None:
    assert Settings.from_env({"HOME": "/root", "PATH": "/bin", "PORTAL_UNKNOWN": "x"}) == Settings.from_env(
        {}
    )


@pytest.mark.parametrize(
    "environ",
    [
        {"SMTP_PORT": "fünfhundert"},
        {"SMTP_STARTTLS": "vielleicht"},
        {"SESSION_MAX_AGE": "1.5"},
    ],
)
def test_malformed_values_are_reported(environ: dict[str, str]) -> None:
    with pytest.raises(SettingsError, match="Invalid setting"):
        Settings.from_env(environ)


@pytest.mark.parametrize("env", ["prod", "staging", "PRODUCTION", ""])
def test_unknown_environment_name(env: str) -> None:
    with pytest.raises(SettingsError, match="PORTAL_ENV"):
        Settings.from_env({"PORTAL_ENV": env})


def test_production_requires_a_long_secret_key() -> None:
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        Settings.from_env({"PORTAL_ENV": "production"})
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        Settings.from_env({"PORTAL_ENV": "production", "SECRET_KEY": "s" * 31})
    settings = Settings.from_env(
        {"PORTAL_ENV": "production", "SECRET_KEY": SECRET, "DOCUMENT_KEYS": DOCUMENT_KEYS}
    )
    assert settings.is_production
    assert settings.cookies_secure is True  # secure cookies by default in production


def test_production_may_turn_off_secure_cookies_explicitly() -> None:
    settings = Settings.from_env(
        {
            "PORTAL_ENV": "production",
            "SECRET_KEY": SECRET,
            "SECURE_COOKIES": "false",
            "DOCUMENT_KEYS": DOCUMENT_KEYS,
        }
    )
    assert settings.cookies_secure is False


def test_development_needs_no_secret_key() -> None:
    assert Settings.from_env({"PORTAL_ENV": "development"}).secret_key == ""


@pytest.mark.parametrize(
    "url", ["postgresql://portal@db:5432/portal", "postgres://portal:geheim@localhost/portal"]
)
def test_postgres_urls_are_accepted(url: str) -> None:
    assert Settings.from_env({"DATABASE_URL": url}).database_url == url


@pytest.mark.parametrize(
    "url",
    ["mysql://portal@db/portal", "sqlite:///var/portal.sqlite", "portal.sqlite", "postgresql+asyncpg://x/y"],
)
def test_other_database_urls_are_refused(url: str) -> None:
    with pytest.raises(SettingsError, match="postgresql://"):
        Settings.from_env({"DATABASE_URL": url})


def test_outbox_lives_under_var_dir() -> None:
    settings = Settings.from_env({"VAR_DIR": "/tmp/portal-var"})
    assert str(settings.outbox_dir) == "/tmp/portal-var/outbox"


def test_the_shells_env_variable_is_not_ours():
    """sh reads its start-up file from ENV; only PORTAL_ENV selects the portal's environment."""
    assert Settings.from_env({"ENV": "/root/.shrc"}).env == "development"
    assert Settings.from_env({"ENV": "production"}).env == "development"
