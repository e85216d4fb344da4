"""Single-month values from cumulative releases, with the differences worked out by hand."""

import pandas as pd
import pytest

from industry_briefing.analysis.series import monthly_from_cumulative, target_changes


def releases(rows, columns=("period", "value")) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


def by_period(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("period")


def test_first_release_is_its_own_increment_then_single_months():
    result = by_period(monthly_from_cumulative(releases([("2011-02", 192.1), ("2011-03", 300.5)])))
    # 1-2月 is the year's first release: 192.1 covers January and February.
    assert result.loc["2011-02", "months"] == "1-2月"
    assert result.loc["2011-02", "increment"] == pytest.approx(192.1)
    assert pd.isna(result.loc["2011-02", "previous_period"])
    # March alone: 300.5 − 192.1 = 108.4.
    assert result.loc["2011-03", "months"] == "3月"
    assert result.loc["2011-03", "increment"] == pytest.approx(108.4)
    assert result.loc["2011-03", "previous_period"] == "2011-02"
    assert not result["gap"].any()
    assert not result["falling"].any()


def test_a_january_release_splits_the_first_two_months():
    result = by_period(monthly_from_cumulative(releases([("2011-01", 90), ("2011-02", 192.1)])))
    assert result.loc["2011-01", "months"] == "1月"
    assert result.loc["2011-02", "months"] == "2月"
    assert result.loc["2011-02", "increment"] == pytest.approx(102.1)  # 192.1 − 90


def test_missing_month_covers_two_months_and_is_flagged():
    result = by_period(
        monthly_from_cumulative(releases([("2011-02", 10), ("2011-03", 15), ("2011-05", 30)]))
    )
    # No 1-4月 release: 30 − 15 = 15 is April and May together.
    assert result.loc["2011-05", "months"] == "4-5月"
    assert result.loc["2011-05", "increment"] == 15
    assert result.loc["2011-05", "gap"]
    assert not result.loc["2011-03", "gap"]


def test_year_starting_after_the_first_release_is_a_gap():
    result = by_period(monthly_from_cumulative(releases([("2011-03", 300.5)])))
    assert result.loc["2011-03", "months"] == "1-3月"
    assert result.loc["2011-03", "increment"] == pytest.approx(300.5)
    assert result.loc["2011-03", "gap"]  # the 1-2月 release is missing


def test_falling_cumulative_is_flagged_not_dropped():
    result = by_period(
        monthly_from_cumulative(releases([("2011-04", 30), ("2011-05", 28), ("2011-06", 33)]))
    )
    # 28 − 30 = −2: a revision or a slip; June is still differenced against May's 28.
    assert len(result) == 3
    assert result.loc["2011-05", "increment"] == -2
    assert result.loc["2011-05", "falling"]
    assert result.loc["2011-06", "increment"] == 5
    assert not result.loc["2011-06", "falling"]


def test_years_never_mix():
    result = by_period(monthly_from_cumulative(releases([("2010-12", 1100.0), ("2011-02", 192.1)])))
    # 2011-02 is not 192.1 − 1100: a new year's cumulative starts from January.
    assert result.loc["2011-02", "increment"] == pytest.approx(192.1)
    assert result.loc["2011-02", "months"] == "1-2月"
    assert not result.loc["2011-02", "falling"]
    assert result.loc["2010-12", "months"] == "1-12月"


def test_keys_keep_series_apart():
    frame = releases(
        [
            ("2011-03", "industrial_output", 300.5),
            ("2011-02", "industrial_investment", 29.0),
            ("2011-02", "industrial_output", 192.1),
            ("2011-03", "industrial_investment", 45.0),
        ],
        columns=("period", "indicator", "value"),
    )
    result = monthly_from_cumulative(frame, keys=["indicator"])
    march = result.loc[result["period"] == "2011-03"].set_index("indicator")["increment"]
    assert march["industrial_output"] == pytest.approx(108.4)  # 300.5 − 192.1
    assert march["industrial_investment"] == pytest.approx(16)  # 45 − 29
    # Sorted by key, then period.
    assert result["indicator"].tolist() == ["industrial_investment"] * 2 + ["industrial_output"] * 2


def test_another_value_column_such_as_parks_completed():
    frame = releases(
        [("2011-02", "修文医药产业园区", 0.65), ("2011-03", "修文医药产业园区", 1.2)],
        columns=("period", "park", "completed"),
    )
    result = monthly_from_cumulative(frame, keys=["park"], value="completed")
    assert result["increment"].tolist() == pytest.approx([0.65, 0.55])


def test_a_release_without_a_value_is_skipped_over():
    result = by_period(
        monthly_from_cumulative(releases([("2011-02", 10), ("2011-03", None), ("2011-04", 22)]))
    )
    assert pd.isna(result.loc["2011-03", "increment"])
    # April is differenced against the last known figure (1-2月): 22 − 10 = 12 over 3-4月.
    assert result.loc["2011-04", "increment"] == 12
    assert result.loc["2011-04", "months"] == "3-4月"
    assert result.loc["2011-04", "gap"]


def test_input_is_not_modified():
    frame = releases([("2011-03", 15), ("2011-02", 10)])
    before = frame.copy()
    monthly_from_cumulative(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_duplicate_releases_are_refused():
    with pytest.raises(ValueError, match="more than one row"):
        monthly_from_cumulative(releases([("2011-02", 10), ("2011-02", 11)]))


def test_target_changes_between_releases():
    frame = releases(
        [
            ("2010-12", "parks", 180.0),
            ("2011-02", "parks", 198.5),  # a new year: not a change
            ("2011-03", "parks", 198.5),
            ("2011-04", "parks", None),  # not given this month: not a change
            ("2011-05", "parks", 210.0),  # raised from 198.5 (1-3月)
            ("2011-02", "output", 1268.0),
            ("2011-03", "output", 1268.0),
        ],
        columns=("period", "item", "annual_target"),
    )
    changes = target_changes(frame, keys=["item"])
    assert changes.to_dict("records") == [
        {
            "item": "parks",
            "period": "2011-05",
            "previous_period": "2011-03",
            "previous_target": 198.5,
            "target": 210.0,
        }
    ]


def test_no_target_changes_gives_an_empty_frame_with_the_columns():
    frame = releases(
        [("2011-02", "output", 1268.0), ("2011-03", "output", 1268.0)],
        columns=("period", "indicator", "annual_target"),
    )
    changes = target_changes(frame, keys=["indicator"])
    assert changes.empty
    assert list(changes.columns) == [
        "indicator",
        "period",
        "previous_period",
        "previous_target",
        "target",
    ]


def test_a_flat_month_is_not_falling():
    # 乌当医药食品工业园区 at 0.1 in 1-2月 and still 0.1 in 1-3月: nothing done in March.
    result = by_period(monthly_from_cumulative(releases([("2011-02", 0.1), ("2011-03", 0.1)])))
    assert result.loc["2011-03", "increment"] == 0
    assert not result.loc["2011-03", "falling"]
