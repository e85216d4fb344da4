"""`make bench`: this project's batch of the bundled year against the plain way, side by side.

The plain way is what a team does without this project: a shell loop calling the papermill
CLI and the nbconvert CLI per period and per notebook (the briefing and its three topic
notebooks), serially, then a PDF converter (WeasyPrint's CLI) per briefing. The batch renders
the same: each period's four notebooks to HTML and the briefing to PDF. Prints a table and
the ratios against the targets (at least 4 times faster than the plain loop; a re-run with
nothing changed under 1/50 of the first run), then where one period's briefing's time goes
next to the floor: the same analysis run once in a plain Python process.
Figures, not a test: nothing here fails the build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from industry_briefing.core import settings
from industry_briefing.core.periods import available_periods

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = settings.BRIEFING_NOTEBOOK
NOTEBOOKS = [NOTEBOOK, *settings.TOPIC_NOTEBOOKS]  # what the batch renders per period

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
model = load_model({period!r}, "", {warehouse!r})
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--periods", type=int, default=0, help="only the first N periods")
    args = parser.parse_args()
    periods = [str(p) for p in available_periods(settings.RAW_DATA_DIR)]
    periods = periods[: args.periods] if args.periods else periods
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        work = Path(tmp)
        first, rerun = time_batch(work, periods)
        plain = time_plain_loop(work, periods)
        print_totals(len(periods), plain, first, rerun)
        print_breakdown(work, periods[-1])


def run(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env={**os.environ, **(env or {})}, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def time_batch(work: Path, periods: list[str]) -> tuple[float, float]:
    data = work / "raw"
    for period in periods:
        shutil.copytree(ROOT / "data" / "raw" / period, data / period)
    command = [
        str(BIN / "briefing"), "batch", "--data-dir", str(data),
        "--warehouse", str(work / "batch.duckdb"), "--reports-dir", str(work / "reports"),
    ]  # fmt: skip
    return run(command), run(command)


def time_plain_loop(work: Path, periods: list[str]) -> float:
    out = work / "plain"
    out.mkdir()
    env = {"PERIODS": " ".join(periods), "OUT": str(out), "BIN": str(BIN),
           "NOTEBOOKS": " ".join(str(n) for n in NOTEBOOKS),
           "BRIEFING_WAREHOUSE": str(work / "plain.duckdb")}  # fmt: skip
    return run(["bash", "-c", PLAIN_LOOP], env)


def print_totals(count: int, plain: float, first: float, rerun: float) -> None:
    print(f"\nThe bundled year: {count} periods, HTML and PDF, on {os.cpu_count()} cores\n")
    print(f"{'run':<66} {'seconds':>8} {'per period':>11}")
    for name, seconds in [
        ("plain loop: papermill + nbconvert CLIs x 4 notebooks, weasyprint", plain),
        ("briefing batch, first run", first),
        ("briefing batch, re-run with nothing changed", rerun),
    ]:
        print(f"{name:<66} {seconds:8.2f} {seconds / count:11.2f}")
    speedup, rerun_share = plain / first, rerun / first
    print(f"\nspeed-up over the plain loop: {speedup:.1f}x (target: at least 4x) "
          f"{'met' if speedup >= 4 else 'NOT met'}")  # fmt: skip
    print(f"re-run / first run: 1/{1 / rerun_share:.0f} (target: under 1/50) "
          f"{'met' if rerun_share < 1 / 50 else 'NOT met'}")  # fmt: skip


def print_breakdown(work: Path, period: str) -> None:
    """Where one period's time goes, measured step by step in this process, as a worker does."""
    import nbformat
    import papermill
    import vl_convert

    from industry_briefing.briefing import charts
    from industry_briefing.publish import export
    from industry_briefing.run import kernels, worker

    warehouse = str(work / "batch.duckdb")
    os.environ["BRIEFING_WAREHOUSE"] = warehouse
    env = {**os.environ, settings.DEFER_SVG_ENV: "1"}
    once, steps = {}, {}
    tick = time.perf_counter()
    kernels.server()
    once["fork server (imports pandas, altair …)"] = time.perf_counter() - tick
    tick = time.perf_counter()
    export.prewarm()
    vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{"x": 1}]}})
    once["exporter and vl-convert start"] = time.perf_counter() - tick

    tick = time.perf_counter()
    kernel = kernels.kernel_manager()
    kernel.start_kernel(cwd=str(work), env=env, extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client = kernel.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    steps["kernel start (a fork)"] = time.perf_counter() - tick
    tick = time.perf_counter()
    client.execute_interactive(worker.WARM_IMPORTS, timeout=120, output_hook=lambda msg: None)
    client.stop_channels()
    steps["imports of the project's package"] = time.perf_counter() - tick
    executed = work / "one.ipynb"
    tick = time.perf_counter()
    papermill.execute_notebook(str(NOTEBOOK), str(executed), parameters={"period": period},
                               km=kernel, progress_bar=False, cwd=str(work))  # fmt: skip
    steps["execution"] = time.perf_counter() - tick
    kernel.shutdown_kernel(now=True)
    kernels.close_server()
    notebook = nbformat.read(executed, as_version=4)
    tick = time.perf_counter()
    drawn = charts.complete_chart_outputs(notebook)
    steps[f"charts' pictures ({drawn}, in the worker)"] = time.perf_counter() - tick
    export.write_html(notebook, work / "warm-up.html", "warm-up")  # first-use costs, once
    tick = time.perf_counter()
    export.write_html(notebook, work / "one.html", "bench")
    steps["export HTML"] = time.perf_counter() - tick
    tick = time.perf_counter()
    export.write_pdf(notebook, work / "one.pdf", "bench", period)
    steps["PDF"] = time.perf_counter() - tick

    script = FLOOR.format(period=period, warehouse=warehouse)
    floor = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    print("\nOnce per batch worker, seconds:\n")
    for name, seconds in once.items():
        print(f"  {name:<40} {seconds:6.2f}")
    print(f"\nWhere one period's time goes ({period}), seconds:\n")
    for name, seconds in steps.items():
        print(f"  {name:<40} {seconds:6.2f}")
    print(f"  {'total':<40} {sum(steps.values()):6.2f}")
    print("\nThe floor, the same analysis once in a plain Python process:\n")
    print(f"  {'imports':<40} {float(floor[0]):6.2f}")
    print(f"  {'model, texts, tables, 3 charts':<40} {float(floor[1]):6.2f}")
    print("\nA batch worker forks each period's kernel from a server that did the imports once,")
    print("and starts the next kernel while it exports; kernels are never reused across periods.")


if __name__ == "__main__":
    main()
