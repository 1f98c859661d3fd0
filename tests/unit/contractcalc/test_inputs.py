"""Reading numbers as people type them: separators, percent, and everything that is not a number."""

from __future__ import annotations

import pytest
from contractcalc import InputError
from contractcalc.inputs import parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1000", 1000.0),
        ("1,000", 1000.0),
        ("1,234,567.89", 1234567.89),
        ("1 234 567.89", 1234567.89),
        ("1\u00a0000", 1000.0),  # a no-break space, as pasted from a spreadsheet
        ("  42  ", 42.0),
        ("+3", 3.0),
        ("-0.5", -0.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("１２３", 123.0),  # full-width digits from a Chinese input method
    ],
)
def test_accepts_numbers_as_typed(text: str, expected: float) -> None:
    assert parse_number(text, "price") == expected


def test_percent_fields_return_fractions() -> None:
    assert parse_number("20", "change", percent=True) == 0.2
    assert parse_number("20%", "change", percent=True) == 0.2
    assert parse_number("-2.5 %", "change", percent=True) == -0.025


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "not_a_number"),
        ("12,34", "not_a_number"),  # a decimal comma is ambiguous: refuse, don't guess
        ("1.2.3", "not_a_number"),
        ("NaN", "not_finite"),
        ("-Infinity", "not_finite"),
        ("1e999", "not_finite"),
        ("9" * 10_000, "not_a_number"),
        ("<script>alert(1)</script>", "not_a_number"),
        ("20%", "not_a_number"),  # a percent sign in a field that is not a percent
    ],
)
def test_rejects_what_is_not_a_finite_number(text: str, code: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_number(text, "price")
    assert (caught.value.field, caught.value.code) == ("price", code)


def test_rejects_non_text() -> None:
    with pytest.raises(InputError):
        parse_number(None, "price")  # type: ignore[arg-type]
