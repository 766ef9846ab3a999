"""Household form rules with German messages at the field (pure functions, unit-tested)."""

from __future__ import annotations

import datetime as dt
import re

from server.households.services import RELATIONSHIPS, AddressData, ChildData, GuardianData
from server.web.forms import Form
from server.web.i18n import _

POSTCODE = re.compile(r"^[0-9]{5}$")
PHONE = re.compile(r"^[0-9 +()/-]{6,30}$")
NAME = 80


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def child_from_form(form: Form, today: dt.date) -> ChildData | None:
    first_name = form.optional("first_name", NAME)
    last_name = form.required("last_name", _("Bitte geben Sie den Nachnamen des Kindes ein."), NAME)
    born = form["born"]
    birth_date = expected = None
    if born not in {"yes", "no"}:
        form.error("born", _("Bitte wählen Sie aus, ob das Kind schon geboren ist."))
    elif born == "yes":
        if not first_name:
            form.error("first_name", _("Bitte geben Sie den Vornamen des Kindes ein."))
        birth_date = form.date("birth_date", _("das Geburtsdatum"))
        if birth_date and birth_date > today:
            form.error(
                "birth_date",
                _(
                    "Das Geburtsdatum darf nicht in der Zukunft liegen. Für ein Kind, das "
                    "noch nicht geboren ist, wählen Sie „Nein“."
                ),
            )
        elif birth_date and birth_date < years_before(today, 27):
            form.error(
                "birth_date", _("Das Geburtsdatum liegt mehr als 27 Jahre zurück. Bitte prüfen Sie es.")
            )
    else:
        expected = form.date("expected_birth_date", _("den erwarteten Geburtstermin"))
        if expected and expected < today - dt.timedelta(days=31):
            form.error(
                "expected_birth_date",
                _(
                    "Der erwartete Geburtstermin liegt in der Vergangenheit. Ist das "
                    "Kind schon geboren? Dann wählen Sie „Ja“."
                ),
            )
        elif expected and expected > today + dt.timedelta(days=300):
            form.error(
                "expected_birth_date",
                _("Der erwartete Geburtstermin darf höchstens 10 Monate in der Zukunft liegen."),
            )
    if not form.ok:
        return None
    return ChildData(
        first_name=first_name, last_name=last_name, birth_date=birth_date, expected_birth_date=expected
    )


def guardian_from_form(form: Form, today: dt.date) -> GuardianData | None:
    first_name = form.required("first_name", _("Bitte geben Sie den Vornamen ein."), NAME)
    last_name = form.required("last_name", _("Bitte geben Sie den Nachnamen ein."), NAME)
    relationship = form["relationship"]
    if relationship not in RELATIONSHIPS:
        form.error("relationship", _("Bitte wählen Sie aus, in welcher Beziehung die Person zum Kind steht."))
    birth_date = form.date("birth_date", _("das Geburtsdatum"), required=False)
    if birth_date and birth_date > years_before(today, 14):
        form.error(
            "birth_date",
            _(
                "Eine sorgeberechtigte Person muss mindestens 14 Jahre alt sein. Bitte prüfen "
                "Sie das Geburtsdatum."
            ),
        )
    phone = form.optional("phone", 30)
    if phone and not PHONE.match(phone):
        form.error(
            "phone", _("Bitte geben Sie die Telefonnummer nur mit Ziffern, Leerzeichen und + / - ein.")
        )
    if not form.ok:
        return None
    return GuardianData(
        first_name=first_name,
        last_name=last_name,
        relationship=relationship,
        birth_date=birth_date,
        phone=phone,
    )


def address_from_form(form: Form) -> AddressData | None:
    street = form.required("street", _("Bitte geben Sie die Straße ein."), 120)
    number = form.required("house_number", _("Bitte geben Sie die Hausnummer ein."), 10)
    postcode = form.required("postcode", _("Bitte geben Sie die Postleitzahl ein."), 20)
    if postcode and "postcode" not in form.errors and not POSTCODE.match(postcode):
        form.error("postcode", _("Die Postleitzahl besteht aus fünf Ziffern, zum Beispiel 42103."))
    city = form.required("city", _("Bitte geben Sie den Ort ein."), 80)
    if not form.ok:
        return None
    return AddressData(street=street, house_number=number, postcode=postcode, city=city)
