"""A read bulletin written as a draft period folder of the contract: meta.yml, indicators.csv
(the region's own amounts and growth: the contract wants one row at least), facts.csv (every
other figure) and, where the data root has none, profile.yml. Never over an existing period,
never under data/raw/ unless asked."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from industry_briefing.contract.catalogue import Catalogue
from industry_briefing.contract.facts import DIRECTIONS, MEASURES, PROVENANCE_NAMES
from industry_briefing.core import files, settings
from industry_briefing.core.errors import Words, say, words
from industry_briefing.core.periods import Period
from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.reading import Reading

FACT_COLUMNS = {
    "indicator": "指标",
    "scope": "口径",
    "dimension": "维度",
    "part": "组成部分",
    "horizon": "期限",
    "measure": "度量",
    "value": "数值",
    "unit": "单位",
    "base": "基数",
    "against": "比较对象",
    "reference_value": "比较对象数值",  # 比全国6.2%的增速, 连续3个月…7%以上: the reference's figure
    "direction": "方向",
    "difference": "差值",
    "difference_unit": "差值单位",
    "rank_scope": "排位范围",
    "status": "数据状态",
    "provenance": "来源标注",
    "note": "备注",
}
_AREA_WORD = re.compile(r"全[市县州区省盟旗]")
_KEY = ("indicator", "scope", "dimension", "part", "horizon", "measure", "base", "against")
_TARGET_COLUMNS = {
    "indicator": "指标",
    "kind": "目标类型",
    "horizon": "期限",
    "amount": "目标值",
    "unit": "单位",
    "growth_pct": "目标增速(%)",
    "note": "备注",
}
_INDICATOR_COLUMNS = ("指标", "本期累计", "单位", "同比增长(%)", "数据状态", "备注")


@dataclass(frozen=True)
class RowTable:
    """A table whose row a thing's figures fill, a column each: products.csv, a product's
    amount and growth; project_groups.csv, a group's count, investment and growth."""

    table: str  # the contract's table, and the Figure's field holding its row: product, group
    field: str
    columns: tuple[str, ...]  # the name first, the note last
    cells: dict[str, tuple[int, int]]  # measure -> its column and its unit's (-1: none)


ROW_TABLES = (
    RowTable(
        "products",
        "product",
        ("产品", "本期累计", "单位", "同比增长(%)", "增长倍数", "备注"),
        {"value": (1, 2), "growth": (3, -1), "growth_times": (4, -1)},
    ),
    RowTable(
        "project_groups",
        "group",
        ("项目类别", "个数", "个数单位", "投资额", "单位", "投资口径", "同比增长(%)", "备注"),
        {"count": (1, 2), "investment": (3, 4), "growth": (6, -1)},
    ),
)
_KIND_COLUMN = 5  # project_groups.csv's 投资口径: how an investment is counted


class DraftRefused(Exception):
    """A draft that would overwrite or write where it may not: said in one line, in codes
    (`what`, the labels' `problem.read` words) in a language where it is shown; `str()` is
    the English."""

    def __init__(self, what: Words):
        self.what = what
        super().__init__(say(what, "en"))

    def text(self, lang: str) -> str:
        return say(self.what, lang)


@dataclass(frozen=True)
class Row:
    """Where a figure went: a table's file and its row (1: the first below the header);
    `again` for a figure stated again, written once, at the row of the figure it restates."""

    file: str  # facts.csv, indicators.csv …
    number: int
    again: bool = False

    def __str__(self) -> str:  # as the logs say it; the command says it in a language
        return f"{self.file} row {self.number}" + (" (stated again)" if self.again else "")


@dataclass
class Placed:
    figure: Figure
    where: Row | None = None  # facts.csv row 3, indicators.csv row 1; None: left
    same: Placed | None = None  # the figure it states again (the same fact, written once)


def refuse_unsafe(root: Path, period: Period, into_raw: bool) -> Path:
    """The draft's folder, after refusing data/raw/ (unless asked) and an existing period."""
    raw = settings.RAW_DATA_DIR.resolve()
    target = root.resolve()
    if not into_raw and (target == raw or raw in target.parents):
        raise DraftRefused(words("read.raw_input", root=str(root)))
    folder = root / str(period)
    if folder.exists():
        raise DraftRefused(words("read.period_exists", folder=str(folder)))
    return folder


