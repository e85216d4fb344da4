"""The sentence patterns of a bulletin, one test each, on sentences of the real texts
(tests/data/bulletins/*/source.txt), normalised as `briefing read` normalises them."""

from __future__ import annotations

from pathlib import Path

from industry_briefing.contract.catalogue import builtin
from industry_briefing.ingest.text.grammar import read_figures
from industry_briefing.ingest.text.normalise import normalise
from industry_briefing.ingest.text.reading import region_of


def facts(text: str, month: int = 6, region: tuple[str, ...] = ()) -> dict[str, dict]:
    """printed figure -> its fact (without the note) or {'left': why}."""
    found = {}
    for figure in read_figures(normalise(text), builtin(), month, region):
        fact = {k: v for k, v in figure.fact.items() if k != "note"}
        found[figure.printed] = fact or {"left": figure.left}
    return found


def test_indicator_completes_a_value_and_grows():
    # chongqing-gxq-2017-05
    read = facts(
        "2017年1—5月完成工业投资34亿元，同比增长36.8%，实现规上工业总产值216.3亿元、增长28%。", 5
    )
    assert read["34亿元"] == {
        "indicator": "industrial_investment",
        "measure": "value",
        "value": "34",
        "unit": "亿元",
    }
    assert read["36.8%"]["measure"] == "growth" and read["36.8%"]["value"] == "36.8"
    assert read["216.3亿元"]["indicator"] == "industrial_output"
    assert read["28%"] == {
        "indicator": "industrial_output",
        "measure": "growth",
        "value": "28",
        "unit": "%",
    }
    assert read["1-5月"] == {"left": "period"}
    assert read["2017年"] == {"left": "date"}


def test_a_fall_is_a_negative_growth():
    read = facts("1-6月，全市规模以上工业增加值同比下降3.5%。")
    assert read["3.5%"]["value"] == "-3.5"


def test_share_of_the_annual_target_is_a_completion():
    # ankang-2010-05
    read = facts("全市规模工业实现总产值69.65亿元，同比增长51.1%，占年预期目标43.53%。", 5)
    assert read["43.53%"]["measure"] == "completion"
    assert read["43.53%"]["indicator"] == "industrial_output"
    assert read["43.53%"]["base"] == "年预期目标"


def test_share_of_a_whole_keeps_its_base():
    # susong-2021-06 (traditional characters in the original): its first sentence says the
    # text is of 规上 industry, so a bare 产值 is 规上工业总产值
    read = facts(
        "2021年上半年宿松縣規上工業經濟各項指標保持穩定增長。"
        "首位產業累計完成工業產值同比增長21.4%，占全縣累計完成產值的43.1%。"
    )
    assert read["21.4%"]["indicator"] == "industrial_output"
    share = read["43.1%"]
    assert share["measure"] == "share"
    assert share["base"] == "全县累计完成产值"


def test_points_above_a_reference_with_its_own_rate():
    # guiyang-2015-05
    read = facts(
        "今年1至5月，全市实现工业增加值286亿元（2000万元规模口径），工业增速为9.2%，"
        "比全国6.2%的增速高3个百分点。",
        5,
    )
    assert read["9.2%"]["indicator"] == "industrial_value_added"
    assert read["6.2%"] | {} == {
        "indicator": "industrial_value_added",
        "measure": "growth",
        "value": "6.2",
        "unit": "%",
        "dimension": "参照地区",
        "part": "全国",
    }
    gap = read["3个百分点"]
    assert (gap["against"], gap["reference_value"], gap["direction"]) == ("全国", "6.2", "above")
    assert gap["difference"] == "3" and "value" not in gap


def test_points_above_an_earlier_release():
    # yiwu-2018-06
    read = facts(
        "1-6月，义乌工业用电量24.37亿千瓦时，同比增长9.24%，增速较去年同期提高3.87个百分点。"
    )
    gap = read["3.87个百分点"]
    assert (gap["indicator"], gap["against"], gap["direction"]) == (
        "electricity_use",
        "去年同期",
        "above",
    )


def test_pull_in_points():
    read = facts("新兴项目实现高速发展，拉动规上产值增速8个百分点。")
    assert read["8个百分点"]["measure"] == "pull"
    assert read["8个百分点"]["value"] == "8"


def test_rank_in_the_province():
    # guangyuan-2011-08 and qianxinan-2012-08 (a rank in words)
    read = facts("1至8月，我市规上工业完成增加值86亿元，同比增长30.2%，增速继续排全省第1位。", 8)
    assert read["第1位"]["measure"] == "growth_rank"
    assert read["第1位"]["rank_scope"] == "全省"
    words = facts("全州规模以上增加值完成106.46亿元，同比增长20.3%，增速排全省第六位。", 8)
    assert words["第6位"]["value"] == "6"


def test_times_of_growth():
    read = facts("全市规模以上工业增加值增长1.72倍。")
    assert read["1.72倍"]["measure"] == "growth_times"


def test_respectively_pairs_parts_and_figures_in_order():
    # yiwu-2018-06
    read = facts(
        "1-6月，义乌实现规上工业产值同比增长6.83%，其中规上工业装备制造业、高新技术产业和战略性"
        "新兴产业产值增速分别达到78.19%、28.12%和53.1%。",
        region=("义乌市", "义乌"),
    )
    assert read["6.83%"] == {
        "indicator": "industrial_output",
        "measure": "growth",
        "value": "6.83",
        "unit": "%",
    }
    parts = [read[p]["part"] for p in ("78.19%", "28.12%", "53.1%")]
    assert parts == ["装备制造业", "高新技术产业", "战略性新兴产业"]


