"""A number of a bulletin's text, placed as a candidate fact or left with the reason why."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Figure:
    """A number of the text: placed as a fact (contract columns) or left with a reason."""

    printed: str  # the number and its unit as printed (normalised): 24.37亿千瓦时
    number: str
    unit: str
    sentence: str
    start: int  # where it begins in its sentence
    fact: dict[str, str] = field(default_factory=dict)
    # why it was left: period, date, no_unit, name, no_indicator, ambiguous, headline, target,
    # needed
    left: str | None = None
    target: dict[str, str] = field(default_factory=dict)  # a target's row (targets.csv)
    product: dict[str, str] = field(default_factory=dict)  # a product's figure (products.csv)
    group: dict[str, str] = field(default_factory=dict)  # a project group's (project_groups.csv)
