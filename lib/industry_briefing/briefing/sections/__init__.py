"""The briefing's sections, one module each: 一 overview, 二 operation, 三 investment, 四 parks,
五 concerns and the appendix; the tables they share (districts, trends); and the topic
notebooks' fuller tables (topics). Each takes a month's model and a language."""

from industry_briefing.briefing.sections import (
    appendix,
    concerns,
    districts,
    investment,
    operation,
    overview,
    parks,
    topics,
    trends,
)

__all__ = [
    "appendix",
    "concerns",
    "districts",
    "investment",
    "operation",
    "overview",
    "parks",
    "topics",
    "trends",
]