def test_of_which_makes_the_next_sentence_a_part():
    read = facts(
        "全市工业投资完成58.87亿元，较去年同期增长33.8%。其中，亿元以上项目完成工业投资45.59亿元。"
    )
    assert read["45.59亿元"]["part"] == "亿元以上项目"
    assert read["58.87亿元"].get("part") is None


def test_dates_periods_and_bare_numbers_are_left_with_their_reason():
    read = facts("中国义乌网7月18日讯。2018年上半年，全市工业用电量24.37亿千瓦时，图1。")
    assert read["7月18日"] == {"left": "date"}
    assert read["2018年"] == {"left": "date"}
    assert read["1"] == {"left": "no_unit"}


def test_a_bare_output_word_is_left_where_the_text_gives_no_scope():
    read = facts("首位產業累計完成工業產值同比增長21.4%。")
    assert read["21.4%"] == {"left": "no_indicator"}


def test_a_figure_of_a_word_the_catalogue_does_not_name_is_left():
    # yiwu-2018-06: 用电 growth by industry, with no indicator in its sentence
    read = facts("增长较快的是电气机械和器材制造业、电子设备制造业，分别增长934%和19.45%。")
    assert read["934%"] == {"left": "no_indicator"}


def test_a_product_between_an_indicator_and_a_rate_stops_it():
    # qianxinan-2012-08: 化肥 is a product, not 发电量
    read = facts("发电量完成200亿度，增长5%；化肥12万吨，同比增长3.2%。", 8)
    assert read["5%"]["indicator"] == "power_generation"
    assert read["3.2%"] == {"left": "no_indicator"}


def products(text: str, month: int) -> dict[str, dict]:
    """printed figure -> its product's row (without the note), for the figures of products."""
    found = read_figures(normalise(text), builtin(), month, ("黔西南州", "黔西南"))
    return {
        f.printed: {k: v for k, v in f.product.items() if k != "note"} for f in found if f.product
    }


def test_products_output_in_a_list_of_products():
    # qianxinan-2012-08: the products' amounts in physical units and their growth; 发电量 is an
    # indicator of the catalogue in the same list
    text = (
        "从主要工业產品產量看,1—8月,全州原煤產量達到1647.31萬噸,同比增長22.7%,洗煤完成263.58萬噸,"
        "同比增長26.3%,發電量達到153.72億度,同比增長43.1%,化肥完成26.24萬噸,同比增長3.2%,"
        "鐵合金完成21.33萬噸,同比增長19.3%,產黃金6330千克,增長0.3%,白酒完成2564千升,增長128.7%。"
    )
    read = products(text, 8)
    assert read["1647.31万吨"] == {
        "product": "原煤",
        "measure": "value",
        "value": "1647.31",
        "unit": "万吨",
    }
    assert read["22.7%"] == {"product": "原煤", "measure": "growth", "value": "22.7", "unit": "%"}
    names = {row["product"] for row in read.values()}
    assert names == {"原煤", "洗煤", "化肥", "铁合金", "黄金", "白酒"}
    assert (read["6330千克"]["product"], read["2564千升"]["unit"]) == ("黄金", "千升")
    assert "153.72亿度" not in read and facts(text, 8)["153.72亿度"]["indicator"] == (
        "power_generation"
    )


def test_a_physical_amount_is_no_product_where_an_indicator_or_another_quantity_is_named():
    # xiangxi-2015-08: freight and 工业用电量 (an indicator in 亿千瓦时) are no products
    text = (
        "货物运输方面,前8个月全州各种运输方式共完成货运量1950万吨,同比增长6.9%。"
        "用电方面,1至8月份全州工业用电量22.5亿千瓦时,同比增长2.0%。"
    )
    assert products(text, 8) == {}
    assert facts(text, 8)["22.5亿千瓦时"]["indicator"] == "electricity_use"
    assert facts(text, 8)["6.9%"] == {"left": "no_indicator"}
    # a month alone is not the cumulative output products.csv holds (qianxinan's words)
    assert products("从主要工业产品产量看,8月份,全州原煤产量达到200万吨,同比增长5%。", 8) == {}


def test_a_bare_magnitude_is_the_money_unit_of_a_money_indicator():
    # qianxinan-2012-08 (the stored excerpt ends there): 亿 after 工业投资's amount is 亿元;
    # 万 before a word (万人) is no unit, and 亿 of an energy indicator says no unit of its own
    read = facts("按行业分,其中,工业投资完成92.05亿。全县吸纳就业1.2万人。", 8)
    assert read["92.05亿"] == {
        "indicator": "industrial_investment",
        "measure": "value",
        "value": "92.05",
        "unit": "亿元",
    }
    assert read["1.2"] == {"left": "no_unit"}
    assert facts("全市工业用电量完成3.5亿。", 8)["3.5亿"] == {"left": "ambiguous"}


def test_words_around_a_name_that_make_it_another_thing_leave_its_figure():
    # ankang-parks-2011-12: the projects' investment since they settled in the parks is theirs,
    # not the period's 全社会固定资产投资; the parks' own investment of the year is
    read = facts(
        "集中区全年完成固定资产投资总额31.9亿元,较上年同期增长了43%。目前,集中区规划工业用地"
        "面积25.47平方公里;基础设施建设累计投资额18.9亿元,入驻项目累计固定资产投资额40.4亿元。",
        12,
    )
    assert read["31.9亿元"]["indicator"] == "fixed_asset_investment"
    assert read["40.4亿元"] == {"left": None}  # no indicator's: the project group's (below)
    assert read["18.9亿元"] == {"left": "no_indicator"}
    # a contract's amount and projects (工业投资项目) are other things too
    contract = facts("新签约工业项目12个,合同工业总产值144.3亿元。全市工业投资项目达249个。")
    assert contract["144.3亿元"] == {"left": "no_indicator"}
    assert contract["249个"] == {"left": "no_indicator"}


