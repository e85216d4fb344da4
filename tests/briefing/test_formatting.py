from decimal import Decimal

import pytest

from industry_briefing.briefing import formatting as f


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.675, "2.68"),  # a float just below the half: half-up on the written value
        (2.665, "2.67"),  # round() and '%.2f' give 2.67/2.66 here: half-even or binary
        (1.005, "1.01"),
        (0.125, "0.13"),
        (-2.675, "-2.68"),  # half away from zero
        (192.10, "192.1"),  # trailing zeros dropped
        (29.0, "29"),
        (0.004, "0"),  # never '-0' or '0.00'
        (-0.004, "0"),
        (15.149842271293377, "15.15"),
    ],
)
def test_format_number_rounds_half_up_and_drops_trailing_zeros(value, expected):
    assert f.format_number(value) == expected


def test_round_half_up_differs_from_python_round():
    assert round(0.125, 2) == 0.12
    assert f.round_half_up(0.125) == Decimal("0.13")


def test_given_rate_is_shown_as_given():
    assert f.format_pct(27.6, given=True) == "27.6%"
    assert f.format_pct(259.0, given=True) == "259%"
    assert f.format_pct(3.125, given=True) == "3.125%"  # not rounded: it is the official figure
    assert f.format_pct(3.125) == "3.13%"


def test_amount_in_yi_yuan():
    assert f.format_amount(7.540000000000001) == "7.54亿元"
    assert f.format_amount(3.0) == "3亿元"


@pytest.mark.parametrize(
    ("growth", "expected"),
    [
        (259.0, "为去年同期的3.59倍（推算），同比增长259%"),  # the multiple computed: marked
        (100.0, "为去年同期的2倍（推算），同比增长100%"),
        (27.6, "同比增长27.6%"),
        (-5.2, "同比下降5.2%"),
        (0.0, "与去年同期持平"),
    ],
)
def test_growth_phrase_uses_multiple_from_100_percent(growth, expected):
    assert f.growth_phrase(growth, given=True) == expected


def test_a_printed_multiple_is_said_as_printed_and_unmarked():
    phrase = f.growth_phrase(259.0, given=True, printed_multiple=Decimal("3.59"))
    assert phrase == "为去年同期的3.59倍，同比增长259%"


def test_growth_phrase_never_says_increase_by_multiple():
    assert "增长3.59倍" not in f.growth_phrase(259.0, given=True)


def test_computed_growth_is_rounded():
    assert f.growth_phrase(27.60499, given=False) == "同比增长27.6%"
    assert f.growth_phrase(27.605, given=False) == "同比增长27.61%"


def test_difference_to_time_progress_in_percentage_points():
    # The seed: output at 192.1/1268 = 15.1498% of target after 2 of 12 months (16.6667%).
    assert f.versus_progress(192.1 / 1268 * 100, 200 / 12) == "落后时间进度1.52个百分点"
    assert f.versus_progress(20.0, 200 / 12) == "快于时间进度3.33个百分点"
    assert f.versus_progress(16.666, 200 / 12) == "与时间进度持平"
    assert f.versus_progress(30.0, 25.0, "计划进度") == "快于计划进度5个百分点"


def test_points_are_from_unrounded_rates():
    # 15.145 and 16.6649 would each round to 15.15 and 16.66 (gap 1.51); unrounded gap 1.5199.
    assert f.format_points(15.145 - 16.6649) == "-1.52"
    assert f.format_points(0.3) == "+0.3"


def test_missing_number_is_an_error_not_nan_text():
    with pytest.raises(ValueError, match="missing or infinite"):
        f.format_number(float("nan"))
