"""The page's state as text: the URL fragment and localStorage hold it in this form.

Keys are ``card.field`` (``pnl.entry``) or a page-wide name (``kind``, ``coin``, ``lang``);
values are the raw texts a person typed. Decoding accepts anything a link may carry
and keeps only well-formed keys with short values, so a hostile fragment can only
ever fill fields with text, never add markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode

#: Longest value kept from a fragment; no real field needs more (bracket tables fit).
MAX_VALUE_LENGTH = 2_000
#: Most entries kept from a fragment.
MAX_ENTRIES = 400

_KEY = re.compile(r"^(?:[a-z][a-z_]{0,30}\.)?[a-z][a-z0-9_]{0,30}$")


def encode(state: Mapping[str, str]) -> str:
    """State to a fragment (without the ``#``), keys sorted so equal states give equal links.

    >>> encode({"pnl.entry": "30,000", "kind": "inverse"})
    'kind=inverse&pnl.entry=30%2C000'
    """
    return urlencode(sorted(state.items()))


def decode(fragment: str) -> dict[str, str]:
    """A fragment (with or without ``#``) to state, dropping anything malformed.

    >>> decode("#kind=inverse&pnl.entry=30%2C000&%3Cscript%3E=1")
    {'kind': 'inverse', 'pnl.entry': '30,000'}
    """
    pairs = parse_qsl(fragment.removeprefix("#"), keep_blank_values=True)[:MAX_ENTRIES]
    return {
        key: value for key, value in pairs if _KEY.match(key) and len(value) <= MAX_VALUE_LENGTH
    }
