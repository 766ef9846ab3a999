from piccolo.columns import Date, ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from server.accounts.tables import Account


class Household(Table, tablename="household"):
    """The family of one parent account: entered once, prefilled into every service."""

    tenant = Varchar(length=40, index=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, unique=True)
    street = Varchar(length=120, default="")
    house_number = Varchar(length=10, default="")
    postcode = Varchar(length=5, default="")
    city = Varchar(length=80, default="")
    updated_at = Timestamptz()


class Guardian(Table, tablename="guardian"):
    tenant = Varchar(length=40, index=True)
    household = ForeignKey(references=Household, on_delete=OnDelete.cascade, index=True)
    first_name = Varchar(length=80)
    last_name = Varchar(length=80)
    birth_date = Date(null=True, default=None)
    relationship = Varchar(length=20)
    phone = Varchar(length=30, default="")
    created_at = Timestamptz()


class Child(Table, tablename="child"):
    """A child of the household; an unborn child has an expected birth date and no birth date."""

    tenant = Varchar(length=40, index=True)
    household = ForeignKey(references=Household, on_delete=OnDelete.cascade, index=True)
    first_name = Varchar(length=80, default="")
    last_name = Varchar(length=80)
    birth_date = Date(null=True, default=None)
    expected_birth_date = Date(null=True, default=None)
    created_at = Timestamptz()
