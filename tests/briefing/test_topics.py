"""The topic notebooks' fuller tables print whole: every column has a header from the labels
(show_table prints no index), and an empty input cell prints empty, never "nan"."""

import dataclasses

import pandas as pd
import pytest

from industry_briefing.analysis.model import build_model
from industry_briefing.briefing import formatting, labels
from industry_briefing.briefing.sections import operation, topics
from industry_briefing.core import settings


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_park_monthly_table_names_each_park_under_a_labelled_header(models, lang):
    model = models["2011-12"]
    table = topics.park_monthly_table(model, lang)
    park_header = labels.label("column.park", lang)
    months = [labels.month_span(1, 2, lang), *(labels.month_span(m, m, lang) for m in range(3, 13))]
    assert list(table.columns) == [park_header, *months]
    assert table.columns.name is None and table.index.name is None
    assert sorted(table[park_header]) == sorted(model.figures.parks["park"])
    # March alone: the park's 1-3月 cumulative less its 1-2月, in the language's unit.
    february, march = (
        release.parks.set_index("park")["completed"]
        for release in model.releases
        if str(release.period) in ("2011-02", "2011-03")
    )
    park = table[park_header].iloc[0]
    row = table.set_index(park_header).loc[park]
    assert row[months[1]] == formatting.amount_number(march[park] - february[park], lang)


@pytest.fixture
def model_with_blank_industry(models):
    """The year's last month, its first key enterprise reported with no 区县 and no 行业."""
    model = models["2011-12"]
    enterprises = model.figures.enterprises.copy()
    enterprises.loc[enterprises.index[0], ["district", "industry"]] = None
    figures = dataclasses.replace(model.figures, enterprises=enterprises)
    return build_model(figures, releases=model.releases), enterprises["enterprise"].iloc[0]


@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_an_empty_industry_prints_empty_in_the_enterprise_tables(model_with_blank_industry, lang):
    model, enterprise = model_with_blank_industry
    column = labels.label("column.enterprise", lang)
    for table in (topics.key_enterprises_table(model, lang), operation.troubled_table(model, lang)):
        if enterprise not in set(table[column]):
            continue
        row = table.set_index(column).loc[enterprise]
        assert row[labels.label("column.industry", lang)] == ""
        assert row[labels.label("column.district", lang)] == ""
    shown = topics.key_enterprises_table(model, lang).to_numpy().ravel()
    assert enterprise in shown
    assert not any(pd.isna(cell) for cell in shown)
