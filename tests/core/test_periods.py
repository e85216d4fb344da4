from fractions import Fraction

import pytest

from industry_briefing.briefing import labels
from industry_briefing.core.periods import WHOLE, Period, PeriodError, releases_read, tables_read


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


@pytest.mark.parametrize(
    ("text", "quarter", "label", "end_month", "remaining"),
    [
        ("2011-01", 1, "一季度", 3, 11),
        ("2011-02", 1, "一季度", 3, 10),  # the seed: 1-2月, ten months to go
        ("2011-03", 1, "一季度", 3, 9),
        ("2011-04", 2, "二季度", 6, 8),
        ("2011-06", 2, "二季度", 6, 6),
        ("2011-07", 3, "三季度", 9, 5),
        ("2011-10", 4, "四季度", 12, 2),
        ("2011-12", 4, "四季度", 12, 0),
    ],
)
def test_quarter_and_months_remaining(text, quarter, label, end_month, remaining):
    period = Period.parse(text)
    assert period.quarter == quarter
    assert labels.quarter_label(period.quarter, "zh") == label
    assert period.quarter_end_month == end_month
    assert period.months_remaining == remaining


@pytest.mark.parametrize(
    ("text", "opening"),
    [("2011-02", True), ("2011-03", True), ("2011-01", True), ("2011-04", False)],
)
def test_first_quarter_releases_are_the_opening_checks(text, opening):
    # 开门红 is judged on the first quarter's releases (1-2月, 1-3月; 1月 where published).
    assert Period.parse(text).is_first_quarter_opening is opening


def test_previous_period_stays_within_the_year():
    assert Period.parse("2011-03").previous == Period(2011, 2)
    assert Period.parse("2011-12").previous == Period(2011, 11)
    # 2011-02 (1-2月) follows 2011-01, which may have no release; never 2010-12.
    assert Period.parse("2011-02").previous == Period(2011, 1)
    assert Period.parse("2011-01").previous is None


def test_a_month_reads_its_year_so_far_whole_and_last_year_s_indicators():
    march = Period(2012, 3)
    assert tables_read(march, Period(2012, 2)) == tables_read(march, march) == WHOLE
    assert tables_read(march, Period(2011, 6)) == {"indicators"}
    assert tables_read(march, Period(2012, 4)) == tables_read(march, Period(2010, 12)) == set()
    assert releases_read(march, [Period(y, m) for y in (2010, 2011, 2012) for m in (2, 12)]) == [
        Period(2011, 2),
        Period(2011, 12),
        Period(2012, 2),
    ]
