"""Which of a month's figures are illustrative: a table by its default, a column or row by an
override, a month or a briefing table by every input table it reads."""

import re
import shutil
from pathlib import Path

from industry_briefing.analysis import illustrative
from industry_briefing.analysis.illustrative import IllustrativePart
from industry_briefing.core.periods import Period
from industry_briefing.ingest import reader

SEED = Period.parse("2011-02")


def read(period_dir: Path):
    return reader.read_period(period_dir.parent, SEED)


def all_illustrative(period_dir: Path) -> None:
    """Every table of the copied seed said illustrative, its overrides kept (derived targets,
    illustrative park columns)."""
    meta = period_dir / "meta.yml"
    text = re.sub(r"provenance: published", "provenance: illustrative", meta.read_text("utf-8"))
    meta.write_text(text, encoding="utf-8")


def test_the_published_seed_is_partly_illustrative_in_its_park_columns_only(period_dir):
    figures = read(period_dir)
    summary = illustrative.kinds_by_table(figures)
    assert summary == {
        "indicators": ["published", "derived"],
        "facts": ["published"],  # its printed 3.59倍
        "parks": ["published", "illustrative"],
    }
    assert illustrative.month_kind(summary) == "partly"  # never the whole month
    assert illustrative.illustrative_parts(figures) == (
        IllustrativePart("parks", columns=("annual_target", "district")),
    )
    assert illustrative.reads_kind([figures], ["indicators"]) is None  # derived is not 示意
    assert illustrative.reads_kind([figures], ["parks"]) == "partly"
    assert illustrative.reads_kind([figures], ["districts"]) is None  # a table it has not


def test_a_month_whose_tables_are_all_illustrative_is_illustrative(period_dir):
    all_illustrative(period_dir)
    figures = read(period_dir)
    summary = illustrative.kinds_by_table(figures)
    assert summary["indicators"] == ["illustrative", "derived"]  # its targets stay derived
    assert illustrative.month_kind(summary) == "illustrative"
    assert illustrative.illustrative_parts(figures) == (
        IllustrativePart("indicators", whole=True),
        IllustrativePart("facts", whole=True),
        IllustrativePart("parks", whole=True),
    )
    assert illustrative.reads_kind([figures], ["indicators", "parks"]) == "illustrative"


def test_a_series_over_a_published_and_an_illustrative_release_is_partly(data_dir, tmp_path):
    published = read(data_dir / "2011-02")
    copy = tmp_path / "copy" / "2011-02"
    shutil.copytree(data_dir / "2011-02", copy)
    all_illustrative(copy)
    invented = read(copy)
    assert illustrative.reads_kind([published, invented], ["indicators"]) == "partly"
    assert illustrative.reads_kind([invented, invented], ["indicators"]) == "illustrative"
    assert illustrative.combined_kind([]) is None


def test_a_row_override_makes_its_table_partly_illustrative(period_dir):
    meta = period_dir / "meta.yml"
    text = meta.read_text("utf-8").replace(
        "        provenance: derived\n        note: 由工业投资",
        "        provenance: illustrative\n        note: 由工业投资",
    )
    meta.write_text(text, encoding="utf-8")
    figures = read(period_dir)
    parts = illustrative.illustrative_parts(figures)
    assert IllustrativePart("indicators", some_rows=True) in parts
    assert illustrative.reads_kind([figures], ["indicators"]) == "partly"
