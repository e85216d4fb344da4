"""A long list cut to what the 简报 prints: the first rows, the rest counted and summed."""

import pandas as pd

from industry_briefing.analysis.shortlist import largest_first_if_cut, shortlist, top_and_bottom


def _frame(amounts: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"name": [f"项目{i}" for i in range(len(amounts))], "amount": amounts})


def test_a_long_list_keeps_its_first_rows_and_sums_the_rest():
    short = shortlist(_frame([5.0, 4.0, 3.0, 2.5, 1.25]), 2, ["amount"])
    assert list(short.shown["name"]) == ["项目0", "项目1"]
    assert short.rest == 3
    assert short.rest_sums == {"amount": 6.75}
    assert not short.whole


def test_a_list_within_the_limit_or_one_over_is_printed_whole():
    for amounts in ([1.0, 2.0], [1.0, 2.0, 3.0]):
        short = shortlist(_frame(amounts), 2, ["amount"])
        assert short.whole and short.rest == 0 and short.rest_sums == {}
        assert list(short.shown["amount"]) == amounts


def test_the_input_order_stays_unless_the_list_is_cut():
    frame = _frame([1.0, 9.0, 3.0])
    assert list(largest_first_if_cut(frame, 2, "amount")["amount"]) == [1.0, 9.0, 3.0]
    assert list(largest_first_if_cut(frame, 1, "amount")["amount"]) == [9.0, 3.0, 1.0]


def test_a_long_ranking_keeps_its_top_and_bottom_and_sums_the_middle():
    short = top_and_bottom(_frame([9.0, 8.0, 7.0, 6.0, 5.0, 4.0]), 2, 1, ["amount"])
    assert list(short.shown["amount"]) == [9.0, 8.0]
    assert short.rest == 3 and short.rest_sums == {"amount": 18.0}
    assert short.tail is not None and list(short.tail["amount"]) == [4.0]


def test_a_short_ranking_is_printed_whole():
    short = top_and_bottom(_frame([9.0, 8.0, 7.0, 6.0]), 2, 1, ["amount"])
    assert short.whole and short.tail is None
    assert list(short.shown["amount"]) == [9.0, 8.0, 7.0, 6.0]
