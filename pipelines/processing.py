"""The one code path from extracted stories to stored, classified stories and incidents.

The Scrapy item pipeline, the `classify` command and the tests all call these functions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from pipelines.dedupe import NearDuplicateIndex, canonicalise, register_story
from pipelines.models import Label, Story
from pipelines.store import Outcome, unique_runs, upsert_stories

log = logging.getLogger(__name__)


def classify_story(story: Story) -> Label:
    """The classifier's label; a story with no text is never relevant."""
    from pipelines.classify import classify

    if not (story.text or story.title).strip():
        return Label(relevant=False)
    return classify(story)


def update_incidents(db: Database, story_ids: Iterable[str] | None = None) -> dict:
    """Merge relevant stories into incidents (a no-op until the incidents stage is installed)."""
    try:
        from pipelines.incident_store import update_incidents as update
    except ImportError:
        return {}
    return update(db, story_ids)


def process_stories(
    db: Database, stories: Sequence[Story], index: NearDuplicateIndex | None = None
) -> list[Outcome]:
    """Classify and store a batch in one transaction, link near-duplicates, then fold new
    stories into incidents. Pass one `index` for a whole crawl; without it one is loaded."""
    if index is None:
        index = NearDuplicateIndex.from_db(db)
    outcomes: list[Outcome] = []
    stories = [canonicalise(s) for s in stories]
    with db.atomic():
        # A run of distinct ids is stored in one go; a story listed twice starts a new run,
        # after the first is registered, exactly as one call per story would see it.
        for run in unique_runs(stories):
            batch = [(stories[i], classify_story(stories[i])) for i in run]
            for (story, _), outcome in zip(batch, upsert_stories(db, batch), strict=True):
                if outcome != "unchanged":
                    register_story(db, story, index)
                outcomes.append(outcome)
    changed = [s.id for s, o in zip(stories, outcomes, strict=True) if o != "unchanged"]
    if changed:
        update_incidents(db, changed)
    return outcomes
