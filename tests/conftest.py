"""Hypothesis profiles: "check" for ``make check``'s quick loop (see tests/quick.py)."""

from __future__ import annotations

from hypothesis import settings

from tests.quick import CHECK_EXAMPLES, QUICK

settings.register_profile("check", max_examples=CHECK_EXAMPLES, deadline=None)
if QUICK:
    settings.load_profile("check")
