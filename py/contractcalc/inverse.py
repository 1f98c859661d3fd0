"""Exact math of inverse (coin-margined) contracts.

The size of a position is its face value in USD (``size``, F = contracts x contract
size); margins, profits, fees and funding are in the coin (e.g. BTC), prices in USD per
coin. ``side`` is ``"long"`` (s = +1) or ``"short"`` (s = -1); rates are fractions.
Every function checks its arguments, computes with :class:`fractions.Fraction`, and
rounds once at the end, so each result is the correctly rounded value of the formula in
its Notes applied to the arguments as given. Bad input raises
:class:`contractcalc.InputError` naming the argument. The functions have the same names
and arguments as those of :mod:`contractcalc.linear`.

Sources:

- Binance FAQ "How to Calculate Liquidation Price of COIN-M Futures Contracts"
  (maintenance amount, liquidation price),
  https://www.binance.com/es-MX/support/faq/how-to-calculate-liquidation-price-of-coin-m-futures-contracts-ceccfcfb4e3a45e3b48b0b1bb1a8ae46
- Binance FAQ "Leverage and Margin in Coin-Margined Futures Contracts" (initial
  margin, tiers in coin),
  https://www.binance.com/en-NG/support/faq/be2c7d9d95b04a7e8044ed02dd7dfe5c
- Bybit help centre "How to calculate Liquidation Price (Inverse Contract)"
  (maintenance valued at entry),
  https://help.bybit.com/hc/en-us/articles/360039261334-How-to-calculate-Liquidation-Price-Inverse-Contract-
- Bybit help centre "P&L calculations (Inverse Contracts)",
  https://help.bybit.com/hc/en-us/articles/900000404726-P-L-calculations-Inverse-Contracts-
- Bybit help centre "Order Cost" (inverse contracts: fee to close at the bankruptcy
  price), https://testnet.bybit.com/en/help-center/article/Order-Cost-USDT-Contract
  (read 2026-11-30)
- OKX "Tiered maintenance margin ratio rules" (tiers by number of contracts; liquidation
  when equity reaches maintenance margin plus liquidation fees),
  https://www.okx.com/help/v-tiered-maintenance-margin-ratio-rules (read 2026-11-30 on
  a copy of that page, okx.huicker.com/fr-fr/help/v-tiered-maintenance-margin-ratio-rules)
"""

from __future__ import annotations

from fractions import Fraction

from . import _engine as en
from . import _exact as ex
from .errors import InputError

__all__ = [
    "EXAMPLE_BRACKETS",
    "EXAMPLE_BRACKETS_SOURCE",
    "average_entry",
    "bankruptcy_price",
    "bracket_at",
    "break_even_price",
    "funding_payment",
    "initial_margin",
    "liquidation_fee_amount",
    "liquidation_price",
    "liquidation_price_tiered",
    "maintenance_amounts",
    "maintenance_margin",
    "margin_for_liquidation_price",
    "margin_to_add",
    "max_leverage_for_stop",
    "max_open_size",
    "pnl",
    "position_size_for_risk",
    "roe",
    "size_to_reach_average",
    "target_price",
    "trading_fees",
]

#: Binance BTCUSD COIN-M: (notional floor in BTC, maintenance margin rate).
EXAMPLE_BRACKETS: tuple[tuple[float, float], ...] = (
    (0.0, 0.004),
    (5.0, 0.005),
    (10.0, 0.01),
    (20.0, 0.025),
    (50.0, 0.05),
    (100.0, 0.10),
    (200.0, 0.125),
    (400.0, 0.15),
    (1_000.0, 0.25),
)
#: Where :data:`EXAMPLE_BRACKETS` comes from. Exchanges change tiers often: check the
#: live table before relying on it.
EXAMPLE_BRACKETS_SOURCE = (
    "Binance, BTCUSD COIN-M perpetual (floors in BTC), FAQ 'Leverage and Margin in "
    "Coin-Margined Futures Contracts' (en-NG copy, retrieved 2026-11); the rates are those "
    "its liquidation examples imply (maintenance amount 11.605 BTC at 300 BTC), and they "
    "reproduce the Binance calculator's 33,599.40 for a 10M USD long at 45,000 "
    "(https://www.binance.com/en-NG/support/faq/be2c7d9d95b04a7e8044ed02dd7dfe5c)"
)


def initial_margin(entry: float, size: float, leverage: float) -> float:
    """Initial margin of a position, in coin.

    Parameters
    ----------
    entry : float
        Entry price, USD per coin; positive.
    size : float
        Face value in USD; positive.
    leverage : float
        Leverage multiple; positive.

    Returns
    -------
    float
        The margin in coin.

    Raises
    ------
    InputError
        If an argument is not a positive finite number.

    Notes
    -----
    .. math:: IM = \\frac{F}{L\\,E}

    Examples
    --------
    30000 USD of BTCUSD at 30000 with 20x:

    >>> initial_margin(30000, 30000, 20)
    0.05
    """
    entry_x = ex.positive("entry", entry)
    size_x = ex.positive("size", size)
    leverage_x = ex.positive("leverage", leverage)
    return en.out("size", size_x / (leverage_x * entry_x))


