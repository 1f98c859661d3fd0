"""A cross-margin account: several positions sharing one wallet.

An account holds a wallet balance and a list of :class:`Position` rows. Every position
is valued at the mark price of its ``symbol``; positions of one symbol share that mark,
so a long and a short of one symbol are the two sides of hedge mode. The account is
liquidated, all positions at once, when its margin balance (wallet plus unrealised PnL)
falls to its maintenance requirement: the sum of the positions' maintenance margins
plus the liquidation fee.

``kind`` is ``"linear"`` (USDT-margined: sizes in coins, money in USDT) or ``"inverse"``
(coin-margined: sizes in USD face value, money in coin). An inverse account is one coin's
cross wallet, as on Binance COIN-M and Bybit inverse, where each margin coin has its own
wallet: every position is margined and settled in that coin (BTCUSD perpetual and
BTCUSD quarterly in a BTC wallet, say), so no position needs a conversion. Each symbol
still has its own mark price: a perpetual and a quarterly of one coin are two symbols,
and :func:`liquidation_prices` moves one while the other stays at its mark.

Conventions, as in :func:`contractcalc.linear.liquidation_price`: ``"binance"`` values
each maintenance margin at the position's current price, ``"bybit"`` at its entry
price. ``liquidation_fee`` is a rate of each position's value at its current price,
added to the maintenance requirement (so under "binance" a fee f is the same as a
maintenance rate m + f).

Bad input raises :class:`contractcalc.InputError`. A position's field is named
``positions[i].<field>`` with i its 0-based place in the list (``positions[2].entry``),
so the page can show the message on that row.

Sources:

- Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts" (cross
  margin: the other contracts' maintenance margin and unrealised PnL enter each symbol's
  liquidation price; the two-position example),
  https://www.binance.com/en-NG/support/faq/b3c689c1f50a44cabb3a84e663b81d93
- Bybit help centre "Liquidation Price (USDT Contract)" (cross margin: the liquidation
  price from the other positions' balance; its "total sustainable loss" is not
  :attr:`AccountSummary.free_over_maintenance`, see there),
  https://testnet.bybit.com/en-US/help-center/s/article/Liquidation-Price-USDT-Contract
- Binance "How to Check Futures Wallet Balance" (margin balance = wallet balance +
  unrealised PnL; liquidation once margin balance <= maintenance margin).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from . import _engine as en
from . import _exact as ex
from ._engine import KINDS
from .errors import InputError

__all__ = [
    "KINDS",
    "AccountSummary",
    "Position",
    "liquidation_move",
    "liquidation_prices",
    "summary",
]

#: The contract kinds an account accepts.


@dataclass(frozen=True)
class Position:
    """One open position of a cross-margin account.

    The fields are checked when a function of this module uses the position.

    Parameters
    ----------
    symbol : str
        The contract, e.g. ``"BTCUSDT"``; positions of one symbol share one mark price.
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    size : float
        Quantity in coins (linear) or face value in USD (inverse); positive.
    mark : float
        Current mark price of the symbol; positive.
    mmr : float
        Maintenance margin rate of the position's bracket, in [0, 1).
    maint_amount : float, default 0.0
        Maintenance amount of the bracket (Binance "cum"), in the margin currency; >= 0.

    Examples
    --------
    A long of 1 BTC bought at 30,000, marked at 29,000, in the 0.4% bracket:

    >>> row = Position("BTCUSDT", "long", 30000, 1, 29000, 0.004)
    >>> row.mark, row.maint_amount
    (29000, 0.0)
    """

    symbol: str
    side: str
    entry: float
    size: float
    mark: float
    mmr: float
    maint_amount: float = 0.0


@dataclass(frozen=True)
class AccountSummary:
    """The state of a cross-margin account at the marks, from :func:`summary`.

    Attributes
    ----------
    wallet : float
        Wallet balance, as given.
    unrealized_pnl : float
        Sum of the positions' unrealised PnL at their marks.
    margin_balance : float
        Wallet plus unrealised PnL (the account's equity).
    maintenance_margin : float
        Sum of the positions' maintenance margins (at the marks under "binance", at the
        entries under "bybit").
    liquidation_fee : float
        The liquidation fee rate times the positions' value at the marks; 0 without one.
    margin_ratio : float or None
        (maintenance margin + liquidation fee) / margin balance; 0 for an empty account,
        None when the account holds positions and its margin balance is zero or less.
        The account is liquidated at a ratio of 1 (100%) or more.
    free_over_maintenance : float
        Margin balance minus maintenance margin and liquidation fee, all at the marks:
        the further loss, counted from the marks, the account can take before it is
        liquidated (provided its maintenance stays as it is at the marks); negative
        once it is past that. It is not Bybit's cross-margin "total sustainable loss"
        (available balance + initial margin - maintenance margin), which counts from
        the entries with an available balance that leaves unrealised profit out: the
        two agree only with no unrealised profit, no open orders and the initial
        margin part of the balance.
    liquidated_now : bool
        True if the account holds positions and its margin balance is at or below the
        maintenance requirement at the marks.
    position_pnl : tuple of float
        Each position's unrealised PnL at its mark, in the order given.
    """

    wallet: float
    unrealized_pnl: float
    margin_balance: float
    maintenance_margin: float
    liquidation_fee: float
    margin_ratio: float | None
    free_over_maintenance: float
    liquidated_now: bool
    position_pnl: tuple[float, ...]


class _Row(NamedTuple):
    """A checked position, in exact numbers."""

    symbol: str
    sign: int
    entry: Fraction
    size: Fraction
    mark: Fraction
    mmr: Fraction
    cum: Fraction


def _kind(value: object) -> str:
    """ "linear" or "inverse"."""
    if not isinstance(value, str) or value not in KINDS:
        raise InputError("kind", "kind")
    return value


def _row(index: int, item: object) -> _Row:
    """Check one position, naming its fields ``positions[index].<field>``."""
    where = f"positions[{index}]"
    if not isinstance(item, Position):
        raise InputError(where, "positions")
    if not isinstance(item.symbol, str) or not item.symbol.strip():
        raise InputError(f"{where}.symbol", "symbol")
    if type(item.side) is not str or item.side not in ex.SIDES:
        raise InputError(f"{where}.side", "side")
    return _Row(
        symbol=item.symbol,
        sign=ex.SIDES[item.side],
        entry=ex.positive(f"{where}.entry", item.entry),
        size=ex.positive(f"{where}.size", item.size),
        mark=ex.positive(f"{where}.mark", item.mark),
        mmr=ex.rate(f"{where}.mmr", item.mmr),
        cum=ex.non_negative(f"{where}.maint_amount", item.maint_amount),
    )


def _rows(value: object) -> list[_Row]:
    """Check a list (or tuple) of positions; positions of one symbol must share the mark."""
    if not isinstance(value, list | tuple):
        raise InputError("positions", "positions")
    rows = [_row(index, item) for index, item in enumerate(value)]
    marks: dict[str, Fraction] = {}
    for index, row in enumerate(rows):
        if marks.setdefault(row.symbol, row.mark) != row.mark:
            raise InputError(f"positions[{index}].mark", "mark_differs")
    return rows


def _value(kind: str, size: Fraction, price: Fraction) -> Fraction:
    """A position's value at a price: Q*P (linear) or F/P coin (inverse)."""
    return size * price if kind == "linear" else size / price


