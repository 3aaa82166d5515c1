"""Per-story evidence counts: which sentences trigger which type, in which setting.

Everything the decision needs is computed here in one pass over the text, so that the decision
rules (and any weights fitted on top of them) work on a small fixed set of numbers.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

from pipelines.models import INCIDENT_TYPES

from .chinese import fold_lower
from .patterns import ScriptPatterns, patterns_for, script_of
from .sentences import Sentences, split_sentences

#: Sentences after the title that count as the lead, where news puts the new development.
LEAD_SENTENCES = 3
#: Types whose triggers in a court hearing's narration recall the case rather than report news.
RECOUNTED_IN_COURT = frozenset(
    {"arrest", "raid", "closure", "censorship", "threat", "assault", "legal_order"}
)
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
    #: of which in the lead
    lead_background: int = 0
    #: title sentences whose trigger recalls the past ("去年被捕記者今判刑")
    title_background: int = 0
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
    #: the text carries an opinion column's or blog's byline
    opinion: bool = False
    #: the text shows pressure from the authorities somewhere (a closure needs it)
    pressured: bool = True
    #: the headline names an ordinary crime and nothing that makes it a press-freedom matter
    crime_title: bool = False


def _join_title(title: str, text: str) -> tuple[str, str]:
    title = (title or "").strip()
    text = (text or "").strip()
    if title and text.startswith(title):
        text = text[len(title) :].lstrip()
    return title, text


def _sentence_set(pattern, folded: str, sentences: Sentences) -> set[int]:
    return {sentences.index_of(m.start()) for m in pattern.finditer(folded)}


class TimeAnchors:
    """Where a text says "now" or "back then", to tell a new development from a recalled one.

    A trigger takes the time of a cue later in its own clause ("was arrested last year"), else of
    the nearest cue before it in its sentence ("in 2019 ... arrested, today ... pleaded guilty"),
    else of the nearest one after it.
    """

    _CLAUSE_END = re.compile(r"[,，;；:：]")

    def __init__(self, folded: str, patterns: ScriptPatterns, published: str | None) -> None:
        cues = [(m.start(), True) for m in patterns.background.finditer(folded)]
        cues += [(m.start(), False) for m in patterns.fresh.finditer(folded)]
        published_at = _year_month(published)
        year = published_at[0] if published_at else None
        if year:
            cues += [
                (m.start(), int(m.group(1)) < year)
                for m in patterns.year.finditer(folded)
                if int(m.group(1)) != year
            ]
        month = published_at[1] if published_at else None
        if month and patterns.month is not None:
            cues += [
                (m.start(), True)
                for m in patterns.month.finditer(folded)
                if 2 <= month - int(m.group(1)) <= 6
            ]
        cues.sort()
        self.text = folded
        self.unreal = [m.end() for m in patterns.unreal.finditer(folded)]
        self.positions = [p for p, _ in cues]
        self.past = [b for _, b in cues]

    def is_unreal(self, offset: int, start: int) -> bool:
        """A fear, an avoidance or a proposal earlier in the trigger's clause."""
        i = bisect_left(self.unreal, offset + 1) - 1
        return (
            i >= 0
            and start <= self.unreal[i] <= offset
            and not self._CLAUSE_END.search(self.text, self.unreal[i], offset)
        )

    def is_past(self, offset: int, start: int, end: int) -> bool:
        i = bisect_left(self.positions, offset)
        after = self.positions[i] if i < len(self.positions) else end
        if after < end:
            clause_end = self._CLAUSE_END.search(self.text, offset, after)
            if clause_end is None:
                return self.past[i]
        if i > 0 and self.positions[i - 1] >= start:
            return self.past[i - 1]
        if after < end:
            return self.past[i]
        return False


_ISO_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)")


def _year_month(published: str | None) -> tuple[int, int] | None:
    """The publication's year and month, from an ISO date or a feed's RFC 2822 date."""
    text = (published or "").strip()
    iso = _ISO_DATE.match(text)
    if iso:
        year, month = int(iso.group(1)), int(iso.group(2))
    else:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        year, month = parsed.year, parsed.month
    return (year, month) if 1900 <= year <= 2100 and 1 <= month <= 12 else None


