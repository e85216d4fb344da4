"""The printed arithmetic of a text's facts: each check finds a slip beyond the printed
rounding, with both numbers, and nothing that agrees within it."""

from __future__ import annotations

from decimal import Decimal

from industry_briefing.analysis.audit import audit, fact_of


def rows(*facts: dict[str, str]):
    return tuple(fact_of(f) for f in facts)


INVESTMENT = {"indicator": "industrial_investment", "measure": "value", "unit": "亿元"}
PART = {"dimension": "分组", "part": "亿元以上项目"}


def share_of(printed: str, part: str = "45.59", whole: str = "58.87"):
    return rows(
        INVESTMENT | {"value": whole},
        INVESTMENT | PART | {"value": part},
        {"indicator": "industrial_investment", "measure": "share", "value": printed}
        | PART
        | {"base": "投资总额"},
    )


def test_yiwus_share_is_found_with_both_numbers():
    # yiwu-2018-06: 45.59 / 58.87 = 77.44%, printed 73.44%
    (finding,) = audit(share_of("73.44"), 6)
    assert (finding.code, finding.printed, finding.computed) == (
        "share_off",
        Decimal("73.44"),
        Decimal("77.44"),
    )
    assert finding.facts == (1, 0, 2)


def test_a_share_within_the_printed_rounding_agrees():
    assert audit(share_of("77.44"), 6) == ()
    # 45.59/58.87 = 77.4418…: printed with one decimal 77.4, or none 77
    assert audit(share_of("77.4"), 6) == ()
    assert audit(share_of("77"), 6) == ()
    # inputs themselves rounded: 2/3 printed as 0.67 of 1.0 may be 66.5 … 67.7
    assert audit(share_of("67", part="0.67", whole="1.0"), 6) == ()


def test_a_share_of_another_whole_is_not_checked():
    # ankang-parks: a park's share of its own county's output, in a city's text
    facts = share_of("70")
    shifted = (*facts[:2], fact_of({**vars_of(facts[2]), "base": "全县工业总产值"}))
    assert audit(shifted, 12, area="全市") == ()
    assert audit(shifted, 12, area="全县")[0].code == "share_off"


def vars_of(fact) -> dict[str, str]:
    return {
        "indicator": fact.indicator,
        "measure": fact.measure,
        "value": str(fact.value),
        "dimension": fact.dimension,
        "part": fact.part,
    }


OUTPUT = {"indicator": "industrial_output", "measure": "growth", "unit": "%"}


def gap(part: str, rate: str, points: str, against: str = "全县产值增速"):
    whose = {"dimension": "分组", "part": part}
    return (
        OUTPUT | whose | {"value": rate},
        OUTPUT | whose | {"difference": points, "against": against, "direction": "above"},
    )


def test_susongs_implied_rates_differ():
    # susong-2021-06: 21.4 − 0.8 = 20.6, 40.2 − 19.4 = 20.8, 27.4 − 6.6 = 20.8
    facts = rows(
        *gap("首位产业", "21.4", "0.8"),
        *gap("双新企业", "40.2", "19.4", "全县累计产值增速"),
        *gap("战略性新兴产业企业", "27.4", "6.6", "全县"),
    )
    findings = audit(facts, 6)
    # the first gap's 20.6 against the others' 20.8: said once
    assert [(f.code, f.printed, f.computed, f.facts) for f in findings] == [
        ("implied_differ", Decimal("20.6"), Decimal("20.8"), (1, 3)),
    ]


def test_implied_rates_within_rounding_agree_and_so_does_a_printed_rate():
    facts = rows(*gap("甲", "21.4", "0.8"), *gap("乙", "40.2", "19.5"))
    assert audit(facts, 6) == ()  # 20.6 and 20.7: both may be 20.65
    value_added = {"indicator": "industrial_value_added", "measure": "growth", "unit": "%"}
    high_tech = {"dimension": "产业", "part": "高新技术产业"}
    printed = rows(
        value_added | {"value": "16.3"},
        value_added | high_tech | {"value": "32.1"},
        value_added | high_tech | {"difference": "15.8", "against": "全县", "direction": "above"},
    )
    assert audit(printed, 6) == ()
    slipped = printed[:2] + rows(
        value_added | high_tech | {"difference": "15.5", "against": "全县", "direction": "above"}
    )
    (finding,) = audit(slipped, 6)
    assert (finding.printed, finding.computed) == (Decimal("16.3"), Decimal("16.6"))


