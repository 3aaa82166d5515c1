"""Per-story evidence counts: which sentences trigger which type, in which setting.

Everything the decision needs is computed here in one pass over the text, so that the decision
rules (and any weights fitted on top of them) work on a small fixed set of numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.models import INCIDENT_TYPES

from .chinese import fold_lower
from .patterns import (
    background_pattern,
    charge_pattern,
    context_pattern,
    crime_pattern,
    non_incident_title_pattern,
    perpetrator_pattern,
    script_of,
    type_pattern,
)
from .sentences import Sentences, split_sentences

#: Sentences after the title that count as the lead, where news puts the new development.
LEAD_SENTENCES = 3
#: Long texts are cut: the new development is near the top, and speed matters.
MAX_CHARS = 12000


@dataclass
class TypeHits:
    """Where one type's triggers occur."""

    title: int = 0
    lead: int = 0
    body: int = 0
    with_context: int = 0
    background: int = 0
    #: title or lead hits in a sentence with press-freedom context (or under a title that has it)
    anchored: int = 0
    sentences: list[int] = field(default_factory=list)

    @property
    def fresh(self) -> int:
        return self.title + self.lead + self.body - self.background


@dataclass
class StoryFeatures:
    script: str
    sentences: Sentences
    title_sentences: int
    types: dict[str, TypeHits]
    context_title: int
    context_sentences: int
    crime_sentences: int
    n_sentences: int
    #: the title reports an opinion poll or an award, not an incident
    non_incident_title: bool = False


def _join_title(title: str, text: str) -> tuple[str, str]:
    title = (title or "").strip()
    text = (text or "").strip()
    if title and text.startswith(title):
        text = text[len(title) :].lstrip()
    return title, text


def _sentence_set(pattern, folded: str, sentences: Sentences) -> set[int]:
    return {sentences.index_of(m.start()) for m in pattern.finditer(folded)}


def extract_features(title: str, text: str, language: str) -> StoryFeatures:
    script = script_of(language)
    title, text = _join_title(title, text)
    full = f"{title}\n{text[:MAX_CHARS]}" if title else text[:MAX_CHARS]
    sentences = split_sentences(full)
    title_n = 0
    if title:
        while title_n < len(sentences) and sentences.starts[title_n] < len(title):
            title_n += 1
    folded = fold_lower(full)

    context = _sentence_set(context_pattern(script), folded, sentences)
    background = _sentence_set(background_pattern(script), folded, sentences)
    crime = _sentence_set(crime_pattern(script), folded, sentences)
    perpetrator_re = perpetrator_pattern(script)
    charge_re = charge_pattern(script)

    def sentences_matching(pattern, candidates: set[int]) -> set[int]:
        # only the type's own sentences are searched: cheaper than the whole text
        return {
            i for i in candidates if pattern.search(folded, sentences.starts[i], sentences.ends[i])
        }

    title_context = any(i < title_n + LEAD_SENTENCES for i in context)
    types: dict[str, TypeHits] = {}
    for incident_type in INCIDENT_TYPES:
        hits = TypeHits()
        found = _sentence_set(type_pattern(incident_type, script), folded, sentences)
        if incident_type == "arrest":
            # the assailant's arrest: the threat or the attack is the incident, not an arrest
            found -= sentences_matching(perpetrator_re, found)
        elif incident_type in ("threat", "assault"):
            # the offence a court tries is the prosecution's subject, not a new threat or attack
            found -= sentences_matching(charge_re, found) if charge_re else set()
        found = sorted(found)
        for idx in found:
            if idx < title_n:
                hits.title += 1
            elif idx < title_n + LEAD_SENTENCES:
                hits.lead += 1
            else:
                hits.body += 1
            if idx in context:
                hits.with_context += 1
            if idx < title_n + LEAD_SENTENCES and (title_context or idx in context):
                hits.anchored += 1
            if idx in background and idx >= title_n:
                hits.background += 1
        hits.sentences = found
        types[incident_type] = hits

    return StoryFeatures(
        script=script,
        sentences=sentences,
        title_sentences=title_n,
        types=types,
        context_title=sum(1 for i in context if i < title_n),
        context_sentences=len(context),
        crime_sentences=len(crime),
        n_sentences=len(sentences),
        non_incident_title=bool(
            title and non_incident_title_pattern(script).search(fold_lower(title))
        ),
    )
