"""The findings a 简报 prints (附表2): the city's figures first, then the largest amount in
doubt first, cut at the profile's number, the rest counted by kind; nothing cut when they are
few. Findings made by hand: no rendering, no model."""

import pytest

from industry_briefing.analysis.findings import (
    OK,
    PARTS_SUM,
    PRIOR,
    RATES,
    UNITS,
    WARNING,
    Amount,
    DistrictIndicator,
    Finding,
    Group,
    Indicator,
    Name,
    Points,
)
from industry_briefing.analysis.findings_brief import brief_findings, in_doubt, ranked


def rate_off(name: str, prior: float, points: float) -> Finding:
    """An enterprise whose stated growth is `points` off the growth its prior gives."""
    fields = {"prior": Amount(prior), "difference": Points(points)}
    return Finding(RATES, Name(name), WARNING, "rate_off", fields)


def no_prior(name: str) -> Finding:
    return Finding(PRIOR, Name(name), WARNING, "no_prior")


def enterprises(count: int) -> list[Finding]:
    """`count` rate findings, the i-th of prior i亿元 and 10 points off (0.1·i亿元 in doubt)."""
    return [rate_off(f"企业{i:03d}", float(i), 10.0) for i in range(1, count + 1)]


def test_the_amount_in_doubt_is_the_gap_the_check_measured():
    assert in_doubt(rate_off("甲", 2.0, 15.0)) == pytest.approx(0.3)  # 2亿元 × 15个百分点
    over = {"difference": Amount(0.5), "parts": Amount(10.5), "total": Amount(10.0)}
    assert in_doubt(Finding(PARTS_SUM, Indicator("x"), WARNING, "sum_over", over)) == 0.5
    slip = {"value": Amount(1200.0), "prior": Amount(1.1)}
    assert in_doubt(Finding(UNITS, Name("乙"), WARNING, "ratio_off", slip)) == 1198.9
    assert in_doubt(no_prior("丙")) == 0


def test_largest_first_and_the_city_s_figures_before_an_enterprise_s():
    small, large, middle = (
        rate_off("小", 1.0, 5.0),
        rate_off("大", 9.0, 30.0),
        rate_off("中", 3.0, 20.0),
    )
    city = Finding(PRIOR, Indicator("fixed_asset_investment"), WARNING, "no_prior")
    district_fields = {"difference": Amount(0.2), "parts": Amount(1.0), "total": Amount(1.2)}
    district = Finding(
        PARTS_SUM, DistrictIndicator("白云区", "x"), WARNING, "sum_short", district_fields
    )
    ok = Finding(RATES, Group("all"), OK, "rate", {})
    order = ranked([small, ok, large, no_prior("无"), district, middle, city])
    assert order == [city, district, large, middle, small, no_prior("无")]


def test_the_brief_cuts_at_the_limit_and_counts_the_rest_by_kind():
    found = [*enterprises(30), *(no_prior(f"新企业{i}") for i in range(5))]
    brief = brief_findings(found, 10)
    assert [f.item for f in brief.shown] == [Name(f"企业{i:03d}") for i in range(30, 20, -1)]
    assert brief.rest == (("rate_off", 20), ("no_prior", 5))  # commonest first
    assert brief.rest_count + len(brief.shown) == brief.total == 35


@pytest.mark.parametrize("count", [0, 3, 10, 11])
def test_nothing_is_cut_up_to_one_over_the_limit(count):
    # One over is printed whole: a row of 其余1条 is no shorter than the finding.
    brief = brief_findings(enterprises(count), 10)
    assert len(brief.shown) == brief.total == count and brief.rest == ()
    assert brief.rest_count == 0


def test_twelve_against_ten_are_cut():
    brief = brief_findings(enterprises(12), 10)
    assert len(brief.shown) == 10 and brief.rest == (("rate_off", 2),)
