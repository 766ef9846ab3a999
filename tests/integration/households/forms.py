"""Form data for household pages."""

from __future__ import annotations

import datetime as dt


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


MIA_BIRTHDAY = dt.date(2024, 3, 8)


def born_child(first_name: str = "Mia", last_name: str = "Beispiel", birth: dt.date = MIA_BIRTHDAY) -> dict:
    return {
        "born": "yes",
        "first_name": first_name,
        "last_name": last_name,
        **date_fields("birth_date", birth),
    }


def unborn_child(last_name: str = "Beispiel", in_days: int = 90) -> dict:
    expected = dt.date.today() + dt.timedelta(days=in_days)
    return {
        "born": "no",
        "first_name": "",
        "last_name": last_name,
        **date_fields("expected_birth_date", expected),
    }


def guardian(
    first_name: str = "Alex", last_name: str = "Beispiel", relationship: str = "elternteil", **extra
) -> dict:
    return {
        "first_name": first_name,
        "last_name": last_name,
        "relationship": relationship,
        "phone": "",
        **extra,
    }


ADDRESS = {"street": "Musterweg", "house_number": "12a", "postcode": "42103", "city": "Wuppertal"}
