from fractions import Fraction

import pytest

from industry_briefing.periods import Period, PeriodError


def test_first_release_of_the_year_is_january_to_february():
    period = Period.parse("2011-02")
    assert period.label == "1-2月"
    assert period.months_elapsed == 2
    assert period.time_progress == Fraction(1, 6)
    assert str(period) == "2011-02"


def test_january_alone_and_december():
    assert Period.parse("2011-01").label == "1月"
    assert Period.parse("2011-12").label == "1-12月"
    assert Period.parse("2011-12").time_progress == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2011-13", "has month 13; months run from 01 to 12"),
        ("2011-00", "has month 00"),
        ("2011-2", "is not of the form YYYY-MM"),
        ("11-02", "is not of the form YYYY-MM"),
        ("../../etc", "is not of the form YYYY-MM"),
        ("2011-02-01", "is not of the form YYYY-MM"),
    ],
)
def test_malformed_periods_are_rejected_with_a_reason(text, message):
    with pytest.raises(PeriodError, match=message):
        Period.parse(text)


def test_periods_sort_chronologically():
    periods = [Period.parse(p) for p in ("2011-10", "2010-12", "2011-02")]
    assert [str(p) for p in sorted(periods)] == ["2010-12", "2011-02", "2011-10"]
