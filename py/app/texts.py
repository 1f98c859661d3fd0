"""The one shape of the page's texts, and the one way to look one up.

Every module of :mod:`app` that owns texts declares them as ``TEXTS: Texts``, a mapping of
key -> ``{"en": ..., "zh": ...}`` with every language side by side (the page-wide ones in
:mod:`app.catalogue`, a card's in its own module). :func:`say` reads one and raises on a
missing key or language: a text is never silently shown in another language.
``tests/unit/app/test_texts.py`` finds every ``TEXTS`` by itself and proves each entry has
every language and each key is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

#: The page's languages, in the order the page offers them.
LANGS: Final = ("en", "zh")

#: key -> {language: text}; a text may hold ``{params}`` for :meth:`str.format`.
Texts = Mapping[str, Mapping[str, str]]


def say(table: Texts, key: str, lang: str, **params: Any) -> str:
    """The text of ``key`` in ``lang``, formatted with ``params``.

    Raises :class:`KeyError` naming the key and the language when either is missing, or a
    parameter the text names that ``params`` lacks.

    >>> table = {"hello": {"en": "Hello {name}", "zh": "你好 {name}"}}
    >>> say(table, "hello", "zh", name="Ada")
    '你好 Ada'
    >>> say(table, "hello", "fr")
    Traceback (most recent call last):
    ...
    KeyError: "no text 'hello' in 'fr'"
    """
    try:
        template = table[key][lang]
    except KeyError:
        raise KeyError(f"no text {key!r} in {lang!r}") from None
    return template.format(**params)


def side_by_side(english: Mapping[str, str], **others: Mapping[str, str]) -> Texts:
    """One table from the English (kept where it is owned, as in contractcalc) and each other
    language's table of the same keys.

    Raises :class:`KeyError` naming the keys one language has and another lacks.

    >>> side_by_side({"a": "A"}, zh={"a": "甲"})
    {'a': {'en': 'A', 'zh': '甲'}}
    >>> side_by_side({"a": "A", "b": "B"}, zh={"a": "甲"})
    Traceback (most recent call last):
    ...
    KeyError: "zh lacks ['b'] and has no more"
    """
    for lang, table in others.items():
        if table.keys() != english.keys():
            lacking, extra = sorted(english.keys() - table), sorted(table.keys() - english)
            more = f"also {extra}" if extra else "no more"
            raise KeyError(f"{lang} lacks {lacking} and has {more}")
    return {
        key: {"en": text, **{lang: table[key] for lang, table in others.items()}}
        for key, text in english.items()
    }
