"""The arithmetic of the classifier evaluation, apart from I/O so tiny sets can test it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass


@dataclass
class PRF:
    precision: float
    recall: float
    f1: float
    support: int
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)


def prf(tp: int, fp: int, fn: int) -> PRF:
    """Precision, recall and F1; an empty denominator scores 0 unless nothing was missed."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1, tp + fn, tp, fp, fn)


def relevance_scores(gold: Sequence[bool], predicted: Sequence[bool]) -> PRF:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p and not g)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g and not p)
    return prf(tp, fp, fn)


def flagged_rate(predicted: Sequence[bool]) -> float:
    """Share of stories flagged relevant (used on ordinary-news sources)."""
    return sum(predicted) / len(predicted) if predicted else 0.0


@dataclass
class TypeScores:
    micro: PRF
    macro_f1: float
    per_type: dict[str, PRF]


def type_scores(
    gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]], types: Sequence[str]
) -> TypeScores:
    """Multi-label scores over every story: irrelevant stories have empty gold sets."""
    counts = {t: [0, 0, 0] for t in types}
    for g_raw, p_raw in zip(gold, predicted, strict=True):
        g, p = set(g_raw), set(p_raw)
        for t in types:
            if t in g and t in p:
                counts[t][0] += 1
            elif t in p:
                counts[t][1] += 1
            elif t in g:
                counts[t][2] += 1
    per_type = {t: prf(*c) for t, c in counts.items()}
    micro = prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    macro = sum(s.f1 for s in per_type.values()) / len(types) if types else 0.0
    return TypeScores(micro, macro, per_type)


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return 0.0
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@dataclass(frozen=True)
class Bars:
    relevance_f1: float = 0.90
    ordinary_flagged: float = 0.05
    micro_f1: float = 0.85
    macro_f1: float = 0.75
    stories_per_second: float = 200.0


def missed_bars(
    relevance: PRF, ordinary: float, types: TypeScores, per_second: float, bars: Bars = Bars()
) -> list[str]:
    """Human-readable list of the bars missed; empty when all are met."""
    missed = []
    if relevance.f1 < bars.relevance_f1:
        missed.append(f"relevance F1 {relevance.f1:.3f} < {bars.relevance_f1}")
    if ordinary > bars.ordinary_flagged:
        missed.append(f"ordinary news flagged {ordinary:.1%} > {bars.ordinary_flagged:.0%}")
    if types.micro.f1 < bars.micro_f1:
        missed.append(f"types micro-F1 {types.micro.f1:.3f} < {bars.micro_f1}")
    if types.macro_f1 < bars.macro_f1:
        missed.append(f"types macro-F1 {types.macro_f1:.3f} < {bars.macro_f1}")
    if per_second < bars.stories_per_second:
        missed.append(f"speed {per_second:.0f} stories/s < {bars.stories_per_second:.0f}")
    return missed
