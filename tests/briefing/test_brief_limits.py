"""The profile's `brief` limits: a long table prints its first rows and one row of the rest
with their sums; a concern names its first items and counts the others; the text's figures
stay figures of the tables."""

import dataclasses

import pytest
from pydantic import ValidationError

from industry_briefing.analysis import investment, operation, quality
from industry_briefing.analysis.findings import WARNING
from industry_briefing.briefing import formatting, labels
from industry_briefing.briefing.sections import appendix, concerns
from industry_briefing.briefing.sections import investment as investment_section
from industry_briefing.briefing.sections import operation as operation_section
from industry_briefing.contract.profile import BriefLimits, RegionProfile, profile_from

LANGS = ["zh", "en"]


def _limited(model, listed: int, named: int, top: int = 5, bottom: int = 5):
    brief = BriefLimits(listed=listed, named=named, ranking_top=top, ranking_bottom=bottom)
    return dataclasses.replace(model, profile=model.profile.model_copy(update={"brief": brief}))


def test_the_defaults_print_a_bundled_month_s_troubled_enterprises_whole(models):
    model = models["2011-12"]
    troubled = operation.troubled_enterprises(model.figures.enterprises)
    assert len(operation_section.troubled_table(model)) == len(troubled)


@pytest.mark.parametrize("lang", LANGS)
def test_a_cut_table_ends_with_the_rest_and_their_sums(models, lang):
    model = _limited(models["2011-12"], listed=2, named=2)
    troubled = operation.troubled_enterprises(model.figures.enterprises)
    assert len(troubled) > 3, "the bundled 2011-12 has six troubled enterprises"
    table = operation_section.troubled_table(model, lang)
    assert len(table) == 3
    rest = table.iloc[-1]
    count = len(troubled) - 2
    assert rest.iloc[0] == labels.label("row.rest_enterprises", lang, count=count)
    output = labels.label("column.output", lang)
    assert rest[output] == formatting.amount_number(troubled["output"].iloc[2:].sum(), lang)
    assert list(table[output].iloc[:2]) == [
        formatting.amount_number(v, lang) for v in troubled["output"].iloc[:2]
    ]


def test_lagging_projects_most_behind_first_then_the_rest(models):
    model = _limited(models["2011-12"], listed=4, named=2)
    lagging = investment.lagging(investment.major_projects_of(model))
    table = investment_section.lagging_projects_table(model)
    assert list(table.iloc[:4, 0]) == list(lagging["project"].iloc[:4])
    assert table.iloc[4, 0] == f"其余{len(lagging) - 4}个（全部见专题页）"
    completed = table[labels.label("column.completed", "zh")].iloc[4]
    assert completed == formatting.amount_number(lagging["completed"].iloc[4:].sum(), "zh")


def test_not_at_capacity_cut_shows_the_largest_investments(models):
    model = _limited(models["2011-12"], listed=2, named=2)
    projects = investment.not_at_capacity(investment.major_projects_of(model))
    largest = projects.sort_values("total_investment", ascending=False)["project"]
    table = investment_section.not_at_capacity_table(model)
    assert list(table.iloc[:2, 0]) == list(largest.iloc[:2])
    assert table.iloc[2, 0] == f"其余{len(projects) - 2}个（全部见专题页）"


def test_a_long_ranking_of_industries_shows_its_top_and_bottom(models):
    model = _limited(models["2011-12"], listed=2, named=2, top=2, bottom=2)
    ranking = operation.output_by_industry(model.figures.enterprises)
    assert len(ranking) > 5, "the bundled 2011-12 has eight industries"
    table = operation_section.industry_table(model)
    industries = list(table.iloc[:, 0])
    middle = len(ranking) - 4
    assert industries == [
        *ranking["industry"].iloc[:2],
        f"其余{middle}个行业",
        *ranking["industry"].iloc[-2:],
    ]
    rest = table.iloc[2]
    assert rest[labels.label("column.enterprises", "zh")] == ranking["enterprises"].iloc[2:-2].sum()
    output = formatting.amount_number(ranking["output"].iloc[2:-2].sum(), "zh")
    assert rest[labels.label("column.output", "zh")] == output


def test_concerns_name_the_first_items_and_count_the_others(models):
    model = _limited(models["2011-12"], listed=3, named=2)
    troubled = operation.troubled_enterprises(model.figures.enterprises)
    text = concerns.text(model)
    first, second, third = troubled["enterprise"].iloc[:3]
    assert first in text and second in text and third not in text
    total = formatting.amount_number(troubled["output"].sum(), "zh")
    assert f"{len(troubled)}户重点企业停产、部分生产或未投产，产值合计{total}亿元。" in text
    assert f"等，其余{len(troubled) - 2}户。" in text  # no document: no table to refer to


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_of_a_cut_briefing_is_in_a_table(
    models, lang, briefing_outline, figures_of_text, figures_of_tables
):
    model = _limited(models["2011-12"], listed=2, named=1, top=1, bottom=1)
    outline = briefing_outline(model, lang)
    cells = figures_of_tables(outline.tables)
    for name, text in outline.texts.items():
        missing = figures_of_text(text, model, lang) - cells
        assert not missing, f"{lang} {name}: {sorted(missing)} not in any table\n{text}"


def _findings_cut(model, findings: int):
    brief = model.profile.brief.model_copy(update={"findings": findings})
    return dataclasses.replace(model, profile=model.profile.model_copy(update={"brief": brief}))


def test_the_defaults_print_a_bundled_month_s_findings_whole(models):
    model = models["2011-05"]
    warnings = [f for f in quality.checks_of(model) if f.status == WARNING]
    table = appendix.quality_findings_table(model)
    assert len(table) == len(warnings) and not table.iloc[:, 0].str.startswith("其余").any()


@pytest.mark.parametrize("lang", LANGS)
def test_cut_findings_end_with_the_rest_by_kind_and_where_all_are(models, lang):
    model = _findings_cut(models["2011-05"], 1)
    warnings = [f for f in quality.checks_of(model) if f.status == WARNING]
    assert len(warnings) >= 3, "the bundled 2011-05 has a sum over the city and missing priors"
    table = appendix.quality_findings_table(model, lang)
    assert len(table) == 2
    rest = table.iloc[-1]
    assert rest.iloc[0] == labels.label("row.rest_findings", lang, count=len(warnings) - 1)
    sheet = labels.label("workbook.findings_sheet", lang)
    assert sheet in rest.iloc[2] and "tables.xlsx" in rest.iloc[2]
    kinds = labels.label(
        "quality.rest_kind",
        lang,
        kind=appendix.kind_name("no_prior", lang),
        count=len(warnings) - 1,
    )
    assert kinds in rest.iloc[2]


def test_the_limits_are_checked():
    assert profile_from({"brief": {"listed": 20}}).brief == BriefLimits(listed=20, named=5)
    assert profile_from({"brief": {"findings": 50}}).brief.findings == 50
    assert BriefLimits().findings == 20
    wrongs = ({"listed": 0}, {"named": 1000}, {"rows": 3}, {"listed": 3, "named": 4})
    for wrong in (*wrongs, {"findings": 0}, {"findings": 501}, {"findings": "all"}):
        with pytest.raises(ValidationError):
            RegionProfile.model_validate({"brief": wrong})
