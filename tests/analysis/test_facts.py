"""Published facts (facts.csv) and the judgments made from them: printed figures stated as
printed, printed gaps winning over the product's schedule, no schedule judgment without a
target, a ratio's rank and comparison in its own words, computed figures marked 推算.
Each test writes its own month."""

from pathlib import Path

import pytest

from industry_briefing.analysis import judgments
from industry_briefing.analysis.facts import against_kind
from industry_briefing.analysis.model import build_model
from industry_briefing.briefing.sections import composed, concerns, overview
from industry_briefing.ingest import reader
from industry_briefing.ingest.reader import InputError

META = """region: 某区
source: 某区工业和信息化局
tables:
  indicators: {provenance: published}
  targets: {provenance: published}
  facts: {provenance: published}
  products: {provenance: published}
"""


def month(tmp_path: Path, **tables: str):
    """A 1-10月 of 某区 with the tables given (CSV text by table name); its model."""
    folder = tmp_path / "root" / "2012-10"
    folder.mkdir(parents=True)
    (folder.parent / "profile.yml").write_text("level: 区\nrank_numerals: chinese\n", "utf-8")
    (folder / "meta.yml").write_text(META, encoding="utf-8")
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return build_model(reader.read_period(folder.parent, "2012-10"))


def text_of(model) -> str:
    sections = [composed.section_text(model, s) for s in ("operation", "investment", "parks")]
    return "\n".join([overview.text(model, "zh"), *sections, concerns.text(model, "zh")])


def test_a_printed_gap_wins_over_the_products_schedule(tmp_path):
    model = month(
        tmp_path,
        indicators="指标,本期累计,单位,同比增长(%)\n规上工业增加值,100,亿元,5.2\n",
        targets="指标,目标类型,期限,目标值,单位\n规上工业增加值,考核目标,全年,300,亿元\n",
        facts="指标,度量,比较对象,方向,差值\n规上工业增加值,完成率,区级奋斗目标任务,欠,11.2\n",
    )
    text = text_of(model)
    assert "低于区级奋斗目标任务11.2个百分点" in text
    assert "落后时间进度" not in text  # the straight line (100/300 at 10/12) is not said
    assert "<strong>规模以上工业增加值低于区级奋斗目标任务。</strong>" in text
    assert judgments.schedule(model) == "behind"
    assert "均达到进度要求" not in text


def test_without_a_target_no_schedule_is_judged_and_the_page_says_so(tmp_path):
    model = month(tmp_path, indicators="指标,同比增长(%)\n规上工业增加值,9.2\n")
    text = text_of(model)
    assert judgments.schedule(model) == "no_targets"
    assert "本期未给出目标任务，不作进度判断。" in text
    assert "均达到进度要求" not in text and "时间进度" not in text


def test_on_schedule_only_when_every_target_is(tmp_path):
    model = month(
        tmp_path,
        indicators="指标,本期累计,单位,同比增长(%)\n规上工业增加值,260,亿元,5\n技改投资,10,亿元,3\n",
        targets=(
            "指标,目标类型,期限,目标值,单位\n"
            "规上工业增加值,考核目标,全年,300,亿元\n"
            "技改投资,考核目标,全年,100,亿元\n"
        ),
    )
    assert judgments.schedule(model) == "behind"  # 技改投资 is at 10%, the schedule at 83.33%
    assert "均达到进度要求" not in text_of(model)


