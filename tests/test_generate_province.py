"""scripts/generate_province.py: the benchmark's province, a renamed and rescaled copy of the
bundled year per region, every table marked illustrative, the same bytes from the same seed."""

import importlib.util
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from industry_briefing.core import settings
from industry_briefing.core.periods import Period
from industry_briefing.ingest import reader

SCRIPT = settings.PROJECT_ROOT / "scripts" / "generate_province.py"
MONTHS = [f"2011-{month:02d}" for month in range(2, 13)]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_province", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def province(script: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("province") / "root"
    script.generate(out, 2)
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_regions_are_named_as_given(province: Path) -> None:
    assert sorted(p.name for p in province.iterdir()) == ["region-a", "region-b"]
    for folder, name, name_en in (
        ("region-a", "示意省甲市", "Illustrative City A"),
        ("region-b", "示意省乙市", "Illustrative City B"),
    ):
        profile = _yaml(province / folder / settings.PROFILE_FILE)
        assert (profile["region"], profile["region_en"]) == (name, name_en)
        assert sorted(p.name for p in (province / folder).iterdir() if p.is_dir()) == MONTHS
        assert {_yaml(province / folder / m / "meta.yml")["region"] for m in MONTHS} == {name}


def test_every_table_is_illustrative_with_the_note(province: Path) -> None:
    for meta_path in province.glob("*/*/meta.yml"):
        tables = _yaml(meta_path)["tables"]
        stems = {p.stem for p in meta_path.parent.glob("*.csv")}
        assert stems <= set(tables), meta_path
        for table in tables.values():
            assert table["provenance"] == "illustrative"
            assert "scripts/generate_province.py" in table["note"]
            assert "not published" in table["note_en"]
            assert "overrides" not in table


def test_amounts_scaled_and_rates_kept(script: ModuleType, province: Path) -> None:
    factor = script.scale_factor(script.SEED, 0)
    bundled = (settings.RAW_DATA_DIR / "2011-05" / "indicators.csv").read_text(encoding="utf-8")
    made = (province / "region-a" / "2011-05" / "indicators.csv").read_text(encoding="utf-8")
    before, after = bundled.splitlines()[1].split(","), made.splitlines()[1].split(",")
    assert Decimal(after[1]) == Decimal(before[1]) * factor  # 本期累计, an amount
    assert after[4] == before[4]  # 同比增长(%), a rate


def test_deterministic(script: ModuleType, province: Path, tmp_path: Path) -> None:
    script.generate(tmp_path / "again", 2)
    assert _files(tmp_path / "again") == _files(province)


def test_refuses_raw_data_and_an_existing_folder(script: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="never written"):
        script.generate(settings.RAW_DATA_DIR / "province", 1)
    with pytest.raises(ValueError, match="exists"):
        script.generate(tmp_path, 1)
    assert not (settings.RAW_DATA_DIR / "province").exists()


def test_a_generated_month_reads_without_errors(province: Path) -> None:
    figures = reader.read_period(province / "region-b", Period.parse("2011-05"))
    assert len(figures.enterprises) == 40