def placements(reading: Reading) -> list[Placed]:
    """Each figure and where the draft puts it; a second figure of a fact's key is left."""
    placed = [Placed(f) for f in reading.figures]
    keys: dict[tuple[str, ...], Placed] = {}
    own: dict[tuple[str, ...], str] = {}  # the region's own figures: (indicator, …) -> value
    for table in ROW_TABLES:
        _same_rows([p for p in placed if getattr(p.figure, table.field)], table.field)
    for item in placed:
        fact = item.figure.fact
        if not fact:
            continue
        # 全市 is the region itself; 500万以上 is another scope of the same indicator
        scope = "" if _AREA_WORD.fullmatch(fact.get("scope", "")) else fact.get("scope", "")
        key = (scope, *(fact.get(column, "") for column in _KEY if column != "scope"))
        first = keys.get(key)
        if first is not None and _printed(first) == _printed(item):
            item.same = first  # stated twice (a title, a table's 全市 row): written once
            if "status" in fact:  # （上报数） said at the second statement only
                first.figure.fact.setdefault("status", fact["status"])
            continue
        if first is not None:
            item.figure.fact, item.figure.left = {}, "ambiguous"  # another value: whose?
            continue
        keys[key] = item
        if _of_region(fact) and "difference" not in fact and not scope:
            mine = (fact["indicator"], fact.get("horizon", ""), fact["measure"])
            if mine in own and own[mine] != fact.get("value"):
                # a second figure of the region's own, another value: a part's, not named
                item.figure.fact, item.figure.left = {}, "ambiguous"
                continue
            own[mine] = fact.get("value", "")
    return placed


def _same_rows(placed: list[Placed], field: str) -> None:
    """A product's (a group's) figure stated again is written once; printed again with another
    value, its sentence's figures of that thing are left (which one is right is not said)."""
    first: dict[tuple[str, str], Placed] = {}
    other: set[tuple[str, str]] = set()  # (sentence, name) stated with another value
    for item in placed:
        row = getattr(item.figure, field)
        key = (row[field], row["measure"])
        where = (item.figure.sentence, row[field])
        seen = first.get(key)
        if seen is not None and getattr(seen.figure, field)["value"] == row["value"]:
            item.same = seen
        elif seen is not None or where in other:
            other.add(where)
            setattr(item.figure, field, {})
            item.figure.left = "ambiguous"
        else:
            first[key] = item


def write_draft(
    root: Path,
    period: Period,
    reading: Reading,
    catalogue: Catalogue,
    *,
    into_raw: bool = False,
    read_from: str = "",
) -> list[Placed]:
    """The draft folder written; every figure with where it went (or None: left).
    `read_from` names the text (its file name) in meta.yml: a later month that takes a figure
    of this one as its 上年同期 marks it as read from a published text."""
    folder = refuse_unsafe(root, period, into_raw)
    placed = placements(reading)
    own, rest = _split(placed)
    if not own:
        raise DraftRefused(words("read.none_of_own"))
    indicator_rows = _indicator_rows(own, catalogue)
    fact_rows = [_fact_row(p.figure.fact, catalogue) for p in rest]
    for number, item in enumerate(rest, start=1):
        item.where = Row("facts.csv", number)
    row_tables = {table.table: (table, _rows(placed, table)) for table in ROW_TABLES}
    for item in placed:
        if item.same is not None and item.same.where is not None:
            item.where = replace(item.same.where, again=True)
    target_rows = _target_rows(placed, catalogue)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with files.new_folder_whole(folder) as draft:  # a draft whole, or none
            _write_csv(draft / "indicators.csv", list(_INDICATOR_COLUMNS), indicator_rows)
            if fact_rows:
                _write_csv(draft / "facts.csv", list(FACT_COLUMNS.values()), fact_rows)
            if target_rows:
                _write_csv(draft / "targets.csv", list(_TARGET_COLUMNS.values()), target_rows)
            for name, (table, rows) in row_tables.items():
                if rows:
                    _write_csv(draft / f"{name}.csv", list(table.columns), rows)
            written = {"facts": fact_rows, "targets": target_rows}
            written.update({name: rows for name, (_, rows) in row_tables.items()})
            there = {table: bool(rows) for table, rows in written.items()}
            (draft / "meta.yml").write_text(_meta(reading, period, there, read_from), "utf-8")
        files.write_new(root / "profile.yml", _profile(reading))  # the region's, if none yet
    except OSError as error:
        reason = str(error.strerror)
        raise DraftRefused(words("read.unwritable", folder=str(folder), reason=reason)) from None
    return placed


def _printed(item: Placed) -> tuple[str, str]:
    fact = item.figure.fact
    return fact.get("value", ""), fact.get("difference", "")


def _of_region(fact: dict[str, str]) -> bool:
    return not any(fact.get(k) for k in ("dimension", "part", "horizon", "against", "base"))


