"""The lexicon compiled once into one regular expression per list and script."""

from __future__ import annotations

import re
from functools import cache

from .chinese import fold_lower
from .lexicon import (
    BACKGROUND,
    CHARGE_SENTENCE,
    CONTEXT,
    COURT_NARRATION,
    CRIME,
    DEMANDED,
    FREEDOM_TITLE,
    FRESH,
    NON_INCIDENT_TITLE,
    OPINION,
    ORDER_CHARGE,
    ORDER_REFUSED,
    PERPETRATOR_ARREST,
    PRESSURE,
    TYPE_TRIGGERS,
    UNREAL,
    YEAR,
)


def script_of(language: str) -> str:
    """'zh' for any Chinese tag, 'en' otherwise: the lexicon has one list per script."""
    return "zh" if language.startswith("zh") else "en"


_UPPER_ESCAPE = re.compile(r"\\[BDSWAZ]")


def _compile(phrases: list[str], script: str) -> re.Pattern[str]:
    """Fold and lower-case patterns like the text: case-blind matching without re.I's cost."""
    for phrase in phrases:
        if _UPPER_ESCAPE.search(phrase):
            raise ValueError(f"upper-case escape would be lost when lower-casing: {phrase!r}")
    body = "|".join(f"(?:{fold_lower(p)})" for p in phrases)
    return re.compile(rf"\b(?:{body})\b" if script == "en" else body)


@cache
def type_pattern(incident_type: str, script: str) -> re.Pattern[str]:
    return _compile(TYPE_TRIGGERS[incident_type][script], script)


@cache
def context_pattern(script: str) -> re.Pattern[str]:
    return _compile(CONTEXT[script], script)


@cache
def court_narration_pattern(script: str) -> re.Pattern[str]:
    return _compile(COURT_NARRATION[script], script)


@cache
def crime_pattern(script: str) -> re.Pattern[str]:
    return _compile(CRIME[script], script)


@cache
def background_pattern(script: str) -> re.Pattern[str]:
    return _compile(BACKGROUND[script], script)


@cache
def freedom_title_pattern(script: str) -> re.Pattern[str]:
    return _compile(FREEDOM_TITLE[script], script)


@cache
def demanded_pattern(script: str) -> re.Pattern[str]:
    return _compile(DEMANDED[script], script)


@cache
def fresh_pattern(script: str) -> re.Pattern[str]:
    return _compile(FRESH[script], script)


@cache
def unreal_pattern(script: str) -> re.Pattern[str]:
    return _compile(UNREAL[script], script)


@cache
def year_pattern(script: str) -> re.Pattern[str]:
    return re.compile(YEAR[script])


@cache
def non_incident_title_pattern(script: str) -> re.Pattern[str]:
    return _compile(NON_INCIDENT_TITLE[script], script)


@cache
def opinion_pattern(script: str) -> re.Pattern[str]:
    # anchored phrases ("^opinion:") must see the start of each checked piece, so no \b wrapper
    return re.compile("|".join(f"(?:{fold_lower(p)})" for p in OPINION[script]), re.M)


@cache
def order_charge_pattern(script: str) -> re.Pattern[str]:
    return _compile(ORDER_CHARGE[script], script)


@cache
def pressure_pattern(script: str) -> re.Pattern[str]:
    return _compile(PRESSURE[script], script)


@cache
def order_refused_pattern(script: str) -> re.Pattern[str]:
    return _compile(ORDER_REFUSED[script], script)


@cache
def perpetrator_pattern(script: str) -> re.Pattern[str]:
    return _compile(PERPETRATOR_ARREST[script], script)


@cache
def charge_pattern(script: str) -> re.Pattern[str] | None:
    phrases = CHARGE_SENTENCE[script]
    return _compile(phrases, script) if phrases else None
