from piccolo.columns import JSON, Boolean, Date, Float, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from server.accounts.tables import Account


class Facility(Table, tablename="facility"):
    """A Kita or a child-minder (Kindertagespflegeperson) of one tenant; (tenant, external_id) is unique."""

    tenant = Varchar(length=40, index=True)
    external_id = Varchar(length=80)
    kind = Varchar(length=12)  # "kita" | "tagespflege"
    name = Varchar(length=200)
    traeger_name = Varchar(length=200, default="")
    traeger_type = Varchar(length=20)  # see server.facilities.schemas.TRAEGER_TYPES
    street = Varchar(length=120, default="")
    house_number = Varchar(length=10, default="")
    postcode = Varchar(length=5, default="")
    city = Varchar(length=80, default="")
    district = Varchar(length=80, default="", index=True)
    lat = Float()
    lon = Float()
    age_min_months = Integer(default=0)
    age_max_months = Integer(default=72)
    group_forms = JSON(default=[])  # ["I", "II", "III"]; empty for child-minders
    hours_offered = JSON(default=[])  # Kita: subset of [25, 35, 45]; child-minder: [max hours per week]
    opening_hours = Varchar(length=200, default="")
    capacity = Integer(default=0)
    concept_tags = JSON(default=[])
    languages = JSON(default=[])
    meals = Varchar(length=200, default="")
    accessible = Boolean(default=False)
    phone = Varchar(length=40, default="")
    email = Varchar(length=254, default="")
    website = Varchar(length=254, default="")
    description = Text(default="")
    places_updated_at = Timestamptz(null=True, default=None)
    updated_at = Timestamptz()


class FreePlaces(Table, tablename="facility_free_places"):
    """Free places of a facility for children starting in a month, per age group (under 3 / 3 and over)."""

    tenant = Varchar(length=40, index=True)
    facility = ForeignKey(references=Facility, on_delete=OnDelete.cascade, index=True)
    start_month = Date()  # first day of the month
    age_group = Varchar(length=4)  # "u3" | "ue3"
    places = Integer(default=0)


class Favourite(Table, tablename="facility_favourite"):
    """A facility on a parent's Merkliste, kept in the account (merged from the device's list at login).
    (account, facility) is unique; the tenant is the facility's and the account's."""

    tenant = Varchar(length=40, index=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    facility = ForeignKey(references=Facility, on_delete=OnDelete.cascade, index=True)
    created_at = Timestamptz()
