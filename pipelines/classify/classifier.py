"""classify(): a Story in, a Label out, with the evidence that justifies it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from pipelines.models import Evidence, Label, Story

from .dates import incident_date
from .decision import decide
from .details import find_actors, find_laws, find_location, find_targets
from .features import extract_features
from .language import normalise_language
from .vectorize import rule_features, text_counts

#: Bump whenever the lexicon or the decision rules change, so labels can be traced to a version.
CLASSIFIER_VERSION = "rules-2026.6"

#: Evidence sentences kept per type: enough to check a label, few enough to read.
EVIDENCE_PER_TYPE = 2


def _looks_like_text(title: str, text: str) -> bool:
    """At least 20 letters in the title and the first 2,000 characters (stops at the 20th)."""
    content = f"{title} {text[:2000]}"
    return len(list(islice(filter(str.isalpha, content), 20))) >= 20


def model_inputs(story: Story) -> tuple[dict[str, int], dict[str, float]] | None:
    """Raw features of the (unshipped) logistic layer, for bench/train_classifier.py's check."""
    title, text = story.title or "", story.text or ""
    if not _looks_like_text(title, text):
        return None
    features = extract_features(title, text, normalise_language(story.language, f"{title}\n{text}"))
    return text_counts(features), rule_features(features)


def classify(story: Story) -> Label:
    title = story.title or ""
    text = story.text or ""
    if not _looks_like_text(title, text):
        return Label(relevant=False, confidence=0.99, version=CLASSIFIER_VERSION)

    language = normalise_language(story.language, f"{title}\n{text}")
    features = extract_features(title, text, language, story.published)
    decision = decide(features)
    if not decision.relevant:
        return Label(relevant=False, confidence=decision.confidence, version=CLASSIFIER_VERSION)

    sentences = features.sentences
    evidence: list[Evidence] = []
    evidence_idx: list[int] = []
    for incident_type in decision.types:
        for idx in features.types[incident_type].sentences[:EVIDENCE_PER_TYPE]:
            evidence.append(Evidence(incident_type, sentences.get(idx), story.id))
            if idx not in evidence_idx:
                evidence_idx.append(idx)
    evidence_idx.sort()
    evidence_sentences = [sentences.get(i) for i in evidence_idx]
    evidence_text = "\n".join(evidence_sentences)
    lead = "\n".join(sentences.get(i) for i in range(min(len(sentences), 8)))

    found_date, precision = incident_date(
        [s for i, s in zip(evidence_idx, evidence_sentences, strict=True) if i >= 0],
        story.published,
        features.script,
    )
    return Label(
        relevant=True,
        types=decision.types,
        confidence=decision.confidence,
        evidence=evidence,
        version=CLASSIFIER_VERSION,
        incident_date=found_date,
        date_precision=precision,
        targets=find_targets(f"{evidence_text}\n{lead}", features.script),
        actors=find_actors(evidence_text, decision.types),
        laws=find_laws(f"{evidence_text}\n{lead}"),
        location=find_location(evidence_text, text),
    )


def classify_many(stories: Iterable[Story]) -> Iterator[Label]:
    for story in stories:
        yield classify(story)
