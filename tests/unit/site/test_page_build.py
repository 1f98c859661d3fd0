"""The page is rendered from the card declarations: every card once, every field once, valid ids,
the "How this is computed" formulas taken from contractcalc's docstrings, nothing inline that the
Content-Security-Policy would refuse."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from app.assumptions import GLOBAL_FIELDS
from app.calculators import CALCULATORS
from app.layout import GROUPS, navigation, placed_cards

from scripts import build, formulas
from scripts.build import card_defaults, render_page


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.cards: list[str] = []
        self.fields: dict[str, list[str]] = {}
        self.described_by: list[str] = []
        self.style_attributes = 0
        self.inline_scripts = 0
        self.maths = 0
        self._card: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if (element_id := attributes.get("id")) is not None:
            self.ids.append(element_id)
        if (card := attributes.get("data-calc")) is not None:
            self._card = card
            self.cards.append(card)
            self.fields[card] = []
        if tag in {"input", "select", "textarea"} and self._card and attributes.get("name"):
            self.fields[self._card].append(str(attributes["name"]))
        if (described := attributes.get("aria-describedby")) is not None:
            self.described_by.append(described)
        self.style_attributes += "style" in attributes
        self.inline_scripts += (
            tag == "script"
            and "src" not in attributes
            and attributes.get("type") != "application/json"  # data, never run
        )
        self.maths += tag == "math"


@pytest.fixture(scope="module")
def page() -> _Page:
    parser = _Page()
    parser.feed(render_page())
    return parser


def test_every_declared_card_is_on_the_page_once(page: _Page) -> None:
    assert sorted(page.cards) == sorted(CALCULATORS)
    assert sorted(placed_cards()) == sorted(CALCULATORS)


def test_ids_are_unique_and_every_description_exists(page: _Page) -> None:
    assert [key for key, count in Counter(page.ids).items() if count > 1] == []
    assert set(page.described_by) <= set(page.ids)


def test_each_card_shows_its_own_declared_fields(page: _Page) -> None:
    """Shared assumptions and the toolbar's fields are shown once, outside the cards."""
    for group in GROUPS:
        for card_id in group.cards:
            _check_card_fields(page, card_id, {field.name for field in group.shared})


def _check_card_fields(page: _Page, card_id: str, shared: set[str]) -> None:
    shared = shared | {field.name for field in GLOBAL_FIELDS}
    calculator = CALCULATORS[card_id]
    declared = [field.name for field in calculator.fields if field.name not in shared]
    above = [name for name in declared if name not in calculator.below_rows]
    below = [name for name in declared if name in calculator.below_rows]
    rows = [
        f"{column}_{index}"
        for index in range(len(calculator.row_defaults))
        for column in calculator.columns
    ]
    assert page.fields[card_id] == above + rows + below


def test_nothing_inline_for_the_csp_to_refuse(page: _Page) -> None:
    assert page.style_attributes == 0
    assert page.inline_scripts == 0


def test_every_card_explains_itself_with_formulas(page: _Page) -> None:
    for card_id, calculator in CALCULATORS.items():
        blocks = formulas.explain(calculator.explains)
        assert blocks, card_id
        assert all(block.formulas for block in blocks), card_id
        exact = [block for block in blocks if block.title != "r.rule"]
        assert all(block.sources for block in exact), card_id
    assert page.maths >= len(CALCULATORS) * 2


def test_default_inputs_compute_without_errors() -> None:
    """The build refuses a card whose examples are invalid; here is why it never has to."""
    from app.calculators import run

    for group in GROUPS:
        for card_id in group.cards:
            assert run(card_id, card_defaults(card_id, group)).errors == {}, card_id


def test_navigation_points_at_sections_and_cards(page: _Page) -> None:
    assert {anchor for anchor, _ in navigation()} <= set(page.ids)


def test_formulas_come_from_the_docstring_notes() -> None:
    (block,) = formulas.explain(("linear.pnl",))
    assert block.title == "o.linear"
    assert block.show == "kind=linear"
    (formula,) = block.formulas
    assert formula.startswith(
        '<math tabindex="0" xmlns="http://www.w3.org/1998/Math/MathML" display="block">'
    )
    assert re.search(r"<mi>X</mi>.*<mi>E</mi>", formula)


def test_sources_are_named_pages() -> None:
    (block,) = formulas.explain(("inverse.pnl",))
    names = {url: name for name, url in block.sources}
    assert all(url.startswith("https://") for url in names)
    assert (
        names[
            "https://help.bybit.com/hc/en-us/articles/900000404726-P-L-calculations-Inverse-Contracts-"
        ]
        == 'Bybit help centre "P&L calculations (Inverse Contracts)"'
    )


def test_a_formula_can_be_picked_from_several() -> None:
    both = formulas.explain(("linear.liquidation_price",))[0].formulas
    first = formulas.explain(("linear.liquidation_price#0",))[0].formulas
    assert len(both) == 2
    assert first == both[:1]


def test_a_function_without_a_formula_is_refused() -> None:
    with pytest.raises(ValueError, match="no formula"):
        formulas.explain(("linear.bracket_at",))
    with pytest.raises(ValueError, match="explain only"):
        formulas.explain(("chart.payoff_svg",))


def test_the_sites_address_is_the_canonical_one_and_the_message_links_its_offline_file() -> None:
    """With SITE_URL the saved copy's message links the file; without it, names it."""
    site = build.site_url("https://octocat.github.io/contract-calculator/")
    assert site == "https://octocat.github.io/contract-calculator"
    page = render_page(site)
    assert '<link rel="canonical" href="https://octocat.github.io/contract-calculator/">' in page
    offline = "https://octocat.github.io/contract-calculator/contract-calculator.html"
    assert page.count(f'<a href="{offline}">{offline}</a>') == 2  # English and Chinese
    assert "s.offline_where" not in page
    plain = render_page()
    assert 'rel="canonical"' not in plain
    assert plain.count('data-i18n-all="s.offline_where"') == 2
    assert build.site_url(None) == build.site_url("") == ""


def test_a_site_address_must_be_http() -> None:
    with pytest.raises(SystemExit, match="SITE_URL"):
        build.site_url("octocat.github.io")
