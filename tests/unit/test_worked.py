"""Each card's worked formulas: the steps end in exactly what the card shows, every symbol
has its words in both languages, and the steps are the engine's own values.

The markup is read back as a person's browser would: each ``<div class="work-line"
data-for="NAME">`` must end in the text of the card's output NAME, and every symbol
(``<mi>``) a step uses must be in the legend (``<dt>``).
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

import pytest
from app import work as w
from app.calculators import CALCULATORS, run
from app.catalogue import TEXTS
from app.layout import GROUPS
from app.work import figure
from contractcalc import _worked as worked
from contractcalc import compare, linear
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.build import card_defaults

#: The cards with worked formulas so far.
WORKED_CARDS = (
    "liquidation",
    "pnl",
    "target",
    "target_change",
    "target_price",
    "liquidation_move",
    "leverage_for_stop",
    "leverage_for_stop_price",
    "coin_long_profit",
    "coin_short_profit",
    "usdt_profit",
)


class _Work(HTMLParser):
    """Collects the legend's symbols, the steps' symbols and each result line's last text."""

    def __init__(self) -> None:
        super().__init__()
        self.legend: set[str] = set()
        self.used: set[str] = set()
        self.results: dict[str, str] = {}
        self._where: list[str] = []
        self._for: str | None = None
        self._last = ""
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self._tag = tag
        if tag in {"dt", "dd"}:
            self._where.append(tag)
        if tag == "div" and "work-line" in (attributes.get("class") or ""):
            self._for = attributes.get("data-for")
            self._last = ""
            self._where.append("line")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"dt", "dd"} and self._where:
            self._where.pop()
        if tag == "div" and self._where and self._where[-1] == "line":
            self._where.pop()
            if self._for is not None:
                self.results[self._for] = self._last
            self._for = None

    def handle_data(self, data: str) -> None:
        where = self._where[-1] if self._where else ""
        if where == "dt" and self._tag == "mi":
            self.legend.add(data)
        if where == "line":
            if self._tag == "mi":
                self.used.add(data)
            if self._tag in {"mtext", "mn"}:
                self._last = data


def _read(markup: str) -> _Work:
    parser = _Work()
    parser.feed(markup)
    parser.close()
    return parser


def _defaults(card_id: str) -> dict[str, str]:
    group = next(group for group in GROUPS if card_id in group.cards)
    return card_defaults(card_id, group)


def _check(card_id: str, raw: dict[str, str], lang: str) -> _Work:
    """The worked markup of a card, checked against the card's own outputs."""
    outcome = run(card_id, raw, lang)
    assert not outcome.errors, outcome.errors
    parsed = _read(outcome.outputs["work"])
    for name, text in parsed.results.items():
        assert text == outcome.outputs[name], (card_id, name, raw)
    assert parsed.used <= parsed.legend, (card_id, parsed.used - parsed.legend)
    return parsed


# --- every symbol is worded, in both languages ------------------------------------


def test_every_symbol_and_case_has_words_in_both_languages() -> None:
    for symbol in worked.SYMBOLS.values():
        entry = TEXTS[f"w.s.{symbol.meaning}"]
        assert entry["en"], symbol
        assert entry["zh"], symbol
    for case in worked.CASES:
        assert TEXTS[f"w.c.{case}"]["zh"], case


