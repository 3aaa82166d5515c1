"""Language of a story from its text: English, Traditional or Simplified Chinese, else a hint.

Hong Kong outlets publish in all three; the classifier's lexicons and dateparser both need to
know which. A character census is enough here and costs microseconds, where a language-id
model would cost a dependency and milliseconds.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

# Frequent characters whose Traditional and Simplified forms differ.
_TRADITIONAL = set(
    "這們個來時後說會為國對發經過學問與關開門長書東車馬見頭體點電區務報記讓還進總當從條處現聯議員際證據轉認訴"
)
_SIMPLIFIED = set(
    "这们个来时后说会为国对发经过学问与关开门长书东车马见头体点电区务报记让还进总当从条处现联议员际证据转认诉"
)
_SIMPLIFIED -= _TRADITIONAL


def detect_language(text: str, hint: str = "") -> str:
    """Return 'zh-Hant', 'zh-Hans', 'en', or the hint (or '') when the text says too little."""
    sample = text[:4000]
    cjk = len(_CJK.findall(sample))
    latin = len(_LATIN_WORD.findall(sample))
    if cjk == 0 and latin == 0:
        return hint
    # A CJK character carries roughly a word's worth of text.
    if cjk >= 2 * latin or (cjk >= 20 and cjk >= latin):
        trad = sum(1 for ch in sample if ch in _TRADITIONAL)
        simp = sum(1 for ch in sample if ch in _SIMPLIFIED)
        if simp > trad:
            return "zh-Hans"
        if trad > simp:
            return "zh-Hant"
        return hint if hint.startswith("zh") else "zh-Hant"
    if latin >= 3 and re.search(r"\b(the|and|of|to|in|is|was)\b", sample, re.IGNORECASE):
        return "en"
    return hint or "en"


def dateparser_languages(language: str) -> list[str] | None:
    """The dateparser language codes for a story language ('zh-Hant' -> ['zh-Hant', 'zh'])."""
    if not language:
        return None
    if language.startswith("zh"):
        return ["zh-Hant", "zh"] if language == "zh-Hant" else ["zh-Hans", "zh"]
    return [language.split("-")[0]]