def test_a_table_flattened_to_bars_is_read_by_its_headers():
    # huangshi-2024-06's 表1
    read = facts(
        "3、工业投资:1-6月,全市工业投资同比增长0.8%,增速低于全省14.2个百分点,排名全省第17位。\n"
        "表1:县市区工业投资完成情况\n"
        "县市区 | 工业投资 | |\n"
        "增速(%) | 排名 | |\n"
        "全 市 | 0.8 | / |\n"
        "下陆区 | 51.1 | 1 |\n"
        "西塞山区 | -25.3 | 4 |\n"
        "图3:工业投资增速图"
    )
    assert read["51.1"] == {
        "indicator": "industrial_investment",
        "measure": "growth",
        "value": "51.1",
        "unit": "%",
        "dimension": "县市区",
        "part": "下陆区",
    }
    assert read["4"]["measure"] == "growth_rank" and read["4"]["part"] == "西塞山区"
    assert read["-25.3"]["value"] == "-25.3"
    assert read["第17位"]["measure"] == "growth_rank"  # the sentence's last measure: 增速


def test_rates_respectively_of_the_amounts_before_them():
    # kaili-kfq-2012-10
    read = facts(
        "500万以上工业企业预计完成工业总产值14.86亿元、工业销售产值10.27亿元、工业增加值2.995亿元,"
        "分别同比增长80.73%、28.65%、94.88%。",
        10,
    )
    assert [read[r]["indicator"] for r in ("80.73%", "28.65%", "94.88%")] == [
        "industrial_output_all",
        "sales_output",
        "industrial_value_added_all",
    ]


def test_a_list_after_a_threshold_takes_the_measure_of_the_clause_before():
    # xiangxi-2015-08: 均超过20% is a threshold; the four rates are 8月份's, by 县区
    read = facts(
        "1-8月,全州规模工业实现增加值51.32亿元。分地区来看,8月份,湘西经开区、泸溪县、凤凰县和保靖县4个县区"
        "规模工业增加值增速均超过20%,分别达到34.4%、22.2%、34.9%和29.5%。",
        8,
    )
    # the floor of the 4 县区 counted: their growth is above it
    assert read["20%"] == {
        "indicator": "industrial_value_added",
        "dimension": "县区",
        "horizon": "8月份",
        "measure": "growth",
        "unit": "%",
        "reference_value": "20",
        "direction": "above",
    }
    # the count of them is a row of its own, with no floor (the hand-written facts.csv)
    assert (read["4个"]["measure"], read["4个"]["value"], read["4个"]["dimension"]) == (
        "count",
        "4",
        "县区",
    )
    assert "reference_value" not in read["4个"]
    assert read["34.4%"]["dimension"] == "县区"
    assert [read[r]["part"] for r in ("34.4%", "22.2%", "34.9%", "29.5%")] == [
        "湘西经开区",
        "泸溪县",
        "凤凰县",
        "保靖县",
    ]
    assert read["34.4%"]["measure"] == "growth" and read["34.4%"]["horizon"] == "8月份"
    # ankang-2010-05: 接近或超过 is no floor, and whose 30个百分点 is not said
    near = facts("十县区中6个县增速接近或超过80%,比去年同期快30个百分点,宁陕县增长1.72倍。", 5)
    assert list(near["6个"]) == ["left"] and near["80%"] == {"left": "ambiguous"}


def test_a_period_inside_a_comparison_is_not_the_horizon():
    # xiangxi-2015-08
    read = facts(
        "1至8月,全州规模工业实现增加值51.32亿元,同比增长5.2%,比1至7月增速高0.2个百分点。", 8
    )
    gap = read["0.2个百分点"]
    assert "horizon" not in gap and gap["against"] == "1-7月增速"


def test_a_sentence_naming_nothing_goes_on_about_the_one_before():
    # yiwu-2018-06 and ankang-2010-05
    read = facts(
        "1-6月，义乌工业用电量24.37亿千瓦时，同比增长9.24%。"
        "增长较快的是电气机械和器材制造业、电子设备制造业，分别增长934%和19.45%。",
        region=("义乌市", "义乌"),
    )
    assert read["934%"]["indicator"] == "electricity_use"
    assert read["934%"]["part"] == "电气机械和器材制造业"
    counties = facts(
        "全市规模工业实现总产值69.65亿元。县区工业实现产值53.82亿元，增长85.35%。"
        "宁陕县增长1.72倍，石泉县增长97.57%。",
        5,
    )
    assert counties["1.72倍"]["measure"] == "growth_times"
    assert counties["1.72倍"]["part"] == "宁陕县"
    assert counties["97.57%"]["part"] == "石泉县"


def test_an_estimate_is_marked_so():
    # kaili-kfq-2012-10: every figure 预计
    read = facts("今年1至10月，凯里经济开发区预计完成工业总产值17.38亿元，同比增长49.74%。", 10)
    assert read["17.38亿元"]["status"] == "预计数"
    assert read["17.38亿元"]["indicator"] == "industrial_output_all"


