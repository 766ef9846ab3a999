"""The household pages: address, children (born and expected) and guardians - add, show, change, remove."""

from __future__ import annotations

import datetime as dt

import pytest

from server.households.tables import Child, Guardian, Household
from tests.integration.households.forms import ADDRESS, born_child, date_fields, guardian, unborn_child
from tests.integration.support import location, logged_in_parent, post_form


@pytest.fixture
async def parent(client, email) -> int:
    return await logged_in_parent(client, "wuppertal", email)


async def save(client, path: str, data: dict) -> None:
    response = await post_form(client, path, data)
    assert response.status_code == 303, response.text
    assert location(response) == "/wuppertal/haushalt/"


async def test_empty_household(client, parent):
    overview = await client.get("/wuppertal/haushalt/")
    assert overview.status_code == 200
    assert "Noch nicht angegeben" in overview.text
    assert "noch kein Kind eingetragen" in overview.text
    assert "noch keine sorgeberechtigte Person eingetragen" in overview.text
    assert await Household.count().where(Household.account == parent) == 1


async def test_address(client, parent):
    form = await client.get("/wuppertal/haushalt/anschrift")
    assert form.status_code == 200
    assert 'value="Wuppertal"' in form.text  # the city is suggested

    await save(client, "/wuppertal/haushalt/anschrift", ADDRESS)
    overview = await client.get("/wuppertal/haushalt/")
    assert "Die Anschrift ist gespeichert" in overview.text
    assert "Musterweg 12a" in overview.text and "42103 Wuppertal" in overview.text

    again = await client.get("/wuppertal/haushalt/anschrift")
    for value in ADDRESS.values():
        assert f'value="{value}"' in again.text

    await save(
        client, "/wuppertal/haushalt/anschrift", {**ADDRESS, "street": "Neue Straße", "house_number": "3"}
    )
    household = await Household.objects().where(Household.account == parent).first()
    assert (household.street, household.house_number, household.postcode) == ("Neue Straße", "3", "42103")


async def test_invalid_address_keeps_what_was_typed(client, parent):
    response = await post_form(client, "/wuppertal/haushalt/anschrift", {**ADDRESS, "postcode": "4210"})
    assert response.status_code == 422
    assert "fünf Ziffern" in response.text
    assert 'value="Musterweg"' in response.text and 'value="4210"' in response.text
    assert await Household.count().where(Household.street != "") == 0


async def test_born_child_add_show_change_remove(client, parent):
    new = await client.get("/wuppertal/haushalt/kinder/neu")
    assert new.status_code == 200 and "Kind hinzufügen" in new.text

    await save(client, "/wuppertal/haushalt/kinder/neu", born_child())
    child = await Child.objects().first()
    assert (child.first_name, child.last_name, child.birth_date, child.expected_birth_date) == (
        "Mia",
        "Beispiel",
        dt.date(2024, 3, 8),
        None,
    )
    assert child.tenant == "wuppertal"
    overview = await client.get("/wuppertal/haushalt/")
    assert "Die Angaben zum Kind sind gespeichert" in overview.text
    assert "Mia Beispiel" in overview.text and "08.03.2024" in overview.text
    dashboard = await client.get("/wuppertal/uebersicht")
    assert "1 Kind" in dashboard.text

    edit = await client.get(f"/wuppertal/haushalt/kinder/{child.id}")
    assert edit.status_code == 200 and "Kind ändern" in edit.text
    assert 'value="Mia"' in edit.text and 'value="Beispiel"' in edit.text
    assert (
        'id="birth_date-day" name="birth_date-day" type="text" inputmode="numeric" maxlength="2" value="8"'
        in edit.text
    )
    assert 'value="2024"' in edit.text
    assert 'value="yes" checked' in edit.text

    await save(
        client, f"/wuppertal/haushalt/kinder/{child.id}", born_child("Mia Sophie", birth=dt.date(2024, 3, 9))
    )
    changed = await Child.objects().where(Child.id == child.id).first()
    assert (changed.first_name, changed.birth_date) == ("Mia Sophie", dt.date(2024, 3, 9))
    assert await Child.count() == 1

    confirm = await client.get(f"/wuppertal/haushalt/kinder/{child.id}/entfernen")
    assert confirm.status_code == 200
    assert "Mia Sophie Beispiel aus dem Haushalt entfernen?" in confirm.text
    response = await post_form(client, f"/wuppertal/haushalt/kinder/{child.id}/entfernen", {})
    assert response.status_code == 303
    assert await Child.count() == 0
    overview = await client.get("/wuppertal/haushalt/")
    assert "Das Kind wurde aus dem Haushalt entfernt" in overview.text
    assert (await client.get(f"/wuppertal/haushalt/kinder/{child.id}")).status_code == 404


