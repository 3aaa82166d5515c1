"""From trigger counts to a decision: which types a story reports as news, and is it relevant.

Hand-set rule scores say how strongly each type is reported: title and lead weigh more than
later sentences; background sentences and sentences outside a press-freedom context weigh less.
(A logistic calibration fitted on these counts was tried and dropped: it did not beat the rules
when fitted on one half of dev and checked on the other.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipelines.models import INCIDENT_TYPES

from .features import StoryFeatures, TypeHits


@dataclass(frozen=True)
class RuleWeights:
    title: float = 3.5
    lead: float = 1.5
    body: float = 0.5
    body_cap: int = 4
    background: float = 1.0
    no_context: float = 0.5
    type_threshold: float = 2.0
    relevance_threshold: float = 2.0
    min_context_sentences: int = 2
    crime_ratio: float = 1.0


RULES = RuleWeights()


def type_score(hits: TypeHits, w: RuleWeights = RULES) -> float:
    total = hits.title + hits.lead + hits.body
    if total == 0:
        return 0.0
    raw = w.title * hits.title + w.lead * hits.lead + w.body * min(hits.body, w.body_cap)
    # a headline trigger that recalls the past ("官媒每年點名批評") weighs as a recalled lead one
    raw -= (w.title - w.lead + w.background) * hits.title_background
    # background body sentences cancel at most what the body adds: a long story recalling
    # earlier events keeps what its title and lead report
    body_background = hits.background - hits.lead_background
    raw -= w.background * hits.lead_background + min(
        w.background * min(body_background, w.body_cap), w.body * min(hits.body, w.body_cap)
    )
    context_share = hits.with_context / total
    return max(0.0, raw * (w.no_context + (1 - w.no_context) * context_share))


@dataclass
class Decision:
    relevant: bool
    types: list[str]
    scores: dict[str, float]
    confidence: float


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def decide(f: StoryFeatures) -> Decision:
    scores = {t: type_score(f.types[t]) for t in INCIDENT_TYPES}
    if not f.pressured:
        # an outlet or a business closing with no pressure in sight closed for its own reasons
        scores["closure"] = 0.0
    best = max(scores.values())
    if best == 0.0:
        return Decision(False, [], scores, 0.95)
    ordinary_crime = f.crime_sentences > RULES.crime_ratio * f.context_sentences
    # Chinese stories mention incidents in passing far more often than the English write-ups: one
    # of the reported types must sit in the title or lead, in a press-freedom setting.
    anchored = f.script != "zh" or any(
        scores[t] >= RULES.relevance_threshold and f.types[t].anchored for t in INCIDENT_TYPES
    )
    relevant = (
        best >= RULES.relevance_threshold
        and anchored
        and f.context_sentences >= RULES.min_context_sentences
        and not ordinary_crime
        and not f.non_incident_title
        and not f.opinion
        and not f.crime_title
    )
    types = [t for t in INCIDENT_TYPES if scores[t] >= RULES.type_threshold] if relevant else []
    if relevant and not types:
        types = [max(scores, key=scores.__getitem__)]
    if (
        "closure" in types
        and "corporate_response" in types
        and scores["corporate_response"] >= scores["closure"]
    ):
        # TAXONOMY: a company closing because of the law is a corporate response, not a closure
        types.remove("closure")
    p = _sigmoid(best - RULES.relevance_threshold)
    return Decision(relevant, types, scores, round(p if relevant else 1 - p, 3))
