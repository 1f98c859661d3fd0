"""Every text table of the page, found by itself: complete in every language, and used.

The tables are the ``TEXTS`` each module of :mod:`app` declares (:mod:`app.texts`); a new
module's table is checked without naming it here. A key counts as used when the sources
(py/app, py/contractcalc, static/page.js, index.html, templates) say it as a string
anywhere but as a table's own entry, or build it from an f-string's literal head and a said tail
(``f"o.{option}"`` with ``"long"``). The page's own keys are also checked exactly, against
the rendered page, by ``test_catalogue.py``.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from pathlib import Path
from types import ModuleType

import app
import pytest
from app.texts import LANGS, Texts, say, side_by_side

ROOT = Path(__file__).resolve().parents[3]
SOURCES = (
    *sorted((ROOT / "py" / "app").rglob("*.py")),
    *sorted((ROOT / "py" / "contractcalc").rglob("*.py")),
    ROOT / "static" / "page.js",
    ROOT / "index.html",
    *sorted((ROOT / "templates").rglob("*.html")),
)


def _tables() -> dict[str, Texts]:
    """Each app module's own ``TEXTS``, by module name.

    An entry another module's table already holds (the catalogue gathers the cards' page
    texts) is counted with the module that declares it.
    """
    found: dict[str, Texts] = {}
    seen: set[int] = set()
    for info in sorted(pkgutil.walk_packages(app.__path__, "app."), key=_declarers_first):
        module: ModuleType = importlib.import_module(info.name)
        table: Texts = getattr(module, "TEXTS", {})
        own = {key: entry for key, entry in table.items() if id(entry) not in seen}
        seen.update(id(entry) for entry in own.values())
        if own:
            found[info.name] = own
    return found


def _declarers_first(info: pkgutil.ModuleInfo) -> bool:
    """The catalogue last: it gathers the card modules' page texts."""
    return info.name == "app.catalogue"


TABLES = _tables()
ENTRIES = [(module, key) for module, table in TABLES.items() for key in table]


def _said() -> tuple[set[str], set[str]]:
    """Every string literal said outside a table's entry, and every f-string's literal head."""
    said: set[str] = set()
    heads: set[str] = set()
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"""(?<![\w{])(["'])([\w.\-]+)\1(?!\s*:\s*[{("'])""", source):
            said.add(match[2])
        heads.update(re.findall(r"""f(["'])([\w.\-]*)\{""", source))
    return said, {head for _, head in heads}


SAID, HEADS = _said()


def _used(key: str) -> bool:
    return key in SAID or any(
        key.startswith(head) and key[len(head) :] in SAID for head in HEADS if head
    )


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_tables_are_found() -> None:
    """The page's catalogue, a card's, the formula package's messages: all found by walking."""
    assert {"app.catalogue", "app.cards.risk", "app.i18n"} <= TABLES.keys()


@pytest.mark.parametrize(("module", "key"), ENTRIES)
def test_every_entry_has_every_language_with_the_same_parameters(module: str, key: str) -> None:
    entry = TABLES[module][key]
    assert tuple(entry) == LANGS
    assert all(isinstance(text, str) and text for text in entry.values()), entry
    assert {lang: _fields(text) for lang, text in entry.items()} == dict.fromkeys(
        LANGS, _fields(entry["en"])
    )


@pytest.mark.parametrize("module", sorted(TABLES))
def test_no_entry_is_unused(module: str) -> None:
    assert sorted(key for key in TABLES[module] if not _used(key)) == []


@pytest.mark.parametrize("module", sorted(TABLES))
def test_chinese_is_chinese(module: str) -> None:
    """A copied English text in the Chinese column would pass every other check."""
    untranslated = [
        key
        for key, entry in TABLES[module].items()
        if entry["zh"] == entry["en"] and re.search("[A-Za-z]{4}", entry["en"])
    ]
    assert untranslated == []


def test_say_raises_on_a_missing_key_or_language() -> None:
    table = {"a": {"en": "A {n}", "zh": "甲 {n}"}}
    assert say(table, "a", "zh", n=1) == "甲 1"
    with pytest.raises(KeyError, match="'b'"):
        say(table, "b", "en")
    with pytest.raises(KeyError, match="'fr'"):
        say(table, "a", "fr")


def test_side_by_side_refuses_tables_of_other_keys() -> None:
    with pytest.raises(KeyError, match=r"zh lacks \['b'\] and has also \['c'\]"):
        side_by_side({"a": "A", "b": "B"}, zh={"a": "甲", "c": "丙"})