def _pnl(kind: str, row: _Row, price: Fraction) -> Fraction:
    """Unrealised PnL at a price: s*Q*(P - E) or s*F*(1/E - 1/P)."""
    if kind == "linear":
        return row.sign * row.size * (price - row.entry)
    return row.sign * row.size * (1 / row.entry - 1 / price)


def _maintenance(kind: str, row: _Row, price: Fraction, rule: str) -> Fraction:
    """Maintenance margin, valued at the price ("binance") or at entry ("bybit")."""
    valued_at = price if rule == "binance" else row.entry
    return _value(kind, row.size, valued_at) * row.mmr - row.cum


def _terms(kind: str, row: _Row, rule: str, fee: Fraction) -> tuple[Fraction, Fraction]:
    """(a, b) with the row's equity minus requirement at price P equal to a + b*z.

    z is P for linear and 1/P for inverse; the requirement is the maintenance margin
    plus the liquidation fee on the value at P.
    """
    s, q, e, m, cum = row.sign, row.size, row.entry, row.mmr, row.cum
    at_mark = m if rule == "binance" else Fraction(0)
    at_entry = Fraction(0) if rule == "binance" else m
    if kind == "linear":
        # s*q*(P - e) - (q*P*m - cum) - f*q*P           (binance)
        # s*q*(P - e) - (q*e*m - cum) - f*q*P           (bybit)
        return cum - s * q * e - q * e * at_entry, q * (s - at_mark - fee)
    # s*q*(1/e - 1/P) - (q*m/P - cum) - f*q/P           (binance)
    # s*q*(1/e - 1/P) - (q*m/e - cum) - f*q/P           (bybit)
    return cum + s * q / e - q * at_entry / e, -q * (s + at_mark + fee)


