"""`make bench`: the figures of issue 13, each measured side by side in one run.

a. The bundled year: the plain way (a shell loop calling the papermill CLI and the nbconvert
   CLI per period and per notebook, the briefing and its three topic notebooks, serially,
   then WeasyPrint's CLI per briefing) against `briefing batch` (first run and a re-run with
   nothing changed), which renders the same.
b. One month end to end: `briefing run` of the last period as a fresh process, on a
   warehouse that already holds the year, against the floor (the same analysis once in a
   plain Python process: model, texts, tables, three charts); medians of --repeat runs.
c. The large month: `briefing run 2011-05` on a 2,000-enterprise, 1,000-project month
   (scripts/generate_large_month.py) against the bundled 2011-05, each on its own warehouse
   loaded by a first run that is not timed.
d. A province's year: --province-regions regions (scripts/generate_province.py, illustrative)
   rendered by `briefing batch --region …` on a Dask LocalCluster of 1, then 2 workers
   started here; the time per period next to the bundled year's, and each worker's peak
   memory (the worker process and its descendants: the kernels' fork server and kernels).
e. Peak memory of every timed command: the largest sum of RSS over its process tree,
   sampled every 0.2 s. A sum of RSS counts the pages forked kernels share once per
   process, so it is an upper bound.

Ends with the block "Issue 13 figures", one line per figure. Figures, not a test: nothing
here fails the build. `--only a,b` runs some parts; `--skip-plain` leaves out the slow plain
loop (and its ratio). `--against REF` times a git ref's library too (checked out in a
temporary git worktree, its `python -m industry_briefing` run with PYTHONPATH at its lib/),
side by side with this checkout's in parts a and b, each on its own warehouse and reports,
the runs alternated, and prints this checkout's time over the ref's; `--year-repeat N` runs
part a N times (medians), which a shared machine needs for a ratio to mean anything.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from industry_briefing.core import settings
from industry_briefing.core.periods import Period, available_periods

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = settings.BRIEFING_NOTEBOOK
NOTEBOOKS = [NOTEBOOK, *settings.TOPIC_NOTEBOOKS]  # what the batch renders per period
LARGE_PERIOD = "2011-05"
SAMPLE_SECONDS = 0.2
MB = 1024 * 1024
TARGET_SPEEDUP, STRETCH_SPEEDUP, TARGET_FLOOR_RATIO = 8, 10, 3

PLAIN_LOOP = """
set -euo pipefail
for period in $PERIODS; do
  for notebook in $NOTEBOOKS; do
    name=$(basename "$notebook" .ipynb)
    "$BIN/papermill" "$notebook" "$OUT/$period-$name.ipynb" -r period "$period" --cwd "$OUT" \
      --no-progress-bar --log-level ERROR
    "$BIN/jupyter" nbconvert --to html --no-input --log-level ERROR "$OUT/$period-$name.ipynb"
  done
done
for period in $PERIODS; do
  "$BIN/weasyprint" --quiet "$OUT/$period-briefing.html" "$OUT/$period-briefing.pdf"
done
"""

# The floor: what a month needs at the least, through the package's public analysis and
# briefing functions only, in a plain Python process. Prints its imports' and work's seconds.
FLOOR = """
import time
start = time.perf_counter()
from industry_briefing.analysis.loading import load_model
from industry_briefing.briefing import charts
from industry_briefing.briefing.sections import (
    appendix, concerns, investment, operation, overview, parks)
import vl_convert
imported = time.perf_counter()
charts.use_briefing_style()
model = load_model({period!r}, {data_dir!r}, {warehouse!r})
texts = [overview.text(model), operation.text(model), investment.text(model), parks.text(model),
         concerns.text(model)]
tables = [overview.key_figures_table(model), parks.table(model), investment.stage_table(model),
          appendix.quality_summary_table(model)]
figures = [charts.completion_vs_expected(overview.progress_frame(model), title="1"),
           charts.completion_vs_expected(model.parks, title="2", label_field="park"),
           charts.gaps_bar(model.parks, "park", "gap_amount_yi", title="3", unit="亿元")]
