from piccolo.columns import Boolean, Date, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from server.accounts.tables import Account
from server.applications.tables import Application
from server.facilities.tables import Facility


class ProviderFacility(Table, tablename="placement_provider_facility"):
    """A provider (Träger) account works for this facility of its own tenant; (account, facility) is unique
    (see migration)."""

    tenant = Varchar(length=40, index=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    facility = ForeignKey(references=Facility, on_delete=OnDelete.cascade, index=True)
    created_at = Timestamptz()


class Offer(Table, tablename="placement_offer"):
    """A place a facility offers to one parent: for one child, or for siblings applying together (one
    reservation per child, see OfferItem). The parent answers until the end of `deadline` (Europe/Berlin),
    which is `expires_at` in UTC."""

    tenant = Varchar(length=40, index=True)
    facility = ForeignKey(references=Facility, on_delete=OnDelete.restrict, index=True)
    # The parent it is made to (all its reservations belong to this account).
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    start_month = Date()
    hours = Integer()
    deadline = Date()
    expires_at = Timestamptz(index=True)
    # open | accepted | declined | lapsed | withdrawn
    status = Varchar(length=12, index=True)
    # After acceptance: "" (pending), "contracted" or "none" (no contract came about).
    contract = Varchar(length=12, default="")
    created_by = ForeignKey(references=Account, on_delete=OnDelete.set_null, null=True, default=None)
    created_at = Timestamptz()
    answered_at = Timestamptz(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)


class Reservation(Table, tablename="placement_reservation"):
    """One ranked wish of a Kita demand notice: the child is reserved (vorgemerkt) for this facility.
    (application, facility) is unique (see migration)."""

    tenant = Varchar(length=40, index=True)
    application = ForeignKey(references=Application, on_delete=OnDelete.cascade, index=True)
    account = ForeignKey(references=Account, on_delete=OnDelete.cascade, index=True)
    facility = ForeignKey(references=Facility, on_delete=OnDelete.restrict, index=True)
    rank = Integer()
    # A sibling already attends this facility (the parent's answer).
    sibling = Boolean(default=False)
    # The household child (its id) and first name at submission: siblings are other children of the account.
    child_key = Varchar(length=20, default="")
    child_first_name = Varchar(length=80, default="")
    # active | paused | offered | withdrawn | declined | accepted | lapsed | contracted
    status = Varchar(length=12, index=True)
    # The offer that paused, offered or withdrew this reservation (so that exactly these resume).
    held_by = ForeignKey(references=Offer, on_delete=OnDelete.set_null, null=True, default=None, index=True)
    created_at = Timestamptz()
    status_changed_at = Timestamptz()


class OfferItem(Table, tablename="placement_offer_item"):
    """A reservation an offer is made for (one per child); (offer, reservation) is unique."""

    tenant = Varchar(length=40, index=True)
    offer = ForeignKey(references=Offer, on_delete=OnDelete.cascade, index=True)
    reservation = ForeignKey(references=Reservation, on_delete=OnDelete.cascade, index=True)
    application = ForeignKey(references=Application, on_delete=OnDelete.cascade, index=True)
