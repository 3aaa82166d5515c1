from pathlib import Path

import pytest

from pipelines.sources import SourcesError, load_sources

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_sources_file_is_valid():
    sources = load_sources(REPO / "data" / "sources.yml")
    assert sources, "data/sources.yml lists no source"
    assert any(s.demo for s in sources), "the offline demo needs sources marked demo: true"
    assert len({s.name for s in sources}) == len(sources)


def test_valid_entry_is_loaded(tmp_path):
    path = write(
        tmp_path,
        "sources:\n  - name: a\n    kind: feed\n    url: http://127.0.0.1:9/feed.xml\n    language: en\n",
    )
    [source] = load_sources(path)
    assert (source.name, source.kind, source.url, source.language) == (
        "a",
        "feed",
        "http://127.0.0.1:9/feed.xml",
        "en",
    )
    assert source.enabled and not source.demo and source.page == "generic"


@pytest.mark.parametrize(
    "body, line, message",
    [
        (
            "sources:\n  - name: a\n    kind: feed\n    url: http://x.test/f\n"
            "  - name: b\n    kind: newsletter\n    url: http://x.test/g\n",
            6,
            "unknown kind 'newsletter'",
        ),
        (
            "sources:\n  - name: a\n    kind: feed\n    url: http://x.test/f\n"
            "  - name: b\n    kind: feed\n",
            5,
            "needs an http(s) 'url'",
        ),
        (
            "sources:\n  - name: a\n    kind: feed\n    url: http://x.test/f\n"
            "  - name: a\n    kind: feed\n    url: http://x.test/g\n",
            5,
            "duplicate source name 'a'",
        ),
        ("sources:\n  - name: a\n    kind: feed\n    url: file:///etc/passwd\n", 4, "http(s)"),
        ("sources:\n  - name: a\n    kind: listing\n    url: http://x.test/\n", 2, "link_selector"),
        (
            "sources:\n  - name: a\n    kind: feed\n    url: http://x.test/\n    colour: red\n",
            2,
            "colour",
        ),
        ("sources:\n  - name: [a\n", 3, "not valid YAML"),
    ],
)
def test_errors_name_the_line(tmp_path, body, line, message):
    path = write(tmp_path, body)
    with pytest.raises(SourcesError) as error:
        load_sources(path)
    assert f"{path}:{line}:" in str(error.value)
    assert message in str(error.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(SourcesError, match="no such sources file"):
        load_sources(tmp_path / "nope.yml")
