"""Fit the logistic layer on dev and check, out-of-sample, whether it beats the rules.

    .venv/bin/python bench/train_classifier.py [--write PATH]

One L2 logistic regression for relevance and one per type (scikit-learn, used here only) over
TF-IDF n-grams of the title and lead plus the rule counts. Prints stratified 5-fold (seed 0) and
half-split figures of: the rules; the model alone; the model as a filter on the rules' types.
Hyper-parameters are fixed below, not searched on dev. The layer is not shipped (see
pipelines/classify/model.py); --write saves weights trained on all of dev, for experiments only.
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
from pipelines.classify.decision import decide  # noqa: E402
from pipelines.classify.features import extract_features  # noqa: E402
from pipelines.classify.language import normalise_language  # noqa: E402
from pipelines.classify.model import OUTPUTS, LinearModel  # noqa: E402
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
#: The filter keeps a rule type when the model gives it at least this probability.
FILTER_THRESHOLD = 0.5
#: Train type models on every story (True) or only on relevant ones, gated by relevance (False).
TYPES_ON_ALL = True
#: Each type's regression sees only that type's rule features (plus the shared ones).
OWN_RULES_ONLY = True
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
    rules: tuple[bool, list[str]] = (False, [])

    def target(self, output: str) -> int:
        return int(self.relevant) if output == "relevant" else int(output in self.types)


def make_example(story: Story, gold: dict, lang: str = "") -> Example:
    """Features computed once per story, so cross-validation only refits the regressions."""
    types = frozenset(gold.get("types") or []) if gold.get("relevant") else frozenset()
    title, text = story.title or "", story.text or ""
    inputs = model_inputs(story)
    rules = (False, [])
    if inputs is not None:
        language = normalise_language(story.language, f"{title}\n{text}")
        d = decide(extract_features(title, text, language))
        rules = (d.relevant, d.types)
    return Example(story.id, lang, inputs, bool(gold.get("relevant")), types, rules)


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
        rows_k = [
            i for i, e in enumerate(usable) if output == "relevant" or e.relevant or TYPES_ON_ALL
        ]
        y = [usable[i].target(output) for i in rows_k]
        if 0 < sum(y) < len(y):
            lr = LogisticRegression(C=C, class_weight="balanced", solver="liblinear")
            cols_k = _columns_for(output, names)
            lr.fit(matrix[rows_k][:, cols_k], y)
            coefs[k, cols_k] = lr.coef_[0]
            bias.append(float(lr.intercept_[0]))
        else:  # a type absent from the training stories can never be predicted
            bias.append(10.0 if sum(y) else -10.0)
    coefs = np.round(coefs, 4)
    keep = np.abs(coefs).max(axis=0) >= MIN_WEIGHT
    weights = {names[j]: coefs[:, j].tolist() for j in np.flatnonzero(keep)}
    idf = {f: v for f, v in idf.items() if f in weights}
    return LinearModel(
        idf, weights, [round(b, 4) for b in bias], rule_scale, THRESHOLDS, trained_on
    )


def _columns_for(output: str, names: list[str]) -> list[int]:
    """A type's regression sees its own rule features only: 150 stories cannot fit 60 of them."""
    if output == "relevant" or not OWN_RULES_ONLY:
        return list(range(len(names)))
    own = f"r:{output}:"
    return [
        j
        for j, f in enumerate(names)
        if not f.startswith("r:") or f.startswith(own) or f.count(":") == 1
    ]


def predict(model: LinearModel, example: Example) -> tuple[bool, list[str]]:
    """The model alone decides relevance and types."""
    if example.inputs is None:
        return False, []
    return model.decide(model.probabilities(*example.inputs))


def predict_filter(model: LinearModel, example: Example) -> tuple[bool, list[str]]:
    """The rules decide; the model drops rule types it finds unlikely (keeps at least one)."""
    relevant, types = example.rules
    if not relevant or example.inputs is None:
        return relevant, types
    probs = model.probabilities(*example.inputs)
    kept = [t for t in types if probs[t] >= FILTER_THRESHOLD]
    return True, kept or types[:1]


def _rules(_model: LinearModel | None, example: Example) -> tuple[bool, list[str]]:
    return example.rules


VARIANTS = {"rules": _rules, "model": predict, "rules+model filter": predict_filter}


def out_of_fold(examples: list[Example], folds: list[list[int]]) -> dict[str, list]:
    """Each variant's predictions, every story predicted by a model not trained on it."""
    preds: dict[str, list] = {name: [None] * len(examples) for name in VARIANTS}
    for test in folds:
        held = set(test)
        model = fit([e for i, e in enumerate(examples) if i not in held])
        for name, fn in VARIANTS.items():
            for i in test:
                preds[name][i] = fn(model, examples[i])
    return preds


def kfolds(examples: list[Example], k: int = 5, seed: int = 0) -> list[list[int]]:
    """Stratified by relevance and language, shuffled with a fixed seed."""
    from sklearn.model_selection import StratifiedKFold

    keys = [f"{e.relevant}-{e.lang[:2]}" for e in examples]
    split = StratifiedKFold(k, shuffle=True, random_state=seed).split(examples, keys)
    return [list(test) for _, test in split]


def scores(examples: list[Example], preds: list) -> str:
    from classifier_metrics import relevance_scores, type_scores

    from pipelines.models import INCIDENT_TYPES

    rel = relevance_scores([e.relevant for e in examples], [p[0] for p in preds])
    gold = [sorted(e.types) for e in examples]
    ts = type_scores(gold, [p[1] if p[0] else [] for p in preds], INCIDENT_TYPES)
    return (
        f"relevance P {rel.precision:.3f} R {rel.recall:.3f} F1 {rel.f1:.3f}; "
        f"types micro-F1 {ts.micro.f1:.3f} macro-F1 {ts.macro_f1:.3f}"
    )


def dev_examples() -> list[Example]:
    from eval_classifier import load_dev, to_story

    return [make_example(to_story(row), gold, row.get("lang") or "") for row, gold in load_dev()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="also save weights trained on all of dev")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from eval_classifier import LABELS, STORIES, half_of

    if not STORIES.exists() or not LABELS.exists():
        print(f"skipped: evaluation data not found at {STORIES.parent}")
        return 0
    examples = dev_examples()
    checks = {
        "5-fold (stratified, seed 0)": kfolds(examples),
        "half split (train one half, score the other)": [
            [i for i, e in enumerate(examples) if half_of(e.id) == h] for h in "ab"
        ],
    }
    for title, folds in checks.items():
        print(f"{title}, {len(examples)} dev stories, out-of-sample:")
        for name, preds in out_of_fold(examples, folds).items():
            print(f"  {name:<20} {scores(examples, preds)}")
    if args.write:
        model = fit(examples, trained_on=f"dev split, {len(examples)} stories")
        args.write.write_text(json.dumps(model.to_json(), ensure_ascii=False))
        print(f"wrote {args.write} ({len(model.weights)} features): experiments only, not shipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
