"""meta.yml: where a period's figures come from, and the provenance of each table and cell.

The same model validates meta.yml beside CSV files and the 来源 sheet of a filled-in entry
form (ingest/spreadsheet.py turns that sheet into the mapping meta.yml would give).
"""

from __future__ import annotations

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from industry_briefing.contract.bulletin import Issue
from industry_briefing.contract.tables import ProvenanceWord
from industry_briefing.core.errors import Invalid, words


def _as_text(value: object) -> str | None:
    return None if value is None else str(value)


class _Strict(BaseModel):
    # Unknown keys are errors: a misspelt `overides:` must not silently drop the overrides.
    # A text of meta.yml is a name or a note: longer ones are mistakes (and slow every page).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_max_length=1000)


class _Noted(_Strict):
    """A provenance with its note, and the note in English beside it (`note_en`), which the
    English briefing quotes; an English note translates a note, so it needs one."""

    provenance: ProvenanceWord
    note: str | None = None
    note_en: str | None = None

    _notes = field_validator("note", "note_en", mode="before")(_as_text)

    @field_validator("note_en")
    @classmethod
    def _translates_a_note(cls, note_en: str | None, info: ValidationInfo) -> str | None:
        if note_en is not None and info.data.get("note") is None:
            raise Invalid(words("contract.note_en_alone"))
        return note_en


class Override(_Noted):
    row: str | None = None
    column: str | None = None

    _texts = field_validator("row", "column", mode="before")(_as_text)

    @model_validator(mode="after")
    def _names_cells(self) -> Override:
        if self.row is None and self.column is None:
            raise Invalid(words("contract.override_cells"))
        return self


class TableMeta(_Noted):
    overrides: list[Override] = []


class Meta(_Strict):
    """meta.yml: where the figures are from, and the provenance of each table and cell."""

    region: str = Field(min_length=1, max_length=100)
    source: str = Field(min_length=1)
    source_en: str | None = None  # the source in English, for the English briefing
    period: str | None = None
    tables: dict[str, TableMeta]
    issue: Issue = Issue()  # the month's 期号 and 印发日期, where fixed
    # The published text the figures were read from (`briefing read` writes its name): a
    # figure another month takes from this one (a 上年同期) is marked as read from the text.
    read_from: str | None = None

    _period_text = field_validator("period", "source_en", "read_from", mode="before")(_as_text)