def test_a_headline_is_left_for_its_sentence_in_the_body():
    # qianxinan-2012-08: the title's 工业投资 … 总量 is the body's 工业经济总量
    read = facts(
        "前8月我州工業投資保持增勢 總量居全省第五位\n"
        "全州規模以上增加值完成106.46億元，同比增長20.3%，工業經濟總量居全省第五位。",
        8,
    )
    text = normalise(
        "前8月我州工業投資保持增勢 總量居全省第五位\n"
        "全州規模以上增加值完成106.46億元，同比增長20.3%，工業經濟總量居全省第五位。"
    )
    found = read_figures(text, builtin(), 8)
    assert [f.left for f in found[:2]] == ["period", "headline"]
    # a headline whose figure the body does not restate is read as a sentence
    alone = read_figures(normalise("贵阳前五月实现规上工业增加值286亿元"), builtin(), 5)
    assert alone[-1].fact["value"] == "286"
    assert (
        read["第5位"]
        == {
            "indicator": "industrial_value_added",
            "measure": "value_rank",
            "value": "5",
            "unit": "",
            "rank_scope": "全省",
        }
        or read["第5位"]["measure"] == "value_rank"
    )


def test_a_regions_own_indicator_named_in_two_pieces():
    # yiwu-2018-06's indicators.yml declares 工业投资项目完成投资额
    from industry_briefing.contract.catalogue import IndicatorEntry

    entry = IndicatorEntry.model_validate(
        {
            "name": "工业投资项目完成投资额",
            "en": "project investment",
            "kind": "flow",
            "family": "money",
        }
    )
    catalogue = builtin().with_region({"project_investment": entry})
    text = normalise(
        "而上半年，全市工业投资项目达249个，完成投资额58.87亿元，较去年同期增长33.8%。"
    )
    read = {f.printed: f.fact for f in read_figures(text, catalogue, 6)}
    assert read["58.87亿元"]["indicator"] == "project_investment"
    assert read["33.8%"]["measure"] == "growth"
    assert read["249个"]["measure"] == "count"


def test_a_targets_amount_is_left_and_a_completion_keeps_it():
    # guangyuan-2011-08's targets; a completion of a printed target
    read = facts("广元全部工业增加值今年争取达到138亿元，其中规模以上工业增加值将达到120亿元。", 8)
    assert read["138亿元"] == {"left": "target"} and read["120亿元"] == {"left": "target"}
    done = facts("1-8月，全市规模以上工业增加值86亿元，完成全年目标120亿元的71.7%。", 8)
    assert done["120亿元"] == {"left": "target"}
    assert done["71.7%"]["measure"] == "completion"
    assert done["71.7%"]["reference_value"] == "120"


def test_a_streak_with_its_floor():
    # xiangxi-2015-08
    read = facts(
        "8月份,全州规模工业实现增加值同比增长7.8%,连续3个月当月规模工业增加值增速保持在7%以上。", 8
    )
    streak = read["3个月"]
    assert (streak["measure"], streak["value"], streak["unit"]) == ("count", "3", "个月")
    assert (streak["reference_value"], streak["direction"], streak["horizon"]) == (
        "7",
        "above",
        "当月",
    )
    assert read["7%"] == streak  # the floor is that fact's, written once


def test_parallel_parts_with_the_indicator_said_once():
    # qianxinan-2012-08's ownership split
    read = facts(
        "全州规模以上增加值完成106.46亿元。其中,国有企业完成增加值15.85亿元,增长28.76%,"
        "股份制企业完成42.09亿元,增长15.43%,其它企业完成39.88亿元,增长38.58%。",
        8,
    )
    assert read["42.09亿元"]["part"] == "股份制企业"
    assert read["42.09亿元"]["indicator"] == "industrial_value_added"
    assert (read["15.43%"]["part"], read["15.43%"]["measure"]) == ("股份制企业", "growth")
    assert read["38.58%"]["part"] == "其它企业"


def test_of_which_does_not_reach_a_figure_said_of_the_whole_region():
    # qianxinan-2012-08: the 其中 sentence runs on to 全州固定资产投资, the region's own (the
    # last 285.38亿元 of the text is the 其中 sentence's)
    read = facts(
        "投资拉动情况也较好,全州固定资产投资完成285.38亿元,同比增长61.9%。1—8月,全州规模以上增加值"
        "完成106.46亿元。其中,国有企业完成增加值15.85亿元,增长28.76%,从投资拉动情况看,1—8月累计,"
        "全州固定资产投资完成285.38亿元,同比增长61.9%。",
        8,
    )
    assert read["15.85亿元"]["part"] == "国有企业"
    assert read["285.38亿元"]["scope"] == "全州" and "part" not in read["285.38亿元"]
    assert "part" not in read["61.9%"]


def test_a_targets_row_has_its_kind_and_horizon():
    # guiyang-2015-05 and guangyuan-2011-08
    text = normalise(
        "确保上半年实现规模以上工业增加值341亿元，超省下达320亿元目标21亿元。"
        "确保10月份企业新进规19户，力争23户。"
    )
    found = {f.printed: f for f in read_figures(text, builtin(), 5)}
    rows = {p: (f.target["kind"], f.target["horizon"]) for p, f in found.items() if f.target}
    assert rows == {
        "341亿元": ("确保目标", "上半年"),
        "320亿元": ("省下达目标", "上半年"),
        "19户": ("确保目标", "10月份"),
        "23户": ("力争目标", "10月份"),
    }
    assert found["21亿元"].left == "ambiguous"  # the excess over the target


def test_a_rate_aimed_at_is_a_targets_growth_of_its_own_part_of_the_sentence():
    # guangyuan-2011-08: 确保 … 下降5.3% is the target's rate, not a result of a part 确保; its
    # ；-part of the sentence says no period, so the year's (10月份 is the 新进规 task's)
    text = normalise(
        "要着力抓好企业新进规工作,完善企业基础资料,确保10月份企业新进规19户,力争23户;"
        "抓好工业节能降耗,确保万元工业增加值能耗下降5.3%;抓好工业项目招商。"
    )
    found = {f.printed: f for f in read_figures(text, builtin(), 8)}
    aimed = found["5.3%"]
    assert (aimed.fact, aimed.left) == ({}, "target")
    assert {k: v for k, v in aimed.target.items() if k != "note"} == {
        "indicator": "energy_per_value_added",
        "kind": "确保目标",
        "horizon": "全年",
        "amount": "",
        "unit": "",
        "growth_pct": "-5.3",
    }
    assert found["23户"].target["horizon"] == "10月份"


