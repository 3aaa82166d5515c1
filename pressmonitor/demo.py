"""The offline demo: serve the sample site, crawl it like any real source, build the database.

The demo sources are ordinary entries of sources.yml marked `demo: true`; their URLs are
re-pointed at the port the sample site was served on, so the demo goes through exactly the
same spiders and pipelines as a real crawl.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from pipelines.sources import SourcesError, load_sources
from pressmonitor.crawl import run_crawl
from pressmonitor.sample_site import SAMPLE_DIR, serve_directory

#: Local site: no reason to wait between requests; AutoThrottle stays on.
DEMO_SETTINGS = {
    "AUTOTHROTTLE_START_DELAY": 0.0,
    "DOWNLOAD_DELAY": 0.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
}


def rebase(url: str, base: str) -> str:
    """The same path and query on another scheme://host:port."""
    parts, new = urlsplit(url), urlsplit(base)
    return urlunsplit((new.scheme, new.netloc, parts.path, parts.query, ""))


def demo_sources_file(sources_path: str | Path, base: str, directory: Path) -> Path:
    """A sources file holding only the demo sources, pointed at the served sample site."""
    demo = [s for s in load_sources(sources_path) if s.demo]
    if not demo:
        raise SourcesError(f"{sources_path}: no source is marked 'demo: true'")
    entries = [
        {
            "name": s.name,
            "kind": s.kind,
            "url": rebase(s.url, base),
            "language": s.language,
            "region": s.region,
            "page": s.page,
            "demo": True,
            **({"link_selector": s.link_selector} if s.link_selector else {}),
        }
        for s in demo
    ]
    path = directory / "demo-sources.yml"
    path.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")
    return path


def demo_port(sources_path: str | Path) -> int:
    """The port the demo sources name, so that their URLs (and story ids) stay the same."""
    ports = {urlsplit(s.url).port for s in load_sources(sources_path) if s.demo}
    return ports.pop() if len(ports) == 1 and None not in ports else 0


def run_demo(db_path: str | Path, sources_path: str | Path, site: Path = SAMPLE_DIR) -> int:
    """Crawl the sample site into `db_path`; return the crawl's exit code."""
    with serve_directory(site, demo_port(sources_path)) as base:
        print(f"sample site served at {base}/")
        with tempfile.TemporaryDirectory() as tmp:
            demo_sources = demo_sources_file(sources_path, base, Path(tmp))
            return run_crawl(db_path, demo_sources, DEMO_SETTINGS, include_demo=True)
