"""The domain model shared by the crawler, the pipelines and the CLI.

Plain dataclasses so that every stage is a function over plain data, testable without Scrapy.
`pipelines/` never imports `crawler/`; the crawler and the CLI import this module.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

#: The 11 incident types of TAXONOMY.md, in the order the taxonomy lists them.
INCIDENT_TYPES: tuple[str, ...] = (
    "arrest",
    "prosecution",
    "raid",
    "closure",
    "censorship",
    "threat",
    "assault",
    "legal_order",
    "corporate_response",
    "government_response",
    "legislation",
)

#: Precision of a date: how much of an ISO date string is known.
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "unknown")


def story_id(url: str) -> str:
    """A stable id from the canonical URL, so re-crawls and permalinks agree."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


@dataclass
class Story:
    """One news article as extracted from a page (and its feed entry)."""

    url: str
    title: str = ""
    text: str = ""
    source: str = ""
    id: str = ""
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) or datetime
    date_precision: str = "unknown"
    date_method: str = ""  # metadata | htmldate | dateparser | feed | ""
    language: str = ""  # BCP-47-ish: en, zh-Hant, zh-Hans, ...
    byline: str = ""
    summary: str = ""
    fetched_at: str = ""
    extraction: str = "ok"  # ok | no_text | error:<reason>
    other_urls: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = story_id(self.url)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Evidence:
    """A sentence of a story that supports one label."""

    type: str
    sentence: str
    story_id: str = ""


@dataclass
class Target:
    name: str
    kind: str  # person | outlet | ngo | union | company | party | group


@dataclass
class Label:
    """What the classifier says of one story, with the why."""

    relevant: bool
    types: list[str] = field(default_factory=list)
    confidence: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)
    version: str = ""
    incident_date: str | None = None
    date_precision: str = "unknown"
    targets: list[Target] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    laws: list[str] = field(default_factory=list)
    location: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Incident:
    """One occurrence: one action by one actor against the same targets at one time."""

    id: str
    type: str
    types: list[str] = field(default_factory=list)
    title: str = ""
    date: str | None = None
    date_precision: str = "unknown"
    targets: list[Target] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    laws: list[str] = field(default_factory=list)
    location: str = ""
    summary: str = ""
    confidence: float = 0.0
    status: str = "candidate"  # candidate | corroborated | reviewed
    first_reported: str | None = None
    updated: str | None = None
    case_id: str | None = None
    story_ids: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