def regional(name: str, text: str, month: int) -> dict[str, dict]:
    """printed figure -> its fact (without the note) or {'left': why}, with the region's own
    indicators of a bulletin's folder (tests/data/bulletins/<name>/indicators.yml)."""
    import yaml

    from industry_briefing.contract.catalogue import CatalogueFile

    declared = Path(__file__).parents[1] / "data" / "bulletins" / name / "indicators.yml"
    document = yaml.safe_load(declared.read_text(encoding="utf-8"))
    catalogue = builtin().with_region(CatalogueFile.model_validate(document).indicators)
    found = {}
    for figure in read_figures(normalise(text), catalogue, month):
        fact = {k: v for k, v in figure.fact.items() if k != "note"}
        found[figure.printed] = fact or {"left": figure.left}
    return found


def test_a_regions_name_in_two_pieces_with_the_scope_word_in_between():
    # chongqing-gxq-2017-05: 新签约项目合同投资额 printed 新签约工业项目…，合同投资额
    read = regional(
        "chongqing-gxq-2017-05",
        "招商引资新签约工业项目12个,合同投资额23.7亿元,合同工业产值144.3亿元,其中中信重工智能"
        "机器人和鑫源4.0高端摩托车生产项目达产后预计形成年产值200亿元智能制造产业集群。",
        5,
    )
    assert read["12个"]["indicator"] == "signed_projects"
    assert (read["23.7亿元"]["indicator"], read["23.7亿元"]["measure"]) == (
        "signed_investment",
        "value",
    )
    assert read["144.3亿元"]["indicator"] == "signed_output"
    assert read["200亿元"] == {"left": "no_indicator"}  # two projects' plan, in other words


def test_a_regions_name_with_its_qualifier_after_it():
    # kaili-kfq-2012-10: 正常生产的500万以上企业 printed 18户500万以上企业正常生产; the
    # 规模以上企业 listed before 和 are not a part of it
    read = regional(
        "kaili-kfq-2012-10",
        "做好协调服务,使中昊电子、宏发矿业、正旭玻璃、三丰农机等规模以上企业和18户500万以上企业正常生产。",
        10,
    )
    assert read["18户"] == {
        "indicator": "enterprises_500w_producing",
        "measure": "value",
        "value": "18",
        "unit": "户",
    }


def test_a_count_given_a_title_that_names_an_indicator():
    # ankang-2010-05 declares 品牌产品 (a count): 24 products rated 特色品牌产品, by 22
    # enterprises; 名牌产品 is another word, which the region did not declare
    read = regional(
        "ankang-2010-05",
        "至2010年4月底,全市共有22个企业24个产品被评为安康市特色品牌产品。"
        "10家企业11个产品获陕西省名牌产品称号:北医大蓝旺牌绞股蓝龙须茶。",
        5,
    )
    assert read["24个"] == {
        "indicator": "brand_products",
        "measure": "value",
        "value": "24",
        "unit": "个",
        "dimension": "分组",
        "part": "安康市特色品牌产品",
    }
    assert (read["22个"]["measure"], read["22个"]["base"]) == ("count", "企业")
    assert read["22个"]["part"] == "安康市特色品牌产品"
    assert read["11个"] == {"left": "no_indicator"}


def groups(text: str, month: int) -> dict[str, dict]:
    """printed figure -> its project group's row (without the note)."""
    found = read_figures(normalise(text), builtin(), month)
    return {f.printed: {k: v for k, v in f.group.items() if k != "note"} for f in found if f.group}


def test_projects_counted_by_group_with_their_investment_and_growth():
    # guangyuan-2011-08 and ankang-parks-2011-12: a group (…项目) counted, its investment and
    # how it is counted (总投资; 累计: since the projects settled), its growth
    read = groups(
        "五大工业板块全部增长,实现增加值66.46亿元,占全市规上工业总量的77.28%;"
        "全市实施500万元以上工业项目229个,总投资95.01亿元,同比增长29.01%。",
        8,
    )
    assert read == {
        "229个": {
            "group": "500万元以上工业项目",
            "measure": "count",
            "value": "229",
            "unit": "个",
            "kind": "",
        },
        "95.01亿元": {
            "group": "500万元以上工业项目",
            "measure": "investment",
            "value": "95.01",
            "unit": "亿元",
            "kind": "总投资",
        },
        "29.01%": {
            "group": "500万元以上工业项目",
            "measure": "growth",
            "value": "29.01",
            "unit": "%",
            "kind": "",
        },
    }
    parks = groups(
        "今年新入园1000万元以上工业项目62个,超额完成市政府下达的入园企业考核指标数。目前,集中区规划"
        "工业用地面积25.47平方公里;基础设施建设累计投资额18.9亿元,入驻项目累计固定资产投资额40.4亿元。",
        12,
    )
    assert parks["62个"]["group"] == "新入园1000万元以上工业项目"
    assert (parks["40.4亿元"]["group"], parks["40.4亿元"]["kind"]) == ("入驻项目", "累计完成投资")
    assert "18.9亿元" not in parks  # 基础设施建设: no projects named


