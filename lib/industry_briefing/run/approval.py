"""The report notebooks as approved for sharing, and the batch's refusal of edited ones.

An analyst who opens a report notebook in JupyterLab and explores (another period, scratch
cells) has the edit autosaved; rendered as it is, the scratch would reach every shared
briefing. So `notebooks/approved.json` records each report notebook's cells as committed
(type, tags, a hash of the source, its first line), and the batch refuses a notebook whose
cells differ, naming them. Only a cell's type, tags and source count: outputs, execution
counts, cell ids and other metadata are what JupyterLab changes by merely running a notebook,
and the batch executes a clean copy (`clean_copy`) without them. Plain JSON only, so that a
batch with nothing to do stays a matter of hashing files.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from industry_briefing.core import files, settings
from industry_briefing.core.errors import Listing, Refusal, Words, listing, words

FLAG = "--allow-edited-notebooks"
APPROVE = "briefing notebooks approve"
_SHOWN_CHARS = 60  # of a cell's first line in a message


class NotApproved(Refusal, ValueError):
    """Report notebooks whose cells differ from the approved record (or cannot be read)."""


class _NotANotebook(ValueError):
    """JSON that holds no list of cells."""


@dataclass(frozen=True)
class Cell:
    """What of a cell decides what the batch renders."""

    type: str  # code | markdown | raw
    tags: tuple[str, ...]
    sha256: str  # of the source
    first_line: str  # the first line that is not blank, to name the cell by

    @property
    def key(self) -> tuple[str, tuple[str, ...], str]:
        return self.type, self.tags, self.sha256

    @property
    def kind(self) -> str:
        """Its type and tags, as a message names them: `code, parameters`."""
        return ", ".join((self.type, *self.tags))


def cells_of(notebook: Path) -> list[Cell]:
    """The notebook's cells as the record holds them (NotApproved if it cannot be read)."""
    try:
        return list(_cells(notebook.read_bytes()))
    except (OSError, ValueError) as error:
        raise _unreadable(notebook, error) from None


def notebook_sha256(notebook: Path) -> str:
    """One hash over the cells that count: the same for a notebook only run and saved."""
    digest = hashlib.sha256()
    for cell in cells_of(notebook):
        digest.update(json.dumps(cell.key).encode())
    return digest.hexdigest()


def clean_copy(notebook: Path) -> dict[str, Any]:
    """The notebook as the batch executes it: each cell's type, tags and source, no outputs,
    execution counts or other metadata (what the comparison ignores cannot reach a report)."""
    document = _read(notebook)
    cells = []
    for cell in document["cells"]:
        clean = {
            "cell_type": cell["cell_type"],
            "metadata": {"tags": list(_tags(cell))} if _tags(cell) else {},
            "source": _source(cell),
        }
        if "id" in cell:
            clean["id"] = cell["id"]
        if cell["cell_type"] == "code":
            clean |= {"execution_count": None, "outputs": []}
        cells.append(clean)
    return {**document, "cells": cells}


# --- the record ----------------------------------------------------------------------------------


def approve(notebooks: Sequence[Path], record: Path) -> None:
    """Record the notebooks' present cells as the shared version (written whole or not at all)."""
    blocks = []
    for notebook in notebooks:  # a cell a line: a commit's diff shows the cells it changed
        cells = ",\n".join(f"  {_json(asdict(cell))}" for cell in cells_of(notebook))
        blocks.append(f" {_json(notebook.name)}: [\n{cells}\n ]")
    text = "{\n" + ",\n".join(blocks) + "\n}\n"
    files.write_whole(record, text)


