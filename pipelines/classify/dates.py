"""When the incident happened, as distinct from when the story was published.

Only date phrases inside the evidence sentences are parsed, and only the first that resolves
counts: news states the date of the new development next to it. English phrases go to
dateparser relative to the publication date; Chinese ones are parsed here, because Hong Kong
usage ("周四" for this week's Thursday, "6月15日") resolves differently from dateparser's
defaults.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7}

_ZH_DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*[日號号])?"
    r"|[（(](?P<dd>\d{1,2})日[）)]"
    r"|(?:周|週|星期|禮拜|礼拜)(?P<wd>[一二三四五六日天])"
    r"|(?P<rel>今日|今天|今早|今晨|今午|今晚|昨日|昨天|昨晚|昨早|前日|前天"
    # news shorthand before a verb: "何桂藍昨在高院申請", "法官今頒下判詞" (not 至今, 今年)
    r"|昨(?=[\u4e00-\u9fff])|(?<![至如迄現當古])今(?=[在向於表指稱頒宣發出再]))"
    r"|(?P<yo>(?:19|20)\d\d)\s*年"
)
_REL_DAYS = {"今": 0, "昨": 1, "前": 2}

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_EN_DATE = re.compile(
    rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?\b"
    rf"|\b\d{{1,2}}\s+{_MONTHS}(?:\s+(?:19|20)\d\d)?\b"
    rf"|\b{_MONTHS}\s+(?:19|20)\d\d\b"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:today|yesterday)\b"
    rf"|\bin {_MONTHS}(?=[\s,.]|$)"
    r"|\bin (?:19|20)\d\d\b",
    re.IGNORECASE,
)


def _base_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published[:10]).date()
    except ValueError:
        return None


def _zh_match(m: re.Match[str], base: date) -> tuple[str, str] | None:
    if m.group("m"):
        month = int(m.group("m"))
        year = int(m.group("y")) if m.group("y") else base.year
        if not 1 <= month <= 12:
            return None
        if m.group("d"):
            day = int(m.group("d"))
            try:
                found = date(year, month, day)
            except ValueError:
                return None
            if not m.group("y") and found > base:
                found = found.replace(year=year - 1)
            return found.isoformat(), "day"
        if not m.group("y") and month > base.month:
            year -= 1
        return f"{year:04d}-{month:02d}", "month"
    if m.group("dd"):
        day = int(m.group("dd"))
        month, year = base.month, base.year
        if day > base.day:
            month -= 1
            if month == 0:
                month, year = 12, year - 1
        try:
            return date(year, month, day).isoformat(), "day"
        except ValueError:
            return None
    if m.group("wd"):
        target = _CN_DIGITS[m.group("wd")] - 1
        back = (base.weekday() - target) % 7
        return (base - timedelta(days=back)).isoformat(), "day"
    if m.group("rel"):
        return (base - timedelta(days=_REL_DAYS[m.group("rel")[0]])).isoformat(), "day"
    if m.group("yo"):
        return m.group("yo"), "year"
    return None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(phrase: str, base: date) -> date | None:
    """'on Wednesday' in a story means the latest Wednesday up to the publication day, which
    may be that day itself (dateparser's 'past' preference would go back a whole week)."""
    words = re.findall(r"[a-z]+", phrase.lower())
    named = [w for w in words if w in _WEEKDAYS]
    if len(named) != 1 or {"last", "next", "week"} & set(words):
        return None
    return base - timedelta(days=(base.weekday() - _WEEKDAYS.index(named[0])) % 7)


@lru_cache(maxsize=4096)
def _en_phrase(phrase: str, published: str) -> tuple[str, str] | None:
    import dateparser

    base = datetime.fromisoformat(published[:10])
    if not re.search(r"\d", phrase) and (day := _weekday(phrase, base.date())):
        return day.isoformat(), "day"
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": False}
    text = phrase[3:] if phrase.lower().startswith("in ") else phrase
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    if re.fullmatch(r"(?:19|20)\d\d", text):
        return text, "year"
    has_day = bool(
        re.search(r"\d{1,2}(?:st|nd|rd|th)?\b(?!\d)", re.sub(r"(?:19|20)\d\d", "", text))
    )
    weekday_or_relative = not re.search(r"\d", text)
    if has_day or weekday_or_relative:
        if parsed.date() > base.date() and weekday_or_relative is False and "," not in text:
            parsed = parsed.replace(year=parsed.year - 1)
        return parsed.date().isoformat(), "day"
    return f"{parsed.year:04d}-{parsed.month:02d}", "month"


def incident_date(
    sentences: list[str], published: str | None, script: str
) -> tuple[str | None, str]:
    """The first date phrase in the evidence that resolves, with its precision."""
    base = _base_date(published)
    for sentence in sentences:
        if script == "zh":
            if base is None:
                continue
            for m in _ZH_DATE.finditer(sentence):
                found = _zh_match(m, base)
                if found:
                    return found
        else:
            for m in _EN_DATE.finditer(sentence):
                phrase = m.group(0)
                if base is None and not re.search(r"(?:19|20)\d\d", phrase):
                    continue
                found = _en_phrase(phrase, (base or date(2000, 1, 1)).isoformat())
                if found:
                    return found
    return None, "unknown"
