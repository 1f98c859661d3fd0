"""The page's Chinese covers exactly the keys index.html marks, and the unit labels are right."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from app.page_text import EXTRA_TEXT, PAGE_TEXT_ZH, units

ROOT = Path(__file__).resolve().parents[2]


class _KeyCollector(HTMLParser):
    """Collects the values of ``data-i18n`` and ``data-i18n-label``, and labels without English."""

    def __init__(self) -> None:
        super().__init__()
        self.text_keys: set[str] = set()
        self.label_keys: set[str] = set()
        self.labels_without_english: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if (key := attributes.get("data-i18n")) is not None:
            self.text_keys.add(key)
        if (key := attributes.get("data-i18n-label")) is not None:
            self.label_keys.add(key)
            if not (attributes.get("aria-label") or "").strip():
                self.labels_without_english.append(key)


@pytest.fixture(scope="module")
def page() -> _KeyCollector:
    collector = _KeyCollector()
    collector.feed((ROOT / "index.html").read_text(encoding="utf-8"))
    collector.close()
    return collector


def test_page_marks_translatable_text(page: _KeyCollector) -> None:
    assert page.text_keys
    assert page.label_keys
    assert all(key.strip() == key and key for key in page.text_keys | page.label_keys)


def test_every_page_key_has_chinese(page: _KeyCollector) -> None:
    missing = sorted((page.text_keys | page.label_keys) - PAGE_TEXT_ZH.keys())
    assert missing == []


def test_no_stale_chinese_keys(page: _KeyCollector) -> None:
    stale = sorted(PAGE_TEXT_ZH.keys() - (page.text_keys | page.label_keys))
    assert stale == []


def test_chinese_entries_are_non_empty_and_trimmed() -> None:
    for key, text in PAGE_TEXT_ZH.items():
        assert text.strip(), key
        assert text == text.strip(), key


def test_label_keys_have_english_in_the_html(page: _KeyCollector) -> None:
    """For "en" the DOM restores each aria-label from the HTML, so each must be there."""
    assert page.labels_without_english == []


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
    assert PAGE_TEXT_ZH[key].endswith(" " + marker)


def test_status_text_keeps_the_download_size() -> None:
    assert PAGE_TEXT_ZH["s.loading"] == "正在加载 Python，首次约 7 MB…"


def test_formula_symbol_kept() -> None:
    assert "1 ÷ 杠杆" in PAGE_TEXT_ZH["r.rule_distance"]


def test_extra_text_has_both_languages_with_the_same_keys() -> None:
    assert set(EXTRA_TEXT) == {"en", "zh"}
    assert EXTRA_TEXT["en"].keys() == EXTRA_TEXT["zh"].keys()
    assert set(EXTRA_TEXT["en"]) >= {
        "copied",
        "link_copied",
        "copy_failed",
        "reset_done",
        "row_kept",
    }
    for lang, texts in EXTRA_TEXT.items():
        for key, text in texts.items():
            assert text.strip(), (lang, key)


def test_extra_text_english_and_chinese() -> None:
    assert EXTRA_TEXT["en"]["copied"] == "Copied"
    assert EXTRA_TEXT["zh"]["copied"] == "已复制"
    assert EXTRA_TEXT["en"]["row_kept"] == "Keep at least one fill"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_units_linear(lang: str) -> None:
    assert units("linear", "ETH", lang) == {
        "money": "(USDT)",
        "price": "(USDT)",
        "size": "(ETH)",
        "face": "(ETH)",  # a fill's size: coins
    }


def test_units_inverse_english() -> None:
    assert units("inverse", "BTC", "en") == {
        "money": "(BTC)",
        "price": "(USD)",
        "size": "(contracts)",
        "face": "(USD)",  # a fill's size: USD face value
    }


def test_units_inverse_chinese() -> None:
    assert units("inverse", "BTC", "zh") == {
        "money": "(BTC)",
        "price": "(USD)",
        "size": "(张)",
        "face": "(USD)",
    }


def test_units_unknown_language_is_english() -> None:
    assert units("inverse", "BTC", "fr")["size"] == "(contracts)"


def test_units_cover_every_data_unit_in_the_page() -> None:
    class _Units(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            value = dict(attrs).get("data-unit")
            if value is not None:
                self.found.add(value)

    parser = _Units()
    parser.feed((ROOT / "index.html").read_text(encoding="utf-8"))
    for kind in ("linear", "inverse"):
        assert parser.found <= units(kind, "BTC", "en").keys()


def test_units_unknown_kind_raises() -> None:
    with pytest.raises(ValueError, match="kind"):
        units("spot", "BTC", "en")
