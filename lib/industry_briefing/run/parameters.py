"""The notebooks' parameters, checked before any kernel starts.

A notebook declares its parameters in the cell tagged `parameters` (name, type annotation,
default). `declared` reads them with papermill (`papermill.inspect_notebook`), and `validate`
checks a set of values against them: no unknown name, each value of its declared type, and
the values the briefing gives meaning to checked for that meaning (`period` a YYYY-MM month,
never a path; `lang` a language the briefing speaks). A bad value is a `ParameterError`, which
the CLI reports as bad usage (exit 2) before anything is written or started.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from industry_briefing.core import settings
from industry_briefing.core.errors import Refusal, UnknownLanguageError, Words, listing, words
from industry_briefing.core.periods import Period, PeriodError
from industry_briefing.run.approval import notebook_sha256


class ParameterError(Refusal, ValueError):
    """Parameters a notebook does not take, or values it cannot take (in words)."""


# What the batch gives each notebook it runs of its own accord (worker.run_part), beside the
# parameters of the command line: the period's working folder, where its notebooks share one
# model (analysis.loading.load_model), and charts as specs alone, drawn by the worker at
# export (briefing.charts.use_briefing_style). Their defaults in a notebook's parameters cell
# are what JupyterLab runs: the model built in the kernel, every chart drawn there.
SHARED_MODEL_DIR = "shared_model_dir"
DEFER_CHART_SVG = "defer_chart_svg"
BATCH_OWN = (SHARED_MODEL_DIR, DEFER_CHART_SVG)


def batch_own(staging: Path | str) -> dict[str, Any]:
    """The batch's own parameters of a notebook of the period staged in `staging`."""
    return {SHARED_MODEL_DIR: str(staging), DEFER_CHART_SVG: True}


@dataclass(frozen=True)
class Declared:
    """One parameter of a notebook's parameters cell."""

    name: str
    type_name: str  # the annotation as written ("str"), or "None" when there is none
    default: str  # the default as written ('"2011-02"')
    help: str = ""

    @property
    def types(self) -> tuple[type, ...] | None:
        """The Python types a value may have; None: not checked (an annotation not known)."""
        name = self.type_name.replace(" ", "")
        optional = re.fullmatch(r"Optional\[(.+)\]|(.+)\|None|None\|(.+)", name)
        if optional:
            inner = _TYPES.get(next(g for g in optional.groups() if g))
            return None if inner is None else (*inner, type(None))
        if name in _TYPES:
            return _TYPES[name]
        return _literal_type(self.default) if name == "None" else None


# Annotations of the parameters cell and the values they accept (an int is a float).
_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (float, int),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
}
# The words of the types a message names (`problem.parameter.type`).
_TYPE_WORDS = {str: "str", int: "int", float: "float", bool: "bool"}


def declared(notebook: Path | str = settings.BRIEFING_NOTEBOOK) -> dict[str, Declared]:
    """The parameters the notebook declares, in the order of its parameters cell."""
    path = Path(notebook).resolve()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as error:
        said = words("parameter.unreadable", notebook=str(notebook), error=str(error))
        raise ParameterError(said) from error
    return _declared(path, stamp)


@cache
def _declared(path: Path, _stamp: int) -> dict[str, Declared]:
    found = _inspected(path)
    if not found:
        raise ParameterError(words("parameter.no_cell", notebook=path.name))
    return {
        name: Declared(name, str(p["inferred_type_name"]), str(p["default"]), p.get("help", ""))
        for name, p in found.items()
    }


def _inspected(path: Path) -> dict:
    """papermill.inspect_notebook of the notebook, kept in data/processed/cache by the hash of
    its cells (outputs saved into it do not count): importing papermill costs about 0.5 s, most
    of a re-run with nothing to do."""
    import json

    from industry_briefing.core import cache

    def inspect() -> str:
        import papermill

        found = papermill.inspect_notebook(str(path))
        return json.dumps({name: dict(p) for name, p in found.items()}, ensure_ascii=False)

    digest = notebook_sha256(path)[:16]
    try:
        return json.loads(cache.kept_text(f"parameters-{path.stem}-{digest}.json", inspect))
    except ValueError:  # a kept file that is not JSON: read the notebook again
        return json.loads(inspect())


