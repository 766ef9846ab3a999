"""Over-long input is answered with a German message at the field (422), never with a 500."""

from __future__ import annotations

import pytest

from server.households.tables import Child, Guardian, Household
from tests.integration.households.forms import ADDRESS, born_child, guardian
from tests.integration.support import logged_in_parent, post_form


@pytest.fixture
async def parent(client, email) -> int:
    return await logged_in_parent(client, "wuppertal", email)


@pytest.mark.parametrize(
    ("path", "data", "fragment"),
    [
        ("/wuppertal/haushalt/kinder/neu", born_child(first_name="M" * 81), "höchstens 80 Zeichen"),
        ("/wuppertal/haushalt/kinder/neu", born_child(last_name="B" * 81), "höchstens 80 Zeichen"),
        ("/wuppertal/haushalt/kinder/neu", born_child(last_name="B" * 100_000), "höchstens 80 Zeichen"),
        ("/wuppertal/haushalt/sorgeberechtigte/neu", guardian(first_name="A" * 81), "höchstens 80 Zeichen"),
        ("/wuppertal/haushalt/sorgeberechtigte/neu", guardian(phone="0" * 31), "höchstens 30 Zeichen"),
        ("/wuppertal/haushalt/sorgeberechtigte/neu", guardian(relationship="m" * 500), "Beziehung"),
        ("/wuppertal/haushalt/anschrift", {**ADDRESS, "street": "S" * 121}, "höchstens 120 Zeichen"),
        ("/wuppertal/haushalt/anschrift", {**ADDRESS, "house_number": "1" * 11}, "höchstens 10 Zeichen"),
        ("/wuppertal/haushalt/anschrift", {**ADDRESS, "postcode": "4" * 21}, "höchstens 20 Zeichen"),
        ("/wuppertal/haushalt/anschrift", {**ADDRESS, "postcode": "421030"}, "fünf Ziffern"),
        ("/wuppertal/haushalt/anschrift", {**ADDRESS, "city": "W" * 81}, "höchstens 80 Zeichen"),
        ("/wuppertal/haushalt/kinder/neu", {**born_child(), "birth_date-year": "9" * 5000}, "vierstellig"),
    ],
)
async def test_over_long_input(client, parent, path, data, fragment):
    response = await post_form(client, path, data)
    assert response.status_code == 422
    assert fragment in response.text
    assert "field--error" in response.text


async def test_longest_allowed_values_are_stored(client, parent):
    """The form limits match the column sizes (PostgreSQL enforces varchar lengths, SQLite does not)."""
    longest = {"street": "S" * 120, "house_number": "1" * 10, "postcode": "42103", "city": "W" * 80}
    assert (await post_form(client, "/wuppertal/haushalt/anschrift", longest)).status_code == 303
    child = born_child(first_name="M" * 80, last_name="B" * 80)
    assert (await post_form(client, "/wuppertal/haushalt/kinder/neu", child)).status_code == 303
    person = guardian(
        first_name="A" * 80, last_name="B" * 80, relationship="pflegeelternteil", phone="0" * 30
    )
    assert (await post_form(client, "/wuppertal/haushalt/sorgeberechtigte/neu", person)).status_code == 303
    household = await Household.objects().where(Household.account == parent).first()
    assert household.street == "S" * 120 and household.city == "W" * 80
    assert (await Child.objects().first()).first_name == "M" * 80
    assert (await Guardian.objects().first()).phone == "0" * 30