svgs = [vl_convert.vegalite_to_svg(f.to_dict()) for f in figures]
print(imported - start, time.perf_counter() - imported)
"""


@dataclass(frozen=True)
class Measured:
    """One command: its wall time, its process tree's peak RSS, what it printed."""

    seconds: float
    peak_mb: float
    stdout: str = ""


@dataclass(frozen=True)
class Library:
    """A checkout of the package whose `briefing` command is timed: this one, or a git ref's
    (`--against`). Its commands run with PYTHONPATH at its lib/, so that they import it, not
    whatever the interpreter's editable install points at."""

    name: str
    root: Path

    def briefing(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "industry_briefing", *args]

    @property
    def env(self) -> dict[str, str]:
        return {"PYTHONPATH": str(self.root / "lib")}


@dataclass
class Runs:
    """One library's runs of parts a and b."""

    first: Measured | None = None
    rerun: Measured | None = None
    month: list[Measured] = field(default_factory=list)


@dataclass
class Figures:
    """What the parts measured; a part not run leaves its fields empty."""

    periods: int = 0
    plain: Measured | None = None
    month: str = ""
    # per library, this checkout's first: its runs of parts a and b
    libraries: dict[Library, Runs] = field(default_factory=dict)
    floors: list[Measured] = field(default_factory=list)
    large: list[Measured] = field(default_factory=list)
    bundled: list[Measured] = field(default_factory=list)
    province: dict[int, tuple[float, list[float]]] = field(default_factory=dict)
    province_shape: tuple[int, int] = (0, 0)  # regions, periods per region

    @property
    def this(self) -> Runs:
        """This checkout's runs of parts a and b."""
        return next(iter(self.libraries.values()), Runs())

    @property
    def first(self) -> Measured | None:
        return self.this.first

    @property
    def runs(self) -> list[Measured]:
        return self.this.month


class TreePeaks:
    """The peak RSS (MB) of process trees, each named, sampled in a background thread (the
    kernels of a run are its grandchildren: psutil follows them)."""

    def __init__(self, roots: dict[str, int]) -> None:
        self.roots = roots
        self.peaks = dict.fromkeys(roots, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def __enter__(self) -> TreePeaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample_until_stopped(self) -> None:
        while True:
            for name, pid in self.roots.items():
                self.peaks[name] = max(self.peaks[name], tree_rss(pid) / MB)
            if self._stop.wait(SAMPLE_SECONDS):
                return


def tree_rss(pid: int) -> int:
    """The RSS of a process and all its descendants, in bytes (0 once it is gone)."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):  # ended since the listing
            total += process.memory_info().rss
    return total


def measure(
    command: Sequence[str], env: dict[str, str] | None = None, cwd: Path = ROOT
) -> Measured:
    """Run a command to its end; its wall time, its tree's peak RSS and its output."""
    with tempfile.TemporaryFile("w+") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, env={**os.environ, **(env or {})}, cwd=cwd, text=True,
            stdout=subprocess.PIPE, stderr=errors,
        )  # fmt: skip
        with TreePeaks({"run": process.pid}) as peaks:
            stdout, _ = process.communicate()
        seconds = time.perf_counter() - start
        if process.returncode:
            errors.seek(0)
            sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{errors.read()[-3000:]}")
    return Measured(seconds, peaks.peaks["run"], stdout)


THIS = Library("this checkout", ROOT)


def run_library(library: Library, *args: str) -> Measured:
    """`briefing ARGS` of the library, in its checkout."""
    return measure(library.briefing(*args), library.env, library.root)


