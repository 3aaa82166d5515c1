"""Page modules: one per site that needs special extraction; `generic` serves the rest.

A page module exposes `parse(response, source, feed) -> Story`. Spiders route; page modules
extract.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def page_module(name: str) -> ModuleType:
    """The page module a source names in sources.yml (`page:`), `generic` by default."""
    if not name.isidentifier():
        raise ValueError(f"invalid page module name {name!r}")
    return importlib.import_module(f"crawler.pages.{name}")
