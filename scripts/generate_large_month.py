"""A large month for tests and trials: the bundled year up to one month, whose key enterprises
and major projects are replaced by a city's worth (2,000 enterprises, 1,000 projects) drawn
from a fixed seed. Illustrative, and marked so in meta.yml; written to a folder of your own,
never under data/raw.

    python scripts/generate_large_month.py OUT [--period 2011-05] [--enterprises 2000]
        [--projects 1000] [--seed 20261203] [--inconsistent-prior]

OUT becomes a data root: profile.yml and the bundled months (2011-02 … 2011-12, never a month
a user added to data/raw) up to the period, the period's
enterprises.csv and projects.csv generated. The districts, industries, parks and reasons are
the bundled month's, so that every name is one the checks know; the amounts are small enough
that the enterprises and projects stay within the city's totals.

--inconsistent-prior makes a bad month's input: each enterprise gives its 同比增长(%), and its
上年同期产值 disagrees with it (taken from another scope, as a careless return would), so the
checks find a rate to confirm for almost every enterprise. Projects carry no 上年同期 in the
contract: they are as without the option.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from pathlib import Path

import numpy as np
import yaml

from industry_briefing.core import settings
from industry_briefing.core.periods import Period

SEED = 20261203
# The bundled year's releases: what data/raw holds in the repository. A month a user adds is
# not copied (it may be a figures.xlsx, with no enterprises.csv or meta.yml to replace).
BUNDLED_YEAR = tuple(Period.parse(f"2011-{month:02d}") for month in range(2, 13))
# What the page says after its 示意 mark: the scale and how it was made, not the script's name.
NOTE = "大城市规模（{n}），按固定随机种子生成"
NOTE_EN = "at a large city's scale ({n}), generated from a fixed random seed"
INCONSISTENT = "；上年同期产值有意与同比增长不符"
INCONSISTENT_EN = "; their prior-year output deliberately disagrees with their growth"
STATUSES = ["正常生产", "部分生产", "停产", "未投产"]
STATUS_WEIGHTS = [0.84, 0.09, 0.05, 0.02]
STAGES = ["预备", "新开工", "续建", "建成投产"]
STAGE_WEIGHTS = [0.1, 0.3, 0.4, 0.2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the data root to write (must not exist)")
    parser.add_argument("--period", default="2011-05", help="the month made large")
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--inconsistent-prior",
        action="store_true",
        help="enterprises' 上年同期 figures that disagree with their stated growth",
    )
    args = parser.parse_args(argv)
    try:
        generate(
            args.out,
            Period.parse(args.period),
            args.enterprises,
            args.projects,
            args.seed,
            inconsistent=args.inconsistent_prior,
        )
    except ValueError as problem:
        print(f"generate_large_month: {problem}", file=sys.stderr)
        return 2
    print(
        f"wrote {args.out / args.period}: {args.enterprises} enterprises, {args.projects} projects"
    )
    return 0


def generate(
    out: Path,
    period: Period,
    enterprises: int,
    projects: int,
    seed: int,
    *,
    inconsistent: bool = False,
) -> Path:
    """Write the data root `out` and return the large month's folder (`inconsistent`: the
    enterprises' 上年同期 disagreeing with their stated growth)."""
    raw = settings.RAW_DATA_DIR.resolve()
    if out.resolve().is_relative_to(raw):
        raise ValueError(f"{out} is under {raw}: the bundled data is never written")
    if out.exists():
        raise ValueError(f"{out} exists: give a new folder")
    months = [p for p in BUNDLED_YEAR if p <= period]
    if period not in months:
        raise ValueError(f"{period} is not a bundled month")
    out.mkdir(parents=True)
    shutil.copy(raw / settings.PROFILE_FILE, out / settings.PROFILE_FILE)
    for month in months:
        shutil.copytree(raw / str(month), out / str(month))
    folder = out / str(period)
    rng = np.random.default_rng(seed)
    rows = _enterprises(folder, enterprises, rng)
    if inconsistent:  # drawn apart, so that the month is otherwise the same
        rows = _inconsistent_priors(rows, np.random.default_rng(seed + 1))
    _write(folder / "enterprises.csv", rows)
    _write(folder / "projects.csv", _projects(folder, projects, rng))
    _mark(folder / "meta.yml", enterprises, projects)
    if inconsistent:
        _say_inconsistent(folder / "meta.yml")
    return folder


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _enterprises(folder: Path, count: int, rng: np.random.Generator) -> list[dict[str, object]]:
    """Enterprises in 万元: most producing, a sixth stopped, part-producing or not started."""
    seed_rows = _read(folder / "enterprises.csv")
    places = sorted({(row["区县"], row["行业"]) for row in seed_rows})
    issues = sorted({row["存在问题"] for row in seed_rows if row["存在问题"]})
    rows = []
    for i in range(count):
        district, industry = places[rng.integers(len(places))]
        status = str(rng.choice(STATUSES, p=STATUS_WEIGHTS))
        output = int(rng.lognormal(7.0, 0.9)) + 10  # 万元: about 1,100 each, 0.2 万亿 in all
        prior: object = int(output / (1 + rng.normal(0.15, 0.12)))
        utilisation: object = int(rng.integers(70, 99))
        if status == "部分生产":
            output, utilisation = output // 2, int(rng.integers(30, 70))
        elif status == "停产":
            output, utilisation = output // 10, 0
        elif status == "未投产":
            output, prior, utilisation = 0, "", ""  # new: no output, no prior year
        rows.append(
            {
                "企业": f"示意{district}{industry}企业{i + 1:04d}有限公司",
                "区县": district,
                "行业": industry,
                "本期产值": output,
                "单位": "万元",
                "上年同期产值": prior,
                "同比增长(%)": "",
                "生产状态": status,
                "设备开工率(%)": utilisation,
                "存在问题": "" if status == "正常生产" else issues[rng.integers(len(issues))],
            }
        )
    return rows