def pnl(side: str, entry: float, exit: float, size: float) -> float:
    """Profit or loss of a position closed at ``exit``, in coin (before fees and funding).

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    exit : float
        Exit (or mark) price; positive.
    size : float
        Face value in USD; positive.

    Returns
    -------
    float
        The profit in coin; negative for a loss.

    Raises
    ------
    InputError
        If the side is unknown or a number is not positive and finite.

    Notes
    -----
    .. math:: PnL = s\\,F\\left(\\frac{1}{E} - \\frac{1}{X}\\right)

    Examples
    --------
    30000 USD from 30000 to 40000: the long earns 0.25 BTC, the short loses as much.

    >>> pnl("long", 30000, 40000, 30000)
    0.25
    >>> pnl("short", 30000, 40000, 30000)
    -0.25
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    exit_x = ex.positive("exit", exit)
    size_x = ex.positive("size", size)
    return en.out("size", sign * size_x * (1 / entry_x - 1 / exit_x))


def roe(side: str, entry: float, exit: float, leverage: float) -> float:
    """Return on equity (PnL over initial margin, both in coin) at ``exit``, as a fraction.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    exit : float
        Exit (or mark) price; positive.
    leverage : float
        Leverage multiple; positive.

    Returns
    -------
    float
        The ROE as a fraction; a long's stays below ``leverage`` (x 100%).

    Raises
    ------
    InputError
        If the side is unknown or a number is not positive and finite.

    Notes
    -----
    .. math:: ROE = s\\,L\\left(1 - \\frac{E}{X}\\right)

    Examples
    --------
    From 30000 to 40000 at 20x: +500% for a long, -500% for a short.

    >>> roe("long", 30000, 40000, 20)
    5.0
    >>> roe("short", 30000, 40000, 20)
    -5.0
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    exit_x = ex.positive("exit", exit)
    leverage_x = ex.positive("leverage", leverage)
    return en.out("leverage", sign * leverage_x * (1 - entry_x / exit_x))


