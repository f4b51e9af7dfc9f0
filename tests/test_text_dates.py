"""Indonesian dates (lkjcheck.read.dates, shared with the table loader) and number words."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from lkjcheck.read.dates import DateFormatError, DateInterval, format_date, parse_date
from lkjcheck.checks.text.terbilang import number_to_words, words_to_number


@pytest.mark.parametrize("text,first,last,precision", [
    ("17 Januari 2024", date(2024, 1, 17), date(2024, 1, 17), "day"),
    ("2 agustus 2024", date(2024, 8, 2), date(2024, 8, 2), "day"),
    ("tanggal 17 Desember 2024", date(2024, 12, 17), date(2024, 12, 17), "day"),
    ("pada tanggal 2 Agustus 2024", date(2024, 8, 2), date(2024, 8, 2), "day"),
    ("Rabu, 27 November 2024", date(2024, 11, 27), date(2024, 11, 27), "day"),
    ("27 Nopember 2024", date(2024, 11, 27), date(2024, 11, 27), "day"),
    ("17 Jan 2024", date(2024, 1, 17), date(2024, 1, 17), "day"),
    ("Januari 2025", date(2025, 1, 1), date(2025, 1, 31), "month"),
    ("Februari 2024", date(2024, 2, 1), date(2024, 2, 29), "month"),
    ("2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
    ("2024-01-17", date(2024, 1, 17), date(2024, 1, 17), "day"),
    ("17/01/2024", date(2024, 1, 17), date(2024, 1, 17), "day"),
    ("17-01-2024", date(2024, 1, 17), date(2024, 1, 17), "day"),
    ("01/2025", date(2025, 1, 1), date(2025, 1, 31), "month"),
    ("  17  Januari   2024. ", date(2024, 1, 17), date(2024, 1, 17), "day"),
])
def test_parse_date(text, first, last, precision):
    assert parse_date(text) == DateInterval(first, last, precision)


def test_date_objects_pass_through():
    assert parse_date(date(2025, 1, 17)).precision == "day"
    assert parse_date(datetime(2025, 1, 17, 9, 30)).first == date(2025, 1, 17)


@pytest.mark.parametrize("text,reason", [
    ("31 Februari 2024", "tidak ada"),
    ("29 Februari 2023", "hanya 28 hari"),
    ("2024-13-01", "bulan 13"),
    ("32/01/2024", "tidak ada"),
    ("17 Brumaire 2024", "nama bulan"),
    ("kemarin", "bukan tanggal"),
    ("", "kosong"),
    ("17 Januari 0024", "rentang"),
])
def test_impossible_or_unreadable_dates(text, reason):
    with pytest.raises(DateFormatError) as e:
        parse_date(text)
    assert reason in e.value.reason_id and e.value.reason_en


def test_extra_month_names():
    assert parse_date("5 Djanuari 2024", months={"djanuari": 1}).first == date(2024, 1, 5)


def test_interval_comparisons():
    jan = parse_date("Januari 2025")
    assert not jan.certainly_before(parse_date("20 Januari 2025"))
    assert jan.certainly_before(parse_date("1 Februari 2025"))
    assert parse_date("17 Januari 2024").certainly_before(jan)
    assert jan.contains(date(2025, 1, 31)) and not jan.contains(date(2025, 2, 1))
    assert jan.format("en") == "January 2025" and parse_date("2024").format() == "2024"
    assert format_date(date(2024, 8, 2)) == "2 Agustus 2024"


@pytest.mark.parametrize("n", [0, 1, 7, 10, 11, 12, 19, 20, 21, 99, 100, 101, 110, 111, 999, 1000, 1001, 1100,
                               21000, 100000, 1000000, 1001000, 66964726000, 59900669261, 123456789012345])
def test_words_round_trip(n):
    assert words_to_number(number_to_words(n)) == n


@pytest.mark.parametrize("words,n", [
    ("enam puluh enam milyar Sembilan ratus enam puluh empat juta tujuh ratus dua puluh enam ribu rupiah",
     66964726000),
    ("Satu Ratus Ribu", 100000), ("satu ribu", 1000), ("seribu", 1000), ("sebelas", 11), ("sepuluh", 10),
    ("duapuluh lima", 25), ("dua-puluh lima", 25), ("lima belas", 15), ("satu juta seribu", 1001000),
    ("tiga trilyun", 3 * 10**12),
])
def test_spellings(words, n):
    assert words_to_number(words) == n


@pytest.mark.parametrize("words", ["performance plan", "dua tiga", "puluh", "lima puluh ratus",
                                   "dua ribu tiga juta", "ribu", "", "nol lima", "dua puluh tiga puluh"])
def test_not_number_words(words):
    assert words_to_number(words) is None