def test_a_gap_against_a_printed_reference():
    # guiyang-2015-05: 9.2% against 全国 6.2%, 3个百分点
    value_added = {"indicator": "industrial_value_added", "measure": "growth", "unit": "%"}
    gap_row = {"against": "全国", "reference_value": "6.2", "direction": "above"}
    right = rows(value_added | {"value": "9.2"}, value_added | gap_row | {"difference": "3"})
    assert audit(right, 5) == ()
    wrong = rows(value_added | {"value": "9.2"}, value_added | gap_row | {"difference": "2.5"})
    (finding,) = audit(wrong, 5)
    assert (finding.code, finding.printed, finding.computed) == (
        "gap_off",
        Decimal("2.5"),
        Decimal("3.0"),
    )


def test_times_against_percent():
    county = {"indicator": "industrial_output", "dimension": "县区", "part": "宁陕县"}
    times = county | {"measure": "growth_times", "value": "1.72"}
    assert audit(rows(times, county | {"measure": "growth", "value": "172"}), 5) == ()
    (finding,) = audit(rows(times, county | {"measure": "growth", "value": "182"}), 5)
    assert (finding.code, finding.printed, finding.computed) == (
        "times_off",
        Decimal("182"),
        Decimal("172"),
    )


def test_completion_against_the_schedule():
    # 8 months of 12 is 66.67%: 71.67% done is 5.0 points ahead
    done = {"indicator": "industrial_value_added", "measure": "completion", "value": "71.67"}
    ahead = {"against": "时间进度", "direction": "above"}
    assert audit(rows(done | ahead | {"difference": "5"}), 8) == ()
    (finding,) = audit(rows(done | ahead | {"difference": "3"}), 8)
    assert (finding.code, finding.printed, finding.computed) == (
        "schedule_off",
        Decimal("3"),
        Decimal("5"),
    )


def test_parts_that_add_up_to_more_than_their_total():
    total = {
        "indicator": "industrial_output",
        "measure": "value",
        "unit": "亿元",
        "dimension": "所有制",
    }
    facts = rows(
        total | {"part": "合计", "value": "100"},
        total | {"part": "国有", "value": "60"},
        total | {"part": "民营", "value": "50.5"},
    )
    (finding,) = audit(facts, 8)
    assert (finding.code, finding.printed, finding.computed) == (
        "parts_exceed",
        Decimal("100"),
        Decimal("110.5"),
    )
    within = facts[:2] + rows(total | {"part": "民营", "value": "40"})
    assert audit(within, 8) == ()


def test_completion_against_the_printed_target():
    # 86 / 120 = 71.67%
    value_added = {"indicator": "industrial_value_added"}
    amount = value_added | {"measure": "value", "value": "86", "unit": "亿元"}
    done = value_added | {"measure": "completion", "reference_value": "120", "base": "全年目标"}
    assert audit(rows(amount, done | {"value": "71.7"}), 8) == ()
    (finding,) = audit(rows(amount, done | {"value": "77.7"}), 8)
    assert (finding.code, finding.printed, finding.computed) == (
        "completion_off",
        Decimal("77.7"),
        Decimal("71.7"),
    )


def test_a_share_on_its_own_basis_is_not_checked():
    # ankang-2010-05: 54.01 of 69.65 is 77.54%, but the 78.56% is 按属地统计口径
    note = "按属地统计口径计算，实现规模工业总产值54.01亿元，占全市规模工业的78.56%"
    facts = rows(
        INVESTMENT | {"value": "69.65"},
        INVESTMENT | PART | {"value": "54.01"},
        {"indicator": "industrial_investment", "measure": "share", "value": "78.56"}
        | PART
        | {"base": "全市规模工业", "note": note},
    )
    assert audit(facts, 5, area="全市") == ()