async def test_expected_child_and_then_its_birth(client, parent):
    await save(client, "/wuppertal/haushalt/kinder/neu", unborn_child())
    child = await Child.objects().first()
    assert child.birth_date is None
    assert child.expected_birth_date == dt.date.today() + dt.timedelta(days=90)
    overview = await client.get("/wuppertal/haushalt/")
    assert "noch nicht geboren" in overview.text and "erwartet am" in overview.text

    edit = await client.get(f"/wuppertal/haushalt/kinder/{child.id}")
    assert 'value="no" checked' in edit.text

    # The child is born: the expected date is dropped.
    await save(client, f"/wuppertal/haushalt/kinder/{child.id}", born_child("Leo", birth=dt.date.today()))
    born = await Child.objects().where(Child.id == child.id).first()
    assert (born.first_name, born.birth_date, born.expected_birth_date) == ("Leo", dt.date.today(), None)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (born_child(birth=dt.date.today() + dt.timedelta(days=1)), "nicht in der Zukunft"),
        (unborn_child(in_days=-40), "in der Vergangenheit"),
        (unborn_child(in_days=330), "höchstens 10 Monate"),
        ({**born_child(), "born": ""}, "ob das Kind schon geboren ist"),
        (
            {**born_child(), **date_fields("birth_date", dt.date(2023, 2, 28)), "birth_date-day": "29"},
            "Kalender",
        ),
        ({**born_child(), "birth_date-year": "24"}, "vierstellig"),
        ({**born_child(), "birth_date-day": "²"}, "nur mit Ziffern"),
    ],
)
async def test_invalid_child_is_shown_again_with_the_message(client, parent, data, fragment):
    response = await post_form(client, "/wuppertal/haushalt/kinder/neu", data)
    assert response.status_code == 422
    assert fragment in response.text
    assert 'value="Beispiel"' in response.text
    assert await Child.count() == 0


async def test_guardian_add_show_change_remove(client, parent):
    data = guardian(
        "Alex", "Beispiel", "vater", phone="0202 123456", **date_fields("birth_date", dt.date(1990, 5, 17))
    )
    await save(client, "/wuppertal/haushalt/sorgeberechtigte/neu", data)
    person = await Guardian.objects().first()
    assert (person.relationship, person.phone, person.birth_date) == (
        "vater",
        "0202 123456",
        dt.date(1990, 5, 17),
    )
    overview = await client.get("/wuppertal/haushalt/")
    assert "Alex Beispiel" in overview.text and "Vater" in overview.text and "17.05.1990" in overview.text

    edit = await client.get(f"/wuppertal/haushalt/sorgeberechtigte/{person.id}")
    assert edit.status_code == 200
    assert '<option value="vater" selected>' in edit.text
    assert 'value="0202 123456"' in edit.text and 'value="1990"' in edit.text

    await save(
        client, f"/wuppertal/haushalt/sorgeberechtigte/{person.id}", guardian("Alex", "Beispiel", "vormund")
    )
    changed = await Guardian.objects().where(Guardian.id == person.id).first()
    assert (changed.relationship, changed.phone, changed.birth_date) == ("vormund", "", None)

    confirm = await client.get(f"/wuppertal/haushalt/sorgeberechtigte/{person.id}/entfernen")
    assert "Alex Beispiel aus dem Haushalt entfernen?" in confirm.text
    response = await post_form(client, f"/wuppertal/haushalt/sorgeberechtigte/{person.id}/entfernen", {})
    assert response.status_code == 303
    assert await Guardian.count() == 0


async def test_invalid_guardian(client, parent):
    response = await post_form(
        client, "/wuppertal/haushalt/sorgeberechtigte/neu", guardian(relationship="onkel", phone="abc")
    )
    assert response.status_code == 422
    assert "Beziehung" in response.text and "Telefonnummer" in response.text
    assert await Guardian.count() == 0


async def test_unknown_ids_are_not_found(client, parent):
    for path in (
        "/wuppertal/haushalt/kinder/999999",
        "/wuppertal/haushalt/sorgeberechtigte/999999/entfernen",
    ):
        assert (await client.get(path)).status_code == 404
    assert (await post_form(client, "/wuppertal/haushalt/kinder/999999", born_child())).status_code == 404
    assert (await client.get("/wuppertal/haushalt/kinder/keine-zahl")).status_code == 404
    assert await Child.count() == 0


async def test_removing_the_account_removes_the_household(client, parent):
    """Foreign keys cascade, on both databases."""
    from server.accounts.tables import Account

    await save(client, "/wuppertal/haushalt/kinder/neu", born_child())
    await save(client, "/wuppertal/haushalt/sorgeberechtigte/neu", guardian())
    await Account.delete().where(Account.id == parent)
    assert await Household.count() == 0
    assert await Child.count() == 0
    assert await Guardian.count() == 0