def target_price(side: str, entry: float, roe: float, leverage: float) -> float:
    """The exit price at which a position earns a given ROE (the inverse of :func:`roe`).

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    roe : float
        Target return on equity as a fraction; negative for a loss.
    leverage : float
        Leverage multiple; positive.

    Returns
    -------
    float
        The exit price.

    Raises
    ------
    InputError
        If an argument is invalid; (field ``roe``) if no positive price gives that ROE:
        code ``inverse_long_roe_ceiling`` for a long asking ``leverage`` x 100% or more,
        ``price_not_positive`` for a short losing ``leverage`` x 100% or more.

    Notes
    -----
    .. math::
        X_\\text{long} = \\frac{E}{1 - ROE/L}, \\qquad
        X_\\text{short} = \\frac{E}{1 + ROE/L}

    Examples
    --------
    +100% at 20x from 30000:

    >>> target_price("long", 30000, 1, 20)
    31578.947368421053
    >>> target_price("short", 30000, 1, 20)
    28571.428571428572
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    roe_x = ex.number("roe", roe)
    leverage_x = ex.positive("leverage", leverage)
    factor = 1 - sign * roe_x / leverage_x
    if factor <= 0:
        if sign > 0:
            limit = ex.to_float(leverage_x * 100)
            raise InputError("roe", "inverse_long_roe_ceiling", limit=limit)
        raise InputError("roe", "price_not_positive")
    return en.out("roe", entry_x / factor)


def _added(sign: int, added_margin: object, close_fee: object) -> Fraction:
    """Margin added to an isolated position as it counts: X / (1 + s * f_c) (Bybit)."""
    added = ex.non_negative("added_margin", added_margin)
    fee = ex.rate("close_fee", close_fee)
    return added / (1 + sign * fee)


def liquidation_price(
    side: str,
    entry: float,
    size: float,
    wallet: float,
    mmr: float,
    maint_amount: float = 0.0,
    other_maint: float = 0.0,
    other_upnl: float = 0.0,
    convention: str = "binance",
    liquidation_fee: float = 0.0,
    added_margin: float = 0.0,
    close_fee: float = 0.0,
) -> float | None:
    """The mark price at which the position is liquidated (one-way mode).

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    size : float
        Face value in USD; positive.
    wallet : float
        Isolated margin of the position, or the cross wallet balance; zero or more, coin.
    mmr : float
        Maintenance margin rate of the position's bracket, in [0, 1).
    maint_amount : float, default 0.0
        Maintenance amount of the bracket (Binance "cum"), coin; >= 0.
    other_maint : float, default 0.0
        Maintenance margin of the other positions under cross margin; >= 0, coin.
    other_upnl : float, default 0.0
        Unrealised PnL of the other positions under cross margin; any sign, coin.
    convention : {"binance", "bybit"}, default "binance"
        "binance" values the maintenance margin at the mark price, "bybit" at the entry
        price (Bybit's isolated formula).
    liquidation_fee : float, default 0.0
        Liquidation fee rate, in [0, 1): a rate of the position's coin value at the
        liquidation price, F/P, that the exchange adds to the maintenance margin (OKX).
        Under the Binance convention the maintenance rate plus this fee must stay
        below 1.
    added_margin : float, default 0.0
        Margin added to an isolated position after it was opened, the way Bybit's
        unified account counts it: part of it pays the fee to close at the bankruptcy
        price it moves, so it counts as ``added_margin / (1 + s * close_fee)``; >= 0,
        coin.
    close_fee : float, default 0.0
        The fee rate to close that ``added_margin`` pays for (Bybit: the taker rate),
        in [0, 1); 0 counts the added margin in full, as a larger ``wallet`` does.

    Returns
    -------
    float or None
        The liquidation price; None if no positive price liquidates the position (for
        example a 1x short under the Binance convention). If the position is already
        below maintenance at entry, the price is still returned: it then lies on the
        profitable side of entry.

    Raises
    ------
    InputError
        If an argument is invalid (``convention`` for an unknown convention);
        (field ``liquidation_fee``, code ``mmr_plus_fee``) if, under the Binance
        convention, ``mmr + liquidation_fee`` reaches 1.

    Notes
    -----
    Liquidation happens when equity equals maintenance margin plus liquidation fee,
    all in coin. Write :math:`A = WB - TMM + UPNL + cum`. With equity
    :math:`WB + UPNL + sF(1/E - 1/P)`, maintenance :math:`Fm/P - cum + TMM` (Binance)
    and fee :math:`Ff/P`:

    .. math:: LP = \\frac{F\\,(m + f + s)}{A + sF/E}

    so a fee f gives exactly the price of the maintenance rate m + f. With maintenance
    valued at entry, :math:`Fm/E - cum + TMM` (Bybit), the fee still valued at the
    liquidation price, the equation :math:`A + sF/E - sF/P = Fm/E + Ff/P` is again
    linear in 1/P:

    .. math:: LP = \\frac{F\\,(s + f)}{A + sF/E - Fm/E}

    which with f = 0 is, for an isolated long, Bybit's :math:`EL/(L + 1 - mL)`.
    Equity minus the requirement is strictly monotone in P (:math:`s + f` and
    :math:`s + m + f` have the side's sign), so the root is the liquidation price.
    :func:`maintenance_margin` and :func:`liquidation_fee_amount` give the two parts
    of the requirement at LP.

    Margin X added to an isolated position counts in WB as :math:`X / (1 + s f_c)`,
    with :math:`f_c` the ``close_fee`` (the coin a long's lower bankruptcy price frees
    is worth more in fees to close, as F/P grows): Bybit's unified-account isolated
    formula, :math:`LP = F(m + 1) / (F/E + F/(EL) + X/(1 + f_c) + cum)` for a long and
    :math:`F(1 - m) / (F/E - F/(EL) - X/(1 - f_c) - cum)` for a short, is the
    "binance" convention with :math:`WB = F/(EL) + X/(1 + s f_c)`.

    Examples
    --------
    30000 USD at 30000 with 20x isolated margin (0.05 BTC) and 0.4% MMR: the long is
    liquidated 4.38% below entry, the short 4.84% above; a 1x short never is.

    >>> liquidation_price("long", 30000, 30000, 0.05, 0.004)
    28685.714285714286
    >>> liquidation_price("short", 30000, 30000, 0.05, 0.004)
    31452.63157894737
    >>> liquidation_price("long", 30000, 30000, 0.05, 0.004, convention="bybit")
    28680.688336520077
    >>> liquidation_price("short", 30000, 30000, 1, 0.004) is None
    True

    A 0.1% liquidation fee on top, under each convention: 30000 x 1.005 / 1.05 and
    30000 x 1.001 / (1.05 - 0.004).

    >>> liquidation_price("long", 30000, 30000, 0.05, 0.004, liquidation_fee=0.001)
    28714.285714285714
    >>> liquidation_price(
    ...     "long", 30000, 30000, 0.05, 0.004, convention="bybit", liquidation_fee=0.001
    ... )
    28709.369024856598
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    size_x = ex.positive("size", size)
    wallet_x = ex.non_negative("wallet", wallet)
    mmr_x = ex.rate("mmr", mmr)
    cum = ex.non_negative("maint_amount", maint_amount)
    other_maint_x = ex.non_negative("other_maint", other_maint)
    other_upnl_x = ex.number("other_upnl", other_upnl)
    rule = en.convention(convention)
    fee_x = ex.rate("liquidation_fee", liquidation_fee)
    wallet_x += _added(sign, added_margin, close_fee)
    margin = wallet_x - other_maint_x + other_upnl_x + cum + sign * size_x / entry_x
    if rule == "binance":
        en.check_rate_plus_fee(mmr_x, fee_x)
        numerator = size_x * (mmr_x + fee_x + sign)
    else:
        numerator = size_x * (sign + fee_x)
        margin -= size_x * mmr_x / entry_x
    if margin == 0:
        return None
    return en.price_or_none("wallet", numerator / margin)


def maintenance_amounts(brackets: object, basis: str = "notional") -> list[float]:
    """The maintenance amount (Binance "cum") of each bracket of a tier table, in coin.

    Parameters
    ----------
    brackets : sequence of (float, float)
        (floor, maintenance margin rate) pairs: the first floor 0, floors strictly
        increasing, each rate in [0, 1). Floors in coin of notional, or in USD of face
        value with ``basis="size"``.
    basis : {"notional", "size", "notional_whole"}, default "notional"
        What picks the bracket, as in :func:`liquidation_price_tiered`. By size (OKX)
        and by "notional_whole" (KuCoin) a bracket's rate applies to the whole position
        and nothing is deducted.

    Returns
    -------
    list of float
        One amount per bracket, in coin; all zero unless ``basis="notional"``.

    Raises
    ------
    InputError
        (field ``brackets``) if the table is malformed; (field ``basis``) for an
        unknown basis.

    Notes
    -----
    The amounts make the maintenance margin :math:`N m_n - cum_n` continuous in the
    coin notional N:

    .. math:: cum_0 = 0, \\qquad cum_n = floor_n\\,(m_n - m_{n-1}) + cum_{n-1}

    By size, or by notional on the whole position, the maintenance margin jumps at
    each floor instead, so every amount is 0.

    Examples
    --------
    The rates are binary floats, so an amount can differ from the decimal one in the
    last digit:

    >>> [round(amount, 9) for amount in maintenance_amounts(EXAMPLE_BRACKETS)]
    [0.0, 0.005, 0.055, 0.355, 1.605, 6.605, 11.605, 21.605, 121.605]
    >>> maintenance_amounts([(0, 0.005), (10000, 0.01)], basis="size")
    [0.0, 0.0]
    """
    table = en.brackets(brackets)
    if en.basis(basis) != "notional":
        return [0.0] * len(table)
    return [en.out("brackets", amount) for amount in en.maintenance_amounts(table)]


def maintenance_margin(price: float, size: float, mmr: float, maint_amount: float = 0.0) -> float:
    """The maintenance margin of a position valued at ``price``, in coin.

    Parameters
    ----------
    price : float
        Mark price at which the position is valued (the entry price under Bybit's
        isolated convention); positive.
    size : float
        Face value in USD; positive.
    mmr : float
        Maintenance margin rate of the position's bracket, in [0, 1).
    maint_amount : float, default 0.0
        Maintenance amount of the bracket (Binance "cum"), coin; >= 0.

    Returns
    -------
    float
        The maintenance margin in coin. With a bracket's own rate and amount (see
        :func:`maintenance_amounts`) it is never negative; an amount larger than
        F*m/P gives the formula's negative value.

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    .. math:: MM = \\frac{F}{P}\\,m - cum

    At :func:`liquidation_price` the position's equity equals this (plus the other
    positions' maintenance under cross margin, plus :func:`liquidation_fee_amount` if
    the exchange charges one). The fee is not part of this amount.

    Examples
    --------
    30000 USD at a mark of 30000 with 0.4% MMR:

    >>> maintenance_margin(30000, 30000, 0.004)
    0.004
    """
    price_x = ex.positive("price", price)
    size_x = ex.positive("size", size)
    mmr_x = ex.rate("mmr", mmr)
    cum = ex.non_negative("maint_amount", maint_amount)
    return en.out("mmr", size_x / price_x * mmr_x - cum)


def liquidation_fee_amount(price: float, size: float, liquidation_fee: float) -> float:
    """The liquidation fee on a position valued at ``price``, in coin.

    Parameters
    ----------
    price : float
        Price at which the position is valued, e.g. its liquidation price; positive.
    size : float
        Face value in USD; positive.
    liquidation_fee : float
        Liquidation fee rate, in [0, 1).

    Returns
    -------
    float
        The fee in coin, which the exchange requires on top of the maintenance margin.

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    .. math:: \\text{fee} = \\frac{F}{P}\\,f

    At :func:`liquidation_price` with ``liquidation_fee=f`` the equity equals
    :func:`maintenance_margin` plus this, both valued as the convention says.

    Examples
    --------
    30000 USD at 28000 with a 0.1% fee: 0.001 x 30000 / 28000 BTC.

    >>> liquidation_fee_amount(28000, 30000, 0.001)
    0.0010714285714285715
    """
    price_x = ex.positive("price", price)
    size_x = ex.positive("size", size)
    fee_x = ex.rate("liquidation_fee", liquidation_fee)
    return en.out("liquidation_fee", size_x / price_x * fee_x)


def bracket_at(
    brackets: object,
    price: float,
    size: float,
    basis: str = "notional",
    inclusive_caps: bool = False,
) -> int:
    """The bracket a position falls in when valued at ``price`` (0-based).

    Parameters
    ----------
    brackets : sequence of (float, float)
        ``(floor, mmr)`` pairs as for :func:`liquidation_price_tiered`; floors in coin
        of notional, or in USD of face value with ``basis="size"``.
    price : float
        Price at which the position is valued, e.g. its liquidation price; positive.
        With ``basis="size"`` it does not move the bracket.
    size : float
        Face value in USD; positive.
    basis : {"notional", "size", "notional_whole"}, default "notional"
        Whether the coin notional :math:`F / P` or the face value F picks the bracket.
    inclusive_caps : bool, default False
        Whether each bracket's cap (the next floor) belongs to it, as exchanges that
        publish "X or below" count it (Bybit, OKX).

    Returns
    -------
    int
        The index n with floor_n <= x < floor_(n+1), or with inclusive caps
        floor_n < x <= floor_(n+1) (and 0 for x = 0), x being the notional
        :math:`F / P` or, by size, F. It is the tier the exchange reports.

    Raises
    ------
    InputError
        If the table is invalid, the price or size is not positive, the basis is
        unknown, or ``inclusive_caps`` is not a bool.

    Examples
    --------
    >>> bracket_at(EXAMPLE_BRACKETS, 28000, 300000)
    2
    >>> bracket_at([(0, 0.005), (10000, 0.01)], 28000, 300000, basis="size")
    1
    >>> bracket_at(EXAMPLE_BRACKETS, 30000, 150000, inclusive_caps=True)
    0
    """
    table = en.brackets(brackets)
    price_x = ex.positive("price", price)
    size_x = ex.positive("size", size)
    by_size = en.basis(basis) == "size"
    caps = en.inclusive(inclusive_caps)
    return en.bracket_index(table, size_x if by_size else size_x / price_x, caps)


def liquidation_price_tiered(
    side: str,
    entry: float,
    size: float,
    wallet: float,
    brackets: object,
    other_maint: float = 0.0,
    other_upnl: float = 0.0,
    liquidation_fee: float = 0.0,
    basis: str = "notional",
    convention: str = "binance",
    inclusive_caps: bool = False,
    added_margin: float = 0.0,
    close_fee: float = 0.0,
) -> float | None:
    """The liquidation price under a tier table of maintenance margin rates.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    size : float
        Face value in USD; positive.
    wallet : float
        Isolated margin, or the cross wallet balance; zero or more, coin.
    brackets : sequence of (float, float)
        (floor, maintenance margin rate) pairs, as in :func:`maintenance_amounts`; e.g.
        :data:`EXAMPLE_BRACKETS`. Floors in coin of notional, or in USD of face value
        with ``basis="size"``.
    other_maint : float, default 0.0
        Maintenance margin of the other positions under cross margin; >= 0, coin.
    other_upnl : float, default 0.0
        Unrealised PnL of the other positions under cross margin; any sign, coin.
    liquidation_fee : float, default 0.0
        Liquidation fee rate on the position's coin value at the liquidation price,
        added to the maintenance margin as in :func:`liquidation_price`; in [0, 1), and
        (under the "binance" convention) below 1 minus every rate that can apply.
    basis : {"notional", "size", "notional_whole"}, default "notional"
        "notional": the bracket is the one the coin notional at the liquidation price
        falls in, with its maintenance amount (Binance). "size": the bracket is the one
        the face value falls in (OKX's contracts x contract value), and its rate applies
        to the whole position with no maintenance amount. "notional_whole": the bracket
        is the one the coin notional at the liquidation price falls in, and its rate
        applies to the whole position with nothing deducted (KuCoin's levels).
    convention : {"binance", "bybit"}, default "binance"
        "binance" values the maintenance margin at the liquidation (mark) price, "bybit"
        at the entry price; then the bracket is the one the value at entry (or the face
        value) falls in, whatever the price.
    inclusive_caps : bool, default False
        Whether each bracket's cap belongs to it ("X or below", Bybit and OKX).
    added_margin, close_fee : float, default 0.0
        Margin added to an isolated position and the fee rate to close it pays for, as
        in :func:`liquidation_price` (Bybit's unified account).

    Returns
    -------
    float or None
        The liquidation price; None if no positive price liquidates.

    Raises
    ------
    InputError
        If an argument is invalid (``brackets`` for a malformed table, ``basis`` for an
        unknown basis); (field ``liquidation_fee``, code ``mmr_plus_fee``) if, under the
        "binance" convention, the fee plus a rate that can apply reaches 1.

    Notes
    -----
    By notional, the notional at price P is :math:`F/P` coin (Binance COIN-M brackets
    are in coin), so it grows as the price falls. Each bracket n gives a candidate
    :math:`LP_n` from :func:`liquidation_price` with its :math:`m_n`, :math:`cum_n` and
    the fee f; exactly one satisfies

    .. math:: floor_n \\le F / LP_n < floor_{n+1}

    and that one is returned; it is found exactly, without iteration. The fee does
    not move the bracket: the maintenance margin's own basis, the notional, picks it.

    By size the bracket n has :math:`floor_n \\le F < floor_{n+1}` whatever the price,
    and

    .. math:: LP = \\frac{F\\,(m_n + f + s)}{WB - TMM + UPNL + sF/E}

    By "notional_whole" the maintenance :math:`F m_n / P` jumps at each floor, at
    :math:`P = F / floor_n`; the liquidation price is the first point the price reaches
    from entry on the losing side where equity minus requirement reaches zero, inside
    a bracket or by a jump at a floor (a long's coin notional grows as the price falls,
    so it meets higher rates). Under the "bybit" convention the bracket is fixed by
    :math:`F/E` (or F), and the price is :func:`liquidation_price` with that bracket's
    rate and amount.

    Examples
    --------
    291,000 USD (9.7 BTC at entry, the 0.5% bracket) at 30000 with 20x isolated margin
    (0.485 BTC): at the liquidation price the notional is about 10.14 BTC, so the 1%
    bracket (cum 0.055) applies: 291000 x 1.01 / (0.485 + 0.055 + 9.7).

    >>> liquidation_price_tiered("long", 30000, 291000, 0.485, EXAMPLE_BRACKETS)
    28702.1484375

    OKX-style tiers by face value (floors in USD): 291,000 USD is in the 1% tier
    whatever the price, here with a 0.1% liquidation fee: 291000 x 1.011 / (0.485 + 9.7).

    >>> okx = [(0, 0.005), (100_000, 0.01), (500_000, 0.015)]
    >>> liquidation_price_tiered("long", 30000, 291000, 0.485, okx, 0, 0, 0.001, "size")
    28885.714285714286

    KuCoin-style levels on the whole position, nothing deducted: the same long is in
    the 1% level at its liquidation price, 291000 x 1.01 / (0.485 + 9.7), nearer entry:

    >>> liquidation_price_tiered("long", 30000, 291000, 0.485, EXAMPLE_BRACKETS,
    ...                          basis="notional_whole")
    28857.14285714286

    At 25x (0.388 BTC) its notional reaches 10 BTC at 29,100, where equity is 0.088
    BTC: above 0.5% of it, below 1% of it, so the jump to the 1% level liquidates it
    right there (with Binance's deduction it would last until 28,976):

    >>> liquidation_price_tiered("long", 30000, 291000, 0.388, EXAMPLE_BRACKETS,
    ...                          basis="notional_whole")
    29100.0
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    size_x = ex.positive("size", size)
    wallet_x = ex.non_negative("wallet", wallet)
    table = en.brackets(brackets)
    other_maint_x = ex.non_negative("other_maint", other_maint)
    other_upnl_x = ex.number("other_upnl", other_upnl)
    fee_x = ex.rate("liquidation_fee", liquidation_fee)
    rule = en.basis(basis)
    valued = en.convention(convention)
    caps = en.inclusive(inclusive_caps)
    backing = wallet_x + _added(sign, added_margin, close_fee) - other_maint_x + other_upnl_x
    if valued == "binance":
        en.check_rate_plus_fee(en.highest_rate(table, rule, size_x, caps), fee_x)

    def candidate(mmr: Fraction, cum: Fraction) -> Fraction | None:
        margin = backing + cum + sign * size_x / entry_x
        if valued == "bybit":
            margin -= size_x * mmr / entry_x
            numerator = size_x * (sign + fee_x)
        else:
            numerator = size_x * (mmr + fee_x + sign)
        return None if margin == 0 else numerator / margin

    def excess(mmr: Fraction, price: Fraction) -> Fraction:
        return backing + sign * size_x * (1 / entry_x - 1 / price) - size_x * (mmr + fee_x) / price

    position = en.Position(
        sign, entry_x, size_x, candidate, lambda p: size_x / p, lambda n: size_x / n, excess
    )
    price = en.tiered_price(table, rule, valued, caps, position)
    return None if price is None else en.price_or_none("wallet", price)


def bankruptcy_price(side: str, entry: float, size: float, wallet: float) -> float | None:
    """The price at which the position's equity (in coin) is zero.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    size : float
        Face value in USD; positive.
    wallet : float
        Margin backing the position; zero or more, coin.

    Returns
    -------
    float or None
        The bankruptcy price; None if no positive price exhausts the margin (a short
        with margin at least its face value in coin, e.g. at 1x).

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    .. math:: BP = \\frac{1}{1/E + s\\,WB/F}

    With the initial margin as wallet: long :math:`EL/(L + 1)`, short :math:`EL/(L - 1)`.

    Examples
    --------
    30000 USD at 30000 with 0.05 BTC of margin (20x):

    >>> bankruptcy_price("long", 30000, 30000, 0.05)
    28571.428571428572
    >>> bankruptcy_price("short", 30000, 30000, 0.05)
    31578.947368421053
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    size_x = ex.positive("size", size)
    wallet_x = ex.non_negative("wallet", wallet)
    inverse_price = 1 / entry_x + sign * wallet_x / size_x
    if inverse_price <= 0:
        return None
    return en.price_or_none("wallet", 1 / inverse_price)


def break_even_price(side: str, entry: float, open_fee: float, close_fee: float) -> float:
    """The exit price at which the profit exactly pays both fees (all in coin).

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    open_fee : float
        Fee rate of the opening trade on its coin notional F/E; negative for a maker
        rebate; in (-1, 1).
    close_fee : float
        Fee rate of the closing trade on its coin notional F/X; in (-1, 1).

    Returns
    -------
    float
        The break-even price.

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    Solving :math:`sF(1/E - 1/X) = f_o F/E + f_c F/X`:

    .. math::
        X_\\text{long} = E\\,\\frac{1 + f_c}{1 - f_o}, \\qquad
        X_\\text{short} = E\\,\\frac{1 - f_c}{1 + f_o}

    Examples
    --------
    Taker fees of 0.05% on both legs from 30000:

    >>> break_even_price("long", 30000, 0.0005, 0.0005)
    30030.015007503753
    >>> break_even_price("short", 30000, 0.0005, 0.0005)
    29970.014992503748
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    open_x = ex.fee("open_fee", open_fee)
    close_x = ex.fee("close_fee", close_fee)
    return en.out("entry", entry_x * (1 + sign * close_x) / (1 - sign * open_x))


def trading_fees(
    entry: float, exit: float, size: float, open_fee: float, close_fee: float
) -> float:
    """The fees paid to open a position at ``entry`` and close it at ``exit``, in coin.

    Parameters
    ----------
    entry : float
        Entry price; positive.
    exit : float
        Exit price; positive.
    size : float
        Face value in USD; positive.
    open_fee : float
        Fee rate of the opening trade on its coin notional F/E; negative for a maker
        rebate; in (-1, 1).
    close_fee : float
        Fee rate of the closing trade on its coin notional F/X; in (-1, 1).

    Returns
    -------
    float
        The fees in coin: positive when paid, negative when rebates outweigh them.
        The side does not matter: each leg pays its rate on its own notional.

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    .. math:: \\text{fees} = f_o\\,\\frac{F}{E} + f_c\\,\\frac{F}{X}

    :func:`break_even_price` is the exit at which :func:`pnl` equals these fees.

    Examples
    --------
    30000 USD opened at 30000 and closed at 40000, 0.02% maker then 0.05% taker:
    0.0002 x 1 BTC + 0.0005 x 0.75 BTC.

    >>> trading_fees(30000, 40000, 30000, 0.0002, 0.0005)
    0.000575
    """
    entry_x = ex.positive("entry", entry)
    exit_x = ex.positive("exit", exit)
    size_x = ex.positive("size", size)
    open_x = ex.fee("open_fee", open_fee)
    close_x = ex.fee("close_fee", close_fee)
    return en.out("size", open_x * size_x / entry_x + close_x * size_x / exit_x)


def average_entry(fills: object) -> float:
    """Average entry price of several fills: the face-value-weighted harmonic mean.

    Parameters
    ----------
    fills : iterable of (float, float)
        (price, face value in USD) pairs, each positive.

    Returns
    -------
    float
        The average entry price: the one at which the total face value is worth the
        same total of coin.

    Raises
    ------
    InputError
        (field ``fills``) if there are no fills (code ``no_fills``) or a fill is not a
        pair of positive numbers (code ``fill``).

    Notes
    -----
    .. math:: \\bar E = \\frac{\\sum_i F_i}{\\sum_i F_i / p_i}

    Examples
    --------
    30000 USD at 30000 and 30000 USD at 20000 (not 25000, the arithmetic mean):

    >>> average_entry([(30000, 30000), (20000, 30000)])
    24000.0
    """
    checked = en.fills(fills)
    face = sum((size for _, size in checked), Fraction(0))
    coins = sum((size / price for price, size in checked), Fraction(0))
    return en.out("fills", face / coins)


def funding_payment(side: str, mark: float, size: float, rate: float, intervals: int = 1) -> float:
    """Funding paid by a position over some funding intervals, in coin.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    mark : float
        Mark price at funding; positive.
    size : float
        Face value in USD; positive.
    rate : float
        Funding rate per interval as a fraction; positive when longs pay shorts.
    intervals : int, default 1
        Number of funding intervals; a whole number, zero or more.

    Returns
    -------
    float
        The payment in coin: positive if the position pays, negative if it receives.

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    .. math:: \\text{funding} = s\\,\\frac{F}{P_\\text{mark}}\\,r\\,n

    Examples
    --------
    60000 USD (2 BTC) at a mark of 30000, rate 0.01%, two intervals:

    >>> funding_payment("long", 30000, 60000, 0.0001, 2)
    0.0004
    >>> funding_payment("short", 30000, 60000, 0.0001, 2)
    -0.0004
    """
    sign = ex.side(side)
    mark_x = ex.positive("mark", mark)
    size_x = ex.positive("size", size)
    rate_x = ex.number("rate", rate)
    count = ex.count("intervals", intervals)
    return en.out("rate", sign * size_x / mark_x * rate_x * count)


def max_leverage_for_stop(side: str, entry: float, stop: float, mmr: float) -> float:
    """The highest leverage whose isolated liquidation lies at or beyond a stop.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    stop : float
        Stop-loss price; positive, below entry for a long and above it for a short.
    mmr : float
        Maintenance margin rate, in [0, 1).

    Returns
    -------
    float
        The leverage multiple.

    Raises
    ------
    InputError
        If an argument is invalid; (field ``stop``) if the stop equals the entry or lies
        on the profitable side.

    Notes
    -----
    With :math:`d = |S/E - 1|` and isolated margin (wallet = initial margin, cum = 0,
    Binance convention) the liquidation price is :math:`E(1 + m)/(1 + 1/L)` for a long
    and :math:`E(1 - m)/(1 - 1/L)` for a short; :math:`LP \\le S` (long) and
    :math:`LP \\ge S` (short) give

    .. math::
        L_\\text{long} = \\frac{1 - d}{d + m}, \\qquad
        L_\\text{short} = \\frac{1 + d}{d + m}

    Examples
    --------
    A stop 10% away with 0.4% MMR:

    >>> max_leverage_for_stop("long", 30000, 27000, 0.004)
    8.653846153846153
    >>> max_leverage_for_stop("short", 30000, 33000, 0.004)
    10.576923076923077
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    stop_x = ex.positive("stop", stop)
    mmr_x = ex.rate("mmr", mmr)
    d = en.stop_distance(sign, entry_x, stop_x)
    return en.out("stop", (1 - sign * d) / (d + mmr_x))


def position_size_for_risk(
    side: str,
    entry: float,
    stop: float,
    risk: float,
    open_fee: float = 0.0,
    close_fee: float = 0.0,
) -> float:
    """The face value that loses exactly ``risk`` coin if stopped out, fees included.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    stop : float
        Stop-loss price; positive, below entry for a long and above it for a short.
    risk : float
        Amount to lose at the stop, coin; positive.
    open_fee : float, default 0.0
        Fee rate on the entry notional F/E; negative for a rebate; in (-1, 1).
    close_fee : float, default 0.0
        Fee rate on the notional at the stop, F/S; in (-1, 1).

    Returns
    -------
    float
        The face value in USD.

    Raises
    ------
    InputError
        If an argument is invalid; (field ``stop``) if the stop is on the wrong side, or
        if rebates outweigh the loss at the stop (code ``no_loss_at_stop``).

    Notes
    -----
    .. math:: F = \\frac{risk}{s(1/S - 1/E) + f_o/E + f_c/S}

    Examples
    --------
    Risking 0.01 BTC from 30000 with a stop at 29000, without and with 0.05% fees:

    >>> position_size_for_risk("long", 30000, 29000, 0.01)
    8700.0
    >>> position_size_for_risk("long", 30000, 29000, 0.01, 0.0005, 0.0005)
    8450.704225352112
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    stop_x = ex.positive("stop", stop)
    risk_x = ex.positive("risk", risk)
    open_x = ex.fee("open_fee", open_fee)
    close_x = ex.fee("close_fee", close_fee)
    en.stop_distance(sign, entry_x, stop_x)
    loss_per_usd = sign * (1 / stop_x - 1 / entry_x) + open_x / entry_x + close_x / stop_x
    if loss_per_usd <= 0:
        raise InputError("stop", "no_loss_at_stop")
    return en.out("stop", risk_x / loss_per_usd)


def max_open_size(
    balance: float,
    price: float,
    leverage: float,
    open_fee: float = 0.0,
    close_fee: float = 0.0,
    side: str = "long",
) -> float:
    """The largest face value whose order cost equals the balance.

    Parameters
    ----------
    balance : float
        Available balance, coin; zero or more.
    price : float
        Order price; positive.
    leverage : float
        Leverage multiple; positive.
    open_fee : float, default 0.0
        Fee rate on the order's coin notional; in (-1, 1). A rebate (negative) must keep
        the cost per unit positive.
    close_fee : float, default 0.0
        Fee rate reserved for closing at the bankruptcy price (Bybit's taker rate); in
        (-1, 1). 0 leaves it out of the cost.
    side : {"long", "short"}, default "long"
        Direction of the order; it decides the bankruptcy price the closing fee is
        valued at, and so matters only with a closing fee.

    Returns
    -------
    float
        The face value in USD.

    Raises
    ------
    InputError
        If an argument is invalid; (field ``open_fee``, code ``below``, or
        ``close_fee`` if only its rebate is to blame) if rebates make the cost per unit
        zero or less.

    Notes
    -----
    The order cost is initial margin plus the fee to open on the coin notional F/P
    plus the fee to close on the coin notional at the bankruptcy price
    :math:`BP = PL/(L + s)`, that is :math:`F/BP = (F/P)(1 + s/L)` (Bybit "Order
    Cost", inverse contracts; see the module's sources):

    .. math::
        \\text{cost} = \\frac{F}{PL} + f_o\\,\\frac{F}{P} + f_c\\,\\frac{F}{BP},
        \\qquad
        F = \\frac{B\\,P}{1/L + f_o + f_c\\,k}, \\quad k = \\max(0,\\ 1 + s/L)

    A short at 1x or less never reaches a positive bankruptcy price, so nothing is
    reserved for it (k = 0). With :math:`f_c = 0` this is :math:`BP/(1/L + f_o)`.

    Examples
    --------
    0.1 BTC at 30000 with 20x, without and with a 0.05% fee:

    >>> max_open_size(0.1, 30000, 20)
    60000.0
    >>> max_open_size(0.1, 30000, 20, 0.0005)
    59405.94059405941

    Bybit's order cost example, 10,000 USD long at 6400 with 25x and 0.075% taker
    fees: 0.0625 + 0.00117188 + 0.00121875 BTC buys 10,000 USD (to the binary
    floats' last digit).

    >>> round(max_open_size(0.064890625, 6400, 25, 0.00075, 0.00075, "long"), 6)
    10000.0
    """
    balance_x = ex.non_negative("balance", balance)
    price_x = ex.positive("price", price)
    leverage_x = ex.positive("leverage", leverage)
    open_x = ex.fee("open_fee", open_fee)
    close_x = ex.fee("close_fee", close_fee)
    sign = ex.side(side)
    close_factor = max(Fraction(0), 1 + sign / leverage_x)
    rate = en.order_cost_rate(leverage_x, open_x, close_x, close_factor)
    return en.out("balance", balance_x * price_x / rate)


def size_to_reach_average(entry: float, size: float, price: float, target: float) -> float:
    """The face value to add at ``price`` so that the average entry becomes ``target``.

    Parameters
    ----------
    entry : float
        Average entry price of the position now; positive.
    size : float
        Face value held now, in USD; positive.
    price : float
        Price at which the face value is added; positive.
    target : float
        Average entry price wanted; positive, between ``entry`` and ``price``.

    Returns
    -------
    float
        The face value to add, in USD; 0 when the target is the current entry.

    Raises
    ------
    InputError
        If an argument is invalid, or (field ``target``, code ``average_out_of_reach``)
        if the target is not strictly between the entry and the price (nor equal to the
        entry): the average of the two can only lie between them.

    Notes
    -----
    The average is the face-value-weighted harmonic mean (see :func:`average_entry`);
    solving :math:`(F + x) / (F/E + x/P) = T` for x:

    .. math:: x = F\\,\\frac{P\\,(T - E)}{E\\,(P - T)}

    Examples
    --------
    30000 USD held from 30000; to average down to 24000 by adding at 20000 (the same
    face value again, see :func:`average_entry`), and to 28000:

    >>> size_to_reach_average(30000, 30000, 20000, 24000)
    30000.0
    >>> size_to_reach_average(30000, 30000, 20000, 28000)
    5000.0
    """
    entry_x = ex.positive("entry", entry)
    size_x = ex.positive("size", size)
    price_x = ex.positive("price", price)
    target_x = ex.positive("target", target)
    if target_x == entry_x:
        return 0.0
    if not min(entry_x, price_x) < target_x < max(entry_x, price_x):
        raise InputError("target", "average_out_of_reach")
    added = size_x * price_x * (target_x - entry_x) / (entry_x * (price_x - target_x))
    return en.out("target", added)


def margin_for_liquidation_price(
    side: str,
    entry: float,
    size: float,
    mmr: float,
    target: float,
    maint_amount: float = 0.0,
    convention: str = "binance",
    liquidation_fee: float = 0.0,
) -> float:
    """The isolated margin, in coin, at which the liquidation price is exactly ``target``.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    size : float
        Face value in USD; positive.
    mmr : float
        Maintenance margin rate of the position's bracket, in [0, 1).
    target : float
        Liquidation price wanted; positive, below entry for a long, above for a short.
    maint_amount : float, default 0.0
        Maintenance amount of the bracket (Binance "cum"), coin; >= 0.
    convention : {"binance", "bybit"}, default "binance"
        "binance" values the maintenance margin at the liquidation price, "bybit" at
        the entry price.
    liquidation_fee : float, default 0.0
        Rate of the position's value at the liquidation price (F/T coin) added to the
        maintenance margin, in [0, 1).

    Returns
    -------
    float
        The margin (wallet) in coin; :func:`liquidation_price` with it gives ``target``.

    Raises
    ------
    InputError
        If an argument is invalid; (field ``target``) code
        ``liquidation_wrong_side_long`` / ``liquidation_wrong_side_short`` if the target
        is not on the losing side of entry, ``no_margin_for_target`` if the margin it
        needs would be negative.

    Notes
    -----
    Solving the liquidation equation of :func:`liquidation_price` for the wallet, with
    the maintenance valued at :math:`N = T` ("binance") or :math:`N = E` ("bybit"):

    .. math::
        WB = \\frac{F}{N} m - cum + f \\frac{F}{T}
             - s F \\left(\\frac{1}{E} - \\frac{1}{T}\\right)

    Examples
    --------
    30000 USD at 30000 with 0.4% MMR: the margin that puts liquidation at 28500 (long)
    or 31500 (short):

    >>> margin_for_liquidation_price("long", 30000, 30000, 0.004, 28500)
    0.056842105263157895
    >>> margin_for_liquidation_price("short", 30000, 30000, 0.004, 31500)
    0.05142857142857143
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    size_x = ex.positive("size", size)
    mmr_x = ex.rate("mmr", mmr)
    target_x = ex.positive("target", target)
    cum = ex.non_negative("maint_amount", maint_amount)
    rule = en.convention(convention)
    fee = ex.rate("liquidation_fee", liquidation_fee)
    if sign * (target_x - entry_x) >= 0:
        code = "liquidation_wrong_side_long" if sign > 0 else "liquidation_wrong_side_short"
        raise InputError("target", code)
    valued_at = target_x if rule == "binance" else entry_x
    wallet = (
        size_x / valued_at * mmr_x
        - cum
        + fee * size_x / target_x
        - sign * size_x * (1 / entry_x - 1 / target_x)
    )
    if wallet < 0:
        raise InputError("target", "no_margin_for_target")
    return en.out("target", wallet)


def margin_to_add(side: str, margin: float, needed: float, close_fee: float = 0.0) -> float:
    """The margin, in coin, to add to an isolated position so that it counts as ``needed``.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    margin : float
        The position's isolated margin now; >= 0, coin.
    needed : float
        The margin it should count, e.g. :func:`margin_for_liquidation_price` of a
        target liquidation price; >= 0, coin.
    close_fee : float, default 0.0
        The fee rate to close that added margin pays for, as in
        :func:`liquidation_price` (Bybit's unified account: the taker rate), in [0, 1);
        0 where margin added counts in full.

    Returns
    -------
    float
        The margin to transfer to the position, in coin; :func:`liquidation_price` with
        ``wallet=margin``, ``added_margin`` equal to it and the same ``close_fee``
        counts ``needed``. Negative where ``needed`` is below ``margin``: then the
        margin held beyond it, in full (no fee is reserved on margin taken out).

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    Margin X added to a coin-margined position counts as :math:`X / (1 + s f_c)` (see
    :func:`liquidation_price`), so the margin to add for a wallet :math:`W` counted,
    from a margin :math:`M`, is

    .. math:: X = (W - M)(1 + s f_c)

    when :math:`W > M`, and :math:`W - M` otherwise.

    Examples
    --------
    A long holding 0.01 BTC that should count 0.02 BTC, taker 0.055%: 0.01 x 1.00055.

    >>> margin_to_add("long", 0.01, 0.02, 0.00055)
    0.0100055
    >>> margin_to_add("short", 0.5, 0.25, 0.00055)
    -0.25
    """
    return en.margin_to_add(side, margin, needed, close_fee, 1)
