"""Each card's worked formulas: the steps end in exactly what the card shows, every symbol
has its words in both languages, and the steps are the engine's own values.

The markup is read back as a person's browser would: each ``<div class="work-line"
data-for="NAME">`` must end in the text of the card's output NAME, and every symbol
(``<mi>``) a step uses must be in the legend (``<dt>``).
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from html.parser import HTMLParser

import pytest
from app import work as w
from app.calculators import CALCULATORS, run
from app.layout import GROUPS
from app.work import figure
from contractcalc import _worked as worked
from contractcalc import compare, linear
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.build import card_defaults
from tests.quick import examples

#: Every card: each shows its work.
WORKED_CARDS = (
    "liquidation",
    "risk",
    "pnl",
    "target",
    "average",
    "max_open",
    "account",
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


#: Cards without a worked formula of their own: "Every exchange" computes the liquidation
#: card's formula once per exchange (that card works it), a table too wide to work out.
NOT_WORKED = {"compare"}


def test_every_card_shows_its_work() -> None:
    assert set(WORKED_CARDS) == set(CALCULATORS) - NOT_WORKED
    for card_id, calculator in CALCULATORS.items():
        if card_id not in NOT_WORKED:
            assert any(slot.kind == "work" for slot in calculator.slots), card_id


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
    ("kind", "side", "size", "steps", "bankruptcy"),
    [
        # Linear long: WB = 1 x 30000 / 20 = 1500; A = 1500 + 0;
        # LP = (1500 - 30000) / (0.004 - 1) = -28500 / -0.996 = 28614.457... -> 28,614.46
        # Bankruptcy: BP = E - s WB / Q = 30000 - 1500 = 28,500.
        ("linear", "long", "1", ["1,500", "−28,500", "−0.996", "28,614.46"], "28,500.00"),
        # Linear short: s = -1; LP = (1500 + 30000) / (0.004 + 1) = 31500 / 1.004
        # = 31374.50... -> 31,374.50
        # BP = 30000 + 1500 = 31,500.
        ("linear", "short", "1", ["1,500", "31,500", "1.004", "31,374.50"], "31,500.00"),
        # Inverse long, 300 contracts of 100 USD: F = 30000; WB = 30000 / (20 x 30000) = 0.05;
        # LP = 30000 (0.004 + 1) / (0.05 + 1) = 30120 / 1.05 = 28685.71... -> 28,685.71
        # BP = 1 / (1/30000 + 0.05/30000) = 30000 / 1.05 = 28571.428...
        ("inverse", "long", "300", ["0.05", "30,120", "1.05", "28,685.71"], "28,571.43"),
        # Inverse short: LP = 30000 (0.004 - 1) / (0.05 - 1) = -29880 / -0.95 = 31452.63...
        # BP = 30000 / 0.95 = 31578.947...
        ("inverse", "short", "300", ["0.05", "−29,880", "−0.95", "31,452.63"], "31,578.95"),
    ],
)
def test_liquidation_worked_by_hand(
    kind: str, side: str, size: str, steps: list[str], bankruptcy: str
) -> None:
    raw = {**LIQ, "kind": kind, "side": side, "size": size}
    markup = run("liquidation", raw, "en").outputs["work"]
    text = _read(markup)
    assert text.results == {"liquidation": steps[-1], "bankruptcy": bankruptcy}
    flat = markup.replace("<mo>−</mo><mn>", "<mn>−")
    position = 0
    for step in steps:  # each value appears, in this order
        position = flat.index(f">{step}<", position)


def test_liquidation_cases_say_why() -> None:
    cross = {**LIQ, "margin_mode": "cross", "convention": "bybit", "liquidation_fee": "0.1"}
    markup = run("liquidation", cross, "en").outputs["work"]
    for key in ("cross", "linear", "entry", "fee"):
        assert escape(w.TEXTS[f"case.{key}"]["en"]) in markup
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


@settings(max_examples=examples(150), deadline=None)
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


@settings(max_examples=examples(150), deadline=None)
@given(kinds, sides, prices, prices, st.integers(1, 500), leverages, rates, rates, rates)
def test_pnl_chain_is_the_engine(
    kind: str,
    side: str,
    entry: float,
    exit: float,
    size: int,
    leverage: int,
    open_fee: float,
    close_fee: float,
    funding_rate: float,
) -> None:
    """The P&L card's net result (worked) and its fees row (the engine) are one account:
    every step of the worked chain is the engine's own figure, and NET is their sum."""
    from contractcalc import inverse

    engine = linear if kind == "linear" else inverse
    chain = worked.pnl(
        kind, side, entry, exit, size, leverage, open_fee, close_fee, funding_rate, 3
    ).values
    gross = engine.pnl(side, entry, exit, size)
    fees = engine.trading_fees(entry, exit, size, open_fee, close_fee)
    funding = engine.funding_payment(side, entry, size, funding_rate, 3)
    assert float(chain["PnL"]) == gross
    assert float(chain["fees"]) == fees
    assert float(chain["FR"]) == funding
    assert float(chain["IM"]) == engine.initial_margin(entry, size, leverage)
    assert float(chain["NET"]) == pytest.approx(gross - fees - funding, rel=1e-12, abs=1e-12)