def test_a_group_of_projects_the_catalogue_names_is_its_indicator():
    # yiwu-2018-06: 亿元以上投资项目 is the part of the region's 工业投资项目完成投资额 the next
    # clause's figure is of: its count is that part's, not a group's
    read = regional(
        "yiwu-2018-06",
        "而上半年,全市工业投资项目达249个,完成投资额58.87亿元,较去年同期增长33.8%。"
        "其中,亿元以上投资项目30个,完成投资额45.59亿元,占投资总额73.44%。",
        6,
    )
    assert read["30个"] == {
        "indicator": "project_investment",
        "dimension": "分组",
        "part": "亿元以上投资项目",
        "measure": "count",
        "value": "30",
        "unit": "个",
    }
    assert read["249个"]["indicator"] == "project_investment"


def test_the_month_alone_announced_and_an_indicator_said_after_its_parts():
    # xiangxi-2015-08: 8月份当月 (the month alone, said on purpose) in a sentence of no figure
    # is the next sentence's horizon; 食品和医药产业's growth is 增加值's, said once after them
    read = facts(
        "1至8月,全州规模工业实现增加值51.32亿元。据调度分析,8月份当月食品、医药等优势产业和装备制造业"
        "保持快速增长。食品和医药产业分别增长14.5%和27%,通用设备制造业、专用设备制造业等装备制造业"
        "增加值增长35.6%。",
        8,
    )
    assert read["14.5%"] == {
        "indicator": "industrial_value_added",
        "horizon": "8月份当月",
        "dimension": "分组",
        "part": "食品产业",
        "measure": "growth",
        "value": "14.5",
        "unit": "%",
    }
    assert (read["27%"]["part"], read["35.6%"]["horizon"]) == ("医药产业", "8月份当月")
    # ankang-2010-05: 5月份 is the bulletin's month, its next sentence's figures are 1-5月's
    may = facts(
        "5月份我市工业经济运行继续稳中向好、高位运行,各项指标稳步上升。"
        "全市规模工业实现总产值69.65亿元,同比增长51.1%。",
        5,
    )
    assert "horizon" not in may["69.65亿元"]


# --- the region a text names as its own -----------------------------------------------------


def test_places_listed_or_in_a_table_are_parts_not_the_region():
    # huangshi-2024-06: 全市 throughout, 黄石市 never printed; its counties listed and tabled
    text = (
        "1-6月,全市规模以上工业企业完成总产值1321.08亿元。\n"
        "分区域来看,大冶市进规31家,阳新县(本级)进规13家。\n"
        "大冶市 | 21.6 | 3 |\n"
        "全市经信系统认真贯彻落实市委、市政府决策部署,市场需求回升。"
    )
    assert region_of(normalise(text)) is None


def test_the_region_is_the_place_of_the_text_s_level_named_on_its_own():
    # guangyuan-2011-08: 广元市 twice in one line, 农业大市 a phrase, 广元经济开发区 listed
    text = (
        "1-8月,全市规模以上工业增加值完成83.6亿元。工业的强势崛起让广元这个曾经的农业大市焕发生机。\n"
        "市经信委主任张寿于,广元经济开发区副主任王友仁,市天然气综合利用工业园区副书记陈正兴参加会议。\n"
        "主办单位:广元市经济和信息化局 网站维护:广元市电子政务外网运营中心"
    )
    assert region_of(normalise(text)) == "广元市"


# --- the product's own wording (the briefing read back: tests/ingest/test_round_trip.py) ------


def test_a_status_said_after_a_figure_is_its_rows():
    # kaili-kfq-2012-10's briefing: the row's status said once, after its amount
    read = facts("1-10月，凯里经济开发区实现工业总产值17.38亿元（预计数），同比增长49.74%。", 10)
    assert read["17.38亿元"]["status"] == "预计数"
    assert read["49.74%"]["status"] == "预计数"


def test_a_figure_marked_computed_is_read_as_derived():
    # the 2011-06 briefing: 2.02倍 is the product's, from 101.7%, which is printed
    read = facts(
        "1-6月，全市工业投资累计完成166.22亿元，为去年同期的2.02倍（推算），同比增长101.7%。"
    )
    assert read["2.02倍"]["provenance"] == "derived"
    assert read["2.02倍"]["measure"] == "ratio_times"
    assert "provenance" not in read["101.7%"]


def test_a_difference_after_a_share_or_a_completion_is_its_change():
    # chongqing-gxq-2017-05's and ankang-2010-05's briefings
    share = facts(
        "1-5月，全区规模以上工业总产值216.3亿元。电子信息产业实现产值142.6亿元，"
        "占规上工业总产值的比重为66%，较上年同期提升8.5个百分点。",
        5,
    )
    assert share["8.5个百分点"]["measure"] == "share"
    assert (share["8.5个百分点"]["against"], share["8.5个百分点"]["direction"]) == (
        "上年同期",
        "above",
    )
    done = facts(
        "1-5月，安康市规模以上工业总产值69.65亿元，同比增长51.1%，完成年度预期目标的43.53%，"
        "快于时间进度1.86个百分点（推算）。",
        5,
    )
    assert done["1.86个百分点"]["measure"] == "completion"
    assert done["1.86个百分点"]["against"] == "时间进度"
    assert done["43.53%"]["base"] == "年度预期目标"
    # a growth's difference stays the growth's
    growth = facts("1-6月，全市规模以上工业增加值同比增长13.9%，较全省高6.0个百分点。")
    assert growth["6.0个百分点"]["measure"] == "growth"