def _at_marks(kind: str, row: _Row, rule: str, fee: Fraction) -> Fraction:
    """The row's equity minus requirement at its mark."""
    a, b = _terms(kind, row, rule, fee)
    return a + b * (row.mark if kind == "linear" else 1 / row.mark)


def _common(
    kind: object, wallet: object, positions: object, convention: object, liquidation_fee: object
) -> tuple[str, Fraction, list[_Row], str, Fraction]:
    """Check the arguments every function of the module takes."""
    return (
        _kind(kind),
        ex.non_negative("wallet", wallet),
        _rows(positions),
        en.convention(convention),
        ex.rate("liquidation_fee", liquidation_fee),
    )


def liquidation_prices(
    kind: str,
    wallet: float,
    positions: object,
    convention: str = "binance",
    liquidation_fee: float = 0.0,
) -> tuple[float | None, ...]:
    """For each position, the price of its symbol that liquidates the whole account.

    Every other symbol stays at its mark. Positions of one symbol get the same price.

    Parameters
    ----------
    kind : {"linear", "inverse"}
        Contract kind of every position.
    wallet : float
        Cross wallet balance; zero or more, in the margin currency (USDT or the coin).
    positions : list or tuple of Position
        The account's positions; may be empty.
    convention : {"binance", "bybit"}, default "binance"
        "binance" values maintenance margins at the current price, "bybit" at entry.
    liquidation_fee : float, default 0.0
        Rate of each position's value at its current price added to the maintenance
        requirement, in [0, 1).

    Returns
    -------
    tuple of (float or None)
        One price per position, in the order given; None where no positive price of
        that symbol liquidates the account. If the account is already past liquidation
        at the marks, the price is still returned: it then lies on the side of the mark
        where the account would recover, as for
        :func:`contractcalc.linear.liquidation_price`.

    Raises
    ------
    InputError
        If an argument is invalid; a position's field as ``positions[i].<field>``,
        code ``mark_differs`` where two positions of one symbol have different marks.

    Notes
    -----
    With the symbol k at price P and every other position i at its mark :math:`M_i`,
    the account is liquidated where

    .. math:: WB + \\sum_i uPnL_i(P_i) = \\sum_i (MM_i(P_i) + f\\,V_i(P_i))

    with :math:`V_i` the value (:math:`Q P` or :math:`F/P`) and :math:`MM_i` the
    maintenance margin :math:`V_i m_i - cum_i` (at entry under "bybit"). Each term is
    affine in P (linear) or in 1/P (inverse), so for linear

    .. math:: LP_k = \\frac{WB - TMM + UPNL + \\sum_{j \\in k} (cum_j - s_j Q_j E_j
              - Q_j E_j m_j^{entry})}{\\sum_{j \\in k} Q_j (m_j^{mark} + f - s_j)}

    where TMM and UPNL are the other symbols' requirement and PnL at their marks,
    :math:`m^{mark}` is m under "binance" (else 0) and :math:`m^{entry}` is m under
    "bybit" (else 0); for inverse

    .. math:: LP_k = \\frac{\\sum_{j \\in k} F_j (s_j + m_j^{mark} + f)}{WB - TMM + UPNL
              + \\sum_{j \\in k} (cum_j + s_j F_j / E_j - F_j m_j^{entry} / E_j)}

    With one position per symbol this is
    :func:`contractcalc.linear.liquidation_price` with ``other_maint`` = TMM and
    ``other_upnl`` = UPNL.

    Examples
    --------
    Binance's cross-margin example: a wallet of 1,535,443.01 USDT, long 3,683.979 ETH
    at 1,456.84 (mark 1,335.18, 10% and 135,365 USDT) and long 109.488 BTC at
    32,481.98 (mark 31,967.27, 2.5% and 16,300 USDT):

    >>> eth = Position("ETHUSDT", "long", 1456.84, 3683.979, 1335.18, 0.10, 135365)
    >>> btc = Position("BTCUSDT", "long", 32481.98, 109.488, 31967.27, 0.025, 16300)
    >>> [round(price, 2) for price in liquidation_prices("linear", 1535443.01, [eth, btc])]
    [1153.26, 26316.89]

    Hedge mode, 10,000 USDT with a long of 2 BTC and a short of 1 BTC, both at 30,000
    and 0.5%: the symbol's price P solves 10,000 + 2(P - 30,000) - (P - 30,000) =
    0.005 x 3 x P, so P = 20,000 / 0.985 for both sides.

    >>> long = Position("BTCUSDT", "long", 30000, 2, 30000, 0.005)
    >>> short = Position("BTCUSDT", "short", 30000, 1, 30000, 0.005)
    >>> liquidation_prices("linear", 10000, [long, short])
    (20304.568527918782, 20304.568527918782)
    """
    kind_, wallet_x, rows, rule, fee = _common(kind, wallet, positions, convention, liquidation_fee)
    margins = [_at_marks(kind_, row, rule, fee) for row in rows]
    total = wallet_x + sum(margins, Fraction(0))
    by_symbol: dict[str, float | None] = {}
    for symbol in dict.fromkeys(row.symbol for row in rows):
        group = [index for index, row in enumerate(rows) if row.symbol == symbol]
        base = total - sum((margins[index] for index in group), Fraction(0))
        a = base
        b = Fraction(0)
        for index in group:
            a_row, b_row = _terms(kind_, rows[index], rule, fee)
            a += a_row
            b += b_row
        by_symbol[symbol] = _root(kind_, a, b)
    return tuple(by_symbol[row.symbol] for row in rows)