@settings(max_examples=examples(100), deadline=None)
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


def _without_rows(raw: dict[str, str], columns: tuple[str, ...]) -> dict[str, str]:
    return {key: text for key, text in raw.items() if key.rpartition("_")[0] not in columns}


_fill_price = st.decimals(min_value="20000", max_value="40000", places=2).map(str)


@st.composite
def _average_inputs(draw: st.DrawFn) -> dict[str, str]:
    """One to six fills at 20,000 to 40,000 (so the average lies there too), and either
    no addition, one that reaches its target (bought lower, averaging down to just
    under 20,000), or any price and target (often out of reach: the card refuses it)."""
    raw = _without_rows(draw(_card_inputs("average")), CALCULATORS["average"].columns)
    for index in range(draw(st.integers(1, 6))):
        raw[f"price_{index}"] = draw(_fill_price)
        raw[f"size_{index}"] = draw(_number_text)
    add = draw(st.sampled_from(["none", "reachable", "any"]))
    if add == "none":
        raw["add_price"] = raw["target_average"] = ""
    elif add == "reachable":
        raw["add_price"] = draw(st.decimals(min_value="1000", max_value="19000", places=2).map(str))
        raw["target_average"] = draw(
            st.decimals(min_value="19000.01", max_value="19999.99", places=2).map(str)
        )
    return raw


#: Symbols a person may type: two share a mark (hedge mode) when drawn twice, and one is
#: markup, which must come out as text.
_SYMBOLS = ("BTCUSDT", "ETHUSDT", "<B>&X</B>")


@st.composite
def _account_inputs(draw: st.DrawFn) -> dict[str, str]:
    """Up to five positions; positions of one symbol share its mark, as the engine asks."""
    raw = _without_rows(draw(_card_inputs("account")), CALCULATORS["account"].columns)
    marks = {symbol: draw(_number_text) for symbol in _SYMBOLS}
    for index in range(draw(st.integers(0, 5))):
        symbol = draw(st.sampled_from(_SYMBOLS))
        raw.update(
            {
                f"symbol_{index}": symbol,
                f"side_{index}": draw(sides),
                f"size_{index}": draw(_number_text),
                f"entry_{index}": draw(_number_text),
                f"mark_{index}": marks[symbol],
                f"mmr_{index}": draw(_percent_text),
                f"maint_amount_{index}": draw(st.sampled_from(["", "0"]) | _number_text),
            }
        )
    return raw


@st.composite
def _risk_inputs(draw: st.DrawFn) -> dict[str, str]:
    """A stop 0.1% to 50% away on the losing side, and a risk below the balance (most
    such inputs are valid; any draw of the other fields may still be refused)."""
    raw = draw(_card_inputs("risk"))
    entry = draw(st.decimals(min_value="10", max_value="100000", places=2))
    away = draw(st.decimals(min_value="0.001", max_value="0.5", places=3))
    stop = entry * (1 - away if raw["side"] == "long" else 1 + away)
    raw.update({"entry": str(entry), "stop": str(round(stop, 2))})
    if raw["risk_unit"] == "percent":
        raw["risk"] = draw(st.decimals(min_value="0.01", max_value="50", places=2).map(str))
    else:
        share = draw(st.decimals(min_value="0.0001", max_value="0.5", places=4))
        raw["risk"] = str(round(Decimal(raw["balance"]) * share, 4) or Decimal("0.0001"))
    return raw


_STRATEGIES = {
    "average": _average_inputs(),
    "account": _account_inputs(),
    "risk": _risk_inputs(),
}


@pytest.mark.parametrize("card_id", WORKED_CARDS)
def test_every_worked_card_ends_in_its_shown_results(card_id: str) -> None:
    @settings(max_examples=examples(60), deadline=None)
    @given(_STRATEGIES.get(card_id, _card_inputs(card_id)), st.sampled_from(["en", "zh"]))
    def check(raw: dict[str, str], lang: str) -> None:
        outcome = run(card_id, raw, lang)
        if outcome.errors:  # an input the card refuses (a stop on the wrong side...)
            return
        _check(card_id, raw, lang)

    check()


