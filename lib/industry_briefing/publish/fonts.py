"""The faces of the printed 简报: the bureau's own first (profile.yml `bulletin.faces`), then
free stand-ins that `make` installs (README: Fonts), then faces that cover the rare characters
of GB 18030 names, so that a person's or a place's name never prints as a box.

WeasyPrint falls back per character only along the family list it is given (a generic family
misses glyphs), so every role gets the whole chain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from industry_briefing.contract.bulletin import Faces

# Free faces from Debian's packages: fonts-noto-cjk (宋 and 黑), fonts-arphic-ukai (楷),
# fonts-liberation2 (Times New Roman's metrics, for figures). No free 仿宋 covers GB 18030, so
# the body's stand-in is the 宋 (serif) face.
STAND_INS: dict[str, list[str]] = {
    "title": ["Briefing Title"],  # Noto Serif CJK SC Bold, declared by FACE_RULES
    "body": ["Noto Serif CJK SC"],
    "heading": ["Noto Sans CJK SC"],
    "subheading": ["AR PL UKai CN"],
    "latin": ["Liberation Serif"],
}
# fonts-hanazono: the CJK extensions A and B, where Noto's faces stop.
RARE_CHARACTERS = ["Noto Serif CJK SC", "Noto Sans CJK SC", "HanaMinA", "HanaMinB"]
# The closest free 小标宋 is the heaviest serif installed; a family of its own, so that the
# bureau's 小标宋 (already heavy) is never made bold on top.
FACE_RULES = (
    '@font-face { font-family: "Briefing Title"; '
    'src: local("Noto Serif CJK SC Bold"), local("NotoSerifCJKsc-Bold"); }'
)
ROLES = ("title", "body", "heading", "subheading", "latin")


def chain(role: str, faces: Mapping[str, Sequence[str]]) -> list[str]:
    """Every family of a role, in the order tried: Latin faces first (figures and Latin
    letters take them; Chinese characters fall through to the CJK faces)."""
    latin = [*faces.get("latin", []), *STAND_INS["latin"]]
    own = [*faces.get(role, []), *STAND_INS[role]] if role != "latin" else []
    families: list[str] = []
    for family in [*latin, *own, *RARE_CHARACTERS]:
        if family not in families:
            families.append(family)
    return families


def css_families(role: str, faces: Mapping[str, Sequence[str]] | None = None) -> str:
    """A role's chain as a CSS font-family value (each name quoted, safe in a <style>)."""
    chosen = faces if faces is not None else Faces().model_dump()
    return ", ".join(_quoted(family) for family in chain(role, chosen)) + ", serif"


def _quoted(family: str) -> str:
    escaped = family.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return f'"{escaped}"'
