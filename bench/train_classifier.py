"""Train the classifier's logistic layer on the dev split and write pipelines/classify/model.json.

    .venv/bin/python bench/train_classifier.py [--out PATH]

One L2 logistic regression for relevance and one per type (scikit-learn, training only: the shipped
model is JSON weights read by pipelines/classify/model.py). Hyper-parameters are fixed here, not
searched on dev, so the cross-validated figures of bench/eval_classifier.py stay out-of-sample.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipelines.classify.classifier import model_inputs  # noqa: E402
from pipelines.classify.model import MODEL_PATH, OUTPUTS, LinearModel  # noqa: E402
from pipelines.models import Story  # noqa: E402

#: Inverse regularisation strength of every regression.
C = 4.0
#: Rule features are dense and few; this scale sets their weight against the TF-IDF block.
RULE_SCALE = 1.0
#: Text features must occur in this many training stories (drops names seen once).
MIN_DF = 2
#: Decision thresholds on the (class-balanced) probabilities.
THRESHOLDS = {"relevant": 0.5, **{t: 0.5 for t in OUTPUTS[1:]}}
#: Weights below this magnitude are not written: they barely move a score and bloat the file.
MIN_WEIGHT = 1e-3
#: Train type models on every story (True) or only on relevant ones, gated by relevance (False).
TYPES_ON_ALL = True
#: Which feature blocks the model sees: "text", "rules" or both.
BLOCKS = ("text", "rules")


@dataclass
class Example:
    """One dev story reduced to the model's raw inputs and its gold answer."""

    id: str
    lang: str
    inputs: tuple[dict[str, int], dict[str, float]] | None
    relevant: bool
    types: frozenset[str]

    def target(self, output: str) -> int:
        return int(self.relevant) if output == "relevant" else int(output in self.types)


def make_example(story: Story, gold: dict, lang: str = "") -> Example:
    types = frozenset(gold.get("types") or []) if gold.get("relevant") else frozenset()
    return Example(story.id, lang, model_inputs(story), bool(gold.get("relevant")), types)


def fit(examples: Sequence[Example], trained_on: str = "") -> LinearModel:
    """Fit the vocabulary, IDF and one regression per output on these examples only."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    usable = [e for e in examples if e.inputs is not None]
    df: dict[str, int] = {}
    for e in usable:
        for f in e.inputs[0]:
            df[f] = df.get(f, 0) + 1
    n = len(usable)
    idf = {f: round(math.log((1 + n) / (1 + d)) + 1, 4) for f, d in df.items() if d >= MIN_DF}
    rule_scale = RULE_SCALE if "rules" in BLOCKS else 0.0
    if "text" not in BLOCKS:
        idf = {}
    draft = LinearModel(idf, {}, [0.0] * len(OUTPUTS), rule_scale, THRESHOLDS)
    vectors = [{f: x for f, x in draft.vector(*e.inputs).items() if x} for e in usable]
    names = sorted({f for v in vectors for f in v})
    column = {f: j for j, f in enumerate(names)}
    rows, cols, vals = [], [], []
    for i, v in enumerate(vectors):
        for f, x in v.items():
            rows.append(i)
            cols.append(column[f])
            vals.append(x)
    matrix = csr_matrix((vals, (rows, cols)), shape=(n, len(names)))

    import numpy as np

    coefs = np.zeros((len(OUTPUTS), len(names)))
    bias: list[float] = []
    for k, output in enumerate(OUTPUTS):
        rows_k = [i for i, e in enumerate(usable) if output == "relevant" or e.relevant or TYPES_ON_ALL]
        y = [usable[i].target(output) for i in rows_k]
        if 0 < sum(y) < len(y):
            lr = LogisticRegression(C=C, class_weight="balanced", solver="liblinear")
            lr.fit(matrix[rows_k], y)
            coefs[k] = lr.coef_[0]
            bias.append(float(lr.intercept_[0]))
        else:  # a type absent from the training stories can never be predicted
            bias.append(10.0 if sum(y) else -10.0)
    coefs = np.round(coefs, 4)
    keep = np.abs(coefs).max(axis=0) >= MIN_WEIGHT
    weights = {names[j]: coefs[:, j].tolist() for j in np.flatnonzero(keep)}
    idf = {f: v for f, v in idf.items() if f in weights}
    return LinearModel(idf, weights, [round(b, 4) for b in bias], rule_scale, THRESHOLDS, trained_on)


def predict(model: LinearModel, example: Example) -> tuple[bool, list[str]]:
    if example.inputs is None:
        return False, []
    return model.decide(model.probabilities(*example.inputs))


def dev_examples() -> list[Example]:
    from eval_classifier import load_dev, to_story

    return [make_example(to_story(row), gold, row.get("lang") or "") for row, gold in load_dev()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from eval_classifier import LABELS, STORIES

    if not STORIES.exists() or not LABELS.exists():
        print(f"cannot train: evaluation data not found at {STORIES.parent}")
        return 1
    examples = dev_examples()
    model = fit(examples, trained_on=f"dev split, {len(examples)} stories")
    args.out.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")))
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({len(model.weights)} features, {size:.2f} MB) from {len(examples)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
