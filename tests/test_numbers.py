from decimal import Decimal

import pytest

from lkjcheck.read.numbers import NumberFormatError, format_decimal, format_percent, format_rupiah, parse_number

CASES = [
    # written, value, decimals, kind
    ("99,01%", "99.01", 2, "percent"),
    ("Rp 59.900.669.261", "59900669261", 0, "rupiah"),
    ("Rp. 59,900,669,261", "59900669261", 0, "rupiah"),
    ("1.234.567,89", "1234567.89", 2, "number"),
    ("93.61%", "93.61", 2, "percent"),
    ("99,97.%", "99.97", 2, "percent"),
    ("Rp 37.763.827.000.-", "37763827000", 0, "rupiah"),
    ("Rp 31.316.375.000 . -", "31316375000", 0, "rupiah"),
    ("Rp 28.012.583.090,-", "28012583090", 0, "rupiah"),
    ("87,5%", "87.5", 1, "percent"),
    ("1.234", "1234", 0, "number"),
    ("1,5", "1.5", 1, "number"),
    ("66,96 miliar", "66960000000", 2, "number"),
    ("-5,5", "-5.5", 1, "number"),
    ("(1.000)", "-1000", 0, "number"),
]


@pytest.mark.parametrize("text,value,decimals,kind", CASES)
def test_parses_indonesian_forms(text, value, decimals, kind):
    p = parse_number(text)
    assert p.value == Decimal(value)
    assert p.decimals == decimals
    assert p.kind == kind


def test_precision_is_half_the_last_written_digit():
    assert parse_number("99,01%").radius == Decimal("0.005")
    assert parse_number("100%").radius == Decimal("0.5")
    assert parse_number("66,96 miliar").radius == Decimal("5000000")


@pytest.mark.parametrize("text", ["Rp 28. 146,626.000-", "99,0x%", "1.23.4", "Rp 1.2345.678", "", "Rp", "12%%", "1,234,56.7"])
def test_refuses_what_a_reader_could_not_read(text):
    with pytest.raises(NumberFormatError):
        parse_number(text)


def test_comma_before_three_digits_is_thousands_only_in_rupiah():
    assert parse_number("1,234").value == Decimal("1.234")
    assert parse_number("Rp 1,234").value == 1234


def test_formatting():
    assert format_rupiah(59900669261) == "Rp 59.900.669.261"
    assert format_rupiah(59900669261, "en") == "Rp 59,900,669,261"
    assert format_percent(99.0146) == "99,01%"
    assert format_decimal(Decimal("1234.5"), 1) == "1.234,5"
