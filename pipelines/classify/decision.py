"""From trigger counts to a decision: which types a story reports as news, and whether it is relevant."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.models import INCIDENT_TYPES

from .features import StoryFeatures, TypeHits


@dataclass(frozen=True)
class Weights:
    """Hand-set weights; the title and lead carry the news, later sentences the background."""

    title: float = 2.5
    lead: float = 1.2
    body: float = 0.5
    body_cap: int = 4
    background: float = 0.6
    no_context: float = 0.5
    type_threshold: float = 1.5
    relevance_threshold: float = 2.0
    min_context_sentences: int = 2
    crime_ratio: float = 1.0


WEIGHTS = Weights()


def type_score(hits: TypeHits, w: Weights = WEIGHTS) -> float:
    total = hits.title + hits.lead + hits.body
    if total == 0:
        return 0.0
    raw = w.title * hits.title + w.lead * hits.lead + w.body * min(hits.body, w.body_cap)
    raw -= w.background * hits.background
    context_share = hits.with_context / total
    return max(0.0, raw * (w.no_context + (1 - w.no_context) * context_share))


@dataclass
class Decision:
    relevant: bool
    types: list[str]
    scores: dict[str, float]
    confidence: float


def decide(f: StoryFeatures, w: Weights = WEIGHTS) -> Decision:
    scores = {t: type_score(f.types[t], w) for t in INCIDENT_TYPES}
    best = max(scores.values(), default=0.0)
    ordinary_crime = f.crime_sentences > w.crime_ratio * f.context_sentences
    relevant = (
        best >= w.relevance_threshold
        and f.context_sentences >= w.min_context_sentences
        and not ordinary_crime
    )
    types = [t for t in INCIDENT_TYPES if scores[t] >= w.type_threshold] if relevant else []
    if relevant and not types:
        types = [max(scores, key=scores.__getitem__)]
    margin = best - w.relevance_threshold
    confidence = 1 / (1 + 2.718281828 ** (-margin)) if relevant else 1 / (1 + 2.718281828**margin)
    return Decision(relevant, types, scores, round(confidence, 3))
