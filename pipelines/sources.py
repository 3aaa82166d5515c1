"""Load and validate `data/sources.yml` before any request is made.

A mistake in the sources file is reported with the file and line it is on, so a scheduled
job fails at start with a message an operator can act on, not halfway through a crawl.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

KINDS = ("feed", "sitemap", "listing")
_KNOWN_KEYS = {
    "name",
    "kind",
    "url",
    "language",
    "region",
    "enabled",
    "demo",
    "page",
    "link_selector",
    "notes",
    "lastmod_days",
    "homepage",
    "category",
}


class SourcesError(ValueError):
    """The sources file is invalid; the message names the file and line."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    url: str
    language: str = ""
    region: str = ""
    enabled: bool = True
    demo: bool = False
    page: str = "generic"
    link_selector: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def with_url(self, url: str) -> Source:
        return Source(**{**self.__dict__, "url": url})


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _entries(path: Path) -> list[tuple[int, dict[str, Any], dict[str, int]]]:
    """Each entry of `sources:` with its line and the line of each of its keys."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise SourcesError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise SourcesError(f"{path}:1: expected a list under 'sources:'")
    seq = next(v for k, v in root.value if k.value == "sources")
    out = []
    for node, entry in zip(seq.value, data["sources"], strict=True):
        if not isinstance(entry, dict):
            raise SourcesError(f"{path}:{_line(node)}: each source must be a mapping")
        key_lines = {k.value: _line(k) for k, _ in node.value}
        out.append((_line(node), entry, key_lines))
    return out


def load_sources(path: str | Path) -> list[Source]:
    """Parse and validate the sources file; raise SourcesError naming the line at fault."""
    path = Path(path)
    if not path.exists():
        raise SourcesError(f"{path}: no such sources file")
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for line, entry, key_lines in _entries(path):
        where = f"{path}:{line}"
        name = entry.get("name")
        if not name or not isinstance(name, str):
            raise SourcesError(f"{where}: source has no 'name'")
        if name in seen:
            raise SourcesError(
                f"{path}:{key_lines.get('name', line)}: duplicate source name {name!r} "
                f"(first at line {seen[name]})"
            )
        seen[name] = line
        kind = entry.get("kind")
        if kind not in KINDS:
            raise SourcesError(
                f"{path}:{key_lines.get('kind', line)}: source {name!r} has unknown kind "
                f"{kind!r} (expected one of {', '.join(KINDS)})"
            )
        url = entry.get("url")
        parts = urlsplit(url) if isinstance(url, str) else None
        if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
            raise SourcesError(
                f"{path}:{key_lines.get('url', line)}: source {name!r} needs an http(s) 'url'"
                + (f", got {url!r}" if url else "")
            )
        if kind == "listing" and not entry.get("link_selector"):
            raise SourcesError(f"{where}: listing source {name!r} needs a 'link_selector'")
        unknown = set(entry) - _KNOWN_KEYS
        if unknown:
            raise SourcesError(
                f"{where}: source {name!r} has unknown key(s): {', '.join(sorted(unknown))}"
            )
        sources.append(
            Source(
                name=name,
                kind=kind,
                url=url,
                language=str(entry.get("language", "")),
                region=str(entry.get("region", "")),
                enabled=bool(entry.get("enabled", True)),
                demo=bool(entry.get("demo", False)),
                page=str(entry.get("page", "generic")),
                link_selector=str(entry.get("link_selector", "")),
                extra={
                    k: v
                    for k, v in entry.items()
                    if k in {"notes", "lastmod_days", "homepage", "category"}
                },
            )
        )
    return sources
