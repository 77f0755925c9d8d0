"""Organisation numbers (Luhn-checked) and the personnummer detector."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from registry.core.identifiers import (
    contains_personnummer,
    is_personal_number,
    luhn_ok,
    normalise_org_number,
)


def _with_check_digit(nine_digits):
    check = next(d for d in "0123456789" if luhn_ok(nine_digits + d))
    return nine_digits + check


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("556036-0793", "556036-0793"),
        ("5560360793", "556036-0793"),
        (" 802002-4280 ", "802002-4280"),
        ("212000-0142", "212000-0142"),
    ],
)
@pytest.mark.checklist("D2")
def test_valid_org_numbers_are_accepted_and_normalised(text, normalised):
    assert normalise_org_number(text) == normalised


@pytest.mark.parametrize("text", ["556036-0794", "5560360790", "212000-0143"])
@pytest.mark.checklist("D2")
def test_a_wrong_check_digit_is_refused(text):
    with pytest.raises(ValueError, match="kontrollsiffra"):
        normalise_org_number(text)


@pytest.mark.parametrize("text", ["", "556036", "556036-079", "55603607931", "556036 0793",
                                  "AB556036-0793", "556036--0793", "19556036-0793"])
def test_malformed_org_numbers_are_refused(text):
    with pytest.raises(ValueError, match="NNNNNN-NNNN"):
        normalise_org_number(text)


@given(nine_digits)
@pytest.mark.checklist("D2")
def test_every_number_with_its_luhn_digit_is_accepted(digits):
    number = _with_check_digit(digits)
    assume(not is_personal_number(number))  # a sole trader's number: refused (A10)
    assert normalise_org_number(number) == f"{number[:6]}-{number[6:]}"


@given(nine_digits, st.integers(min_value=0, max_value=9), st.sampled_from("0123456789"))
@pytest.mark.checklist("D2")
def test_any_single_digit_substitution_is_refused(digits, position, replacement):
    number = _with_check_digit(digits)
    assume(number[position] != replacement)
    mutated = number[:position] + replacement + number[position + 1:]
    with pytest.raises(ValueError):
        normalise_org_number(mutated)


@pytest.mark.parametrize(
    "text",
    [
        "19850709-9805",  # a Skatteverket test number (birth number 980), 12 digits
        "850709-9805",
        "8507099805",
        "19850709+9805",
        "Klienten 850709-9805 har flyttat",
        "189001019802",  # test number, 1890-01-01
        "701063-2391",  # samordningsnummer: day 03 + 60
        "19701063-2391",
    ],
)
@pytest.mark.checklist("D1")
def test_personnummer_and_samordningsnummer_are_detected(text):
    assert contains_personnummer(text)


@pytest.mark.parametrize(
    "text",
    [
        "JFL-DEMO-0001",
        "SOL-2026-0042",
        "Dnr KS 2026/123",
        "2026-11-22",
        "850709-9806",  # wrong check digit
        "851309-9805",  # month 13
        "850792-9805",  # day 92 is neither a date nor a samordningsnummer
        "556036-0793",  # an organisation number (month 60)
        "",
        None,
    ],
)
@pytest.mark.checklist("D1")
def test_other_text_is_not_taken_for_a_personnummer(text):
    assert not contains_personnummer(text)


@pytest.mark.parametrize("text", ["850709-9805", "8507099805", "19850709-9805", "850709 9805",
                                  "701063-2391", "850709\u20139805"])
@pytest.mark.checklist("A10")
def test_a_sole_traders_number_is_refused_as_an_organisation_number_saying_why(text):
    with pytest.raises(ValueError, match="enskild firma"):
        normalise_org_number(text)


@pytest.mark.parametrize(("text", "normalised"), [("556036\u20130793", "556036-0793"),
                                                  ("５５６０３６－０７９３", "556036-0793")])
def test_an_organisation_number_is_read_with_any_dash_and_full_width_digits(text, normalised):
    assert normalise_org_number(text) == normalised