# --- the other calculators, worked by hand -------------------------------------------


def _steps_in_order(markup: str, steps: list[str]) -> None:
    flat = markup.replace("<mo>−</mo><mn>", "<mn>−")
    position = 0
    for step in steps:
        position = flat.index(f">{step}<", position)


def test_max_open_counts_whole_contracts_of_typed_decimals() -> None:
    """0.3 BTC at 30,000 and 1x: F = 0.3 x 30,000 / (1/1 + 0) = 9,000 USD, 90 contracts of
    100 USD, though the binary 0.3 is a hair below 0.3 (9,000 / 100 = 89.999...)."""
    raw = {**_defaults("max_open"), "kind": "inverse", "balance": "0.3", "leverage": "1"}
    raw.update({"open_fee": "0", "contract_size": "100"})
    outcome = run("max_open", raw, "en")
    parsed = _read(outcome.outputs["work"])
    assert parsed.results["contracts"] == "90 contracts (9,000.00 USD)"
    _steps_in_order(outcome.outputs["work"], ["9,000", "90"])


def test_risk_size_worked_by_hand() -> None:
    """1% of 10,000 USDT is K = 100; a long from 30,000 stopped at 29,000 with no fees
    loses 1,000 per coin, so Q = 100 / 1,000 = 0.1 BTC."""
    raw = {**_defaults("risk"), "open_fee": "0", "close_fee": "0", "exchange": "custom"}
    outcome = run("risk", raw, "en")
    parsed = _read(outcome.outputs["work"])
    assert parsed.results["risk_amount"] == "100.00 USDT"
    assert parsed.results["size"] == outcome.outputs["size"] == "0.10 BTC"
    _steps_in_order(outcome.outputs["work"], ["100", "1,000", "0.10 BTC"])


def test_average_and_addition_worked_by_hand() -> None:
    """Fills 1 BTC at 30,000 and 1 at 27,000: 57,000 / 2 = 28,500. Buying at 20,000 to
    average 25,000: 2 x (28,500 - 25,000) / (25,000 - 20,000) = 1.4 BTC, and then
    (57,000 + 28,000) / 3.4 = 25,000."""
    raw = {**_defaults("average"), "add_price": "20000", "target_average": "25000"}
    outcome = run("average", raw, "zh")
    parsed = _read(outcome.outputs["work"])
    assert parsed.results["average"] == "28,500.00"
    assert parsed.results["add_size"] == outcome.outputs["add_size"]
    assert parsed.results["new_average"] == "25,000.00"
    _steps_in_order(outcome.outputs["work"], ["57,000", "28,500.00", "3,500", "5,000"])
    assert "∑" in outcome.outputs["work"]


def test_account_worked_as_binance_example() -> None:
    """Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts",
    https://www.binance.com/en-NG/support/faq/b3c689c1f50a44cabb3a84e663b81d93, its
    cross-margin example, the figures as contractcalc.account cites and checks them in its
    doctest: ETH liquidates at 1,153.26 and BTC at 26,316.89, the other symbol at its mark."""
    raw = _without_rows(_defaults("account"), CALCULATORS["account"].columns)
    raw.update({"wallet": "1535443.01", "liquidation_fee": "0", "exchange": "binance"})
    rows = [
        ("ETHUSDT", "long", "3683.979", "1456.84", "1335.18", "10", "135365"),
        ("BTCUSDT", "long", "109.488", "32481.98", "31967.27", "2.5", "16300"),
    ]
    for index, row in enumerate(rows):
        columns = CALCULATORS["account"].columns
        raw.update({f"{column}_{index}": value for column, value in zip(columns, row, strict=True)})
    parsed = _check("account", raw, "en")
    assert parsed.results["liquidation_0"] == "1,153.26"
    assert parsed.results["liquidation_1"] == "26,316.89"


def test_account_escapes_a_typed_symbol() -> None:
    raw = {**_defaults("account"), "symbol_0": '<img src=x onerror="1">'}
    markup = run("account", raw, "en").outputs["work"]
    assert "<IMG" not in markup.upper().replace("&LT;IMG", "")
    assert "&lt;IMG SRC=X ONERROR=&quot;1&quot;&gt;" in markup


def test_the_worked_words_cover_every_symbol_unit_and_case_and_nothing_else() -> None:
    """Every symbol's meaning, worded unit and case contractcalc._worked declares has words."""
    assert set(w.TEXTS) == w.KEYS