def approved(record: Path) -> dict[str, list[Cell]]:
    """The record's cells by notebook file name; empty when there is no record."""
    try:
        entries = json.loads(record.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        said = words("approval.unreadable_record", path=shown_path(record), error=str(error))
        raise NotApproved(said) from None
    return {
        name: [Cell(c["type"], tuple(c["tags"]), c["sha256"], c["first_line"]) for c in cells]
        for name, cells in entries.items()
    }


# --- the comparison -----------------------------------------------------------------------------


def differences(present: Sequence[Cell], recorded: Sequence[Cell]) -> list[Words]:
    """Each run of changed, added or removed cells, numbered from 1 as in the notebook (a
    removed cell by its number in the record), with its type, tags and first line."""
    matcher = difflib.SequenceMatcher(
        a=[c.key for c in recorded], b=[c.key for c in present], autojunk=False
    )
    found = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "replace":
            found.append(_describe(present, new_start, new_end, "changed"))
        elif operation == "insert":
            found.append(_describe(present, new_start, new_end, "added"))
        elif operation == "delete":
            found.append(_describe(recorded, old_start, old_end, "removed"))
    return found


def edited(notebooks: Iterable[Path], record: Path) -> dict[Path, list[Words]]:
    """The notebooks whose cells differ from the record, each with its differences."""
    shared = approved(record)
    found = {}
    for notebook in notebooks:
        recorded = shared.get(notebook.name)
        if recorded is None:
            found[notebook] = [words("approval.not_recorded", record=shown_path(record))]
        elif changes := differences(cells_of(notebook), recorded):
            found[notebook] = changes
    return found


def describe(found: dict[Path, list[Words]]) -> Listing:
    """One line per edited notebook: its name and what differs (said by errors.say)."""
    return listing(
        (
            words(
                "approval.notebook", notebook=shown_path(nb), changes=listing(changes, "semicolon")
            )
            for nb, changes in found.items()
        ),
        "lines",
    )


def refuse_edited(notebooks: Iterable[Path], record: Path) -> None:
    """NotApproved naming every changed cell and how to go on, if any notebook differs."""
    found = edited(notebooks, record)
    if found:
        raise NotApproved(
            words(
                "approval.differ",
                record=shown_path(record),
                notebooks=describe(found),
                work=shown_path(settings.WORK_NOTEBOOKS_DIR),
                flag=FLAG,
                approve=APPROVE,
            )
        )


def guard(
    notebooks: Sequence[Path],
    allow: bool,
    warn: Callable[[Words], None],
    record: Path = settings.APPROVED_NOTEBOOKS,
) -> None:
    """Refuse edited notebooks (NotApproved) unless allowed; allowed, warn of what differs."""
    if not allow:
        refuse_edited(notebooks, record)
    elif found := edited(notebooks, record):
        warn(words("approval.rendering_edited", flag=FLAG, notebooks=describe(found)))


def shown_path(path: Path) -> str:
    """The path from the project root when it is inside it (notebooks/briefing.ipynb)."""
    try:
        return str(path.resolve().relative_to(settings.PROJECT_ROOT.resolve()))
    except ValueError:
        return str(path)


# --- helpers ------------------------------------------------------------------------------------


@cache
def _cells(content: bytes) -> tuple[Cell, ...]:
    """Parsed once per content (a batch hashes the notebooks for every period)."""
    return tuple(
        Cell(str(cell["cell_type"]), _tags(cell), _sha256(_source(cell)), _first_line(cell))
        for cell in _document(content)["cells"]
    )


def _read(notebook: Path) -> dict[str, Any]:
    try:
        return _document(notebook.read_bytes())
    except (OSError, ValueError) as error:
        raise _unreadable(notebook, error) from None


def _unreadable(notebook: Path, error: OSError | ValueError) -> NotApproved:
    """A notebook that cannot be read: the library's message (json's, the OS's) as it is."""
    said = words("approval.no_cells") if isinstance(error, _NotANotebook) else str(error)
    return NotApproved(words("approval.unreadable_notebook", path=shown_path(notebook), error=said))


def _document(content: bytes) -> dict[str, Any]:
    """The notebook's JSON (ValueError when it is not a notebook's)."""
    document = json.loads(content)
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list) or not all(
        isinstance(cell, dict) and "cell_type" in cell for cell in cells
    ):
        raise _NotANotebook("no list of cells")
    return document


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _tags(cell: dict[str, Any]) -> tuple[str, ...]:
    return tuple(sorted(cell.get("metadata", {}).get("tags", [])))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _first_line(cell: dict[str, Any]) -> str:
    return next((line.strip() for line in _source(cell).splitlines() if line.strip()), "")


def _describe(cells: Sequence[Cell], start: int, end: int, what: str) -> Words:
    """'cell 2 (code, parameters) changed: period: str = …', in words (`approval.cells`)."""
    kinds = ", ".join(dict.fromkeys(cell.kind for cell in cells[start:end]))
    first = cells[start].first_line
    shortened = len(first) > _SHOWN_CHARS or end - start > 1
    line = f"{first[:_SHOWN_CHARS].rstrip()}{' …' if shortened else ''}" if first else ""
    return words(
        "approval.cell" if end - start == 1 else "approval.cells",
        first=start + 1,
        last=end,
        kinds=kinds,
        what=words(f"approval.{what}"),
        line=line or words("approval.empty"),
    )
