"""The region's policy thresholds (profile.yml `thresholds:`): today's values by default, and a
region's own values change which project is major, which enterprise is key and which status a
park has; documented in data/README.md's profile table."""

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from industry_briefing.analysis import investment, operation
from industry_briefing.analysis.model import MonthModel, build_model
from industry_briefing.analysis.targets import Status
from industry_briefing.contract.profile import DEFAULT_PROFILE, RegionProfile, Thresholds
from industry_briefing.core import settings
from industry_briefing.ingest import reader


def model_with(period_dir: Path, thresholds: str = "") -> MonthModel:
    """The month of `period_dir` read with the bundled profile.yml, plus `thresholds` lines."""
    profile = (settings.RAW_DATA_DIR / settings.PROFILE_FILE).read_text(encoding="utf-8")
    root = period_dir.parent
    (root / settings.PROFILE_FILE).write_text(profile + thresholds, encoding="utf-8")
    return build_model(reader.read_period(root, period_dir.name))


def test_the_defaults_are_todays_settings():
    assert DEFAULT_PROFILE.thresholds == RegionProfile().thresholds
    assert Thresholds().model_dump() == {
        "major_project_yi": settings.MAJOR_PROJECT_MIN_INVESTMENT_YI,
        "key_enterprise_yi": settings.KEY_ENTERPRISE_MIN_OUTPUT_YI,
        "on_pace_pp": settings.ON_PACE_BAND_PP,
        "far_behind_pp": settings.FAR_BEHIND_PP,
    }


def test_the_profile_table_names_each_threshold_with_its_default():
    readme = (settings.DATA_DIR / "README.md").read_text(encoding="utf-8")
    [row] = re.findall(r"^\| `thresholds` \|.*$", readme, re.M)
    for name, field in Thresholds.model_fields.items():
        assert f"`{name}: {field.default}`" in row, name


def test_a_higher_major_project_threshold_leaves_a_project_out(full_period_dir: Path):
    today = investment.major_projects_of(model_with(full_period_dir))
    assert set(today["project"]) == {"某装备制造项目", "某食品加工项目"}  # 20 and 0.8 亿元
    raised = model_with(full_period_dir, "thresholds:\n  major_project_yi: 1\n")
    assert set(investment.major_projects_of(raised)["project"]) == {"某装备制造项目"}


def test_a_higher_key_enterprise_threshold_leaves_an_enterprise_out(full_period_dir: Path):
    # 1-2月: 某铝业 12,345万元 is 7.4 亿元 a year, 某磷化工 3.2 亿元 is 19.2 亿元 a year
    today = operation.key_enterprises_of(model_with(full_period_dir))
    assert {"某铝业有限公司", "某磷化工有限公司"} <= set(today["enterprise"])
    raised = model_with(full_period_dir, "thresholds:\n  key_enterprise_yi: 10\n")
    assert set(operation.key_enterprises_of(raised)["enterprise"]) == {"某磷化工有限公司"}


def test_wider_bands_change_a_parks_status(period_dir: Path):
    today = model_with(period_dir).parks.set_index("park")
    off_pace = today.loc[today["status"] != Status.ON_PACE, "gap_pp"]
    park, gap = off_pace.index[0], float(off_pace.iloc[0])
    band = abs(gap) + 1
    wide = f"thresholds:\n  on_pace_pp: {band}\n  far_behind_pp: {band + 5}\n"
    widened = model_with(period_dir, wide).parks.set_index("park")
    assert widened.loc[park, "status"] == Status.ON_PACE
    assert today.loc[park, "status"] != widened.loc[park, "status"]


def test_bands_out_of_order_are_refused():
    with pytest.raises(ValidationError, match=r"far_behind_pp \(1.0\) is less than on_pace_pp"):
        RegionProfile.model_validate({"thresholds": {"on_pace_pp": 2, "far_behind_pp": 1}})
    with pytest.raises(ValidationError, match="greater than 0"):
        RegionProfile.model_validate({"thresholds": {"major_project_yi": 0}})


@pytest.mark.parametrize(
    ("lang", "major", "key"),
    [
        ("zh", "总投资1亿元以上重大工业项目", "年产值10亿元以上企业"),
        (
            "en",
            "total investment of 100 million yuan or more",
            "annual output of 1 billion yuan or more",
        ),
    ],
)
def test_the_words_and_captions_state_the_regions_own_bounds(full_period_dir, lang, major, key):
    """The briefing says the bounds the region set, in its text and its appendix captions,
    never today's defaults beside them."""
    from industry_briefing.briefing import marks
    from industry_briefing.briefing.sections import investment as investment_words
    from industry_briefing.briefing.sections import operation as operation_words

    today = model_with(full_period_dir)
    assert "1000万元以上" in investment_words.text(today, "zh")
    assert "5000万元以上" in marks.caption(today, "caption.key_enterprises", "zh")
    raised = model_with(
        full_period_dir, "thresholds:\n  major_project_yi: 1\n  key_enterprise_yi: 10\n"
    )
    said = investment_words.text(raised, lang) + operation_words.text(raised, lang)
    assert major in said and key in said
    assert "1000万元" not in said and "5000万元" not in said and "10 million" not in said
    assert major in marks.caption(raised, "caption.major_projects", lang)
    assert key.removesuffix("企业") in marks.caption(raised, "caption.key_enterprises", lang)
