"""Field types: raw form values to typed answers (or German messages), and the answers back to text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import msgspec
import pytest

from server.applications.context import Context, HouseholdSnapshot
from server.applications.definitions import Field, Option, ProofSpec
from server.applications.fields import (
    PARSERS,
    Parsed,
    display,
    format_date,
    format_money,
    format_number,
    iban_ok,
    keys_of,
    message,
    parse_decimal,
)
from server.applications.registry import DefinitionError, validate
from tests.unit.applications.support import (
    ANNA,
    HOUSEHOLD,
    TENANT,
    TODAY,
    date_parts,
    make_ctx,
    minimal_definition,
)

D = dt.date
CTX = make_ctx()


def parse(field: Field, values: dict[str, Any], ctx: Context = CTX) -> Parsed:
    return PARSERS[field.type](field, values, ctx)


def ok(field: Field, values: dict[str, Any], ctx: Context = CTX) -> Any:
    parsed = parse(field, values, ctx)
    assert parsed.error is None, parsed.error
    return parsed.value


def error(field: Field, values: dict[str, Any], ctx: Context = CTX) -> str | None:
    return parse(field, values, ctx).error


def single(field: Field, raw: Any) -> dict[str, Any]:
    return {field.id: raw}


# --- text, textarea, email, phone ------------------------------------------------------------------------
NAME = Field(id="name", type="text", label="Name")
SHORT = Field(id="name", type="text", label="Name", max_length=5)
OPTIONAL = Field(id="name", type="text", label="Name", required=False)
NOTE = Field(id="note", type="textarea", label="Notiz")
AKZ = Field(
    id="akz",
    type="text",
    label="Aktenzeichen",
    pattern=r"[0-9]{5}",
    pattern_message="Fünf Ziffern bei {label}.",
)
AKZ_PLAIN = Field(id="akz", type="text", label="Aktenzeichen", pattern=r"[0-9]{5}")
AKZ_OVERRIDE = Field(
    id="akz",
    type="text",
    label="Aktenzeichen",
    pattern=r"[0-9]{5}",
    pattern_message="Fünf Ziffern.",
    messages={"invalid": "Anders: {label}"},
)
EMAIL = Field(id="mail", type="email", label="E-Mail")
PHONE = Field(id="tel", type="phone", label="Telefon")

FILL_NAME = "Bitte füllen Sie das Feld „Name“ aus."
BAD_EMAIL = "Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein."
BAD_PHONE = "Bitte geben Sie eine Telefonnummer nur mit Ziffern, Leerzeichen und + ( ) / - ein."


@pytest.mark.parametrize(
    ("field", "raw", "value", "message_text"),
    [
        (NAME, "Anna", "Anna", None),
        (NAME, "  Anna  ", "Anna", None),
        (NAME, ["Anna", "Ben"], "Anna", None),
        (NAME, "", None, FILL_NAME),
        (NAME, "   ", None, FILL_NAME),
        (NAME, None, None, FILL_NAME),
        (OPTIONAL, "", None, None),
        (OPTIONAL, "x" * 201, None, "Bitte geben Sie bei „Name“ höchstens 200 Zeichen ein."),
        (NAME, "x" * 200, "x" * 200, None),
        (SHORT, "abcde", "abcde", None),
        (SHORT, " abcde ", "abcde", None),
        (SHORT, "abcdef", None, "Bitte geben Sie bei „Name“ höchstens 5 Zeichen ein."),
        (NOTE, "x" * 2000, "x" * 2000, None),
        (NOTE, "x" * 2001, None, "Bitte geben Sie bei „Notiz“ höchstens 2000 Zeichen ein."),
        (AKZ, "12345", "12345", None),
        (AKZ, "123456", None, "Fünf Ziffern bei Aktenzeichen."),
        (AKZ, "1234a", None, "Fünf Ziffern bei Aktenzeichen."),
        (AKZ_PLAIN, "1234", None, "Bitte prüfen Sie „Aktenzeichen“."),
        (AKZ_OVERRIDE, "1", None, "Anders: Aktenzeichen"),
        (EMAIL, "Name@Beispiel.DE", "name@beispiel.de", None),
        (EMAIL, " anna.b+kita@post.example.org ", "anna.b+kita@post.example.org", None),
        (EMAIL, "name@beispiel", None, BAD_EMAIL),
        (EMAIL, "name@beispiel.d", None, BAD_EMAIL),
        (EMAIL, "na me@beispiel.de", None, BAD_EMAIL),
        (EMAIL, "name@@beispiel.de", None, BAD_EMAIL),
        (EMAIL, "@beispiel.de", None, BAD_EMAIL),
        (EMAIL, "x" * 65 + "@beispiel.de", None, BAD_EMAIL),
        (EMAIL, "x" * 64 + "@beispiel.de", "x" * 64 + "@beispiel.de", None),
        (EMAIL, "a@" + "b" * 250 + ".de", None, "Bitte geben Sie bei „E-Mail“ höchstens 254 Zeichen ein."),
        (EMAIL, "", None, "Bitte füllen Sie das Feld „E-Mail“ aus."),
        (PHONE, "0202 123456", "0202 123456", None),
        (PHONE, "+49 (202) 12-34/56", "+49 (202) 12-34/56", None),
        (PHONE, "12345", None, BAD_PHONE),
        (PHONE, "0202 12345a", None, BAD_PHONE),
        (PHONE, "0202.123456", None, BAD_PHONE),
        (PHONE, "1" * 30, "1" * 30, None),
        (PHONE, "1" * 31, None, "Bitte geben Sie bei „Telefon“ höchstens 30 Zeichen ein."),
    ],
)
def test_text_like(field: Field, raw: Any, value: Any, message_text: str | None) -> None:
    parsed = parse(field, {} if raw is None else single(field, raw))
    assert (parsed.value, parsed.error) == (value, message_text)


# --- IBAN --------------------------------------------------------------------------------------------------
IBAN = Field(id="iban", type="iban", label="IBAN")
BAD_IBAN = (
    "Bitte prüfen Sie die IBAN. Eine deutsche IBAN beginnt mit DE und hat 22 Stellen, "
    "zum Beispiel DE12 3456 7890 1234 5678 90."
)


@pytest.mark.parametrize(
    ("raw", "value", "message_text"),
    [
        ("DE89370400440532013000", "DE89 3704 0044 0532 0130 00", None),
        ("DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00", None),
        ("de89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00", None),
        (" DE89-3704-0044-0532-0130-00 ", "DE89 3704 0044 0532 0130 00", None),
        ("DE89\t3704 0044\u00a00532 0130 00", "DE89 3704 0044 0532 0130 00", None),
        ("AT611904300234573201", "AT61 1904 3002 3457 3201", None),
        ("GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", None),
        ("DE88370400440532013000", None, BAD_IBAN),  # wrong check digits
        ("DE89370400440532013001", None, BAD_IBAN),  # a typo in the account number
        ("DE8937040044053201300", None, BAD_IBAN),  # 21 characters
        ("DE893704004405320130000", None, BAD_IBAN),  # 23 characters
        ("AT6119043002345732011", None, BAD_IBAN),  # Austria has 20
        ("DE89 3704 0044 0532 0130 0Ä", None, BAD_IBAN),
        ("8937040044053201300099", None, BAD_IBAN),
        ("DE", None, BAD_IBAN),
        ("", None, "Bitte füllen Sie das Feld „IBAN“ aus."),
        ("   ", None, "Bitte füllen Sie das Feld „IBAN“ aus."),
    ],
)
def test_iban(raw: str, value: str | None, message_text: str | None) -> None:
    parsed = parse(IBAN, single(IBAN, raw))
    assert (parsed.value, parsed.error) == (value, message_text)


def test_iban_optional_and_checksum_function() -> None:
    assert parse(Field(id="iban", type="iban", label="IBAN", required=False), {}) == Parsed()
    assert iban_ok("DE89370400440532013000")
    assert not iban_ok("de89370400440532013000")  # callers normalise first


# --- dates -------------------------------------------------------------------------------------------------
BEGIN = Field(id="begin", type="date", label="Beginn")
DIGITS = "Bitte geben Sie bei „Beginn“ Tag, Monat und Jahr vollständig mit Ziffern ein."
FOUR_DIGITS = "Bitte geben Sie das Jahr vierstellig ein, zum Beispiel 2027."
NO_SUCH_DAY = "Bitte prüfen Sie „Beginn“: Diesen Tag gibt es im Kalender nicht."
YESTERDAY, TOMORROW = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)


def _rule(rule: str) -> Field:
    return Field(id="begin", type="date", label="Beginn", date_rule=rule)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "parts", "value", "message_text"),
    [
        (BEGIN, ("1", "8", "2027"), "2027-08-01", None),
        (BEGIN, ("01", "08", "2027"), "2027-08-01", None),
        (BEGIN, (" 1 ", " 8", "2027 "), "2027-08-01", None),
        (BEGIN, ("29", "2", "2028"), "2028-02-29", None),
        (BEGIN, ("", "", ""), None, "Bitte füllen Sie das Feld „Beginn“ aus."),
        (BEGIN, (" ", "", " "), None, "Bitte füllen Sie das Feld „Beginn“ aus."),
        (BEGIN, ("1", "", "2027"), None, DIGITS),
        (BEGIN, ("", "8", "2027"), None, DIGITS),
        (BEGIN, ("1", "8", ""), None, DIGITS),
        (BEGIN, ("1a", "8", "2027"), None, DIGITS),
        (BEGIN, ("1", "Aug", "2027"), None, DIGITS),
        (BEGIN, ("1.", "8.", "2027"), None, DIGITS),
        (BEGIN, ("-1", "8", "2027"), None, DIGITS),
        (BEGIN, ("١", "8", "2027"), None, DIGITS),
        (BEGIN, ("1", "8", "27"), None, FOUR_DIGITS),
        (BEGIN, ("1", "8", "0027"), None, FOUR_DIGITS),
        (BEGIN, ("1", "8", "1899"), None, FOUR_DIGITS),
        (BEGIN, ("1", "8", "2101"), None, FOUR_DIGITS),
        (BEGIN, ("31", "2", "2027"), None, NO_SUCH_DAY),
        (BEGIN, ("29", "2", "2027"), None, NO_SUCH_DAY),
        (BEGIN, ("31", "4", "2027"), None, NO_SUCH_DAY),
        (BEGIN, ("0", "4", "2027"), None, NO_SUCH_DAY),
        (BEGIN, ("1", "13", "2027"), None, NO_SUCH_DAY),
        (_rule("past"), YESTERDAY, YESTERDAY.isoformat(), None),
        (_rule("past"), TODAY, None, "„Beginn“ muss in der Vergangenheit liegen."),
        (_rule("not_future"), TODAY, TODAY.isoformat(), None),
        (_rule("not_future"), TOMORROW, None, "„Beginn“ darf nicht in der Zukunft liegen."),
        (_rule("future"), TOMORROW, TOMORROW.isoformat(), None),
        (_rule("future"), TODAY, None, "„Beginn“ muss in der Zukunft liegen."),
        (_rule("not_past"), TODAY, TODAY.isoformat(), None),
        (_rule("not_past"), YESTERDAY, None, "„Beginn“ darf nicht in der Vergangenheit liegen."),
        (_rule(""), D(1950, 1, 1), "1950-01-01", None),
    ],
)
def test_date(
    field: Field, parts: tuple[str, str, str] | dt.date, value: str | None, message_text: str | None
) -> None:
    values = date_parts(field.id, parts) if isinstance(parts, dt.date) else date_parts(field.id, *parts)
    parsed = parse(field, values)
    assert (parsed.value, parsed.error, parsed.warning) == (value, message_text, None)


def test_date_optional_and_missing_keys() -> None:
    optional = Field(id="begin", type="date", label="Beginn", required=False)
    assert parse(optional, {}) == Parsed()
    assert parse(BEGIN, {}).error == "Bitte füllen Sie das Feld „Beginn“ aus."
    # Only the field's own parts count; a date in the plain key is ignored.
    assert parse(BEGIN, {"begin": "2027-08-01"}).error == "Bitte füllen Sie das Feld „Beginn“ aus."


@pytest.mark.parametrize(
    ("day", "warned"),
    [
        (TOMORROW, True),
        (D(2026, 9, 9), True),  # TODAY is 10.03.2026: six months later is 10.09.2026
        (D(2026, 9, 10), False),
        (D(2027, 8, 1), False),
    ],
)
def test_date_warning_within_months(day: dt.date, warned: bool) -> None:
    field = Field(id="begin", type="date", label="Beginn", date_rule="not_past", warn_within_months=6)
    parsed = parse(field, date_parts("begin", day))
    assert parsed.error is None
    assert parsed.value == day.isoformat()
    assert parsed.warning == ("Dieser Termin ist weniger als 6 Monate entfernt." if warned else None)


def test_date_warning_message_override() -> None:
    field = Field(
        id="begin",
        type="date",
        label="Beginn",
        warn_within_months=3,
        messages={"soon": "Nur {n} Monate: {label}"},
    )
    assert parse(field, date_parts("begin", TOMORROW)).warning == "Nur 3 Monate: Beginn"


def test_date_huge_day() -> None:
    assert parse(BEGIN, date_parts("begin", "9" * 20, "8", "2027")).error == NO_SUCH_DAY


# --- numbers, money, years ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("1234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("1234.5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),
        ("12.345", Decimal("12345")),
        ("1.234.567", Decimal("1234567")),
        ("1.234.567,8", Decimal("1234567.8")),
        ("1.5", Decimal("1.5")),
        ("0,5", Decimal("0.5")),
        (",5", Decimal("0.5")),
        ("1 234 €", Decimal("1234")),
        ("1234EUR", Decimal("1234")),
        ("1\u00a0234,00\u00a0€", Decimal("1234.00")),
        ("", None),
        ("€", None),
        ("abc", None),
        ("12a", None),
        ("-5", None),
        ("1e3", None),
        ("1,2,3", None),
        ("1.2.3", None),
        ("1.234.5", None),
        (",", None),
        (".", None),
    ],
)
def test_parse_decimal(text: str, expected: Decimal | None) -> None:
    assert parse_decimal(text) == expected


MONEY = Field(id="betrag", type="money", label="Betrag")
MONEY_LIMITS = Field(id="betrag", type="money", label="Betrag", min=10, max=1000)
MONEY_CENTS = Field(id="betrag", type="money", label="Betrag", min=0.5)
HOURS = Field(id="stunden", type="number", label="Stunden", min=15, max=45)
COUNT = Field(id="anzahl", type="number", label="Anzahl")
YEAR = Field(id="jahr", type="year", label="Jahr")
BAD_MONEY = "Bitte geben Sie bei „Betrag“ einen Betrag in Euro ein, zum Beispiel 1.250,00."
NOT_WHOLE = "Bitte geben Sie bei „Anzahl“ eine ganze Zahl ein."
BAD_YEAR = "Bitte geben Sie das Jahr vierstellig ein, zum Beispiel 2025."


@pytest.mark.parametrize(
    ("field", "raw", "value", "message_text"),
    [
        (MONEY, "1.234,56", "1234.56", None),
        (MONEY, "1.234,5", "1234.50", None),
        (MONEY, "1234.5", "1234.50", None),
        (MONEY, "1.234", "1234.00", None),
        (MONEY, "0", "0.00", None),
        (MONEY, " 250 € ", "250.00", None),
        (MONEY, "zwölf", None, BAD_MONEY),
        (MONEY, "-12", None, BAD_MONEY),
        (MONEY, "", None, "Bitte füllen Sie das Feld „Betrag“ aus."),
        (MONEY_LIMITS, "10", "10.00", None),
        (MONEY_LIMITS, "9,99", None, "„Betrag“ muss mindestens 10 € sein."),
        (MONEY_LIMITS, "1.000", "1000.00", None),
        (MONEY_LIMITS, "1.000,01", None, "„Betrag“ darf höchstens 1.000 € sein."),
        (MONEY_CENTS, "0,49", None, "„Betrag“ muss mindestens 0,50 € sein."),
        (HOURS, "35", 35, None),
        (HOURS, "15", 15, None),
        (HOURS, "45", 45, None),
        (HOURS, "14", None, "„Stunden“ muss mindestens 15 sein."),
        (HOURS, "46", None, "„Stunden“ darf höchstens 45 sein."),
        (COUNT, "1.234", 1234, None),
        (COUNT, "1,0", 1, None),
        (COUNT, "1,5", None, NOT_WHOLE),
        (COUNT, "zwei", None, NOT_WHOLE),
        (COUNT, "0", 0, None),
        (YEAR, "2025", 2025, None),
        (YEAR, " 2025 ", 2025, None),
        (YEAR, "25", None, BAD_YEAR),
        (YEAR, "20250", None, BAD_YEAR),
        (YEAR, "2025.0", None, BAD_YEAR),
        (YEAR, "２０２５", None, BAD_YEAR),
        (YEAR, "", None, "Bitte füllen Sie das Feld „Jahr“ aus."),
    ],
)
def test_number_money_year(field: Field, raw: str, value: Any, message_text: str | None) -> None:
    parsed = parse(field, single(field, raw))
    assert (parsed.value, parsed.error) == (value, message_text)


def test_number_optional() -> None:
    for kind in ("number", "money", "year"):
        field = Field(id="x", type=kind, label="X", required=False)  # type: ignore[arg-type]
        assert parse(field, {"x": "  "}) == Parsed()


def test_year_limit_message_has_no_thousands_separator() -> None:
    field = Field(id="jahr", type="year", label="Jahr", min=2000, max=2030)
    assert error(field, {"jahr": "1999"}) == "„Jahr“ muss mindestens 2000 sein."


@pytest.mark.parametrize(("raw", "misread"), [("1,234.56", "1.23"), ("1,000.00", "1.00")])
def test_money_english_thousands_notation_is_not_misread(raw: str, misread: str) -> None:
    parsed = parse(MONEY, {"betrag": raw})
    assert parsed.value != misread
    assert parsed.error == BAD_MONEY


def test_money_huge_amount_does_not_crash() -> None:
    parsed = parse(MONEY, {"betrag": "9" * 30})
    assert parsed.error is not None or parsed.value is not None


# --- choices -----------------------------------------------------------------------------------------------
OPTIONS = (Option("kita", "Kita"), Option("tagespflege", "Tagespflege"), Option("beides", "Beides"))
CHOICE = Field(id="art", type="choice", label="Art", options=OPTIONS)
SELECT = Field(id="art", type="select", label="Art", options=OPTIONS, required=False)
YESNO = Field(id="jn", type="yesno", label="Allein")
MULTI = Field(id="gruende", type="multichoice", label="Gründe", options=OPTIONS)
MULTI_OPTIONAL = Field(id="gruende", type="multichoice", label="Gründe", options=OPTIONS, required=False)
MULTI_TWO = Field(id="gruende", type="multichoice", label="Gründe", options=OPTIONS, max_items=2)
MULTI_SETTING = Field(
    id="gruende",
    type="multichoice",
    label="Gründe",
    options=OPTIONS,
    max_items=3,
    max_items_setting="x.limit",
)
PICK = "Bitte wählen Sie bei „{}“ eine Antwort aus."
ONE_OF_THEM = "Bitte wählen Sie bei „{}“ eine der Antworten aus."


@pytest.mark.parametrize(
    ("field", "raw", "value", "message_text"),
    [
        (CHOICE, "kita", "kita", None),
        (CHOICE, ["beides", "kita"], "beides", None),
        (CHOICE, "Kita", None, ONE_OF_THEM.format("Art")),
        (CHOICE, "hort", None, ONE_OF_THEM.format("Art")),
        (CHOICE, "", None, PICK.format("Art")),
        (CHOICE, [], None, PICK.format("Art")),
        (SELECT, "", None, None),
        (SELECT, "tagespflege", "tagespflege", None),
        (SELECT, "x", None, ONE_OF_THEM.format("Art")),
        (YESNO, "ja", "ja", None),
        (YESNO, "nein", "nein", None),
        (YESNO, "Ja", None, ONE_OF_THEM.format("Allein")),
        (YESNO, "yes", None, ONE_OF_THEM.format("Allein")),
        (YESNO, "", None, PICK.format("Allein")),
        (MULTI, ["kita", "beides"], ["kita", "beides"], None),
        (MULTI, "kita", ["kita"], None),
        (MULTI, ["kita", "", "kita"], ["kita"], None),
        (MULTI, ["kita", "hort"], None, "Bitte wählen Sie bei „Gründe“ nur angebotene Antworten aus."),
        (MULTI, [], None, PICK.format("Gründe")),
        (MULTI, ["", ""], None, PICK.format("Gründe")),
        (MULTI_OPTIONAL, [], [], None),
        (MULTI_TWO, ["kita", "beides"], ["kita", "beides"], None),
        (MULTI_TWO, ["kita", "kita", "beides"], ["kita", "beides"], None),
        (
            MULTI_TWO,
            ["kita", "beides", "tagespflege"],
            None,
            "Bitte wählen Sie bei „Gründe“ höchstens 2 Antworten aus.",
        ),
    ],
)
def test_choices(field: Field, raw: Any, value: Any, message_text: str | None) -> None:
    parsed = parse(field, single(field, raw))
    assert (parsed.value, parsed.error) == (value, message_text)


@pytest.mark.parametrize(
    ("settings", "limit"),
    [({}, 3), ({"x.limit": 1}, 1), ({"x.limit": 2}, 2), ({"x.limit": 0}, 3), ({"x.limit": "2"}, 3)],
)
def test_multichoice_limit_from_setting(settings: dict[str, Any], limit: int) -> None:
    ctx = make_ctx(settings=settings)
    for n in range(1, 4):
        parsed = parse(MULTI_SETTING, {"gruende": [o.value for o in OPTIONS[:n]]}, ctx)
        if n <= limit:
            assert parsed.error is None
        else:
            assert parsed.error == f"Bitte wählen Sie bei „Gründe“ höchstens {limit} Antworten aus."


# --- address -----------------------------------------------------------------------------------------------
ADDRESS = Field(id="anschrift", type="address", label="Anschrift")
FULL = {"street": "Musterweg", "house_number": "5a", "postcode": "42103", "city": "Wuppertal"}
INCOMPLETE = "Bitte geben Sie bei „Anschrift“ Straße, Hausnummer, Postleitzahl und Ort an."
POSTCODE = "Bitte geben Sie eine Postleitzahl mit 5 Ziffern ein."


def _address(**parts: str) -> dict[str, str]:
    return {f"anschrift-{k}": v for k, v in {**FULL, **parts}.items()}


@pytest.mark.parametrize(
    ("values", "value", "message_text"),
    [
        (_address(), FULL, None),
        (_address(street=" Musterweg ", city="Wuppertal "), FULL, None),
        ({}, None, "Bitte füllen Sie das Feld „Anschrift“ aus."),
        (
            _address(street="", house_number="", postcode="", city=""),
            None,
            "Bitte füllen Sie das Feld „Anschrift“ aus.",
        ),
        (_address(street=""), None, INCOMPLETE),
        (_address(house_number=" "), None, INCOMPLETE),
        (_address(city=""), None, INCOMPLETE),
        (_address(postcode=""), None, POSTCODE),
        (_address(postcode="4210"), None, POSTCODE),
        (_address(postcode="421033"), None, POSTCODE),
        (_address(postcode="4210a"), None, POSTCODE),
        (_address(street="S" * 120), {**FULL, "street": "S" * 120}, None),
        (_address(street="S" * 121), None, "Bitte geben Sie bei „Anschrift“ höchstens 120 Zeichen ein."),
        (_address(city="O" * 121), None, "Bitte geben Sie bei „Anschrift“ höchstens 120 Zeichen ein."),
    ],
)
def test_address(values: dict[str, str], value: Any, message_text: str | None) -> None:
    parsed = parse(ADDRESS, values)
    assert (parsed.value, parsed.error) == (value, message_text)


def test_address_optional() -> None:
    field = Field(id="anschrift", type="address", label="Anschrift", required=False)
    assert parse(field, {}) == Parsed()
    assert parse(field, _address(street="")).error == INCOMPLETE


# --- people of the household -------------------------------------------------------------------------------
CHILD_FIELD = Field(id="child", type="child", label="Kind")
GUARDIAN_FIELD = Field(id="person", type="guardian", label="Person")
GONE = "Diese Person gibt es in Ihrem Haushalt nicht mehr. Bitte wählen Sie erneut aus."


@pytest.mark.parametrize(
    ("field", "raw", "value", "message_text"),
    [
        (CHILD_FIELD, "11", {"id": "11", "name": "Mila Beispiel", "birth_date": "2024-05-20"}, None),
        (CHILD_FIELD, "12", {"id": "12", "name": "Baby Beispiel", "expected_birth_date": "2026-07-01"}, None),
        (CHILD_FIELD, "99", None, GONE),
        (CHILD_FIELD, "21", None, GONE),  # a guardian is not a child
        (CHILD_FIELD, "", None, PICK.format("Kind")),
        (GUARDIAN_FIELD, "21", {"id": "21", "name": "Anna Beispiel", "relationship": "mutter"}, None),
        (GUARDIAN_FIELD, "22", {"id": "22", "name": "Ben Beispiel"}, None),
        (GUARDIAN_FIELD, "11", None, GONE),
        (GUARDIAN_FIELD, "", None, PICK.format("Person")),
    ],
)
def test_people(field: Field, raw: str, value: Any, message_text: str | None) -> None:
    parsed = parse(field, single(field, raw))
    assert (parsed.value, parsed.error) == (value, message_text)


def test_people_optional_and_empty_household() -> None:
    optional = Field(id="child", type="child", label="Kind", required=False)
    assert parse(optional, {}) == Parsed()
    empty = make_ctx(household=HouseholdSnapshot())
    assert error(CHILD_FIELD, {"child": "11"}, empty) == GONE


EMPLOYMENT = Field(
    id="employment",
    type="guardian_choice",
    label="Erwerbstätigkeit",
    options=(Option("vollzeit", "Vollzeit"), Option("nicht", "Nicht erwerbstätig")),
)
NO_GUARDIANS = "Bitte tragen Sie zuerst die sorgeberechtigten Personen in Ihrem Haushalt ein."


@pytest.mark.parametrize(
    ("values", "value", "message_text"),
    [
        (
            {"employment-21": "vollzeit", "employment-22": "nicht"},
            [
                {"guardian": "21", "name": "Anna Beispiel", "value": "vollzeit"},
                {"guardian": "22", "name": "Ben Beispiel", "value": "nicht"},
            ],
            None,
        ),
        (
            {"employment-22": "nicht", "employment-21": "vollzeit", "employment-99": "vollzeit"},
            [
                {"guardian": "21", "name": "Anna Beispiel", "value": "vollzeit"},
                {"guardian": "22", "name": "Ben Beispiel", "value": "nicht"},
            ],
            None,
        ),
        (
            {"employment-21": "vollzeit"},
            None,
            "Bitte wählen Sie bei „Erwerbstätigkeit“ für Ben Beispiel eine Antwort aus.",
        ),
        ({}, None, "Bitte wählen Sie bei „Erwerbstätigkeit“ für Anna Beispiel eine Antwort aus."),
        (
            {"employment-21": "vollzeit", "employment-22": "rentner"},
            None,
            ONE_OF_THEM.format("Erwerbstätigkeit"),
        ),
    ],
)
def test_guardian_choice(values: dict[str, str], value: Any, message_text: str | None) -> None:
    parsed = parse(EMPLOYMENT, values)
    assert (parsed.value, parsed.error) == (value, message_text)


def test_guardian_choice_without_guardians_and_optional() -> None:
    no_guardians = make_ctx(household=HouseholdSnapshot(children=HOUSEHOLD.children))
    assert error(EMPLOYMENT, {"employment-21": "vollzeit"}, no_guardians) == NO_GUARDIANS
    optional = msgspec.structs.replace(EMPLOYMENT, required=False)
    assert ok(optional, {"employment-22": "nicht"}) == [
        {"guardian": "22", "name": "Ben Beispiel", "value": "nicht"}
    ]
    assert ok(optional, {}) == []
    # Even an optional field asks for guardians first (see the report: questionable).
    assert error(optional, {}, no_guardians) == NO_GUARDIANS
    renamed = msgspec.structs.replace(EMPLOYMENT, messages={"required_person": "{name}: {label} fehlt"})
    assert error(renamed, {"employment-21": "nicht"}) == "Ben Beispiel: Erwerbstätigkeit fehlt"


# --- facility ranking --------------------------------------------------------------------------------------
WISHES = Field(
    id="wishes",
    type="facility_ranking",
    label="Wünsche",
    max_items=5,
    max_items_setting="kita.max_wishes",
)


def _wish(rank: int, fid: int, name: str, kind: str = "kita", sibling: bool = False) -> dict[str, Any]:
    return {"rank": rank, "facility": fid, "name": name, "kind": kind, "sibling": sibling}


@pytest.mark.parametrize(
    ("values", "value", "message_text"),
    [
        (
            {"wishes": ["102", "101"]},
            [_wish(1, 102, "Kita Regenbogen"), _wish(2, 101, "Kita Sonnenschein")],
            None,
        ),
        ({"wishes": "201"}, [_wish(1, 201, "Tagespflege Krümel", "tagespflege")], None),
        (
            {"wishes": ["101", "101", "102", "101"]},
            [_wish(1, 101, "Kita Sonnenschein"), _wish(2, 102, "Kita Regenbogen")],
            None,
        ),
        (
            {"wishes": ["abc", "0", "-1", "", "1.5", "101", str(2**31)]},
            [_wish(1, 101, "Kita Sonnenschein")],
            None,
        ),
        (
            {"wishes": ["101", "102"], "wishes-sibling": ["102", "103", "x"]},
            [_wish(1, 101, "Kita Sonnenschein"), _wish(2, 102, "Kita Regenbogen", sibling=True)],
            None,
        ),
        (
            {"wishes": ["101", "101", "102", "103"]},
            [
                _wish(1, 101, "Kita Sonnenschein"),
                _wish(2, 102, "Kita Regenbogen"),
                _wish(3, 103, "Kita Pusteblume"),
            ],
            None,
        ),
        (
            {"wishes": ["101", "102", "103", "104"]},
            None,
            "Sie können höchstens 3 Einrichtungen angeben. Bitte entfernen Sie eine.",
        ),
        (
            {"wishes": ["101", "999"]},
            None,
            "Eine gewählte Einrichtung gibt es nicht mehr. Bitte entfernen Sie sie aus der Liste.",
        ),
        ({"wishes": []}, None, "Bitte wählen Sie mindestens eine Einrichtung aus."),
        ({"wishes": ["abc"]}, None, "Bitte wählen Sie mindestens eine Einrichtung aus."),
        ({}, None, "Bitte wählen Sie mindestens eine Einrichtung aus."),
    ],
)
def test_facility_ranking(values: dict[str, Any], value: Any, message_text: str | None) -> None:
    assert TENANT.settings["kita.max_wishes"] == 3
    parsed = parse(WISHES, values)
    assert (parsed.value, parsed.error) == (value, message_text)


def test_facility_ranking_limit_falls_back_to_field() -> None:
    without_setting = make_ctx(settings={})
    four = {"wishes": ["101", "102", "103", "104"]}
    assert len(ok(WISHES, four, without_setting)) == 4
    five_and_one = {"wishes": ["101", "102", "103", "104", "201"]}
    assert len(ok(WISHES, five_and_one, without_setting)) == 5
    tighter = make_ctx(settings={"kita.max_wishes": 1})
    assert error(WISHES, {"wishes": ["101", "102"]}, tighter) == (
        "Sie können höchstens 1 Einrichtungen angeben. Bitte entfernen Sie eine."
    )
    optional = msgspec.structs.replace(WISHES, required=False)
    assert ok(optional, {}) == []


# --- proofs and declarations -------------------------------------------------------------------------------
PROOF = Field(
    id="nachweis",
    type="proof",
    label="Nachweis",
    proof=ProofSpec(kind="einkommen", accepted="PDF", max_pages=10),
)


@pytest.mark.parametrize(
    ("proofs", "value", "message_text"),
    [
        ({"nachweis": 1}, {"pages": 1}, None),
        ({"nachweis": 10}, {"pages": 10}, None),
        ({"nachweis": 11}, None, "Bitte laden Sie bei „Nachweis“ höchstens 10 Seiten hoch."),
        ({"nachweis": 0}, None, "Bitte laden Sie den Nachweis „Nachweis“ hoch."),
        ({}, None, "Bitte laden Sie den Nachweis „Nachweis“ hoch."),
        ({"anderer": 3}, None, "Bitte laden Sie den Nachweis „Nachweis“ hoch."),
    ],
)
def test_proof(proofs: dict[str, int], value: Any, message_text: str | None) -> None:
    parsed = parse(PROOF, {"nachweis": "ignored"}, make_ctx(proofs=proofs))
    assert (parsed.value, parsed.error) == (value, message_text)


def test_proof_optional() -> None:
    assert parse(msgspec.structs.replace(PROOF, required=False), {}) == Parsed()


DECLARATION = Field(id="wahr", type="declaration", label="Meine Angaben sind richtig.")


@pytest.mark.parametrize(
    ("required", "raw", "value", "message_text"),
    [
        (True, "ja", True, None),
        (True, ["ja"], True, None),
        (True, "", None, "Bitte bestätigen Sie: Meine Angaben sind richtig."),
        (True, "on", None, "Bitte bestätigen Sie: Meine Angaben sind richtig."),
        (True, "Ja", None, "Bitte bestätigen Sie: Meine Angaben sind richtig."),
        (False, "", False, None),
        (False, "ja", True, None),
    ],
)
def test_declaration(required: bool, raw: str, value: Any, message_text: str | None) -> None:
    field = msgspec.structs.replace(DECLARATION, required=required)
    parsed = parse(field, {"wahr": raw})
    assert (parsed.value, parsed.error) == (value, message_text)


# --- message overrides -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("messages", "values", "expected"),
    [
        ({"required": "„{label}“ fehlt noch."}, {}, "„Name“ fehlt noch."),
        ({"required": "Bitte {label} und {unbekannt}."}, {}, "Bitte Name und {unbekannt}."),
        (
            {"too_long": "Höchstens {n} Zeichen bei {label}."},
            {"name": "x" * 6},
            "Höchstens 5 Zeichen bei Name.",
        ),
        ({"required": "Ohne Platzhalter."}, {}, "Ohne Platzhalter."),
        ({"required": "Menge {a, b}"}, {}, "Menge {a, b}"),
        ({"invalid": "nicht benutzt"}, {}, "Bitte füllen Sie das Feld „Name“ aus."),
    ],
)
def test_message_overrides(messages: dict[str, str], values: dict[str, str], expected: str) -> None:
    field = Field(id="name", type="text", label="Name", max_length=5, messages=messages)
    assert error(field, values) == expected


def test_message_function_fills_label_and_values() -> None:
    field = Field(id="x", type="text", label="Feld {mit} Klammern")
    assert message(field, "k", "{label}: {n}", n=3) == "Feld {mit} Klammern: 3"
    assert message(field, "k", "{n} und {m}", n="1") == "1 und {m}"


@pytest.mark.parametrize("text", ["Klammer {} leer", "Nur } eine", "Position {0}"])
def test_message_with_stray_braces(text: str) -> None:
    field = Field(id="name", type="text", label="Name", messages={"required": text})
    try:
        problem = error(field, {})
    except ValueError:
        # Acceptable alternative: validate() refuses the definition at start-up.
        with pytest.raises(DefinitionError):
            validate(minimal_definition(field))
        return
    assert problem == text


# --- JSON-ready answers ------------------------------------------------------------------------------------
def test_every_parser_is_tested_and_answers_are_json_ready() -> None:
    samples: list[tuple[Field, dict[str, Any], Context]] = [
        (NAME, {"name": "Anna"}, CTX),
        (NOTE, {"note": "Text"}, CTX),
        (EMAIL, {"mail": "a@b.de"}, CTX),
        (PHONE, {"tel": "0202 1234"}, CTX),
        (IBAN, {"iban": "DE89370400440532013000"}, CTX),
        (BEGIN, date_parts("begin", D(2027, 8, 1)), CTX),
        (COUNT, {"anzahl": "3"}, CTX),
        (MONEY, {"betrag": "12,5"}, CTX),
        (YEAR, {"jahr": "2025"}, CTX),
        (CHOICE, {"art": "kita"}, CTX),
        (SELECT, {"art": "kita"}, CTX),
        (MULTI, {"gruende": ["kita"]}, CTX),
        (YESNO, {"jn": "ja"}, CTX),
        (ADDRESS, _address(), CTX),
        (CHILD_FIELD, {"child": "11"}, CTX),
        (GUARDIAN_FIELD, {"person": "21"}, CTX),
        (EMPLOYMENT, {"employment-21": "nicht", "employment-22": "nicht"}, CTX),
        (WISHES, {"wishes": ["101"]}, CTX),
        (PROOF, {}, make_ctx(proofs={"nachweis": 2})),
        (DECLARATION, {"wahr": "ja"}, CTX),
    ]
    assert {f.type for f, _, _ in samples} == set(PARSERS)
    for field, values, ctx in samples:
        value = ok(field, values, ctx)
        assert msgspec.json.decode(msgspec.json.encode(value)) == value, field.type
        assert display(field, value) and all(isinstance(line, str) for line in display(field, value))


# --- display -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value", "lines"),
    [
        (MONEY, "1234.5", ["1.234,50 €"]),
        (MONEY, "0.5", ["0,50 €"]),
        (MONEY, "1234567.89", ["1.234.567,89 €"]),
        (MONEY, "12", ["12,00 €"]),
        (MONEY, "0.00", ["0,00 €"]),
        (BEGIN, "2027-08-01", ["01.08.2027"]),
        (BEGIN, "2028-02-29", ["29.02.2028"]),
        (COUNT, 1234, ["1.234"]),
        (COUNT, 0, ["0"]),
        (HOURS, 35, ["35"]),
        (YEAR, 2025, ["2025"]),
        (CHOICE, "tagespflege", ["Tagespflege"]),
        (CHOICE, "alt", ["alt"]),
        (YESNO, "ja", ["Ja"]),
        (YESNO, "nein", ["Nein"]),
        (MULTI, ["kita", "beides"], ["Kita", "Beides"]),
        (ADDRESS, FULL, ["Musterweg 5a", "42103 Wuppertal"]),
        (
            CHILD_FIELD,
            {"id": "11", "name": "Mila Beispiel", "birth_date": "2024-05-20"},
            ["Mila Beispiel, geboren am 20.05.2024"],
        ),
        (
            CHILD_FIELD,
            {"id": "12", "name": "Baby Beispiel", "expected_birth_date": "2026-07-01"},
            ["Baby Beispiel, erwartet am 01.07.2026"],
        ),
        (GUARDIAN_FIELD, {"id": "21", "name": "Anna Beispiel", "relationship": "mutter"}, ["Anna Beispiel"]),
        (
            EMPLOYMENT,
            [
                {"guardian": "21", "name": "Anna Beispiel", "value": "vollzeit"},
                {"guardian": "22", "name": "Ben Beispiel", "value": "nicht"},
            ],
            ["Anna Beispiel: Vollzeit", "Ben Beispiel: Nicht erwerbstätig"],
        ),
        (
            WISHES,
            [_wish(1, 101, "Kita Sonnenschein"), _wish(2, 102, "Kita Regenbogen", sibling=True)],
            ["1. Kita Sonnenschein", "2. Kita Regenbogen – Geschwisterkind dort betreut"],
        ),
        (PROOF, {"pages": 1}, ["1 Seite hochgeladen"]),
        (PROOF, {"pages": 3}, ["3 Seiten hochgeladen"]),
        (DECLARATION, True, ["Bestätigt"]),
        (DECLARATION, False, ["Nicht bestätigt"]),
        (NAME, "Anna", ["Anna"]),
        (NAME, None, ["Keine Angabe"]),
        (NAME, "", ["Keine Angabe"]),
        (MULTI, [], ["Keine Angabe"]),
        (WISHES, [], ["Keine Angabe"]),
    ],
)
def test_display(field: Field, value: Any, lines: list[str]) -> None:
    assert display(field, value) == lines


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "0"),
        (999, "999"),
        (1000, "1.000"),
        (1234567, "1.234.567"),
        (Decimal("1234.5"), "1.234,50"),
        (0.5, "0,50"),
    ],
)
def test_format_number(number: Any, text: str) -> None:
    assert format_number(number) == text


def test_format_money_and_date() -> None:
    assert format_money(Decimal("1234.5")) == "1.234,50 €"
    assert format_money("1234.555") == "1.234,56 €"
    assert format_date(D(2027, 1, 5)) == "05.01.2027"
    assert format_date("") == ""
    assert format_date(None) == ""


def test_keys_of() -> None:
    values = {"a": "1", "a-day": "2", "ab": "3", "ab-day": "4", "b-a": "5"}
    assert keys_of("a", values) == ["a", "a-day"]
    assert keys_of("ab", values) == ["ab", "ab-day"]


def test_guardian_display_uses_option_labels_of_the_field() -> None:
    answers = [{"guardian": ANNA.id, "name": ANNA.name, "value": "unbekannt"}]
    assert display(EMPLOYMENT, answers) == ["Anna Beispiel: unbekannt"]
