"""Every Hypothesis strategy the property tests use, in one place.

The ranges are the calculator's stated working ranges: prices 1e-8..1e7, leverage
1..200, sizes 1e-8..1e9, maintenance margin rates 0..0.5, fee rates from a maker rebate
to a generous taker fee. ``garbage`` is everything a page or a caller could wrongly
pass: strings (empty, numeric-looking, 10,000 characters), None, booleans, NaN and the
infinities, 1e308, -0.0, huge integers, containers and arbitrary objects.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from contractcalc import CONVENTIONS, KINDS
from contractcalc.account import Position
from hypothesis import strategies as st

SIDES = ("long", "short")
BASES = ("notional", "size")

MIN_PRICE, MAX_PRICE = 1e-8, 1e7
MIN_SIZE, MAX_SIZE = 1e-8, 1e9


def _log_uniform(low: float, high: float) -> st.SearchStrategy[float]:
    """Floats spread evenly over the orders of magnitude between low and high."""
    log_low, log_high = math.log(low), math.log(high)
    spread = st.floats(min_value=0.0, max_value=1.0).map(
        lambda t: min(high, max(low, math.exp(log_low + t * (log_high - log_low))))
    )
    return st.one_of(spread, st.floats(min_value=low, max_value=high))


def rates(low: float, high: float) -> st.SearchStrategy[float]:
    """Rates between low and high: zero, or at least 1e-9 in size (no subnormal dust).

    A rate of 1e-300 is no rate anyone types, and results built on it underflow below
    the precision a relative tolerance can ask for.
    """
    return st.floats(min_value=low, max_value=high, allow_subnormal=False).filter(
        lambda value: value == 0 or abs(value) >= 1e-9
    )


sides = st.sampled_from(SIDES)
kinds = st.sampled_from(KINDS)
conventions = st.sampled_from(CONVENTIONS)
bases = st.sampled_from(BASES)
prices = _log_uniform(MIN_PRICE, MAX_PRICE)
sizes = _log_uniform(MIN_SIZE, MAX_SIZE)
leverages = st.one_of(
    st.floats(min_value=1.0, max_value=200.0),
    st.integers(min_value=1, max_value=200).map(float),
)
mmrs = st.one_of(
    rates(0.0, 0.5),
    st.sampled_from([0.0, 0.004, 0.005, 0.01, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5]),
)
#: Fee rates: a maker rebate of up to 0.05% to a taker fee of up to 1%.
fees = st.one_of(
    rates(-0.0005, 0.01),
    st.sampled_from([0.0, 0.0002, 0.0004, 0.0005, 0.00075]),
)
#: Fee rates that cost something (no rebate).
costly_fees = rates(0.0, 0.01)
#: Liquidation fee rates: none, the exchanges' usual 0.05%-1.5%, anything up to a punitive
#: 50%, and a few beyond (the engine takes any rate in [0, 1)), so that a maintenance rate
#: plus the fee often reaches the m + f >= 1 edge, where the Binance convention raises
#: InputError ``mmr_plus_fee``.
liquidation_fees = st.one_of(
    rates(0.0, 0.5),
    st.sampled_from([0.0, 0.0005, 0.001, 0.005, 0.006, 0.01, 0.0125, 0.015, 0.5, 0.75, 0.99]),
)
#: Relative price moves, as the ratio exit/entry.
ratios = _log_uniform(0.05, 20.0)
#: ROE fractions (-5 = -500%, 20 = +2000%).
roes = rates(-5.0, 20.0)
#: Price changes as fractions, for the guide's rules (-0.99 = a 99% fall).
changes = rates(-0.99, 0.99)
funding_rates = rates(-0.03, 0.03)
intervals = st.integers(min_value=0, max_value=1000)
#: Balances and risks, in margin currency.
amounts = _log_uniform(1e-8, 1e9)
#: Other positions' maintenance and unrealised PnL under cross margin.
others = st.one_of(st.just(0.0), st.floats(min_value=-1e6, max_value=1e6))

#: Symbols an account's positions draw from.
SYMBOLS = ("AAAUSDT", "BBBUSDT", "CCCUSDT", "DDDUSDT")


@st.composite
def positions(
    draw: st.DrawFn,
    kind: str = "linear",
    min_size: int = 0,
    max_size: int = 6,
    symbols: tuple[str, ...] = SYMBOLS,
) -> list[Position]:
    """Positions of one cross account: each symbol has one mark, each entry is within
    0.05x..20x of it, and each maintenance amount is at most the position's value at
    entry times its rate (a bracket's amount never exceeds that)."""
    marks = {symbol: draw(prices) for symbol in symbols}
    count = draw(st.integers(min_value=min_size, max_value=max_size))
    rows = []
    for _ in range(count):
        symbol = draw(st.sampled_from(symbols))
        mark = marks[symbol]
        entry = min(MAX_PRICE, max(MIN_PRICE, mark * draw(ratios)))
        size = draw(sizes)
        mmr = draw(mmrs)
        value = size * entry if kind == "linear" else size / entry
        share = draw(st.one_of(st.just(0.0), st.floats(min_value=0.0, max_value=1.0)))
        maint_amount = float(Fraction(value) * Fraction(mmr) * Fraction(share))
        if not (maint_amount == 0 or 1e-12 <= maint_amount <= 1e15):
            maint_amount = 0.0
        side = draw(sides)
        rows.append(Position(symbol, side, entry, size, mark, mmr, maint_amount))
    return rows


@st.composite
def accounts(
    draw: st.DrawFn, kind: str = "linear", min_size: int = 0, max_size: int = 6
) -> tuple[float, list[Position]]:
    """(wallet, positions): the wallet a fraction of the book's value at the marks (so
    liquidation is near), or any balance."""
    rows = draw(positions(kind, min_size, max_size))
    value = sum(
        (
            Fraction(row.size) * Fraction(row.mark)
            if kind == "linear"
            else Fraction(row.size) / Fraction(row.mark)
            for row in rows
        ),
        Fraction(0),
    )
    scale = Fraction(draw(st.floats(min_value=0.0, max_value=2.0)))
    wallet = draw(st.one_of(st.just(float(value * scale)), amounts, st.just(0.0)))
    if wallet > 1e15 or 0 < wallet < 1e-12:
        wallet = 0.0
    return wallet, rows


@st.composite
def fills(draw: st.DrawFn, max_fills: int = 8) -> list[tuple[float, float]]:
    """A list of (price, size) fills."""
    return draw(st.lists(st.tuples(prices, sizes), min_size=1, max_size=max_fills))


@st.composite
def brackets(draw: st.DrawFn, kind: str = "linear") -> tuple[tuple[float, float], ...]:
    """A bracket table: first floor 0, floors strictly rising, rates rising, all below 0.5.

    Linear floors are in quote currency (up to 1e13), inverse floors in coin (up to 1e6).
    """
    count = draw(st.integers(min_value=1, max_value=8))
    top = 1e13 if kind == "linear" else 1e6
    floors = draw(
        st.lists(
            _log_uniform(top * 1e-12, top), min_size=count - 1, max_size=count - 1, unique=True
        )
    )
    bracket_rates = draw(st.lists(rates(0.0, 0.5), min_size=count, max_size=count, unique=True))
    return tuple(zip([0.0, *sorted(floors)], sorted(bracket_rates), strict=True))


class _Opaque:
    """An object no function can use."""

    def __repr__(self) -> str:
        return "<opaque>"


class _BadFloat:
    """An object whose conversion to float raises."""

    def __float__(self) -> float:
        raise RuntimeError("no float here")

    def __repr__(self) -> str:
        return "<bad float>"


#: Values no argument of the engine accepts (except possibly a string-taking one).
invalid_scalars = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            math.nan,
            -math.nan,
            math.inf,
            -math.inf,
            1e308,
            -1e308,
            10**400,
            -(10**400),
            10**20,
            "",
            " ",
            "1000",
            "0.25",
            "nan",
            "inf",
            "long ",
            "LONG",
            "x" * 10_000,
            "9" * 10_000,
            [],
            [1.0],
            (),
            {},
            {"long": 1},
            set(),
            b"100",
            1 + 2j,
            Decimal("NaN"),
            Decimal("Infinity"),
            Decimal("1e400"),
            _Opaque(),
            _BadFloat(),
            object(),
            float,
            print,
        ]
    ),
    st.text(max_size=30),
    st.integers(min_value=10**16, max_value=10**1000),
    st.integers(min_value=-(10**1000), max_value=-(10**16)),
)
#: Hypothesis-drawn values that are numbers but unusual: -0.0, zero, tiny, huge, negative.
odd_numbers = st.one_of(
    st.sampled_from([0, 0.0, -0.0, 5e-324, -5e-324, 1e-300, 1e15, 1e16, -1.0, 1, Fraction(1, 3)]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**20), max_value=10**20),
)
#: Anything at all: the union of the above plus nested containers.
garbage = st.one_of(
    invalid_scalars,
    odd_numbers,
    st.lists(st.one_of(invalid_scalars, odd_numbers), max_size=3),
    st.lists(st.tuples(st.one_of(invalid_scalars, odd_numbers), odd_numbers), max_size=3),
)
#: Decimal's signalling NaN: float(Decimal("sNaN")) raises ValueError, not InputError.
signalling_nan = st.just(Decimal("sNaN"))
