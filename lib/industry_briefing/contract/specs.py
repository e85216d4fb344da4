"""The contract's building blocks: a column and a table as data, and how headers and cells
are compared (tables.py builds the contract's tables from them)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

# amount: a figure in the row's unit (money tables: 亿元 or 万元, stored in 亿元; tables of
# indicators: any unit of the indicator's family, stored in its canonical unit); number: a
# count or figure kept as written (its unit in another column); rank: 第4位, 第四位, 4.
# figure: a number kept as printed, digits and all (6.0, -25.3): a fact's value.
Kind = Literal["text", "amount", "rate", "code", "month", "number", "rank", "figure"]


def normalise_token(text: str) -> str:
    """NFKC (full-width （）％ and digits become ASCII), trimmed, case-folded."""
    return unicodedata.normalize("NFKC", str(text)).strip().casefold()


@dataclass(frozen=True)
class ColumnSpec:
    name: str  # English name: the stored column and an accepted header
    header: str  # Chinese header, equally accepted
    kind: Kind
    required: bool = False  # required columns must be present and filled in every row
    codes: Mapping[str, str] | None = None  # code kind: stored value -> its Chinese name
    aliases: Mapping[str, str] | None = None  # other accepted spellings (folded) -> code
    minimum: float | None = None  # rates only; amounts are never negative
    maximum: float | None = None
    zero_is_undefined: str = ""  # why 0 is rejected, by code: growth (a growth rate against 0)

    @property
    def label(self) -> str:
        """How the column is named in messages when the input does not name it."""
        return f"{self.header} / {self.name}"

    @property
    def is_number(self) -> bool:
        return self.kind in ("amount", "rate", "month", "number", "rank", "figure")

    @property
    def dtype(self) -> str:
        # Months and ranks are whole numbers; nullable Int64 so that an unreadable cell can
        # stay empty.
        whole = {"month": "Int64", "rank": "Int64"}
        return {"amount": "float64", "rate": "float64", "number": "float64", **whole}.get(
            self.kind, "str"
        )

    def accepted_codes(self) -> dict[str, str]:
        """Accepted spelling (normalised) -> stored code: the code itself or its Chinese name."""
        accepted = dict(self.aliases or {})
        for code, name in (self.codes or {}).items():
            accepted[normalise_token(code)] = code
            accepted[normalise_token(name)] = code
        return accepted

    def expected_codes(self) -> str:
        codes = self.codes or {}
        return ", ".join(
            code if code == name else f"{code} ({name})" for code, name in codes.items()
        )


@dataclass(frozen=True)
class TableSpec:
    name: str  # English name: the CSV file stem and a sheet name
    title: str  # Chinese name, also accepted as a sheet name
    description: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    required: bool = False
    required_rows: tuple[str, ...] = ()  # codes that must appear in the first key column
    # (value, limit) pairs where value above limit is unusual but possible: a warning.
    limits: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # The table names catalogue indicators in any unit of their family, and keeps the unit.
    by_indicator: bool = False

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def stored_columns(self) -> list[str]:
        """The columns of the table's DataFrame: every column but a unit of money amounts
        (all in 亿元); tables of any unit keep the unit each row was entered in."""
        return [c.name for c in self.columns if c.name != "unit" or self.keeps_unit]

    @property
    def keeps_unit(self) -> bool:
        return self.by_indicator or self.name == "products"

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)

    def find_column(self, header: str) -> ColumnSpec | None:
        """The column a header names, in English or Chinese (see `header_key`)."""
        wanted = header_key(header)
        return next((c for c in self.columns if wanted in _header_keys(c)), None)

    def empty_frame(self) -> pd.DataFrame:
        return typed_frame(self, {})


def amount_column(
    name: str, header: str, required: bool = False, zero_is_undefined: str = ""
) -> ColumnSpec:
    return ColumnSpec(name, header, "amount", required, zero_is_undefined=zero_is_undefined)


def text_column(name: str, header: str, required: bool = False) -> ColumnSpec:
    return ColumnSpec(name, header, "text", required)


def code_column(
    name: str, header: str, codes: Mapping[str, str], required: bool = False
) -> ColumnSpec:
    return ColumnSpec(name, header, "code", required, codes=codes)


def choice_column(
    name: str, header: str, values: tuple[str, ...], required: bool = False
) -> ColumnSpec:
    return code_column(name, header, {value: value for value in values}, required)


def number_column(name: str, header: str) -> ColumnSpec:
    return ColumnSpec(name, header, "number")


def rate_column(name: str, header: str, minimum: float | None = None) -> ColumnSpec:
    return ColumnSpec(name, header, "rate", minimum=minimum)


# --- header and cell normalisation -------------------------------------------------------

_PERCENT_SUFFIX = re.compile(r"\s*\(\s*%\s*\)$")


def header_key(header: str) -> str:
    """What headers are compared by: `同比增长（%） ` and `同比增长` are the same column."""
    return _PERCENT_SUFFIX.sub("", normalise_token(header)).strip()


def _header_keys(column: ColumnSpec) -> set[str]:
    return {header_key(column.name), header_key(column.header)}


def typed_frame(spec: TableSpec, columns: Mapping[str, object]) -> pd.DataFrame:
    """A frame with the table's stored columns in contract order and dtypes (str or float64)."""
    return pd.DataFrame(
        {
            name: pd.Series(columns.get(name, []), dtype=spec.column(name).dtype)
            for name in spec.stored_columns
        }
    )