def _root(kind: str, a: Fraction, b: Fraction) -> float | None:
    """The positive price P with a + b*z = 0, z = P (linear) or 1/P (inverse); else None."""
    if b == 0 or a == 0:
        return None
    z = -a / b
    return en.price_or_none("wallet", z if kind == "linear" else 1 / z)


def liquidation_move(
    kind: str,
    wallet: float,
    positions: object,
    convention: str = "binance",
    liquidation_fee: float = 0.0,
) -> float | None:
    """The common relative move of every mark at which the account is liquidated.

    Every price moves together, from :math:`M_i` to :math:`M_i (1 + r)`.

    Parameters
    ----------
    kind : {"linear", "inverse"}
        Contract kind of every position.
    wallet : float
        Cross wallet balance; zero or more, in the margin currency.
    positions : list or tuple of Position
        The account's positions; may be empty.
    convention : {"binance", "bybit"}, default "binance"
        "binance" values maintenance margins at the current price, "bybit" at entry.
    liquidation_fee : float, default 0.0
        Rate of each position's value at its current price added to the maintenance
        requirement, in [0, 1).

    Returns
    -------
    float or None
        The move r (-0.05 means every price 5% lower), always above -1; None if no
        common move liquidates the account (an empty account, one that stays above
        maintenance at any price, or a book whose equity and requirement move in step).
        Negative when the book loses on falls (net long), positive when it loses on
        rises (net short, or a hedged book whose maintenance grows with the prices). If
        the account is already past liquidation the move is still returned: it is then
        the move that would bring it back to the threshold, in the recovering direction.

    Raises
    ------
    InputError
        If an argument is invalid; a position's field as ``positions[i].<field>``.

    Notes
    -----
    With t = 1 + r, every price :math:`M_i t`, linear equity minus requirement is
    affine in t and inverse equity minus requirement (in coin) is affine in 1/t, so
    there is at most one liquidating move, and it is found exactly. Linear:

    .. math:: t = \\frac{WB + \\sum_i (cum_i - s_i Q_i E_i - Q_i E_i m_i^{entry})}
              {\\sum_i Q_i M_i (m_i^{mark} + f - s_i)}

    Inverse:

    .. math:: t = \\frac{\\sum_i F_i (s_i + m_i^{mark} + f) / M_i}
              {WB + \\sum_i (cum_i + s_i F_i / E_i - F_i m_i^{entry} / E_i)}

    (:math:`m^{mark}` is m under "binance" and 0 under "bybit"; :math:`m^{entry}` the
    reverse), and r = t - 1 when t > 0.

    Examples
    --------
    2,000 USDT backing a long of 1 BTC at 30,000 and a short of 10 ETH at 2,000 (marks
    at entry), 0.5% each: the book is net long 10,000 USDT of 50,000, so the prices can
    fall until 2,000 + 10,000 r = 0.005 x 50,000 x (1 + r), r = -1,750 / 9,750:

    >>> book = [
    ...     Position("BTCUSDT", "long", 30000, 1, 30000, 0.005),
    ...     Position("ETHUSDT", "short", 2000, 10, 2000, 0.005),
    ... ]
    >>> liquidation_move("linear", 2000, book)
    -0.1794871794871795

    A fully hedged book loses only through its maintenance, which grows with the
    prices: 500 USDT against 1 BTC long and 1 BTC short at 0.5% each lasts until
    0.005 x 60,000 x (1 + r) = 500, a rise of two thirds:

    >>> hedged = [
    ...     Position("BTCUSDT", "long", 30000, 1, 30000, 0.005),
    ...     Position("BTCUSDT", "short", 30000, 1, 30000, 0.005),
    ... ]
    >>> liquidation_move("linear", 500, hedged)
    0.6666666666666666
    """
    kind_, wallet_x, rows, rule, fee = _common(kind, wallet, positions, convention, liquidation_fee)
    a = wallet_x
    b = Fraction(0)
    for row in rows:
        a_row, b_row = _terms(kind_, row, rule, fee)
        a += a_row
        b += b_row * (row.mark if kind_ == "linear" else 1 / row.mark)
    if a == 0 or b == 0:
        return None
    w = -a / b
    if w <= 0:
        return None
    factor = w if kind_ == "linear" else 1 / w
    return en.out("wallet", factor - 1)


