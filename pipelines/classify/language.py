"""Which language a story is in, when the crawler could not say."""

from __future__ import annotations

from .chinese import SIMPLIFIED_ONLY, TRADITIONAL_ONLY


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def detect_language(text: str) -> str:
    """'en', 'zh-Hant', 'zh-Hans' or '' (no letters at all); cheap enough for every story."""
    sample = text[:4000]
    cjk = latin = trad = simp = 0
    for ch in sample:
        if _is_cjk(ch):
            cjk += 1
            if ch in TRADITIONAL_ONLY:
                trad += 1
            elif ch in SIMPLIFIED_ONLY:
                simp += 1
        elif ch.isascii() and ch.isalpha():
            latin += 1
    if cjk == 0 and latin == 0:
        return ""
    # A Chinese character carries about as much as a short English word.
    if cjk * 3 >= latin:
        return "zh-Hans" if simp > trad else "zh-Hant"
    return "en"


def normalise_language(declared: str, text: str) -> str:
    """Trust a declared language tag when it names a script we handle; otherwise detect."""
    tag = (declared or "").strip().lower().replace("_", "-")
    if tag.startswith("en"):
        return "en"
    if tag.startswith("zh") or tag in {"yue", "cmn"}:
        if "hans" in tag or tag in {"zh-cn", "zh-sg"}:
            return "zh-Hans"
        if "hant" in tag or tag in {"zh-hk", "zh-tw", "zh-mo", "yue"}:
            return "zh-Hant"
        detected = detect_language(text)
        return detected if detected.startswith("zh") else "zh-Hant"
    return detect_language(text)