@contextlib.contextmanager
def checked_out(ref: str, work: Path) -> Iterator[Library]:
    """The library of a git ref, in a temporary worktree removed afterwards."""
    folder = work / "against"
    git = ["git", "-C", str(ROOT)]
    subprocess.run([*git, "worktree", "add", "--detach", "--quiet", str(folder), ref], check=True)
    try:
        yield Library(ref, folder)
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(folder)], check=False)
        subprocess.run([*git, "worktree", "prune"], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--periods", type=int, default=0, help="only the first N periods")
    parser.add_argument("--province-regions", type=int, default=9, help="regions of part d")
    parser.add_argument("--repeat", type=int, default=3, help="runs of b and c (median)")
    parser.add_argument("--year-repeat", type=int, default=1, help="rounds of a (median)")
    parser.add_argument("--skip-plain", action="store_true", help="leave out the plain loop")
    parser.add_argument("--only", default="a,b,c,d", help="the parts to run, e.g. b,c")
    parser.add_argument("--against", metavar="REF", help="time a git ref's library too (a, b)")
    args = parser.parse_args()
    parts = set(args.only.replace(" ", "").split(","))
    periods = [str(p) for p in available_periods(settings.RAW_DATA_DIR)]
    periods = periods[: args.periods] if args.periods else periods
    figures = Figures(periods=len(periods), month=periods[-1])
    logging.getLogger("distributed").setLevel(logging.ERROR)
    with (
        tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        work = Path(tmp)
        data = copy_bundled(work / "raw", periods)
        libraries = [THIS]
        if args.against:
            libraries.append(stack.enter_context(checked_out(args.against, work)))
        figures.libraries = {library: Runs() for library in libraries}
        for library in libraries:  # compiled now: not in the first timed run
            compile_lib = [sys.executable, "-m", "compileall", "-q", str(library.root / "lib")]
            subprocess.run(compile_lib, check=True, stdout=subprocess.DEVNULL)
        if "a" in parts:
            bench_year(figures, work, data, periods, args.skip_plain, args.year_repeat)
        if "b" in parts:
            bench_month(figures, work, data, args.repeat)
        if "c" in parts:
            bench_large(figures, work, args.repeat)
        if "d" in parts:
            bench_province(figures, work, args.province_regions, periods)
    print_summary(figures)


def copy_bundled(data: Path, periods: Sequence[str]) -> Path:
    """A copy of the bundled data root with these periods: nothing ever writes data/raw."""
    data.mkdir(parents=True)
    shutil.copy(settings.RAW_DATA_DIR / settings.PROFILE_FILE, data / settings.PROFILE_FILE)
    for period in periods:
        shutil.copytree(settings.RAW_DATA_DIR / period, data / period)
    return data


# a. The bundled year: plain loop, batch and its re-run.


def bench_year(
    figures: Figures, work: Path, data: Path, periods: list[str], skip_plain: bool, rounds: int
) -> None:
    # Each library's first run, then its re-run, library after library, `rounds` times: a busy
    # moment of a shared machine hits all of them. Each round renders anew, in a folder of its own.
    years: dict[Library, list[tuple[Measured, Measured]]] = {lib: [] for lib in figures.libraries}
    for round_ in range(rounds):
        for library, runs in years.items():
            out = library_work(work, library)
            out = out / f"round-{round_}" if round_ else out
            command = (
                "batch", "--data-dir", str(data), "--warehouse", str(out / "batch.duckdb"),
                "--reports-dir", str(out / "reports"),
            )  # fmt: skip
            runs.append((run_library(library, *command), run_library(library, *command)))
    for library, runs in years.items():
        figures.libraries[library].first = median_run([first for first, _ in runs])
        figures.libraries[library].rerun = median_run([rerun for _, rerun in runs])
    figures.plain = None if skip_plain else time_plain_loop(work, periods)
    print(f"\na. The bundled year: {len(periods)} periods, HTML and PDF, {os.cpu_count()} cores, "
          f"median of {rounds}\n")  # fmt: skip
    print(f"{'run':<66} {'seconds':>8} {'per period':>11} {'peak MB':>8}")
    rows = [("plain loop: papermill + nbconvert CLIs x 4 notebooks, weasyprint", figures.plain)]
    for library, runs in figures.libraries.items():
        rows.append((f"briefing batch, first run ({library.name})", runs.first))
        rows.append((f"briefing batch, re-run, nothing changed ({library.name})", runs.rerun))
    for name, run in rows:
        if run:
            per = run.seconds / len(periods)
            print(f"{name:<66} {run.seconds:8.2f} {per:11.2f} {run.peak_mb:8.0f}")
    this = figures.this
    assert this.first and this.rerun
    rerun_share = this.rerun.seconds / this.first.seconds
    print(f"\nre-run / first run: 1/{1 / rerun_share:.0f} (target: under 1/50) "
          f"{'met' if rerun_share < 1 / 50 else 'NOT met'}")  # fmt: skip
    for library, runs in against(figures):
        assert runs.first
        print(f"first run, this checkout / {library.name}: "
              f"{this.first.seconds / runs.first.seconds:.2f}")  # fmt: skip


def library_work(work: Path, library: Library) -> Path:
    """A library's own folder for its warehouse and reports: the warehouse records the
    library that read each month, and another library's run would load it again."""
    folder = work / ("this" if library.root == ROOT else "against-runs")
    folder.mkdir(exist_ok=True)
    return folder


def against(figures: Figures) -> list[tuple[Library, Runs]]:
    """The other libraries timed beside this checkout's (`--against`)."""
    return list(figures.libraries.items())[1:]


def time_plain_loop(work: Path, periods: list[str]) -> Measured:
    out = work / "plain"
    out.mkdir()
    env = {"PERIODS": " ".join(periods), "OUT": str(out), "BIN": str(BIN),
           "NOTEBOOKS": " ".join(str(n) for n in NOTEBOOKS),
           "BRIEFING_WAREHOUSE": str(work / "plain.duckdb")}  # fmt: skip
    return measure(["bash", "-c", PLAIN_LOOP], env)


# b. One month end to end against the floor.


def bench_month(figures: Figures, work: Path, data: Path, repeat: int) -> None:
    commands = {}
    for library in figures.libraries:
        out = library_work(work, library)
        warehouse = out / "batch.duckdb"
        if not warehouse.exists():  # part a did not run: load the year as its batch would
            run_library(library, "rebuild", "--data-dir", str(data), "--warehouse", str(warehouse))
        commands[library] = (
            "run", figures.month, "--data-dir", str(data), "--warehouse", str(warehouse),
            "--reports-dir", str(out / "month-reports"),
        )  # fmt: skip
    this = next(iter(figures.libraries))
    script = FLOOR.format(
        period=figures.month,
        data_dir=str(data),
        warehouse=str(library_work(work, this) / "batch.duckdb"),
    )
    for _ in range(repeat):  # alternated, so that a busy moment of the machine hits every one
        for library, runs in figures.libraries.items():
            runs.month.append(run_library(library, *commands[library]))
        figures.floors.append(measure([sys.executable, "-c", script], this.env))
    floor = median(figures.floors)
    imports, work_seconds = (statistics.median(float(f.stdout.split()[i]) for f in figures.floors)
                             for i in (0, 1))  # fmt: skip
    print(f"\nb. One month end to end ({figures.month}), median of {repeat}, seconds\n")
    for library, runs in figures.libraries.items():
        name = f"briefing run, a fresh process ({library.name})"
        print(f"  {name:<52} {median(runs.month):6.2f}   peak {peak(runs.month):5.0f} MB")
    name = "the floor, a plain Python process"
    print(f"  {name:<52} {floor:6.2f}   peak {peak(figures.floors):5.0f} MB")
    print(f"    of which imports {imports:.2f}, model, texts, tables, 3 charts {work_seconds:.2f}")
    month = median(figures.this.month)
    print(f"  month / floor: {month / floor:.1f}x (target: at most {TARGET_FLOOR_RATIO}x) "
          f"{'met' if month / floor <= TARGET_FLOOR_RATIO else 'NOT met'}")  # fmt: skip
    for library, runs in against(figures):
        print(f"  this checkout / {library.name}: {month / median(runs.month):.2f}")


def median_run(runs: Sequence[Measured]) -> Measured:
    """The runs as one: their median time, their highest peak."""
    return Measured(median(runs), peak(runs))


def median(runs: Sequence[Measured]) -> float:
    return statistics.median(run.seconds for run in runs)


def peak(runs: Sequence[Measured]) -> float:
    return max(run.peak_mb for run in runs)


# c. The large month against the bundled one.


def bench_large(figures: Figures, work: Path, repeat: int) -> None:
    import generate_large_month  # scripts/, beside this file

    large = work / "large"
    generate_large_month.generate(
        large, Period.parse(LARGE_PERIOD), 2000, 1000, generate_large_month.SEED
    )
    bundled = copy_bundled(work / "bundled", months_of(large))
    for root, runs in ((large, figures.large), (bundled, figures.bundled)):
        command = THIS.briefing(
            "run", LARGE_PERIOD, "--data-dir", str(root),
            "--warehouse", str(root.with_suffix(".duckdb")),
            "--reports-dir", str(root.with_name(root.name + "-reports")),
        )  # fmt: skip
        measure(command, THIS.env)  # loads the warehouse: not timed
        runs.extend(measure(command, THIS.env) for _ in range(repeat))
    ratio = median(figures.large) / median(figures.bundled)
    print(f"\nc. The large month ({LARGE_PERIOD}), median of {repeat}, seconds\n")
    for name, runs in (("2,000 enterprises, 1,000 projects", figures.large),
                       ("the bundled month", figures.bundled)):  # fmt: skip
        print(f"  {name:<36} {median(runs):6.2f}   peak {peak(runs):5.0f} MB")
    print(f"  large / bundled: {ratio:.1f}x")


def months_of(root: Path) -> list[str]:
    return [str(p) for p in available_periods(root)]


# d. A province's year on a Dask LocalCluster of 1, then 2 workers.


def bench_province(figures: Figures, work: Path, regions: int, periods: list[str]) -> None:
    import generate_province  # scripts/, beside this file

    roots = generate_province.generate(work / "province", regions)
    count = len(periods) * len(roots)
    figures.province_shape = (len(roots), len(periods))
    for workers in (1, 2):
        seconds, peaks = batch_on_cluster(work / f"dask-{workers}", roots, workers, periods[-1])
        figures.province[workers] = (seconds / count, peaks)
    one, two = figures.province[1][0], figures.province[2][0]
    print(f"\nd. A province's year: {len(roots)} regions x {len(periods)} periods = {count}, "
          "briefing batch on a Dask LocalCluster\n")  # fmt: skip
    for workers, (per, peaks) in figures.province.items():
        each = ", ".join(f"{p:.0f}" for p in peaks)
        print(f"  {workers} worker(s): {per:6.2f} s per period   peak MB per worker: {each}")
    if figures.first:
        per = figures.first.seconds / figures.periods
        print(f"  the bundled year's batch (a): {per:6.2f} s per period")
    print(
        f"  2 workers / 1 worker: {two / one:.2f} ({'two beat one' if two < one else 'NOT faster'})"
    )


def batch_on_cluster(
    out: Path, roots: list[Path], workers: int, last: str
) -> tuple[float, list[float]]:
    """The batch of every region on a fresh LocalCluster: its wall time, and the peak RSS of
    each worker's process tree while it ran."""
    from dask.distributed import Client, LocalCluster

    regions = [arg for root in roots for arg in ("--region", str(root))]
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                     dashboard_address=None, silence_logs=logging.ERROR) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        pids: dict[str, int] = client.run(os.getpid)
        command = THIS.briefing(
            "batch", *regions, "--to", last, "--scheduler", cluster.scheduler_address,
            "--warehouse", str(out / "warehouse.duckdb"), "--reports-dir", str(out / "reports"),
        )  # fmt: skip
        with TreePeaks(pids) as peaks:
            run = measure(command, THIS.env)
    return run.seconds, list(peaks.peaks.values())


# The summary: the five figures of issue 13.


def print_summary(figures: Figures) -> None:
    print("\nIssue 13 figures\n")
    for name, line in summary_lines(figures):
        print(f"  {name:<48} {line}")


def summary_lines(figures: Figures) -> list[tuple[str, str]]:
    def part(name: str, ready: bool, line: Callable[[], str]) -> tuple[str, str]:
        return name, line() if ready else "not measured"

    return [
        part(f"plain loop / batch, bundled year ({figures.periods})",
             bool(figures.plain and figures.first), lambda: speedup_line(figures)),
        part(f"one month end to end / floor ({figures.month})",
             bool(figures.runs), lambda: floor_line(figures)),
        part(f"2,000-enterprise month / bundled ({LARGE_PERIOD})",
             bool(figures.large), lambda: large_line(figures)),
        part("province, seconds per period at 1 and 2 workers",
             bool(figures.province), lambda: province_line(figures)),
        part("peak memory, MB (process trees)", True, lambda: memory_line(figures)),
        *(part(f"this checkout / {library.name}, year and month", bool(runs.first or runs.month),
               lambda runs=runs: against_line(figures, runs))
          for library, runs in against(figures)),
    ]  # fmt: skip


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def speedup_line(figures: Figures) -> str:
    assert figures.plain and figures.first
    ratio = figures.plain.seconds / figures.first.seconds
    return (f"{ratio:.1f}x ({figures.plain.seconds:.0f} s / {figures.first.seconds:.0f} s; "
            f"target {TARGET_SPEEDUP}x {met(ratio >= TARGET_SPEEDUP)}, "
            f"stretch {STRETCH_SPEEDUP}x {met(ratio >= STRETCH_SPEEDUP)})")  # fmt: skip


def floor_line(figures: Figures) -> str:
    month, floor = median(figures.runs), median(figures.floors)
    ratio, target = month / floor, TARGET_FLOOR_RATIO
    return (f"{ratio:.1f}x ({month:.2f} s / {floor:.2f} s; "
            f"target at most {target}x {met(ratio <= target)})")  # fmt: skip


def large_line(figures: Figures) -> str:
    large, bundled = median(figures.large), median(figures.bundled)
    return f"{large / bundled:.1f}x ({large:.2f} s / {bundled:.2f} s)"


def province_line(figures: Figures) -> str:
    regions, periods = figures.province_shape
    one, two = figures.province[1][0], figures.province[2][0]
    bundled = (
        f"; bundled year {figures.first.seconds / figures.periods:.2f}" if figures.first else ""
    )
    return (f"{one:.2f} and {two:.2f} ({regions} regions x {periods} periods; "
            f"2/1 = {two / one:.2f}, two beat one {met(two < one)}{bundled})")  # fmt: skip


def against_line(figures: Figures, runs: Runs) -> str:
    """This checkout's time over another library's, part a's first run and part b's median."""
    said = []
    if figures.first and runs.first:
        this, other = figures.first.seconds, runs.first.seconds
        said.append(f"year {this / other:.2f} ({this:.1f} s / {other:.1f} s)")
    if figures.runs and runs.month:
        this, other = median(figures.runs), median(runs.month)
        said.append(f"month {this / other:.2f} ({this:.2f} s / {other:.2f} s)")
    return ", ".join(said) or "not measured"


def memory_line(figures: Figures) -> str:
    said: list[str] = []
    if figures.first:
        said.append(f"batch {figures.first.peak_mb:.0f}")
    for name, runs in (("month", figures.runs), ("large month", figures.large),
                       ("bundled month", figures.bundled)):  # fmt: skip
        if runs:
            said.append(f"{name} {peak(runs):.0f}")
    for workers, (_, peaks) in figures.province.items():
        said.append(f"per Dask worker at {workers}: " + "/".join(f"{p:.0f}" for p in peaks))
    return ", ".join(said) or "not measured"


if __name__ == "__main__":
    main()
