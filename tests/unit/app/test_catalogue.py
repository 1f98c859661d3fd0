"""One catalogue holds every text of the page in English and Chinese, and nothing else.

The keys the page uses are read from the page the build renders, with and without the
site's address (every ``data-i18n`` and ``data-i18n-label``, which covers every declaration
the template shows, and ``data-i18n-all``, the texts written in every language for a page
whose Python cannot start), from the page script's own messages (the keys
static/page.js passes to ``phrase`` and ``notify``, which must be :data:`SCRIPT_TEXTS`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from app.assumptions import units
from app.catalogue import LANGS, SCRIPT_TEXTS, TEXTS, phrase

from scripts.build import render_page

ROOT = Path(__file__).resolve().parents[3]


class _KeyCollector(HTMLParser):
    """Collects the values of ``data-i18n``, ``data-i18n-label`` and ``data-i18n-all``."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name in ("data-i18n", "data-i18n-label", "data-i18n-all"):
            if (key := attributes.get(name)) is not None:
                self.keys.add(key)


@pytest.fixture(scope="module")
def page_html() -> str:
    return render_page()


@pytest.fixture(scope="module")
def used_keys(page_html: str) -> set[str]:
    collector = _KeyCollector()
    collector.feed(page_html)
    collector.feed(render_page("https://example.org/calc"))  # the link to the site's file
    collector.close()
    return collector.keys | _script_keys()


def _script_keys() -> set[str]:
    source = (ROOT / "static" / "page.js").read_text(encoding="utf-8")
    return set(re.findall(r'"(x\.\w+)"', source))


def test_every_key_the_page_uses_is_in_the_catalogue(used_keys: set[str]) -> None:
    assert sorted(used_keys - TEXTS.keys()) == []


def test_no_catalogue_entry_is_unused(used_keys: set[str]) -> None:
    assert sorted(TEXTS.keys() - used_keys) == []


def test_the_page_script_says_exactly_the_texts_embedded_for_it() -> None:
    """static/page.js finds its texts in the page only if the build embeds them."""
    assert _script_keys() == set(SCRIPT_TEXTS)


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_entry_has_every_language_non_empty_and_trimmed(key: str) -> None:
    assert set(TEXTS[key]) == set(LANGS)
    for lang in LANGS:
        text = TEXTS[key][lang]
        assert text, (key, lang)
        assert text.strip() == text, (key, lang)


def test_chinese_is_chinese() -> None:
    """A copied English text in the Chinese column would pass every other check."""
    untranslated = [
        key
        for key, entry in TEXTS.items()
        if entry["zh"] == entry["en"] and re.search("[A-Za-z]{4}", entry["en"])
    ]
    assert untranslated == []


def test_phrase_has_no_fallback() -> None:
    assert phrase("a.reset", "zh") == "重置"
    with pytest.raises(KeyError, match="'de'"):
        phrase("a.reset", "de")


@pytest.mark.parametrize(
    ("key", "marker"),
    [
        ("f.leverage", "(×)"),
        ("f.mmr", "(%)"),
        ("f.open_fee", "(%)"),
        ("f.close_fee", "(%)"),
        ("f.change", "(%)"),
        ("f.stop_fraction", "(%)"),
        ("f.rise", "(%)"),
        ("f.fall", "(%)"),
        ("f.funding_rate", "(%)"),
        ("f.roe", "(%)"),
    ],
)
def test_unit_markers_are_kept(key: str, marker: str) -> None:
    assert TEXTS[key]["zh"].endswith(" " + marker)
    assert TEXTS[key]["en"].endswith(" " + marker)


def test_status_text_keeps_the_download_size() -> None:
    assert TEXTS["s.loading"]["zh"] == "正在加载 Python，首次约 7 MB…"


def test_a_page_that_cannot_start_says_so_in_every_language(page_html: str) -> None:
    """Each language's message is written once, in an element marked with its language."""

    class _Failed(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.langs: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            attributes = dict(attrs)
            if "failed-text" in (attributes.get("class") or "").split():
                self.langs.append(str(attributes.get("data-lang")))

    parser = _Failed()
    parser.feed(page_html)
    assert parser.langs == list(LANGS)
    for lang in LANGS:
        assert TEXTS["s.failed"][lang] in page_html
        assert TEXTS["s.offline_where"][lang] in page_html


def test_formula_symbol_kept() -> None:
    assert "1 ÷ 杠杆" in TEXTS["r.rule_distance"]["zh"]


def test_messages_of_the_dom_code() -> None:
    assert TEXTS["x.copied"] == {"en": "Copied", "zh": "已复制"}
    assert TEXTS["x.row_kept"]["en"] == "The last row was emptied, not removed"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_units_linear(lang: str) -> None:
    assert units("linear", "ETH", lang) == {
        "money": "(USDT)",
        "price": "(USDT)",
        "size": "(ETH)",
        "face": "(ETH)",  # a fill's size: coins
        "coins": "(币)" if lang == "zh" else "(coins)",  # an account position's size
    }


def test_units_inverse_english() -> None:
    assert units("inverse", "BTC", "en") == {
        "money": "(BTC)",
        "price": "(USD)",
        "size": "(contracts)",
        "face": "(USD)",  # a fill's size: USD face value
        "coins": "(USD)",
    }


def test_units_inverse_chinese() -> None:
    assert units("inverse", "BTC", "zh") == {
        "money": "(BTC)",
        "price": "(USD)",
        "size": "(张)",
        "face": "(USD)",
        "coins": "(USD)",
    }


def test_units_unknown_language_raises() -> None:
    with pytest.raises(KeyError, match="'fr'"):
        units("inverse", "BTC", "fr")


def test_units_cover_every_data_unit_in_the_page(page_html: str) -> None:
    class _Units(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            value = dict(attrs).get("data-unit")
            if value is not None:
                self.found.add(value)

    parser = _Units()
    parser.feed(page_html)
    for kind in ("linear", "inverse"):
        assert parser.found <= units(kind, "BTC", "en").keys()


def test_units_unknown_kind_raises() -> None:
    with pytest.raises(ValueError, match="kind"):
        units("spot", "BTC", "en")
