"""A logistic layer over vectorize.py features: evaluated, NOT shipped in classify().

`python bench/train_classifier.py` cross-validates it on dev against the rules. It did not pay
out-of-sample (5-fold: types micro-F1 0.635 alone, 0.665 as a filter on the rules' types vs 0.646
for the rules; no gain when trained on one half and scored on the other), so classify() stays
rules-only. Kept so the check can be rerun when more labelled stories exist. Inference is a sparse
dot product in pure Python, so a shipped model would need no numerical library.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pipelines.models import INCIDENT_TYPES

#: The model's outputs, in the order of every weight list.
OUTPUTS: tuple[str, ...] = ("relevant", *INCIDENT_TYPES)


@dataclass(frozen=True)
class LinearModel:
    """TF-IDF (sublinear, L2-normalised) text features plus scaled rule features, one LR a output."""

    idf: dict[str, float]
    weights: dict[str, list[float]]
    bias: list[float]
    rule_scale: float
    thresholds: dict[str, float]
    trained_on: str = ""

    def vector(self, counts: dict[str, int], rules: dict[str, float]) -> dict[str, float]:
        vec = {
            f: (1.0 + math.log(c)) * self.idf[f] for f, c in counts.items() if f in self.idf and c
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vec = {f: v / norm for f, v in vec.items()}
        vec.update({f: v * self.rule_scale for f, v in rules.items()})
        return vec

    def probabilities(self, counts: dict[str, int], rules: dict[str, float]) -> dict[str, float]:
        z = list(self.bias)
        for f, v in self.vector(counts, rules).items():
            w = self.weights.get(f)
            if w is not None:
                for k, wk in enumerate(w):
                    z[k] += wk * v
        return {name: _sigmoid(zk) for name, zk in zip(OUTPUTS, z, strict=True)}

    def decide(self, probs: dict[str, float]) -> tuple[bool, list[str]]:
        """Relevant when p(relevant) clears its threshold; types above theirs, else the best one."""
        if probs["relevant"] < self.thresholds.get("relevant", 0.5):
            return False, []
        types = [t for t in INCIDENT_TYPES if probs[t] >= self.thresholds.get(t, 0.5)]
        return True, types or [max(INCIDENT_TYPES, key=probs.__getitem__)]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": 1,
            "outputs": list(OUTPUTS),
            "trained_on": self.trained_on,
            "rule_scale": self.rule_scale,
            "thresholds": self.thresholds,
            "bias": self.bias,
            "idf": self.idf,
            "weights": self.weights,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        if tuple(data["outputs"]) != OUTPUTS:
            raise ValueError("model outputs do not match the taxonomy; retrain the model")
        return cls(
            idf=data["idf"],
            weights=data["weights"],
            bias=data["bias"],
            rule_scale=data["rule_scale"],
            thresholds=data["thresholds"],
            trained_on=data.get("trained_on", ""),
        )


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