@pytest.mark.parametrize("card_id", WORKED_CARDS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_defaults_are_worked_to_the_shown_result(card_id: str, lang: str) -> None:
    parsed = _check(card_id, _defaults(card_id), lang)
    assert parsed.results, card_id  # at least one line ends in a card's result


def test_the_legend_is_in_the_cards_language() -> None:
    markup = run("liquidation", _defaults("liquidation"), "zh").outputs["work"]
    assert "维持保证金率" in markup
    assert "逐仓" in markup
    assert "maintenance margin rate" not in markup


def test_the_prerendered_page_holds_the_worked_defaults_inside_the_disclosure() -> None:
    from scripts.build import render_page

    page = render_page({})
    section = page[page.index('id="liquidation"') :]
    details = section[section.index('<details class="how">') :]
    details = details[: details.index("</details>")]
    assert 'data-out="work" data-markup' in details
    assert "28,614.46" in details  # the default long's liquidation price, as the card shows it
    assert details.index("work-body") < details.index('class="how-block"')


# --- liquidation, worked by hand -------------------------------------------------

LIQ = {
    "kind": "linear",
    "coin": "BTC",
    "side": "long",
    "margin_mode": "isolated",
    "entry": "30000",
    "size": "1",
    "contract_size": "100",
    "leverage": "20",
    "wallet": "5000",
    "other_maint": "0",
    "other_upnl": "0",
    "mm_source": "rate",
    "mmr": "0.4",
    "maint_amount": "0",
    "convention": "binance",
    "liquidation_fee": "0",
    "target_liquidation": "",
    "tier_basis": "notional",
    "brackets": "",
}


@pytest.mark.parametrize(
    ("kind", "side", "size", "steps"),
    [
        # Linear long: WB = 1 x 30000 / 20 = 1500; A = 1500 + 0;
        # LP = (1500 - 30000) / (0.004 - 1) = -28500 / -0.996 = 28614.457... -> 28,614.46
        ("linear", "long", "1", ["1,500", "−28,500", "−0.996", "28,614.46"]),
        # Linear short: s = -1; LP = (1500 + 30000) / (0.004 + 1) = 31500 / 1.004
        # = 31374.50... -> 31,374.50
        ("linear", "short", "1", ["1,500", "31,500", "1.004", "31,374.50"]),
        # Inverse long, 300 contracts of 100 USD: F = 30000; WB = 30000 / (20 x 30000) = 0.05;
        # LP = 30000 (0.004 + 1) / (0.05 + 1) = 30120 / 1.05 = 28685.71... -> 28,685.71
        ("inverse", "long", "300", ["0.05", "30,120", "1.05", "28,685.71"]),
        # Inverse short: LP = 30000 (0.004 - 1) / (0.05 - 1) = -29880 / -0.95 = 31452.63...
        ("inverse", "short", "300", ["0.05", "−29,880", "−0.95", "31,452.63"]),
    ],
)
def test_liquidation_worked_by_hand(kind: str, side: str, size: str, steps: list[str]) -> None:
    raw = {**LIQ, "kind": kind, "side": side, "size": size}
    markup = run("liquidation", raw, "en").outputs["work"]
    text = _read(markup)
    assert text.results == {"liquidation": steps[-1]}
    flat = markup.replace("<mo>−</mo><mn>", "<mn>−")
    position = 0
    for step in steps:  # each value appears, in this order
        position = flat.index(f">{step}<", position)


def test_liquidation_cases_say_why() -> None:
    cross = {**LIQ, "margin_mode": "cross", "convention": "bybit", "liquidation_fee": "0.1"}
    markup = run("liquidation", cross, "en").outputs["work"]
    for key in ("cross", "linear", "entry", "fee"):
        assert escape(TEXTS[f"w.c.{key}"]["en"]) in markup
    tiers = run("liquidation", {**LIQ, "mm_source": "tiers"}, "en").outputs["work"]
    assert "Tier table" in tiers


def test_never_liquidated_says_what_the_card_says() -> None:
    """A 1x linear long with no maintenance amount: the formula gives no positive price."""
    raw = {**LIQ, "leverage": "1", "mmr": "0"}
    outcome = run("liquidation", raw, "en")
    parsed = _read(outcome.outputs["work"])
    assert parsed.results == {}
    assert outcome.outputs["liquidation"] in outcome.outputs["work"]


def test_a_typed_text_is_escaped() -> None:
    """The markup is set with innerHTML: a sentence holding what a person typed (a card's
    phrase may quote a typed symbol) comes out as text, never as a tag."""
    chain = worked.liquidation("linear", "long", 30000, 1, leverage=20, mmr=0.004)
    typed = '<img src=x onerror="alert(1)">'
    markup = w.explain(chain, "en", w.units("linear", "<b>BTC</b>", "en"), {}, (typed,))
    assert "<img" not in markup
    assert "<b>" not in markup
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in markup
    assert "style=" not in markup


def test_figure_marks_rounding() -> None:
    from fractions import Fraction

    assert figure(Fraction(2, 3)) == ("0.6666666667", False)
    assert figure(Fraction(1234567, 10)) == ("123,456.7", True)


# --- the chains are the engine's values ----------------------------------------

prices = st.floats(min_value=1, max_value=200_000, allow_nan=False).map(lambda x: round(x, 2))
rates = st.integers(min_value=0, max_value=200).map(lambda x: x / 10_000)
leverages = st.integers(min_value=1, max_value=125)
sides = st.sampled_from(["long", "short"])
kinds = st.sampled_from(["linear", "inverse"])


@settings(max_examples=150, deadline=None)
@given(kinds, sides, prices, st.integers(1, 500), leverages, rates, rates, st.booleans())
def test_liquidation_chain_is_the_engine(
    kind: str,
    side: str,
    entry: float,
    size: int,
    leverage: int,
    mmr: float,
    fee: float,
    bybit: bool,
) -> None:
    from contractcalc import inverse

    engine = linear if kind == "linear" else inverse
    convention = "bybit" if bybit else "binance"
    wallet = engine.initial_margin(entry, size, leverage)
    expected = engine.liquidation_price(
        side, entry, size, wallet, mmr, convention=convention, liquidation_fee=fee
    )
    chain = worked.liquidation(
        kind,
        side,
        entry,
        size,
        leverage=leverage,
        mmr=mmr,
        convention=convention,
        liquidation_fee=fee,
    )
    value = chain.result
    assert (None if value is None or value <= 0 else float(value)) == expected


@settings(max_examples=100, deadline=None)
@given(prices, prices, kinds, rates, rates)
def test_rule_chains_are_compare(
    open_price: float, target: float, kind: str, f_o: float, f_c: float
) -> None:
    c = compare.target_change(open_price, target, kind=kind, open_fee=f_o, close_fee=f_c)
    guide, exact = worked.rule_target_change(open_price, target, kind, f_o, f_c)
    assert float(guide.result or 0) == c.rule
    assert float(exact.result or 0) == c.exact


# --- the property: random valid inputs of every worked card ------------------------

_number_text = st.decimals(min_value="0.01", max_value="100000", places=2).map(str)
_percent_text = st.decimals(min_value="0", max_value="2", places=3).map(str)
_leverage_text = st.integers(min_value=1, max_value=125).map(str)


@st.composite
def _card_inputs(draw: st.DrawFn, card_id: str) -> dict[str, str]:
    """A card's defaults with its number fields redrawn, within what each field allows."""
    raw = _defaults(card_id)
    calculator = CALCULATORS[card_id]
    for spec in calculator.fields:
        if spec.kind == "choice":
            raw[spec.name] = draw(st.sampled_from([c for c in spec.choices if c]))
        elif spec.kind == "percent":
            raw[spec.name] = draw(_percent_text)
        elif spec.kind == "number" and spec.name in {"leverage", "funding_intervals"}:
            raw[spec.name] = draw(
                _leverage_text if spec.name == "leverage" else st.sampled_from(["0", "1", "3"])
            )
        elif spec.kind == "number":
            raw[spec.name] = draw(_number_text)
    if card_id in {"liquidation", "pnl"}:
        raw["exchange"] = "custom"
        raw["target_liquidation"] = ""
        raw["brackets"] = ""
    return raw


@pytest.mark.parametrize("card_id", WORKED_CARDS)
def test_every_worked_card_ends_in_its_shown_results(card_id: str) -> None:
    @settings(max_examples=60, deadline=None)
    @given(_card_inputs(card_id), st.sampled_from(["en", "zh"]))
    def check(raw: dict[str, str], lang: str) -> None:
        outcome = run(card_id, raw, lang)
        if outcome.errors:  # an input the card refuses (a stop on the wrong side...)
            return
        _check(card_id, raw, lang)

    check()
