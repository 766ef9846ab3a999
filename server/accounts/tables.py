from piccolo.columns import Boolean, ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Account(Table, tablename="account"):
    """A parent or staff member of exactly one tenant; (tenant, email) is unique (see migration)."""

    tenant = Varchar(length=40, index=True)
    email = Varchar(length=254)
    password_hash = Varchar(length=255)
    role = Varchar(length=20, default="parent")
    email_confirmed_at = Timestamptz(null=True, default=None)
    active = Boolean(default=True)
    created_at = Timestamptz()
    last_login_at = Timestamptz(null=True, default=None)


class EmailToken(Table, tablename="email_token"):
    """Single-use link token (address confirmation or password reset); only its hash is stored."""

    tenant = Varchar(length=40)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade)
    purpose = Varchar(length=20)
    token_hash = Varchar(length=64, unique=True)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