def _split(placed: list[Placed]) -> tuple[dict[str, list[Placed]], list[Placed]]:
    """The region's own amount and growth of each indicator (indicators.csv) and the rest."""
    own: dict[str, list[Placed]] = {}
    rest: list[Placed] = []
    for item in placed:
        fact = item.figure.fact
        if not fact or item.same is not None:
            continue
        measures = {p.figure.fact["measure"] for p in own.get(fact["indicator"], [])}
        if (
            _of_region(fact)
            and fact.get("provenance", "published") == "published"  # a derived one: facts.csv
            and fact["measure"] in ("value", "growth")
            and "difference" not in fact
            and fact["measure"] not in measures
        ):
            own.setdefault(fact["indicator"], []).append(item)
        else:
            rest.append(item)
    return own, rest


def _indicator_rows(own: dict[str, list[Placed]], catalogue: Catalogue) -> list[list[str]]:
    rows = []
    for number, (code, items) in enumerate(own.items(), start=1):
        by_measure = {p.figure.fact["measure"]: p.figure.fact for p in items}
        value = by_measure.get("value", {})
        growth = by_measure.get("growth", {})
        note = (value or growth)["note"]
        rows.append(
            [
                catalogue.indicators[code].name,
                value.get("value", ""),
                value.get("unit", ""),
                growth.get("value", ""),
                (value or growth).get("status", ""),
                _quoted(note),
            ]
        )
        for item in items:
            item.where = Row("indicators.csv", number)
    return rows


def _target_rows(placed: list[Placed], catalogue: Catalogue) -> list[list[str]]:
    """Each target once (indicator, kind, horizon: the table's key); a second is left."""
    rows: list[list[str]] = []
    keys: set[tuple[str, ...]] = set()
    for item in placed:
        target = item.figure.target
        key = tuple(target.get(k, "") for k in ("indicator", "kind", "horizon"))
        if not target or key in keys:
            continue
        keys.add(key)
        words = {**target, "indicator": catalogue.indicators[target["indicator"]].name}
        words["note"] = _quoted(target["note"])
        rows.append([words.get(column, "") for column in _TARGET_COLUMNS])
        item.where = Row("targets.csv", len(rows))
    return rows


def _rows(placed: list[Placed], table: RowTable) -> list[list[str]]:
    """A row of the table for each thing (product, group), each figure in its column."""
    rows: dict[str, list[str]] = {}
    for item in placed:
        row = getattr(item.figure, table.field)
        if not row or item.same is not None:
            continue
        name = row[table.field]
        cells = rows.setdefault(name, [name, *[""] * (len(table.columns) - 1)])
        column, unit = table.cells[row["measure"]]
        cells[column] = row["value"]
        if unit >= 0:
            cells[unit] = row["unit"]
        if row.get("kind"):
            cells[_KIND_COLUMN] = row["kind"]
        cells[-1] = cells[-1] or _quoted(row["note"])
        item.where = Row(f"{table.table}.csv", list(rows).index(name) + 1)
    return list(rows.values())


def _fact_row(fact: dict[str, str], catalogue: Catalogue) -> list[str]:
    words = dict(fact)
    words["indicator"] = catalogue.indicators[fact["indicator"]].name
    words["measure"] = MEASURES[fact["measure"]]
    words["direction"] = DIRECTIONS.get(fact.get("direction", ""), "")
    words["provenance"] = PROVENANCE_NAMES[fact.get("provenance", "published")]  # （推算）
    words["note"] = _quoted(fact["note"])
    return [words.get(column, "") for column in FACT_COLUMNS]


def _quoted(sentence: str) -> str:
    """The sentence as the note: 原文：… (once: a briefing's own note may quote it already)."""
    return sentence if sentence.startswith("原文：") else f"原文：{sentence}"


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _meta(reading: Reading, period: Period, written: dict[str, bool], read_from: str) -> str:
    tables = {"indicators": {"provenance": "published"}}
    for table, there in written.items():
        if there:
            tables[table] = {"provenance": "published"}
    meta = {
        "region": reading.region,
        "period": str(period),
        "source": "briefing read：由公布的简报原文读出的草稿，须与原文核对 (a draft read from "
        "the published text: check it against the text)",
        # What says that the figures were read from a text, not entered (contract: meta.py).
        "read_from": read_from or "(unnamed text)",
        "tables": tables,
    }
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)


def _profile(reading: Reading) -> str:
    profile = {"region": reading.region, "level": reading.level, "required": []}
    return yaml.safe_dump(profile, allow_unicode=True, sort_keys=False)