def test_the_references_rate_in_parentheses():
    # guiyang-2015-05's briefing: 比全国（6.2%）高3个百分点
    read = facts(
        "1-5月，贵阳市规模以上工业实现增加值286亿元，同比增长9.2%，增速比全国（6.2%）高3个百分点。",
        5,
    )
    assert (read["6.2%"]["part"], read["6.2%"]["value"]) == ("全国", "6.2")
    gap = read["3个百分点"]
    assert (gap["against"], gap["reference_value"], gap["direction"]) == ("全国", "6.2", "above")


def test_a_group_said_part_by_part():
    # kaili-kfq-2012-10's and susong-2021-06's briefings: 分D看，I中，each part's segment (；)
    read = facts(
        "分企业规模看，工业总产值中，500万以上工业企业14.86亿元（预计数），同比增长80.73%。", 10
    )
    found = read["14.86亿元"]
    assert (found["indicator"], found["measure"], found["value"]) == (
        "industrial_output_all",
        "value",
        "14.86",
    )
    assert (found["dimension"], found["part"], found["status"]) == (
        "企业规模",
        "500万以上工业企业",
        "预计数",
    )
    assert read["80.73%"]["part"] == "500万以上工业企业"
    groups = facts(
        "分企业群看，规模以上工业总产值中，“双新”企业73家，同比增长40.2%，"
        "较全县累计产值增速高19.4个百分点；战略性新兴产业企业26家，同比增长27.4%，"
        "较上月提高0.3个百分点。"
    )
    assert [groups[f]["part"] for f in ("73家", "40.2%", "19.4个百分点")] == ["“双新”企业"] * 3
    assert groups["73家"]["measure"] == "count"
    assert [groups[f]["part"] for f in ("26家", "27.4%", "0.3个百分点")] == [
        "战略性新兴产业企业"
    ] * 3
    assert groups["0.3个百分点"]["against"] == "上月"


def test_of_which_part_by_part():
    # ankang-2010-05's briefing: 其中，A …；B …, of the indicator of the sentence before
    read = facts(
        "五大特色产业（5个）规模以上工业总产值64.9亿元，同比增长30%。"
        "其中，清洁能源8.33亿元，同比增长12.26%；宁陕县增长1.72倍。",
        5,
    )
    assert (read["8.33亿元"]["part"], read["12.26%"]["part"]) == ("清洁能源", "清洁能源")
    assert read["12.26%"]["indicator"] == "industrial_output"
    assert (read["1.72倍"]["part"], read["1.72倍"]["measure"]) == ("宁陕县", "growth_times")


def test_a_count_in_parentheses_counts_its_group():
    # ankang-2010-05's and susong-2021-06's briefings
    read = facts("县区（10个）规模以上工业总产值53.82亿元，同比增长85.35%，完成目标的44.85%。", 5)
    assert (read["10个"]["measure"], read["10个"]["part"]) == ("count", "县区")
    assert read["53.82亿元"]["part"] == "县区"
    assert read["44.85%"]["base"] == "目标"
    listed = facts(
        "增加值占比较大的行业（5个）中，纺织业、皮革制造业和农副食品加工业规模以上工业增加值"
        "占比分别为24.6%、11.1%和7%。"
    )
    assert listed["5个"] | {} == {
        "indicator": "industrial_value_added",
        "measure": "count",
        "value": "5",
        "unit": "个",
        "dimension": "分组",
        "part": "增加值占比较大的行业",
    }
    assert listed["24.6%"]["part"] == "纺织业"


def test_ranks_listed_after_the_parts():
    # huangshi-2024-06's briefing: 增速分别居第1、2和3位
    read = facts(
        "分县市区看，下陆区、阳新县(本级)和大冶市工业投资同比增速分别为51.1%、49.2%和21.6%，"
        "增速分别居第1、2和3位。"
    )
    ranks = {f.printed: f.fact for f in read_figures(
        normalise(
            "分县市区看，下陆区、阳新县(本级)和大冶市工业投资同比增速分别为51.1%、49.2%和21.6%，"
            "增速分别居第1、2和3位。"
        ),
        builtin(),
        6,
    ) if f.fact.get("measure") == "growth_rank"}  # fmt: skip
    assert [(f["part"], f["value"]) for f in ranks.values()] == [
        ("下陆区", "1"),
        ("阳新县(本级)", "2"),
        ("大冶市", "3"),
    ]
    assert read["51.1%"]["part"] == "下陆区"


def test_the_count_and_floor_of_the_listed_parts():
    # xiangxi-2015-08 (its text and its briefing alike)
    read = facts(
        "8月，湘西经开区、泸溪县、凤凰县和保靖县4个县区规模以上工业增加值增速均超过20%，"
        "分别达到34.4%、22.2%、34.9%和29.5%。",
        8,
    )
    assert read["4个"] == {
        "indicator": "industrial_value_added",
        "horizon": "8月",
        "dimension": "县区",
        "measure": "count",
        "value": "4",
        "unit": "个",
    }
    floor = read["20%"]
    assert (floor["reference_value"], floor["direction"], floor["dimension"]) == (
        "20",
        "above",
        "县区",
    )
    assert "value" not in floor and "part" not in floor


def test_a_count_after_its_words_closes_the_sentence():
    # yiwu-2018-06's briefing
    read = facts("1-6月，全市工业投资完成58.87亿元，同比增长33.8%，工业投资项目249个。")
    assert read["249个"] | {} == {
        "indicator": "industrial_investment",
        "measure": "count",
        "value": "249",
        "unit": "个",
        "base": "工业投资项目",
    }


