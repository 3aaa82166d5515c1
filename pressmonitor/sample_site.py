"""Serve the bundled sample news site (data/sample/) on 127.0.0.1, for the demo and the tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO / "data" / "sample"


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files, without a log line per request on the terminal."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".xml": "application/xml",
        ".html": "text/html; charset=utf-8",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve_http(handler: Callable[..., BaseHTTPRequestHandler], port: int = 0) -> Iterator[str]:
    """Serve a handler on 127.0.0.1 on `port`, or a free one if that is 0 or busy; yield the URL."""
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError:
        print(f"port {port} is busy: serving on a free port instead")
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def serve_directory(directory: Path = SAMPLE_DIR, port: int = 0) -> AbstractContextManager[str]:
    """Serve a folder's files on 127.0.0.1 (see `serve_http`)."""
    return serve_http(partial(QuietHandler, directory=str(directory)), port)
