"""The lexicon compiled once into one regular expression per list and script."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .chinese import fold_lower
from .lexicon import (
    BACKGROUND,
    CASE_TITLE,
    CHARGE_SENTENCE,
    CONTEXT,
    COURT_NARRATION,
    CRIME,
    DEMANDED,
    FREEDOM_TITLE,
    FRESH,
    MONTH,
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


@dataclass(frozen=True)
class ScriptPatterns:
    """Every lexicon list of one script, compiled; built once per script by patterns_for()."""

    types: dict[str, re.Pattern[str]]
    context: re.Pattern[str]
    court_narration: re.Pattern[str]
    #: None where the script has no case tags
    case_title: re.Pattern[str] | None
    crime: re.Pattern[str]
    background: re.Pattern[str]
    freedom_title: re.Pattern[str]
    demanded: re.Pattern[str]
    fresh: re.Pattern[str]
    unreal: re.Pattern[str]
    year: re.Pattern[str]
    #: None where the script's months are left to the year
    month: re.Pattern[str] | None
    non_incident_title: re.Pattern[str]
    opinion: re.Pattern[str]
    order_charge: re.Pattern[str]
    order_refused: re.Pattern[str]
    pressure: re.Pattern[str]
    perpetrator: re.Pattern[str]
    #: None where the script has no charge phrases
    charge: re.Pattern[str] | None


@cache
def patterns_for(script: str) -> ScriptPatterns:
    def compiled(table: dict[str, list[str]]) -> re.Pattern[str]:
        return _compile(table[script], script)

    return ScriptPatterns(
        types={t: compiled(TYPE_TRIGGERS[t]) for t in TYPE_TRIGGERS},
        context=compiled(CONTEXT),
        court_narration=compiled(COURT_NARRATION),
        case_title=compiled(CASE_TITLE) if CASE_TITLE[script] else None,
        crime=compiled(CRIME),
        background=compiled(BACKGROUND),
        freedom_title=compiled(FREEDOM_TITLE),
        demanded=compiled(DEMANDED),
        fresh=compiled(FRESH),
        unreal=compiled(UNREAL),
        year=re.compile(YEAR[script]),
        month=re.compile(MONTH[script]) if MONTH[script] else None,
        non_incident_title=compiled(NON_INCIDENT_TITLE),
        # anchored phrases ("^opinion:") must see the start of each checked piece: no \b wrapper
        opinion=re.compile("|".join(f"(?:{fold_lower(p)})" for p in OPINION[script]), re.M),
        order_charge=compiled(ORDER_CHARGE),
        order_refused=compiled(ORDER_REFUSED),
        pressure=compiled(PRESSURE),
        perpetrator=compiled(PERPETRATOR_ARREST),
        charge=compiled(CHARGE_SENTENCE) if CHARGE_SENTENCE[script] else None,
    )
