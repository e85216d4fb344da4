"""The indicator catalogue, units by family, the region profile and the new tables, as the
reader applies them to a data root."""

from pathlib import Path

import pytest

from industry_briefing.contract import units
from industry_briefing.contract.catalogue import builtin
from industry_briefing.core.errors import InputError
from industry_briefing.ingest import reader
from industry_briefing.ingest.numbers import parse_rank
from industry_briefing.store import warehouse

META = """region: 广元市
source: 广元市经济和信息化局
tables:
  indicators: {provenance: published}
  targets: {provenance: published}
  breakdowns: {provenance: published}
  products: {provenance: published}
  project_groups: {provenance: published}
"""


def month(tmp_path: Path, files: dict[str, str], root_files: dict[str, str] | None = None) -> Path:
    """A data root with one month, 2011-08, of the given files (meta.yml added)."""
    folder = tmp_path / "root" / "2011-08"
    folder.mkdir(parents=True)
    (folder / "meta.yml").write_text(files.pop("meta.yml", META), encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, text in (root_files or {}).items():
        (folder.parent / name).write_text(text, encoding="utf-8")
    return folder.parent


def messages(root: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        reader.read_period(root, "2011-08")
    return [str(p) for p in caught.value.problems]


VALUE_ADDED = "指标,本期累计,单位,同比增长(%)\n规上工业增加值,86,亿元,30.2\n"


def test_without_a_profile_the_three_rows_and_the_parks_are_still_required(tmp_path):
    found = messages(month(tmp_path, {"indicators.csv": VALUE_ADDED}))
    assert any("required row industrial_output (规模以上工业总产值) is missing" in m for m in found)
    assert any("2011-08/parks.csv: required file is missing" in m for m in found)


def test_with_a_profile_one_indicator_row_is_enough_and_aliases_are_read(tmp_path):
    root = month(tmp_path, {"indicators.csv": VALUE_ADDED}, {"profile.yml": "level: 市\n"})
    figures = reader.read_period(root, "2011-08")
    row = figures.indicators.iloc[0]
    assert (row["indicator"], row["value"], row["unit"], row["growth_pct"]) == (
        "industrial_value_added",
        86.0,
        "亿元",
        30.2,
    )
    assert figures.profile is not None and figures.profile["level"] == "市"
    assert figures.parks.empty


def test_an_unknown_indicator_names_the_nearest_and_how_to_declare_one(tmp_path):
    text = "指标,本期累计,单位\n主营业务收人,10,亿元\n"  # 人 typed for 入
    root = month(tmp_path, {"indicators.csv": text}, {"profile.yml": "level: 市\n"})
    [problem] = messages(root)
    assert "row 2, column 指标: unknown indicator" in problem
    assert "the nearest known is main_business_revenue (主营业务收入)" in problem
    assert "a new indicator is declared in indicators.yml at the data root" in problem


def test_a_unit_of_another_family_is_an_error(tmp_path):
    text = "指标,本期累计,单位\n工业投资,10,万吨\n"
    root = month(tmp_path, {"indicators.csv": text}, {"profile.yml": "level: 市\n"})
    assert messages(root) == [
        "2011-08/indicators.csv, row 2, column 单位: unit 万吨 is not a unit of 工业投资 (重量) "
        "(expected a unit of 金额: 亿元, 万元, 元; found '万吨')"
    ]


def test_units_are_stored_canonically_and_shown_again_as_entered(tmp_path):
    text = (
        "指标,本期累计,单位,同比增长(%)\n"
        "工业用电量,52555.94,万千瓦时,29.82\n"
        "发电量,153.72,亿度,43.1\n"
    )
    root = month(tmp_path, {"indicators.csv": text}, {"profile.yml": "level: 市\n"})
    figures = reader.read_period(root, "2011-08")
    stored = dict(zip(figures.indicators["indicator"], figures.indicators["value"], strict=True))
    assert stored == {"electricity_use": 52555.94, "power_generation": 1537200.0}
    assert str(units.in_unit(stored["power_generation"], "亿度")) == "153.72"
    assert format(units.in_unit(units.to_canonical(25.47, "平方公里"), "亩"), "f") == "38205"


def test_a_region_declares_its_own_indicator_and_may_not_rename_a_known_one(tmp_path):
    declared = (
        "indicators:\n  kiln_rate:\n    name: 高载能企业开炉率\n    en: furnace operating rate\n"
        "    kind: ratio\n    family: percent\n"
    )
    text = "指标,本期累计,单位\n高载能企业开炉率,85.7,%\n"
    root = month(
        tmp_path,
        {"indicators.csv": text},
        {"profile.yml": "level: 开发区\n", "indicators.yml": declared},
    )
    figures = reader.read_period(root, "2011-08")
    assert list(figures.indicators["indicator"]) == ["kiln_rate"]
    assert figures.regional_indicators["kiln_rate"]["name"] == "高载能企业开炉率"
    (root / "indicators.yml").write_text(
        declared + "  my_output:\n    name: 规上工业总产值\n    en: x\n    kind: flow\n"
        "    family: money\n",
        encoding="utf-8",
    )
    assert messages(root) == [
        "indicators.yml: indicators.my_output: 规上工业总产值 already names industrial_output "
        "(规模以上工业总产值) (expected a new code and names of its own; a known indicator "
        "needs no declaring)"
    ]


KILN = (
    "  kiln_rate:\n    name: 窑炉开工率\n    en: kiln rate\n    kind: ratio\n    family: percent\n"
)
CLASHES = {
    "a name two indicators share": (
        KILN + "  oven_rate:\n    name: 窑炉开工率\n    en: oven rate\n    kind: ratio\n"
        "    family: percent\n",
        "indicators.oven_rate: 窑炉开工率 already names kiln_rate (窑炉开工率), declared before "
        "it in indicators.yml",
        "indicators.oven_rate：“窑炉开工率”已是本文件前面声明的指标 kiln_rate（窑炉开工率）的名称",
    ),
    "an alias that is another's code": (
        KILN + "  oven_rate:\n    name: 烘炉开工率\n    en: oven rate\n    aliases: [kiln_rate]\n"
        "    kind: ratio\n    family: percent\n",
        "indicators.oven_rate: kiln_rate already names kiln_rate (窑炉开工率), declared before "
        "it in indicators.yml",
        "indicators.oven_rate：“kiln_rate”已是本文件前面声明的指标 kiln_rate（窑炉开工率）的名称",
    ),
    "a code in capitals beside the catalogue's": (
        "  INDUSTRIAL_OUTPUT:\n    name: 某园区产值\n    en: x\n    kind: flow\n"
        "    family: money\n",
        "indicators.INDUSTRIAL_OUTPUT: INDUSTRIAL_OUTPUT already names industrial_output "
        "(规模以上工业总产值)",
        "indicators.INDUSTRIAL_OUTPUT：“INDUSTRIAL_OUTPUT”已是指标 industrial_output"
        "（规模以上工业总产值）的名称",
    ),
    "a code in capitals beside the region's own": (
        KILN + "  KILN_RATE:\n    name: 大窑炉开工率\n    en: big kiln rate\n    kind: ratio\n"
        "    family: percent\n",
        "indicators.KILN_RATE: KILN_RATE already names kiln_rate (窑炉开工率), declared before "
        "it in indicators.yml",
        "indicators.KILN_RATE：“KILN_RATE”已是本文件前面声明的指标 kiln_rate（窑炉开工率）的名称",
    ),
}


@pytest.mark.parametrize("case", CLASHES)
def test_two_regional_indicators_one_spelling_is_refused_naming_both(tmp_path, case):
    """A spelling two indicators share sends a row to whichever came first: refused, naming
    the indicator declared and the one it clashes with; nothing is ingested."""
    declared, english, chinese = CLASHES[case]
    text = "指标,本期累计,单位\n规上工业总产值,85.7,亿元\n"
    root = month(
        tmp_path,
        {"indicators.csv": text},
        {"profile.yml": "level: 开发区\n", "indicators.yml": "indicators:\n" + declared},
    )
    before = sorted(root.rglob("*"))
    with pytest.raises(InputError) as caught:
        reader.read_period(root, "2011-08")
    assert sorted(root.rglob("*")) == before  # reading writes nothing
    (problem,) = caught.value.problems
    assert problem.file == "indicators.yml"
    assert problem.text("en") == (
        f"indicators.yml: {english} (expected a new code and names of its own; a known "
        "indicator needs no declaring)"
    )
    assert problem.text("zh").startswith(f"indicators.yml：{chinese}")


def test_the_new_tables_are_read_and_stored(tmp_path):
    files = {
        "indicators.csv": VALUE_ADDED,
        "targets.csv": "指标,目标类型,期限,目标值,单位,目标增速(%)\n"
        "规上工业增加值,全年目标,全年,120,亿元,\n万元工业增加值能耗,确保目标,全年,,,-5.3\n",
        "breakdowns.csv": "指标,维度,组成部分,本期累计,单位,占比(%)\n"
        "规上工业增加值,五大工业板块,合计,66.46,亿元,77.28\n",
        "products.csv": "产品,本期累计,单位,同比增长(%)\n黄金,6330,千克,0.3\n",
        "project_groups.csv": "项目类别,个数,个数单位,投资额,单位,投资口径,同比增长(%)\n"
        "500万元以上工业项目,229,个,95.01,亿元,总投资,29.01\n",
        "notes.md": "会议要求，抓好第四季度工业经济工作。\n",
    }
    root = month(tmp_path, files, {"profile.yml": "level: 市\nrank_numerals: chinese\n"})
    figures = reader.read_period(root, "2011-08")
    assert list(figures.targets["growth_pct"].fillna(0)) == [0, -5.3]
    assert figures.breakdowns.iloc[0]["part"] == "合计"
    assert figures.products.iloc[0]["value"] == 6.33  # 吨
    assert figures.project_groups.iloc[0]["count"] == 229
    assert figures.analyst_text == "会议要求，抓好第四季度工业经济工作。"
    db = tmp_path / "w.duckdb"
    warehouse.write_period(db, figures)
    loaded = warehouse.load_period(db, "2011-08")
    assert loaded.products.iloc[0]["unit"] == "千克"
    assert loaded.profile == figures.profile and loaded.analyst_text == figures.analyst_text
    assert loaded.project_groups.iloc[0]["investment"] == 95.01


def test_an_amount_without_its_unit_is_an_error(tmp_path):
    files = {
        "indicators.csv": VALUE_ADDED,
        "targets.csv": "指标,目标类型,期限,目标值\n规上工业增加值,全年目标,全年,120\n",
    }
    root = month(tmp_path, files, {"profile.yml": "level: 市\n"})
    assert messages(root) == [
        "2011-08/targets.csv, row 2, column 单位: 目标值 is given without its unit "
        "(expected the unit in the 单位 column, such as 亿元)"
    ]


@pytest.mark.parametrize(
    ("written", "rank"),
    [("4", 4), ("第4位", 4), ("第四位", 4), ("第十二名", 12), ("二十一", 21), ("", None)],
)
def test_ranks_are_read_as_bulletins_write_them(written, rank):
    assert parse_rank(written) == rank


@pytest.mark.parametrize("written", ["第", "四五", "上游", "第一百位"])
def test_what_is_not_a_rank_is_refused(written):
    with pytest.raises(ValueError, match="not a rank"):
        parse_rank(written)


def test_every_catalogue_indicator_has_a_unit_family_and_distinct_names():
    catalogue = builtin()
    seen: dict[str, str] = {}
    for code, indicator in catalogue.indicators.items():
        assert indicator.entry.family in units.FAMILIES
        for spelling in (code, indicator.name, *indicator.entry.aliases):
            assert seen.setdefault(spelling, code) == code, spelling
    assert catalogue.find("规模以上工业增加值（2000万元规模口径）").code == "industrial_value_added"
    assert catalogue.find(" 营业收入 ").code == "operating_revenue"
    assert catalogue.find("固定资产投资") is None  # 全社会 or 500万元以上: not guessed


def test_data_readme_lists_every_catalogue_indicator_with_its_name():
    from industry_briefing.core import settings

    readme = (settings.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for code, indicator in builtin().indicators.items():
        assert f"| `{code}` | {indicator.name} |" in readme, code


@pytest.mark.parametrize(("last", "warned"), [("3.28", False), ("4.28", True)])
def test_parts_said_to_be_all_of_it_must_add_up(tmp_path, last, warned):
    """五大特色产业: 8.33 + 34.5 + 14.12 + 4.67 + 3.28 = 64.9 (ankang, 2010-05)."""
    rows = [("合计", "64.9"), ("清洁能源", "8.33"), ("新型材料", "34.5"), ("富硒食品", "14.12")]
    rows += [("生物医药", "4.67"), ("安康丝绸", last)]
    text = "指标,维度,组成部分,本期累计,单位,是否穷尽\n" + "".join(
        f"规上工业总产值,五大特色产业,{part},{value},亿元,是\n" for part, value in rows
    )
    files = {"indicators.csv": VALUE_ADDED, "breakdowns.csv": text}
    root = month(tmp_path, files, {"profile.yml": "level: 市\n"})
    figures = reader.read_period(root, "2011-08")
    assert [str(w) for w in figures.warnings] == (
        [
            "2011-08/breakdowns.csv, row 2, column 是否穷尽: the parts of 五大特色产业 add up "
            "to 65.9亿元, not 64.9亿元, although 是否穷尽 says they are all of it (expected "
            "parts that add up to the whole, or 是否穷尽 left empty)"
        ]
        if warned
        else []
    )


def test_a_row_may_give_only_the_growth_but_a_required_row_needs_its_figure(tmp_path):
    text = "指标,本期累计,单位,同比增长(%)\n规上工业增加值,,,9.2\n工业用电量,,,\n"
    root = month(tmp_path, {"indicators.csv": text}, {"profile.yml": "required: [工业用电量]\n"})
    assert messages(root) == [
        "2011-08/indicators.csv, row 3, column 本期累计: required cell is empty (expected the "
        "figure: this row is required every month)"
    ]
    (root / "profile.yml").write_text("level: 市\n", encoding="utf-8")
    assert messages(root) == [
        "2011-08/indicators.csv, row 3, column 本期累计: required cell is empty (expected the "
        "figure, or only its growth where the bulletin gives only a rate)"
    ]
    (root / "2011-08" / "indicators.csv").write_text(text.replace("工业用电量,,,\n", ""), "utf-8")
    figures = reader.read_period(root, "2011-08")
    assert figures.indicators["value"].isna().all()
    assert list(figures.indicators["growth_pct"]) == [9.2]


def test_a_growth_only_row_goes_into_a_warehouse_that_required_the_value(tmp_path):
    """Warehouses written before this contract hold an indicator's value as NOT NULL."""
    import duckdb

    from industry_briefing.core import settings

    db = tmp_path / "w.duckdb"
    warehouse.write_period(db, reader.read_period(settings.RAW_DATA_DIR, "2011-02"))
    with duckdb.connect(str(db)) as connection:
        connection.execute("ALTER TABLE indicators ALTER COLUMN value SET NOT NULL")
    text = "指标,本期累计,单位,同比增长(%)\n规上工业增加值,,,9.2\n"
    root = month(tmp_path, {"indicators.csv": text}, {"profile.yml": "level: 市\n"})
    warehouse.write_period(db, reader.read_period(root, "2011-08"))
    loaded = warehouse.load_period(db, "2011-08")
    assert loaded.indicators["value"].isna().all()