def validate(
    parameters: dict[str, Any], notebook: Path | str = settings.BRIEFING_NOTEBOOK
) -> dict[str, Any]:
    """The parameters, checked against the notebook's; `period` given in its YYYY-MM form.

    Raises ParameterError naming what is wrong: an unknown name (with the names the notebook
    takes, but the batch's own), a value of the wrong type, a period that is not a month, a
    language the briefing does not speak.
    """
    known = declared(notebook)
    unknown = [name for name in parameters if name not in known]
    if unknown:
        many = "one" if len(unknown) == 1 else "many"
        raise ParameterError(
            words(
                f"parameter.unknown_{many}",
                names=listing(repr(name) for name in unknown),
                notebook=Path(notebook).name,
                known=listing(name for name in known if name not in BATCH_OWN),
            )
        )
    checked = dict(parameters)
    for name, value in parameters.items():
        types = known[name].types
        if types is not None and not _is_instance(value, types):
            raise ParameterError(
                words(
                    "parameter.wrong_type",
                    name=repr(name),
                    kind=_type_words(types[0]),
                    got=type(value).__name__,
                    value=repr(value),
                )
            )
    if "period" in checked and isinstance(checked["period"], str):
        checked["period"] = str(_period(checked["period"]))
    if "lang" in checked and isinstance(checked["lang"], str):
        try:
            settings.check_lang(checked["lang"])
        except UnknownLanguageError:
            said = words(
                "parameter.unknown_lang",
                lang=repr(checked["lang"]),
                languages=listing(settings.LANGUAGES),
            )
            raise ParameterError(said) from None
    return checked


def refuse_set_by_batch(extra: Mapping[str, Any]) -> None:
    """Parameters the batch sets itself, given on the command line: refused, not replaced.

    A region (`-p region`) would be replaced by the month's own, which the batch passes: it
    loads, fingerprints and files the data root's region, and a notebook showing another
    region's rows under it would mix two regions in one report. The batch's own (BATCH_OWN)
    are set for each notebook it runs."""
    if extra.get("region"):
        raise ParameterError(words("parameter.region", value=repr(extra["region"])))
    given = [name for name in BATCH_OWN if name in extra]
    if given:
        name = given[0]
        raise ParameterError(words("parameter.batch_own", name=repr(name), value=repr(extra[name])))


def parse_value(text: str) -> Any:
    """A value given on the command line, read as papermill's `-p` reads it: True, False,
    None, an int, a float, else the text itself."""
    if text in ("True", "False"):
        return text == "True"
    if text == "None":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def _period(text: str) -> Period:
    """A month YYYY-MM and nothing else (Period.parse): not a path, not a month 13."""
    try:
        return Period.parse(text)
    except PeriodError as error:
        raise ParameterError(error.what) from None


def _type_words(kind: type) -> Words | str:
    """A type as a message names it: 'text (str)', '文字（str）'; another by its name."""
    return words(f"parameter.type.{_TYPE_WORDS[kind]}") if kind in _TYPE_WORDS else kind.__name__


def _is_instance(value: Any, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool) and bool not in types:
        return False  # True is an int to Python, not to a notebook's `year: int = 2011`
    return isinstance(value, types)


def _literal_type(default: str) -> tuple[type, ...] | None:
    """The type of an unannotated parameter, from its default when that is a plain literal."""
    try:
        value = ast.literal_eval(default)
    except (ValueError, SyntaxError):
        return None
    kind = type(value)
    if kind is float:
        return (float, int)
    return (kind,) if kind in (str, int, bool, list, dict) else None
