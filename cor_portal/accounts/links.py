"""Masking the secret part of links (password reset, e-mail confirmation, invitations) where
they would otherwise be shown to someone other than their recipient, e.g. the outbox in
Django admin: whoever reads such a link can use it."""

import re

_URL = re.compile(r"""https?://[^\s"'<>]+|(?<=["'\s(])/[^\s"'<>]+""")
MASK = "•••"


def _looks_secret(segment: str) -> bool:
    # Portal paths are short lowercase words; keys and tokens are long and mixed.
    return len(segment) >= 16 and any(ch.isdigit() or ch.isupper() for ch in segment)


def _mask_url(url: str) -> str:
    base, _q, query = url.partition("?")
    scheme, sep, rest = base.partition("://")
    if not sep:
        scheme, rest = "", base
    host, slash, path = rest.partition("/") if sep else ("", "/", rest.lstrip("/"))
    segments = [MASK if _looks_secret(s) else s for s in path.split("/")]
    masked = f"{scheme}{sep}{host}{slash}{'/'.join(segments)}"
    return f"{masked}?{MASK}" if query else masked


def mask_secret_links(text: str) -> str:
    """`text` with every link's key-like path segments and query strings replaced by •••."""
    return _URL.sub(lambda m: _mask_url(m.group(0)), text or "")
