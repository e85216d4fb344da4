"""The 简报 as an office issues it: its masthead, its foot and its faces (profile.yml
`bulletin:`), and a month's own 期号 and 印发日期 (meta.yml `issue:`).

Every key is optional. Without `unit`, the masthead names no 编印单位; without
`distribution`, the foot lists no 报/送/发; a month without `issue.date` leaves the date for the
analyst to fill in: a date of issue is never invented.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Who receives the 简报, as the foot (版记) lists them, in this order.
Recipient = Literal["报", "送", "发", "抄报", "抄送"]
_LONG_TEXT = 600  # a foot's list of recipients runs to a few lines


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_max_length=100)


class Distribution(_Strict):
    """One line of the foot: 报：市委、市人大、市政府、市政协领导。"""

    to: Recipient
    names: str = Field(min_length=1, max_length=_LONG_TEXT)
    names_en: str | None = Field(default=None, max_length=_LONG_TEXT)


class Faces(_Strict):
    """The bureau's own faces, first choice first. Where none of them is installed the
    briefing falls back to free faces (publish/fonts.py), so that nothing prints as a box."""

    title: list[str] = Field(default=["方正小标宋简体", "FZXiaoBiaoSong-B05S"], max_length=10)
    body: list[str] = Field(
        default=["仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"], max_length=10
    )
    heading: list[str] = Field(default=["黑体", "SimHei"], max_length=10)  # 一、
    subheading: list[str] = Field(  # （一）
        default=["楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"], max_length=10
    )
    latin: list[str] = Field(default=["Times New Roman"], max_length=10)  # figures, Latin


class Bulletin(_Strict):
    """profile.yml `bulletin:`: the 简报's name, who prints it and who receives it."""

    name: str = "工业经济运行简报"
    name_en: str = "Industrial Economy Briefing"
    unit: str | None = None  # 编印单位: 贵阳市工业和信息化委员会
    unit_en: str | None = None
    mark: str | None = None  # 内部资料　注意保存, where the bureau prints one
    mark_en: str | None = None
    distribution: list[Distribution] = Field(default=[], max_length=10)
    copies: int | None = Field(default=None, ge=1, le=1_000_000)  # 共印N份
    # The masthead and foot above were made up for the bundled data: they carry （示意）.
    illustrative: bool = False
    # The bureau's own Word template (a .docx beside profile.yml): its styles, red head and
    # foot are the Word file's.
    word_template: str | None = Field(default=None, max_length=255)
    faces: Faces = Faces()

    def word_template_in(self, root: Path) -> Path | None:
        """The Word template as a file of the data root `root`, or None when it names no
        .docx there (a name that leaves the root is none either)."""
        if not self.word_template or not self.word_template.lower().endswith(".docx"):
            return None
        folder = root.resolve()
        path = (folder / self.word_template).resolve()
        return path if path.is_file() and folder in path.parents else None


class Issue(_Strict):
    """meta.yml `issue:`: the month's 期号 and 印发日期, where the bureau has fixed them.
    Without a number the 期号 counts the year's releases (1-2月 is the first)."""

    number: int | None = Field(default=None, ge=1, le=999)
    total: int | None = Field(default=None, ge=1, le=99_999)  # 总第N期, where printed
    date: datetime.date | None = None  # 印发日期