def summary(
    kind: str,
    wallet: float,
    positions: object,
    convention: str = "binance",
    liquidation_fee: float = 0.0,
) -> AccountSummary:
    """Equity, unrealised PnL, maintenance margin and margin ratio of the account at the marks.

    Parameters
    ----------
    kind : {"linear", "inverse"}
        Contract kind of every position.
    wallet : float
        Cross wallet balance; zero or more, in the margin currency.
    positions : list or tuple of Position
        The account's positions; may be empty.
    convention : {"binance", "bybit"}, default "binance"
        "binance" values maintenance margins at the marks, "bybit" at the entries.
    liquidation_fee : float, default 0.0
        Rate of each position's value at its mark added to the requirement, in [0, 1).

    Returns
    -------
    AccountSummary
        See :class:`AccountSummary`.

    Raises
    ------
    InputError
        If an argument is invalid; a position's field as ``positions[i].<field>``.

    Notes
    -----
    .. math::
        \\text{margin balance} = WB + \\sum_i uPnL_i(M_i), \\qquad
        \\text{margin ratio} = \\frac{\\sum_i MM_i + f \\sum_i V_i(M_i)}
                                   {\\text{margin balance}}

    as Binance defines the margin ratio (maintenance margin over margin balance); the
    account is liquidated once the margin balance is at or below the requirement, and

    .. math:: \\text{free over maintenance} = \\text{margin balance}
              - \\sum_i MM_i - f \\sum_i V_i(M_i)

    is how much further the account can lose from the marks. It is not Bybit's "total
    sustainable loss" (available balance + initial margin - maintenance margin, from
    the entries; its available balance leaves unrealised profit out), which needs the
    initial margin and so a leverage: no leverage is taken here, and neither figure
    of Bybit's is computed.

    Examples
    --------
    Binance's cross-margin example (see :func:`liquidation_prices`):

    >>> eth = Position("ETHUSDT", "long", 1456.84, 3683.979, 1335.18, 0.10, 135365)
    >>> btc = Position("BTCUSDT", "long", 32481.98, 109.488, 31967.27, 0.025, 16300)
    >>> state = summary("linear", 1535443.01, [eth, btc])
    >>> round(state.margin_balance, 2), round(state.maintenance_margin, 2)
    (1030895.56, 427713.32)
    >>> round(state.margin_ratio, 4), state.liquidated_now
    (0.4149, False)
    >>> summary("linear", 100, []).margin_ratio
    0.0
    """
    kind_, wallet_x, rows, rule, fee = _common(kind, wallet, positions, convention, liquidation_fee)
    pnls = [_pnl(kind_, row, row.mark) for row in rows]
    upnl = sum(pnls, Fraction(0))
    balance = wallet_x + upnl
    maintenance = sum((_maintenance(kind_, row, row.mark, rule) for row in rows), Fraction(0))
    fees = fee * sum((_value(kind_, row.size, row.mark) for row in rows), Fraction(0))
    requirement = maintenance + fees
    ratio: float | None
    if not rows:
        ratio = 0.0
    elif balance > 0:
        ratio = en.out("wallet", requirement / balance)
    else:
        ratio = None
    return AccountSummary(
        wallet=en.out("wallet", wallet_x),
        unrealized_pnl=en.out("positions", upnl),
        margin_balance=en.out("wallet", balance),
        maintenance_margin=en.out("positions", maintenance),
        liquidation_fee=en.out("liquidation_fee", fees),
        margin_ratio=ratio,
        free_over_maintenance=en.out("wallet", balance - requirement),
        liquidated_now=bool(rows) and balance <= requirement,
        position_pnl=tuple(en.out("positions", pnl) for pnl in pnls),
    )