def test_falls_comparisons_below_and_slower_growth_are_concerns(tmp_path):
    model = month(
        tmp_path,
        indicators="指标,同比增长(%)\n规上工业增加值,-3.5\n工业投资,0.8\n",
        facts=(
            "指标,维度,组成部分,度量,数值,单位,比较对象,方向,差值\n"
            "工业投资,,,增速,,%,全省,低于,14.2\n"
            "工业投资,,,增速,,%,1-9月,下降,0.2\n"
            "工业投资,县市区,甲区,增速,-25.3,%,,,\n"
            "工业投资,县市区,乙区,增速,51.1,%,,,\n"
        ),
    )
    kinds = [(c.kind, c.indicator) for c in judgments.concerns(model)]
    assert kinds == [
        ("falling", "industrial_value_added"),
        ("below_reference", "industrial_investment"),
        ("slower", "industrial_investment"),
        ("parts", "industrial_investment"),
    ]
    text = text_of(model)
    assert "规模以上工业增加值同比下降3.5%" in text
    assert "工业投资增速较全省低14.2个百分点" in text
    assert "工业投资增速较1-9月下降0.2个百分点" in text
    assert "1个县市区工业投资同比下降" in text and "甲区同比下降25.3%" in text
    assert "未见下降" not in text


def test_figures_are_stated_as_printed_digit_for_digit(tmp_path):
    model = month(
        tmp_path,
        indicators="指标,同比增长(%)\n规上工业增加值,13.9\n",
        facts=(
            "指标,期限,度量,数值,单位,比较对象,方向,差值,排位范围\n"
            "规上工业增加值,,增速,,%,全省,高于,6.0,\n"
            "规上工业增加值,,增速位次,1,,,,,全省\n"
            "规上工业增加值,6月当月,增速,18.80,%,,,,\n"
        ),
    )
    text = text_of(model)
    assert "较全省高6.0个百分点" in text  # not 6
    assert "增速排名全省第一位" in text
    assert "6月当月，规模以上工业实现增加值同比增长18.80%" in text


def test_a_ratio_is_ranked_and_compared_as_a_level(tmp_path):
    model = month(
        tmp_path,
        indicators=(
            "指标,本期累计,单位,总量排位,排位范围,比较对象,高于比较对象(个百分点)\n"
            "产品销售率,98.9,%,5,全国,全国,2.1\n"
        ),
    )
    text = text_of(model)
    assert "居全国第五位" in text and "总量居全国" not in text
    assert "比全国高2.1个百分点" in text and "增速比全国" not in text


def test_a_computed_multiple_is_marked_and_a_printed_one_is_not(tmp_path):
    model = month(
        tmp_path,
        indicators="指标,本期累计,单位,同比增长(%)\n工业投资,29,亿元,259\n",
        facts="指标,度量,数值\n工业投资,倍数,3.59\n",
        products="产品,本期累计,单位,同比增长(%)\n白酒,2564,千升,134\n",
    )
    text = text_of(model)
    assert "为去年同期的3.59倍，同比增长259%" in text  # printed
    assert "为上年同期的3.59倍" not in text  # the fact is said once, in the growth phrase
    assert "白酒2564千升，为去年同期的2.34倍（推算），同比增长134%" in text


def test_parallel_parts_are_said_as_one_respectively_list(tmp_path):
    model = month(
        tmp_path,
        indicators="指标,同比增长(%)\n规上工业增加值,16.3\n",
        facts=(
            "指标,维度,组成部分,度量,数值,单位\n"
            "规上工业增加值,主要行业,,个数,2,个\n"
            "规上工业增加值,主要行业,纺织业,占比,24.6,%\n"
            "规上工业增加值,主要行业,纺织业,增速,4.9,%\n"
            "规上工业增加值,主要行业,皮革制造业,占比,11.1,%\n"
            "规上工业增加值,主要行业,皮革制造业,增速,17.3,%\n"
        ),
    )
    assert (
        "主要行业（2个）中，纺织业和皮革制造业规模以上工业增加值占比分别为24.6%和11.1%，"
        "分别增长4.9%和17.3%。" in text_of(model)
    )


def test_a_value_without_a_place_is_refused_naming_the_column(tmp_path):
    with pytest.raises(InputError) as raised:
        month(
            tmp_path,
            indicators="指标,同比增长(%)\n规上工业增加值,1\n",
            facts="指标,度量\n规上工业增加值,速度\n",
        )
    assert "速度" in str(raised.value.problems[0])


