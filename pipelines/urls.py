"""Canonical URLs: one spelling per article, so that a story is stored once.

The same article reaches us as `https://m.example.com/a/1?utm_source=x#top`,
`http://www.example.com/a/1/amp` and `https://example.com/a/1?ref=home`; all of them
canonicalise to `https://example.com/a/1`, so they share one story id.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "at_", "hsa_", "oly_", "vero_", "_hs")
_TRACKING_KEYS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid", "mkt_tok",
        "ref", "ref_src", "ref_url", "referrer", "cmpid", "src", "source", "spm", "share",
        "amp", "__twitter_impression", "s_cid", "ncid", "ito",
    }
)  # fmt: skip
#: Host prefixes that serve the same articles as the bare domain.
_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.", "www-m.")
_AMP_SUFFIXES = ("/amp", "/amp.html", "/amp/")


def canonical_host(host: str) -> str:
    """Lower-case host without `www.`/`m.`/`amp.` variants and without a trailing dot."""
    host = host.lower().rstrip(".")
    changed = True
    while changed:
        changed = False
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") > 1:
                host = host[len(prefix) :]
                changed = True
    return host


def is_tracking_param(key: str) -> bool:
    k = key.lower()
    return k.startswith(_TRACKING_PREFIXES) or k in _TRACKING_KEYS


def canonical_path(path: str) -> str:
    """Drop AMP suffixes and a trailing slash (but keep the root `/`)."""
    lowered = path.lower()
    for suffix in _AMP_SUFFIXES:
        if lowered.endswith(suffix) and len(path) > len(suffix):
            path = path[: -len(suffix)]
            break
    if lowered.endswith(".amp.html"):
        path = path[: -len(".amp.html")] + ".html"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return path or "/"


def canonical_url(url: str) -> str:
    """One spelling per article: https scheme kept, host and path normalised, tracking removed.

    Query parameters that are not tracking are kept (they may select the article) and sorted,
    so their order does not make two URLs differ. Fragments never select an article.
    """
    parts = urlsplit(url.strip())
    scheme = (parts.scheme or "http").lower()
    host = canonical_host(parts.hostname or "")
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    )
    return urlunsplit((scheme, host, canonical_path(parts.path), urlencode(query), ""))


def same_article(a: str, b: str) -> bool:
    return canonical_url(a) == canonical_url(b)
