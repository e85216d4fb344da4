"""Exact re-runs on a three-year data root (the bundled year copied as 2011, 2012 and 2013):
one changed figure of 2011-06 re-runs exactly the months that read 2011-06 (core.periods.reads),
and only 2011-06 is validated and loaded again."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from industry_briefing.analysis import loading
from industry_briefing.analysis.model import build_model
from industry_briefing.analysis.targets import Basis
from industry_briefing.core import settings
from industry_briefing.core.periods import Period, available_periods, reads, tables_read
from industry_briefing.ingest import reader
from industry_briefing.publish import manifest as manifests
from industry_briefing.run import batch, fingerprint, triage
from industry_briefing.run.jobs import ingest
from industry_briefing.run.regions import Region
from industry_briefing.run.request import OUTPUTS
from industry_briefing.run.worker import Job
from industry_briefing.store import warehouse

YEARS = (2011, 2012, 2013)
CHANGED = Period(2011, 6)


def three_years(root: Path) -> Path:
    """The bundled year's folders as the same months of each of YEARS (meta.yml renamed)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(settings.RAW_DATA_DIR / "profile.yml", root / "profile.yml")
    for period, folder in ((p, settings.RAW_DATA_DIR / str(p)) for p in bundled()):
        for year in YEARS:
            copy = root / f"{year}-{period.month:02d}"
            shutil.copytree(folder, copy)
            meta = copy / "meta.yml"
            text = meta.read_text(encoding="utf-8")
            meta.write_text(
                text.replace(f'period: "{period}"', f'period: "{year}-{period.month:02d}"'),
                encoding="utf-8",
            )
    return root


def bundled() -> list[Period]:
    return available_periods(settings.RAW_DATA_DIR)


def change_one_figure(root: Path, table: str = "parks", row: int = 1, column: int = 3) -> None:
    """One figure of CHANGED's TABLE.csv 1 (亿元) more: by default a park's completion."""
    path = root / str(CHANGED) / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[row].split(",")
    cells[column] = f"{float(cells[column]) + 1:g}"
    lines[row] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")


def change_investment(root: Path) -> None:
    """工业投资 of CHANGED (the second row of indicators.csv, 本期累计) 1亿元 more."""
    change_one_figure(root, "indicators", row=2, column=1)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return three_years(tmp_path / "raw")


def fingerprints(root: Path) -> dict[Period, str]:
    notebook = settings.BRIEFING_NOTEBOOK
    return {
        period: fingerprint.fingerprint(fingerprint.input_files(root, period), notebook, {})
        for period in available_periods(root)
    }


def changed_fingerprints(root: Path, change: Callable[[Path], None]) -> set[Period]:
    before = fingerprints(root)
    change(root)
    after = fingerprints(root)
    return {p for p in before if before[p] != after[p]}


def test_a_changed_park_re_runs_exactly_the_months_that_read_the_parks_of_its_month(root):
    periods = available_periods(root)
    assert len(periods) == len(YEARS) * len(bundled())
    changed = changed_fingerprints(root, change_one_figure)
    assert changed == {p for p in periods if "parks" in tables_read(p, CHANGED)}
    assert changed == {p for p in periods if p >= CHANGED and p.year == 2011}  # its trends


def test_a_changed_indicator_re_runs_next_year_too(root):
    periods = available_periods(root)
    changed = changed_fingerprints(root, change_investment)
    assert changed == {p for p in periods if "indicators" in tables_read(p, CHANGED)}
    # Before a good run tells whether a month's targets all have plans, 2012 may read 2011's
    # indicators (the profile decomposing a target without a plan); 2013 reads nothing of 2011.
    assert changed == {p for p in periods if p >= CHANGED and p.year <= 2012}


def region_of(root: Path, tmp_path: Path) -> Region:
    return Region(root, tmp_path / "w.duckdb", tmp_path / "reports")


def pending_of(region: Region, periods: list[Period]) -> list[batch.Pending]:
    request = batch.Request([region], topics=False)
    ready = {p: batch.checked_parameters(region, p, request) for p in periods}
    pending, skipped = triage.triage(region, ready, request)
    assert not skipped  # nothing rendered yet
    return pending


def ingested(region: Region, periods: list[Period], monkeypatch, **request) -> list[Period]:
    """The periods `jobs.ingest` validated and read in for `periods`, every one a job."""
    read: list[Period] = []
    read_period = reader.read_period

    def counted(data_dir: Path, period: Period):
        read.append(period)
        return read_period(data_dir, period)

    monkeypatch.setattr(reader, "read_period", counted)
    stream = ingest(
        region, pending_of(region, periods), batch.Request([region], topics=False, **request)
    )
    jobs = list(stream)
    assert [job.period for job in jobs if isinstance(job, Job)] == [str(p) for p in periods]
    monkeypatch.undo()
    return read


