"""The (unshipped) logistic layer: features, a fit on a tiny written set, a JSON round trip."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipelines.classify.classifier import model_inputs
from pipelines.classify.model import OUTPUTS, LinearModel
from pipelines.models import Story

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))


def _story(title: str, text: str) -> Story:
    return Story(url=f"https://example.org/{abs(hash(title))}", title=title, text=text)


WRITTEN = [
    (
        "Police arrest reporter at rally",
        "Officers arrested a reporter filming the rally.",
        ["arrest"],
    ),
    ("Activist arrested over posts", "Police arrested an activist over online posts.", ["arrest"]),
    (
        "Editor detained at border",
        "The editor was detained and questioned at the border.",
        ["arrest"],
    ),
    (
        "Newspaper prints last edition",
        "The paper stopped publishing and closed its newsroom.",
        ["closure"],
    ),
    (
        "Union disbands under pressure",
        "The union voted to disband and stop operating.",
        ["closure"],
    ),
    ("Outlet ceases operations", "The online outlet ceased operations and closed.", ["closure"]),
    ("Sunny weekend ahead", "The weather will be sunny and warm across the region.", None),
    ("Stocks rise at the open", "Shares rose in early trade as tech stocks gained.", None),
    ("Team wins the final", "The home team won the cup final on penalties.", None),
]


def test_model_inputs_hold_ngrams_and_rule_counts():
    counts, rules = model_inputs(_story("國安處拘捕總編輯", "警方拘捕網媒總編輯。記協表示遺憾。"))
    assert any(f.startswith("tc:") for f in counts)  # title character n-grams
    assert rules.get("r:arrest:title", 0) > 0
    assert model_inputs(_story("", "")) is None


def test_fit_and_json_round_trip_on_a_written_set():
    pytest.importorskip("sklearn")
    import train_classifier as tc

    examples = [
        tc.make_example(_story(t, x), {"relevant": y is not None, "types": y or []}, "en")
        for t, x, y in WRITTEN
    ]
    model = tc.fit(examples)
    again = LinearModel.from_json(model.to_json())
    probe = model_inputs(_story("Police arrest photographer", "Police arrested a photographer."))
    assert again.probabilities(*probe) == model.probabilities(*probe)
    relevant, types = model.decide(model.probabilities(*probe))
    assert relevant and "arrest" in types
    assert tc.predict(model, examples[6]) == (False, [])
    assert tc.predict_filter(model, examples[0])[1] == ["arrest"]


def test_decide_keeps_the_best_type_when_none_clears_its_threshold():
    model = LinearModel({}, {}, [0.0] * len(OUTPUTS), 1.0, {"relevant": 0.5})
    probs = {name: 0.1 for name in OUTPUTS} | {"relevant": 0.9, "closure": 0.4}
    assert model.decide(probs) == (True, ["closure"])
    assert model.decide(probs | {"relevant": 0.2}) == (False, [])
