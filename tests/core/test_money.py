"""Money: Swedish input parsed exactly into integer öre, and formatted back."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.core.money import (
    MoneyError,
    format_amount,
    format_money,
    format_number,
    kronor,
    parse_money,
)


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("4500", 450_000),
        ("4 500", 450_000),
        ("4\u00a0500", 450_000),
        ("4\u202f500", 450_000),
        ("4\u00a0500,50", 450_050),
        ("4 500 kr", 450_000),
        ("4 500,5 kr", 450_050),
        ("4500 KR", 450_000),
        ("4 500 kronor", 450_000),
        ("  12 ", 1_200),
        ("0,05", 5),
        ("0", 0),
        ("\u2212200", -20_000),
        ("\u22124 500,50", -450_050),
        ("-4 500", -450_000),
        ("1 234 567,89", 123_456_789),
    ],
)
@pytest.mark.checklist("D3")
def test_parse_money_reads_swedish_amounts(text, ore):
    assert parse_money(text) == ore


@pytest.mark.parametrize("text", ["4.500,50", "4.500", "4500.50", "4,500.50"])
@pytest.mark.checklist("D3")
def test_parse_money_refuses_a_decimal_point_with_a_swedish_message(text):
    with pytest.raises(MoneyError, match="decimalkomma"):
        parse_money(text)


@pytest.mark.parametrize("text", ["", "kr", "fyra", "4,505", "4 500,", "4,5,0", "--4", "4-"])
def test_parse_money_refuses_what_is_not_an_amount(text):
    with pytest.raises(MoneyError, match="Ange ett belopp"):
        parse_money(text)


def test_money_error_is_a_value_error():
    assert issubclass(MoneyError, ValueError)


def test_format_money_uses_no_break_spaces():
    assert format_money(450_000) == "4\u00a0500\u00a0kr"


@pytest.mark.parametrize(
    ("ore", "text"),
    [
        (0, "0\u00a0kr"),
        (5, "0,05\u00a0kr"),
        (450_050, "4\u00a0500,50\u00a0kr"),
        (123_456_789, "1\u00a0234\u00a0567,89\u00a0kr"),
        (None, ""),
    ],
)
def test_format_money_shows_ore_only_when_there_are_any(ore, text):
    assert format_money(ore) == text


@given(st.integers(min_value=-(10**13), max_value=10**13))
@pytest.mark.checklist("D3")
def test_parse_reads_back_what_format_writes(ore):
    assert parse_money(format_money(ore)) == ore


@given(st.integers(min_value=0, max_value=10**11))
def test_parse_reads_plain_kronor_and_ore(ore):
    kronor, rest = divmod(ore, 100)
    assert parse_money(f"{kronor},{rest:02d}") == ore


@pytest.mark.parametrize(("ore", "text"), [
    (-450_000, "-4\u00a0500\u00a0kr"), (-50, "-0,50\u00a0kr"),
    (-450_050, "-4\u00a0500,50\u00a0kr")])
def test_format_money_writes_negative_amounts(ore, text):
    assert format_money(ore) == text


def test_whole_kronor_drops_the_ore_for_charts():
    assert format_money(450_099, whole=True) == "4\u00a0500\u00a0kr"


@pytest.mark.parametrize(("ore", "amount"), [
    (450_000, Decimal("4500")), (450_050, Decimal("4500.50")), (1, Decimal("0.01")),
    (-199, Decimal("-1.99")), (None, None)])
def test_kronor_is_exact(ore, amount):
    assert kronor(ore) == amount
    assert ore is None or isinstance(kronor(ore), Decimal)


def test_a_money_field_shows_the_amount_without_kr():
    assert format_amount(450_050) == "4\u00a0500,50"
    assert parse_money(format_amount(450_050)) == 450_050
    assert format_amount(None) == ""


@pytest.mark.parametrize(("value", "digits", "text"), [
    (72.5, 1, "72,5"), (72.0, 1, "72,0"), (2.5, None, "2,5"), (3.0, None, "3"),
    (0.1 + 0.2, None, "0,3"), (12345.5, 1, "12345,5"), (None, 1, "")])
def test_format_number_writes_a_decimal_comma(value, digits, text):
    assert format_number(value, digits) == text