@pytest.mark.slow
def test_only_the_changed_month_is_validated_and_loaded_again(root, tmp_path, monkeypatch):
    region = region_of(root, tmp_path)
    two_years = [p for p in available_periods(root) if p.year <= 2012]
    assert ingested(region, two_years, monkeypatch) == two_years
    change_one_figure(root)
    rerun = [p for p in two_years if reads(p, CHANGED)]
    assert ingested(region, rerun, monkeypatch) == [CHANGED]
    assert ingested(region, rerun, monkeypatch) == []
    # Re-rendered (`briefing run`): nothing read again. Rebuilt (`batch --force`), or read by
    # another library: every month read again.
    assert ingested(region, rerun, monkeypatch, force=True) == []
    needed = sorted({p for p in two_years if any(reads(r, p) for r in rerun)} | set(rerun))
    assert ingested(region, rerun, monkeypatch, force=True, rebuild=True) == needed
    monkeypatch.setattr(fingerprint, "library_sha256", lambda: "another library")
    assert ingested(region, [CHANGED], monkeypatch) == [p for p in two_years if reads(CHANGED, p)]


@pytest.fixture
def year_and_march(tmp_path: Path) -> Path:
    """2011 and 2012-02 in a warehouse: a month and every release of last year."""
    root = three_years(tmp_path / "raw")
    for folder in root.iterdir():
        if folder.name.startswith(("2012", "2013")) and folder.name != "2012-02":
            shutil.rmtree(folder)
    loading.stock_warehouse(str(root), str(tmp_path / "w.duckdb"))
    return root


def february_model(root: Path):
    return loading.load_model("2012-02", str(root), str(root.parent / "w.duckdb"))


def test_a_month_reads_the_indicators_of_every_release_of_last_year(year_and_march):
    root, db = year_and_march, year_and_march.parent / "w.duckdb"
    model = february_model(root)
    assert model.investment is not None and model.investment.target is not None
    assert model.investment.target.basis == Basis.LAST_YEAR  # 1-2月 gives no plan
    # Given last year's releases whole, the analysis finds nothing more than their indicators.
    figures = warehouse.load_periods(db, available_periods(root), "贵阳市")
    whole = build_model(
        figures[-1], figures[-1:], last_year_releases=[f for f in figures if f.period.year == 2011]
    )
    assert whole.investment is not None and whole.investment.target == model.investment.target
    assert whole.investment.shares.equals(model.investment.shares)
    # A June of last year changes this February's decomposed target (the path to December).
    change_investment(root)
    warehouse.write_period(db, reader.read_period(root, CHANGED))
    changed = february_model(root)
    assert changed.investment is not None and changed.investment.shares is not None
    assert changed.investment.shares[6] != model.investment.shares[6]


def good_runs(region: Region, jobs: list) -> None:
    """Each job's reports as a worker leaves them after a good run (its manifest last)."""
    for job in jobs:
        directory = region.reports_dir / job.period
        directory.mkdir(parents=True, exist_ok=True)
        for name in OUTPUTS:
            (directory / name).write_text("rendered", encoding="utf-8")
        manifests.write(directory, manifests.MANIFEST, job.manifest)


def with_every_rate(root: Path) -> None:
    """The bundled 全社会固定资产投资 gives neither 上年同期 nor a rate: a rate for it in every
    month, so that no month computes a growth from last year's release (analysis/priors.py)."""
    for path in root.glob("*/indicators.csv"):
        text = path.read_text(encoding="utf-8")
        rows = [
            line.replace(",亿元,,,", ",亿元,,10,", 1)
            if line.startswith("全社会固定资产投资,")
            else line
            for line in text.splitlines(keepends=True)
        ]
        path.write_text("".join(rows), encoding="utf-8")


@pytest.mark.slow
def test_a_month_whose_targets_have_plans_reads_nothing_of_last_year(root, tmp_path):
    """2011-03 … 2011-12 give every target a plan; 1-2月 gives none: of the next years, only
    2012-02 reads 2011's indicators, and a corrected 工业投资 of 2011-06 re-runs it alone
    (every growth printed: a month lacking a 上年同期 would read last year's release too)."""
    with_every_rate(root)
    region = region_of(root, tmp_path)
    periods = available_periods(root)
    request = batch.Request([region], topics=False)
    jobs = list(ingest(region, pending_of(region, periods), request))
    good_runs(region, jobs)
    read = {Period.parse(job.manifest["period"]): job.manifest["last_year_read"] for job in jobs}
    assert {p for p in periods if read[p]} == {p for p in periods if p.month == 2}
    ready = {p: batch.checked_parameters(region, p, request) for p in periods}
    assert triage.triage(region, ready, request)[0] == []  # every month as at its good run
    change_investment(root)
    pending, _ = triage.triage(region, ready, request)
    rerun = {p for p in periods if p >= CHANGED and p.year == 2011} | {Period(2012, 2)}
    assert {item.period for item in pending} == rerun
