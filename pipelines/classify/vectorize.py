"""Raw features for the trained layer: n-gram counts of the title and lead, plus the rule counts.

Shared by training (bench/train_classifier.py) and inference (model.py), so that both see exactly
the same features. Pure Python: the shipped classifier needs no numerical library.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from pipelines.models import INCIDENT_TYPES

from .chinese import fold_lower
from .decision import type_score
from .features import StoryFeatures

#: Characters of body text read for n-grams: the new development sits near the top, and the
#: background further down is what made the rules trigger wrong types.
LEAD_CHARS = 1500

_WORD = re.compile(r"[a-z][a-z'\-]+|\d+")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_STOP = frozenset(
    "the a an of to in and on for at by with from is was were be been are as that this it its "
    "his her their he she they said has have had".split()
)


def _ngrams(text: str, prefix: str, counts: Counter[str]) -> None:
    """English word 1–2-grams and Chinese character 2–3-grams (text already folded)."""
    words = [w for w in _WORD.findall(text) if w not in _STOP]
    for i, w in enumerate(words):
        counts[f"{prefix}w:{w}"] += 1
        if i:
            counts[f"{prefix}w:{words[i - 1]} {w}"] += 1
    for run in _CJK_RUN.findall(text):
        for n in (2, 3):
            for i in range(len(run) - n + 1):
                counts[f"{prefix}c:{run[i : i + n]}"] += 1


def text_counts(features: StoryFeatures) -> dict[str, int]:
    """N-gram counts: title n-grams twice (once under their own prefix), then the lead."""
    sentences = features.sentences
    n_title = features.title_sentences
    title = fold_lower(" ".join(sentences.get(i) for i in range(n_title)))
    start = sentences.starts[n_title] if n_title < len(sentences) else len(sentences.text)
    lead = fold_lower(sentences.text[start : start + LEAD_CHARS])
    counts: Counter[str] = Counter()
    _ngrams(title, "t", counts)
    _ngrams(f"{title}\n{lead}", "", counts)
    return dict(counts)


def rule_features(features: StoryFeatures) -> dict[str, float]:
    """The rule layer's evidence as a few dense numbers (log-scaled counts and the rule score)."""
    out: dict[str, float] = {
        "r:zh": 1.0 if features.script == "zh" else 0.0,
        "r:context_title": math.log1p(features.context_title),
        "r:context": math.log1p(features.context_sentences),
        "r:crime": math.log1p(features.crime_sentences),
    }
    for t in INCIDENT_TYPES:
        hits = features.types[t]
        out[f"r:{t}:title"] = math.log1p(hits.title)
        out[f"r:{t}:lead"] = math.log1p(hits.lead)
        out[f"r:{t}:body"] = math.log1p(hits.body)
        out[f"r:{t}:background"] = math.log1p(hits.background)
        out[f"r:{t}:score"] = min(type_score(hits), 10.0) / 5.0
    return {k: v for k, v in out.items() if v}