def test_a_targets_growth_and_a_figure_inside_a_name():
    # guangyuan-2011-08's briefing (its own indicators.yml names 新增产值过10亿元企业)
    from industry_briefing.contract.catalogue import IndicatorEntry

    entry = IndicatorEntry.model_validate(
        {"name": "新增产值过10亿元企业", "en": "new firms", "kind": "flow", "family": "count"}
    )
    catalogue = builtin().with_region({"new_firms_10yi": entry})
    text = normalise(
        "目标任务：新进规工业企业10月份确保目标19户；万元工业增加值能耗全年确保目标下降5.3%；"
        "新增产值过10亿元企业全年目标5户。"
    )
    read = {f.printed: f for f in read_figures(text, catalogue, 8)}
    energy = read["5.3%"].target
    assert (energy["kind"], energy["horizon"], energy["growth_pct"]) == ("确保目标", "全年", "-5.3")
    assert read["10亿元"].left == "name"
    assert (read["5户"].target["indicator"], read["5户"].target["horizon"]) == (
        "new_firms_10yi",
        "全年",
    )
    assert read["19户"].target["horizon"] == "10月份"


def test_a_regions_indicator_named_by_its_says_and_all_industry_is_a_scope():
    # susong-2021-06's briefing (增长面 said 行业增长面); kaili-kfq-2012-10's (全部工业)
    from industry_briefing.contract.catalogue import IndicatorEntry

    entry = IndicatorEntry.model_validate(
        {
            "name": "增长面",
            "en": "breadth",
            "kind": "ratio",
            "family": "percent",
            "says": {"zh": "行业增长面", "en": "breadth"},
        }
    )
    catalogue = builtin().with_region({"growth_breadth": entry})
    read = {
        f.printed: f.fact
        for f in read_figures(normalise("全县行业增长面96.2%（上报数）。"), catalogue, 6)
    }
    assert "part" not in read["96.2%"] and read["96.2%"]["status"] == "上报数"
    whole = facts("1-10月，全区全部工业实现增加值3.63亿元（预计数），同比增长82.95%。", 10)
    assert whole["3.63亿元"]["indicator"] == "industrial_value_added_all"
    assert "part" not in whole["3.63亿元"]


def test_a_share_of_another_indicators_whole_is_the_regions():
    # qianxinan-2012-08's briefing: 工业投资 as a share of 全社会固定资产投资 (computed)
    read = facts(
        "1-8月，全州工业投资累计完成92.05亿元，占全州全社会固定资产投资的32.26%（推算）。", 8
    )
    assert read["92.05亿元"]["indicator"] == "industrial_investment"
    assert "part" not in read["92.05亿元"]
    assert read["32.26%"]["provenance"] == "derived"


def test_what_remains_to_be_done_is_no_result():
    # the bundled 2011-02 briefing (the seed's wording)
    read = facts(
        "1-2月，全市规模以上工业总产值192.1亿元，同比增长27.6%，为全年目标任务的15.15%，"
        "落后时间进度1.52个百分点，后10个月月均需完成107.59亿元。",
        2,
    )
    assert read["107.59亿元"] == {"left": "needed"}
    gap = read["1.52个百分点"]
    assert (gap["measure"], gap["against"], gap["direction"]) == ("completion", "时间进度", "below")
    assert read["192.1亿元"]["value"] == "192.1"


def test_parts_said_one_a_segment_after_their_heading():
    # the bundled months' briefings: the parks after their total; the districts
    parks = facts(
        "1-6月，10个重点工业园区完成基础设施建设投资55.31亿元，为全年目标任务的27.86%。"
        "其中，贵阳麦架-沙文高新技术产业园完成12.68亿元；龙洞堡食品工业园完成2.94亿元。"
    )
    assert "part" not in parks["55.31亿元"]
    assert (parks["12.68亿元"]["indicator"], parks["12.68亿元"]["part"]) == (
        "park_infrastructure_investment",
        "贵阳麦架-沙文高新技术产业园",
    )
    assert parks["2.94亿元"]["part"] == "龙洞堡食品工业园"
    districts = facts(
        "1-6月，全市规模以上工业总产值617.08亿元，同比增长25.6%。"
        "分区县看，白云区完成107.1亿元，占全市的17.36%；增速最快的是息烽县，同比增长33.3%。"
    )
    assert (districts["107.1亿元"]["part"], districts["33.3%"]["part"]) == ("白云区", "息烽县")
    assert districts["33.3%"]["dimension"] == "区县"
    ranked = facts(
        "1-6月，全市工业投资累计完成166.22亿元。分区县看，工业投资完成额居前的是小河区"
        "（28.78亿元）、白云区（22.83亿元）；白云区、开阳县完成年度目标低于进度要求。"
    )
    assert [ranked[f]["part"] for f in ("28.78亿元", "22.83亿元")] == ["小河区", "白云区"]


def test_a_list_of_parts_on_another_indicators_words_is_not_guessed():
    # the seed's projects after its parks: 项目 names another indicator's words
    read = facts(
        "1-6月，10个重点工业园区完成基础设施建设投资55.31亿元。"
        "滞后最多的是：新型墙体材料项目完成年度计划的0%；湿法磷酸净化项目完成年度计划的4.67%。"
    )
    assert read["0%"] == {"left": "no_indicator"}
    assert read["4.67%"] == {"left": "no_indicator"}
    # products after a colon are no parts of the indicator before (qianxinan-2012-08's): they
    # are products, rows of products.csv
    text = normalise(
        "1-8月，全州规模以上工业实现增加值106.46亿元。"
        "主要工业产品产量：原煤1647.31万吨，同比增长22.7%；洗煤263.58万吨，同比增长26.3%。"
    )
    products = {f.printed: f for f in read_figures(text, builtin(), 8)}
    assert products["22.7%"].fact == {}
    assert (products["22.7%"].product["product"], products["22.7%"].product["measure"]) == (
        "原煤",
        "growth",
    )
    assert products["26.3%"].product["product"] == "洗煤"
