"""Language of a story from its text: English, Traditional or Simplified Chinese, else a hint.

Hong Kong outlets publish in all three; the classifier's lexicons and dateparser both need to
know which. A character census is enough here and costs microseconds, where a language-id
model would cost a dependency and milliseconds.
"""

from __future__ import annotations

from pipelines.classify.language import detect_language as _census


def detect_language(text: str, hint: str = "") -> str:
    """Return 'zh-Hant', 'zh-Hans', 'en', or the hint (or '') when the text has no letters.

    One census serves the extractor and the classifier (pipelines.classify.language). It tells
    Latin script from Chinese, not English from Portuguese: a source's other Latin-script
    language (the hint) is kept."""
    found = _census(text)
    if found == "en" and hint and not hint.startswith(("en", "zh")):
        return hint
    return found or hint


def dateparser_languages(language: str) -> list[str] | None:
    """The dateparser language codes for a story language ('zh-Hant' -> ['zh-Hant', 'zh'])."""
    if not language:
        return None
    if language.startswith("zh"):
        return ["zh-Hant", "zh"] if language == "zh-Hant" else ["zh-Hans", "zh"]
    return [language.split("-")[0]]
