"""The quick loop (``make check``) against the whole suite (``make test``).

``make check`` sets ``CONTRACTCALC_CHECK=1``: every property then runs
:data:`CHECK_EXAMPLES` examples at most (tests/conftest.py loads the "check" Hypothesis
profile; :func:`examples` caps the counts written at a property, which would otherwise
override the profile), and the runtime pin checks skip when ``static/vendor`` is absent.
Without it, a missing vendored runtime fails them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: Set by ``make check``: the quick loop, with few examples and no vendored runtime needed.
QUICK = os.environ.get("CONTRACTCALC_CHECK") == "1"
#: Examples per property in the quick loop.
CHECK_EXAMPLES = 10


def examples(count: int) -> int:
    """A property's example count: as written, or at most :data:`CHECK_EXAMPLES` in the
    quick loop (an explicit ``max_examples`` would otherwise override the profile)."""
    return min(count, CHECK_EXAMPLES) if QUICK else count


def need_vendored(path: Path) -> None:
    """Skip when ``path`` (a file of the vendored runtime) is absent in the quick loop;
    fail otherwise, since ``make test`` vendors the runtime first and must check it."""
    if path.is_file():
        return
    reason = f"{path} is absent: the runtime is not vendored (run `make vendor`)"
    if QUICK:
        pytest.skip(f"make check runs without npm; {reason}")
    pytest.fail(reason)
