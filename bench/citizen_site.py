"""A news site on 127.0.0.1 built from the Citizen News corpus, for the crawl benchmarks.

The corpus text is never copied into the repository: `build` renders it into a directory the
caller gives (a temp dir), with an RSS feed, a sitemap, robots.txt (allow all) and a
sources.yml that points pressmonitor at them; `serve` runs a Twisted static server in a
subprocess (optionally adding latency, to stand in for a real network round trip).

    python bench/citizen_site.py serve DIR PORT [--latency-ms N]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
_HEADING = re.compile(r"^#+\s*")
_MD_NOISE = re.compile(r"[*_`]|!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def articles(corpus: Path, limit: int | None = None) -> Iterator[dict]:
    """The corpus records, in file order."""
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                return
            yield json.loads(line)


def _paragraphs(markdown: str) -> str:
    out = []
    for block in re.split(r"\n\s*\n", markdown or ""):
        block = _MD_NOISE.sub("", _LINK.sub(r"\1", block)).strip()
        if not block:
            continue
        if block.startswith("#"):
            out.append(f"<h2>{html.escape(_HEADING.sub('', block))}</h2>")
        else:
            out.append(f"<p>{html.escape(block)}</p>")
    return "\n".join(out)


def render(article: dict) -> str:
    """One article as an ordinary news page: navigation, metadata, body, footer."""
    title = html.escape(article.get("title") or "")
    author = html.escape(article.get("author") or "")
    day = article.get("date") or ""
    tags = "".join(f"<li>{html.escape(t)}</li>" for t in article.get("publisher_tags") or [])
    nav = "".join(f'<li><a href="/section/{i}.html">Section {i}</a></li>' for i in range(12))
    return f"""<!doctype html>
<html lang="zh-Hant"><head><meta charset="utf-8"><title>{title} | Bench News</title>
<meta name="author" content="{author}">
<meta property="article:published_time" content="{day}T08:00:00+08:00">
<link rel="canonical" href="/article/{article["article_id"]}.html"></head>
<body><header><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{title}</h1><p class="byline">{author} · <time datetime="{day}">{day}</time></p>
{_paragraphs(article.get("body_markdown") or "")}
<ul class="tags">{tags}</ul></article></main>
<aside><h3>Most read</h3><ul><li><a href="/">Home</a></li></ul></aside>
<footer><p>© Bench News. All rights reserved. Contact: desk@bench.invalid</p></footer>
</body></html>"""


def build(corpus: Path, root: Path, port: int, limit: int | None = None) -> int:
    """Write the site under `root` (pages, rss.xml, sitemap.xml, robots.txt, sources.yml)."""
    base = f"http://{HOST}:{port}"
    (root / "article").mkdir(parents=True, exist_ok=True)
    items, urls = [], []
    for article in articles(corpus, limit):
        path = f"/article/{article['article_id']}.html"
        (root / path.lstrip("/")).write_text(render(article), encoding="utf-8")
        title = html.escape(article.get("title") or "")
        items.append(
            f"<item><title>{title}</title><link>{base}{path}</link>"
            f"<guid>{base}{path}</guid><pubDate>{article.get('date')}T08:00:00+08:00</pubDate></item>"
        )
        urls.append(f"<url><loc>{base}{path}</loc></url>")
    (root / "rss.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench News</title><link>{base}/</link>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{''.join(urls)}</urlset>",
        encoding="utf-8",
    )
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    (root / "index.html").write_text("<html><body>Bench News</body></html>")
    (root / "sources.yml").write_text(
        "sources:\n"
        f"  - {{name: bench-feed, kind: feed, url: '{base}/rss.xml', language: zh-Hant,"
        " region: hong-kong}\n"
        f"  - {{name: bench-sitemap, kind: sitemap, url: '{base}/sitemap.xml', language: zh-Hant,"
        " region: hong-kong}\n"
    )
    return len(urls)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(root: Path, port: int, latency_ms: float = 0.0) -> subprocess.Popen:
    """The static server in a subprocess, once it accepts connections."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "serve", str(root), str(port), "--latency-ms", str(latency_ms)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("bench site did not start")


def serve(root: Path, port: int, latency_ms: float) -> None:
    """Twisted static files: non-blocking, so added latency delays but never serialises."""
    from twisted.internet import reactor
    from twisted.web import resource, server, static

    class Delayed(resource.Resource):
        isLeaf = True

        def __init__(self, inner: resource.Resource) -> None:
            super().__init__()
            self.inner = inner

        def render(self, request):  # type: ignore[no-untyped-def]
            def go() -> None:
                child = resource.getChildForRequest(self.inner, request)
                body = child.render(request)
                if isinstance(body, bytes):
                    request.write(body)
                    request.finish()

            reactor.callLater(latency_ms / 1000, go)
            return server.NOT_DONE_YET

    files = static.File(str(root))
    if latency_ms > 0:
        request_root: resource.Resource = Delayed(files)
        # getChildForRequest walks prepath/postpath: hand the whole path to the file tree.
    else:
        request_root = files
    site = server.Site(request_root)
    site.noisy = False
    site.log = lambda *a, **k: None  # type: ignore[method-assign]
    reactor.listenTCP(port, site, interface=HOST, backlog=512)
    reactor.run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve")
    s.add_argument("root", type=Path)
    s.add_argument("port", type=int)
    s.add_argument("--latency-ms", type=float, default=0.0)
    args = parser.parse_args()
    serve(args.root, args.port, args.latency_ms)


if __name__ == "__main__":
    main()