@pytest.mark.parametrize(
    ("against", "kind"),
    [
        ("1至7月", "earlier"),
        ("上月", "earlier"),
        ("去年同期", "earlier"),
        ("年初预期目标", "target"),
        ("区级奋斗目标任务", "target"),
        ("时间进度", "schedule"),
        ("全省", "reference"),
        ("全县产值增速", "reference"),
    ],
)
def test_what_a_comparison_is_against_decides_its_words(against, kind):
    assert against_kind(against) == kind


def test_a_months_growth_alone_is_stated(tmp_path):
    model = month(
        tmp_path, indicators="指标,同比增长(%),当月同比增长(%)\n规上工业增加值,9.2,12.5\n"
    )
    assert "其中，10月当月同比增长12.5%" in text_of(model)


def test_a_column_of_figures_with_no_place_is_refused_naming_where_they_go(tmp_path):
    with pytest.raises(InputError) as raised:
        month(tmp_path, indicators="指标,同比增长(%),当月增幅排位\n规上工业增加值,9.2,3\n")
    [problem] = raised.value.problems
    assert problem.message == "column is not in the contract: its figures would be lost"
    assert "facts.csv (事实)" in problem.expected and problem.column == "当月增幅排位"


def test_a_fact_that_states_nothing_is_warned_of(tmp_path):
    model = month(
        tmp_path,
        indicators="指标,同比增长(%)\n规上工业增加值,9.2\n",
        facts="指标,度量,比较对象\n规上工业增加值,增速,全省\n",
    )
    [warning] = model.figures.warnings
    assert warning.message.startswith("the fact has no figure and no comparison")
    assert (warning.file, warning.row) == ("2012-10/facts.csv", 2)


def test_a_printed_share_or_completion_wins_over_the_computed_one(tmp_path):
    model = month(
        tmp_path,
        indicators=(
            "指标,本期累计,单位,同比增长(%)\n工业投资,58.87,亿元,33.8\n技改投资,28.57,亿元,\n"
        ),
        targets="指标,目标类型,期限,目标值,单位\n工业投资,考核目标,全年,100,亿元\n",
        facts=(
            "指标,度量,数值,单位,基数\n"
            "技改投资,占比,49,%,工业投资\n"
            "工业投资,完成率,60.1,%,考核目标\n"
        ),
    )
    text = text_of(model)
    assert "占工业投资的比重为49%" in text and "48.53%" not in text  # 28.57/58.87, computed
    assert "完成考核目标的60.1%" in text and "58.87%" not in text  # 58.87/100, computed
    assert "时间进度" not in text  # the straight line rests on the computed completion
    assert judgments.computed_beside_printed(model) == []


def test_the_analysts_paragraphs_are_kept_whole(tmp_path):
    paragraph = "全县工业运行平稳，" * 60 + "结尾。"  # 541 characters, over the 200 of a name
    folder = tmp_path / "root" / "2012-10"
    model = month(tmp_path, indicators="指标,同比增长(%)\n规上工业增加值,9.2\n")
    (folder / "notes.md").write_text(paragraph + "\n\n第二段。", encoding="utf-8")
    model = build_model(reader.read_period(folder.parent, "2012-10"))
    assert composed.analyst_text(model) == paragraph + "\n\n第二段。"


def test_a_long_composed_sentence_is_said_whole(tmp_path):
    rows = "".join(
        f"规上工业增加值,县区,第{n}号工业集中发展区,增速,{n}.5,%\n" for n in range(1, 21)
    )
    model = month(
        tmp_path,
        indicators="指标,同比增长(%)\n规上工业增加值,9.2\n",
        facts="指标,维度,组成部分,度量,数值,单位\n" + rows,
    )
    text = text_of(model)
    assert "第20号工业集中发展区" in text and "20.5%" in text  # over 400 characters, not cut
    assert "…" not in text