def _inconsistent_priors(
    rows: list[dict[str, object]], rng: np.random.Generator
) -> list[dict[str, object]]:
    """Each enterprise with a prior states its growth against it, and its 上年同期产值 is then
    off by a factor around 1 (±15%): the growth as reported, the prior from another scope."""
    for row in rows:
        output, prior = row["本期产值"], row["上年同期产值"]
        if not isinstance(prior, int) or not isinstance(output, int) or prior <= 0:
            continue
        row["同比增长(%)"] = round((output / prior - 1) * 100, 1)
        row["上年同期产值"] = max(1, int(prior * rng.lognormal(0.0, 0.15)))
    return rows


def _projects(folder: Path, count: int, rng: np.random.Generator) -> list[dict[str, object]]:
    """Projects in 万元: their plans a year's worth, their completion around the month's pace."""
    seed_rows = _read(folder / "projects.csv")
    places = sorted({(row["区县"], row["园区"]) for row in seed_rows})
    issues = sorted({row["存在问题"] for row in seed_rows if row["存在问题"]})
    months = int(folder.name[-2:])
    rows = []
    for i in range(count):
        district, park = places[rng.integers(len(places))]
        stage = str(rng.choice(STAGES, p=STAGE_WEIGHTS))
        total = int(rng.lognormal(8.3, 0.7)) + 1000  # 万元: 总投资1000万元以上
        plan = max(1, int(total * rng.uniform(0.2, 0.6)))
        pace = max(0.0, rng.normal(1.0, 0.35)) * months / 12
        done = 0 if stage == "预备" else int(plan * min(pace, 1.2))
        behind = done < plan * months / 12 * 0.7
        rows.append(
            {
                "项目": f"示意{district}项目{i + 1:04d}",
                "区县": district,
                "园区": park,
                "总投资": total,
                "年度计划": plan,
                "累计完成": done,
                "单位": "万元",
                "建设阶段": stage,
                "是否达产": str(rng.choice(["是", "否"])) if stage == "建成投产" else "",
                "存在问题": issues[rng.integers(len(issues))] if behind else "",
            }
        )
    return rows


def _mark(meta_path: Path, enterprises: int, projects: int) -> None:
    """The generated tables marked illustrative, with the note saying by what."""
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    for table, n in (("enterprises", f"{enterprises}户"), ("projects", f"{projects}个")):
        meta["tables"][table] = {
            "provenance": "illustrative",
            "note": NOTE.format(n=n),
            "note_en": NOTE_EN.format(n=n.replace("户", " enterprises").replace("个", " projects")),
        }
    header = "# Generated by scripts/generate_large_month.py: ILLUSTRATIVE, not published.\n"
    meta_path.write_text(
        header + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def _say_inconsistent(meta_path: Path) -> None:
    """The enterprises' note says their priors disagree on purpose (a reader of the page then
    knows why the appendix has so much to confirm)."""
    text = meta_path.read_text(encoding="utf-8")
    meta = yaml.safe_load(text)
    note = meta["tables"]["enterprises"]
    note["note"] += INCONSISTENT
    note["note_en"] += INCONSISTENT_EN
    header = text.splitlines(keepends=True)[0]
    meta_path.write_text(
        header + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


if __name__ == "__main__":
    sys.exit(main())