def _is_opinion(folded_title: str, text: str, pattern: re.Pattern[str]) -> bool:
    return any(
        pattern.search(part)
        for part in (folded_title, fold_lower(text[:200]), fold_lower(text[-600:]))
    )


def extract_features(
    title: str, text: str, language: str, published: str | None = None
) -> StoryFeatures:
    script = script_of(language)
    title, text = _join_title(title, text)
    full = f"{title}\n{text[:MAX_CHARS]}" if title else text[:MAX_CHARS]
    sentences = split_sentences(full)
    title_n = 0
    if title:
        while title_n < len(sentences) and sentences.starts[title_n] < len(title):
            title_n += 1
    folded = fold_lower(full)
    # folding keeps offsets, so the folded title is the head of the folded text
    folded_title = folded[: len(title)]
    p = patterns_for(script)

    context = _sentence_set(p.context, folded, sentences)
    anchors = TimeAnchors(folded, p, published)
    # court narration in the body (a headline states the news, it does not recount the case)
    narrated = {i for i in _sentence_set(p.court_narration, folded, sentences) if i >= title_n}
    if p.case_title is not None and p.case_title.search(folded_title):
        # ...unless it is tagged with its case: then it names what the case is about
        narrated |= set(range(title_n))
    crime = _sentence_set(p.crime, folded, sentences)

    def sentences_matching(pattern, candidates: set[int]) -> set[int]:
        # only the type's own sentences are searched: cheaper than the whole text
        return {
            i for i in candidates if pattern.search(folded, sentences.starts[i], sentences.ends[i])
        }

    title_context = any(i < title_n + LEAD_SENTENCES for i in context)
    types: dict[str, TypeHits] = {}
    for incident_type in INCIDENT_TYPES:
        hits = TypeHits()
        # the sentence's first trigger of this type says whether it recalls the past
        found: set[int] = set()
        fresh: set[int] = set()
        for m in p.types[incident_type].finditer(folded):
            idx = sentences.index_of(m.start())
            if idx in found or anchors.is_unreal(m.start(), sentences.starts[idx]):
                continue
            if incident_type == "government_response" and p.demanded.search(
                folded, sentences.starts[idx], m.start()
            ):
                continue  # sanctions urged on a government are not yet its measure
            found.add(idx)
            if not anchors.is_past(m.start(), sentences.starts[idx], sentences.ends[idx]):
                fresh.add(idx)
        if incident_type == "arrest":
            # the assailant's arrest: the threat or the attack is the incident, not an arrest
            found -= sentences_matching(p.perpetrator, found)
        elif incident_type in ("threat", "assault"):
            # the offence a court tries is the prosecution's subject, not a new threat or attack
            found -= sentences_matching(p.charge, found) if p.charge else set()
        elif incident_type == "closure":
            # a company closing its shops or leaving a market responds to the law: not a closure
            found -= sentences_matching(p.types["corporate_response"], found)
        elif incident_type == "legal_order":
            # "charged with failing to provide information": the charge, not a new order
            found -= sentences_matching(p.order_charge, found)
            # "platforms paused processing requests for user data": the company's response
            found -= sentences_matching(p.order_refused, found)
        if incident_type in RECOUNTED_IN_COURT:
            fresh -= narrated
        ordered = sorted(found)
        for idx in ordered:
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
            if idx not in fresh and idx < title_n:
                hits.title_background += 1
            if idx not in fresh and idx >= title_n:
                hits.background += 1
                if idx < title_n + LEAD_SENTENCES:
                    hits.lead_background += 1
        hits.sentences = ordered
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
        opinion=_is_opinion(folded_title, text, p.opinion),
        # only a closure needs pressure in sight: no search when no closure was found
        pressured=not types["closure"].sentences or bool(p.pressure.search(folded)),
        crime_title=bool(p.crime.search(folded_title)) and not p.freedom_title.search(folded_title),
        non_incident_title=bool(folded_title and p.non_incident_title.search(folded_title)),
    )
