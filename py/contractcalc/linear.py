"""Exact math of linear (USDT-margined) contracts.

The size of a position is its quantity in coins (``size``, Q); prices, margins,
profits and fees are in the quote currency (USDT). ``side`` is ``"long"`` (s = +1) or
``"short"`` (s = -1); rates are fractions (0.004 means 0.4%). Every function checks
its arguments, computes with :class:`fractions.Fraction`, and rounds once at the end,
so each result is the correctly rounded value of the formula in its Notes applied to
the arguments as given. Bad input raises :class:`contractcalc.InputError` naming the
argument.

Sources:

- Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts"
  (maintenance amount, liquidation price, single-asset mode),
  https://www.binance.com/en-NG/support/faq/b3c689c1f50a44cabb3a84e663b81d93
- Binance announcement of the BTCUSDT leverage and margin tiers (2021-03-18),
  https://www.binance.com/en/support/announcement/86cf9aa472574b8cb2e05bb751c2a9a6
- Bybit help centre "Liquidation Price (USDT Contract)" (maintenance valued at entry),
  https://testnet.bybit.com/en-US/help-center/s/article/Liquidation-Price-USDT-Contract
- Bybit help centre "P&L calculations (USDT Contract)",
  https://help.bybit.com/hc/en-us/articles/900000630066-P-L-calculations-USDT-Contract-
- Bybit help centre "Order Cost (USDT Contract)" (fee to close at the bankruptcy price),
  https://testnet.bybit.com/en/help-center/article/Order-Cost-USDT-Contract, and Phemex
  "Order Cost (USDT Contract)", https://phemex.com/help-center/Order-Cost-USDT-Contract
  (both read 2026-11-30)
- OKX "Tiered maintenance margin ratio rules" (tiers by number of contracts; liquidation
  when equity reaches maintenance margin plus liquidation fees),
  https://www.okx.com/help/v-tiered-maintenance-margin-ratio-rules (read 2026-11-30 on
  a copy of that page, okx.huicker.com/fr-fr/help/v-tiered-maintenance-margin-ratio-rules)
- BYDFI "Liquidation Price Calculation (USDT-M)" (maintenance at entry, liquidation fee
  at the mark price),
  https://support.bydfi.com/hc/en-us/articles/5692916104463-Liquidation-Price-Calculation-USDT-M
  (read 2026-11-30)
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

#: Binance BTCUSDT USDⓈ-M perpetual: (notional floor in USDT, maintenance margin rate).
EXAMPLE_BRACKETS: tuple[tuple[float, float], ...] = (
    (0.0, 0.004),
    (50_000.0, 0.005),
    (250_000.0, 0.01),
    (1_000_000.0, 0.025),
    (10_000_000.0, 0.05),
    (20_000_000.0, 0.10),
    (50_000_000.0, 0.125),
    (100_000_000.0, 0.15),
    (200_000_000.0, 0.25),
    (300_000_000.0, 0.50),
)
#: Where :data:`EXAMPLE_BRACKETS` comes from. Exchanges change tiers often: check the
#: live table before relying on it.
EXAMPLE_BRACKETS_SOURCE = (
    "Binance, BTCUSDT USDⓈ-M perpetual, announcement 'Updates to Leverage and Margin Tiers "
    "of Binance Futures Contracts (2021-03-18)', effective 2021-03-18 09:00 UTC "
    "(https://www.binance.com/en/support/announcement/86cf9aa472574b8cb2e05bb751c2a9a6); "
    "tiers up to 500,000,000 USDT notional"
)


def initial_margin(entry: float, size: float, leverage: float) -> float:
    """Initial margin of a position, in USDT.

    Parameters
    ----------
    entry : float
        Entry price, USDT per coin; positive.
    size : float
        Quantity in coins; positive.
    leverage : float
        Leverage multiple; positive.

    Returns
    -------
    float
        The margin in USDT.

    Raises
    ------
    InputError
        If an argument is not a positive finite number.

    Notes
    -----
    .. math:: IM = \\frac{Q E}{L}

    Examples
    --------
    1 BTC at 30000 with 20x leverage:

    >>> initial_margin(30000, 1, 20)
    1500.0
    """
    entry_x = ex.positive("entry", entry)
    size_x = ex.positive("size", size)
    leverage_x = ex.positive("leverage", leverage)
    return en.out("size", size_x * entry_x / leverage_x)


def pnl(side: str, entry: float, exit: float, size: float) -> float:
    """Profit or loss of a position closed at ``exit``, in USDT (before fees and funding).

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    exit : float
        Exit (or mark) price; positive.
    size : float
        Quantity in coins; positive.

    Returns
    -------
    float
        The profit in USDT; negative for a loss.

    Raises
    ------
    InputError
        If the side is unknown or a number is not positive and finite.

    Notes
    -----
    .. math:: PnL = s\\,Q\\,(X - E)

    Examples
    --------
    1 BTC bought at 30000 and sold at 31500, and the same short:

    >>> pnl("long", 30000, 31500, 1)
    1500.0
    >>> pnl("short", 30000, 31500, 1)
    -1500.0
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    exit_x = ex.positive("exit", exit)
    size_x = ex.positive("size", size)
    return en.out("size", sign * size_x * (exit_x - entry_x))


def roe(side: str, entry: float, exit: float, leverage: float) -> float:
    """Return on equity (PnL over initial margin) at ``exit``, as a fraction.

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
        The ROE as a fraction (0.5 means +50%); independent of the size.

    Raises
    ------
    InputError
        If the side is unknown or a number is not positive and finite.

    Notes
    -----
    .. math:: ROE = \\frac{PnL}{IM} = s\\,L\\left(\\frac{X}{E} - 1\\right)

    Examples
    --------
    A 5% rise at 20x: +100% for a long, -100% for a short.

    >>> roe("long", 30000, 31500, 20)
    1.0
    >>> roe("short", 30000, 31500, 20)
    -1.0
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    exit_x = ex.positive("exit", exit)
    leverage_x = ex.positive("leverage", leverage)
    return en.out("leverage", sign * leverage_x * (exit_x / entry_x - 1))


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
        If an argument is invalid, or (field ``roe``, code ``price_not_positive``) if no
        positive price gives that ROE: a long losing ``leverage`` x 100% or more.

    Notes
    -----
    .. math:: X = E\\left(1 + \\frac{s\\,ROE}{L}\\right)

    Examples
    --------
    +50% at 20x from 30000:

    >>> target_price("long", 30000, 0.5, 20)
    30750.0
    >>> target_price("short", 30000, 0.5, 20)
    29250.0
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    roe_x = ex.number("roe", roe)
    leverage_x = ex.positive("leverage", leverage)
    factor = 1 + sign * roe_x / leverage_x
    if factor <= 0:
        raise InputError("roe", "price_not_positive")
    return en.out("roe", entry_x * factor)


def _added(sign: int, added_margin: object, close_fee: object) -> Fraction:
    """Margin added to an isolated position as it counts: X / (1 - s * f_c) (Bybit)."""
    added = ex.non_negative("added_margin", added_margin)
    fee = ex.rate("close_fee", close_fee)
    return added / (1 - sign * fee)


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
        Quantity in coins; positive.
    wallet : float
        Isolated margin of the position, or the cross wallet balance; zero or more, USDT.
    mmr : float
        Maintenance margin rate of the position's bracket, in [0, 1).
    maint_amount : float, default 0.0
        Maintenance amount of the bracket (Binance "cum", Bybit "MM deduction"); >= 0.
    other_maint : float, default 0.0
        Maintenance margin of the other positions under cross margin; >= 0, USDT.
    other_upnl : float, default 0.0
        Unrealised PnL of the other positions under cross margin; any sign, USDT.
    convention : {"binance", "bybit"}, default "binance"
        "binance" values the maintenance margin at the mark price, "bybit" at the entry
        price (Bybit's isolated formula).
    liquidation_fee : float, default 0.0
        Liquidation fee rate, in [0, 1): a rate of the position's value at the
        liquidation price that the exchange adds to the maintenance margin (OKX, BYDFI).
        Under the Binance convention the maintenance rate plus this fee must stay
        below 1.
    added_margin : float, default 0.0
        Margin added to an isolated position after it was opened, the way Bybit's
        unified account counts it: part of it pays the fee to close the position at
        the lower (long) or higher (short) bankruptcy price it buys, so it counts as
        ``added_margin / (1 - s * close_fee)``; >= 0, USDT.
    close_fee : float, default 0.0
        The fee rate to close that ``added_margin`` pays for (Bybit: the taker rate),
        in [0, 1); 0 counts the added margin in full, as a larger ``wallet`` does.

    Returns
    -------
    float or None
        The liquidation price; None if no positive price liquidates the position (for
        example a 1x long without maintenance amount). If the position is already below
        maintenance at entry, the price is still returned: it then lies on the profitable
        side of entry.

    Raises
    ------
    InputError
        If an argument is invalid (``convention`` for an unknown convention);
        (field ``liquidation_fee``, code ``mmr_plus_fee``) if, under the Binance
        convention, ``mmr + liquidation_fee`` reaches 1.

    Notes
    -----
    Liquidation happens when equity equals maintenance margin plus liquidation fee.
    Write :math:`A = WB - TMM + UPNL + cum`. With equity :math:`WB + UPNL + sQ(P - E)`,
    maintenance :math:`QPm - cum + TMM` (Binance) and fee :math:`QPf`:

    .. math:: LP = \\frac{A - sQE}{Q(m + f) - sQ}

    so a fee f gives exactly the price of the maintenance rate m + f. With maintenance
    valued at entry, :math:`QEm - cum + TMM` (Bybit), the fee still valued at the
    liquidation price:

    .. math:: LP = \\frac{QEm + sQE - A}{Q\\,(s - f)}

    With f = 0 this is :math:`E - s\\,(A - QEm)/Q`, Bybit's :math:`E(1 - s/L + s\\,m)`
    when the wallet is the initial margin; with a fee it is BYDFI's isolated
    :math:`(WB - QE(1 + m) + cum)/(Q(f - 1))` for a long and
    :math:`(WB + QE(1 - m) + cum)/(Q(1 + f))` for a short. Either way equity minus the
    requirement is linear in P with slope :math:`Q(s - m - f)` or :math:`Q(s - f)`,
    which has the side's sign, so its one root is the liquidation price.
    :func:`maintenance_margin` and :func:`liquidation_fee_amount` give the two parts
    of the requirement at LP.

    Margin X added to an isolated position counts in WB as :math:`X / (1 - s f_c)`,
    with :math:`f_c` the ``close_fee``: Bybit's unified-account isolated formula,
    :math:`LP = (QE - QE/L - X/(1 - f_c) - cum) / (Q - Qm)` for a long and
    :math:`(QE + QE/L + X/(1 + f_c) + cum) / (Q + Qm)` for a short, is the "binance"
    convention with :math:`WB = QE/L + X/(1 - s f_c)`.

    Examples
    --------
    1 BTC at 30000 with 20x isolated margin (1500 USDT) and 0.4% MMR: the long is
    liquidated 4.62% below entry, the short 4.58% above.

    >>> liquidation_price("long", 30000, 1, 1500, 0.004)
    28614.4578313253
    >>> liquidation_price("short", 30000, 1, 1500, 0.004)
    31374.501992031874
    >>> liquidation_price("long", 30000, 1, 1500, 0.004, convention="bybit")
    28620.0
    >>> liquidation_price("long", 30000, 1, 30000, 0.004) is None
    True

    A 0.1% liquidation fee on top, under each convention:
    (30000 - 1500) / (1 - 0.005) and (30000 x 1.004 - 1500) / (1 - 0.001):

    >>> liquidation_price("long", 30000, 1, 1500, 0.004, liquidation_fee=0.001)
    28643.21608040201
    >>> liquidation_price(
    ...     "long", 30000, 1, 1500, 0.004, convention="bybit", liquidation_fee=0.001
    ... )
    28648.64864864865

    Bybit's unified-account example: 1 BTC long at 40,000 at 50x (800 USDT), 3,000
    USDT added, 0.5% MMR, taker 0.055%: (40000 - 800 - 3000/0.99945) / 0.995.

    >>> round(liquidation_price("long", 40000, 1, 800, 0.005, added_margin=3000,
    ...                         close_fee=0.00055), 2)
    36380.25
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
    margin = wallet_x - other_maint_x + other_upnl_x + cum
    if rule == "binance":
        en.check_rate_plus_fee(mmr_x, fee_x)
        price = (margin - sign * size_x * entry_x) / (size_x * (mmr_x + fee_x - sign))
    else:
        at_entry = size_x * entry_x
        price = (at_entry * mmr_x + sign * at_entry - margin) / (size_x * (sign - fee_x))
    return en.price_or_none("wallet", price)


def maintenance_amounts(brackets: object, basis: str = "notional") -> list[float]:
    """The maintenance amount (Binance "cum") of each bracket of a tier table.

    Parameters
    ----------
    brackets : sequence of (float, float)
        (floor, maintenance margin rate) pairs: the first floor 0, floors strictly
        increasing, each rate in [0, 1). Floors in USDT of notional, or in coins with
        ``basis="size"``.
    basis : {"notional", "size", "notional_whole"}, default "notional"
        What picks the bracket, as in :func:`liquidation_price_tiered`. By size (OKX)
        and by "notional_whole" (KuCoin) a bracket's rate applies to the whole position
        and nothing is deducted.

    Returns
    -------
    list of float
        One amount per bracket, in USDT; all zero unless ``basis="notional"``.

    Raises
    ------
    InputError
        (field ``brackets``) if the table is malformed; (field ``basis``) for an
        unknown basis.

    Notes
    -----
    The amounts make the maintenance margin :math:`N m_n - cum_n` continuous in the
    notional N:

    .. math:: cum_0 = 0, \\qquad cum_n = floor_n\\,(m_n - m_{n-1}) + cum_{n-1}

    By size, or by notional on the whole position, the maintenance margin jumps at
    each floor instead, so every amount is 0.

    Examples
    --------
    The rates are binary floats, so an amount can differ from the published one in
    the last digit:

    >>> [round(amount, 6) for amount in maintenance_amounts(EXAMPLE_BRACKETS)]
    [0.0, 50.0, 1300.0, 16300.0, 266300.0, 1266300.0, 2516300.0, 5016300.0, 25016300.0, 100016300.0]
    >>> maintenance_amounts([(0, 0.004), (100, 0.006)], basis="size")
    [0.0, 0.0]
    """
    table = en.brackets(brackets)
    if en.basis(basis) != "notional":
        return [0.0] * len(table)
    return [en.out("brackets", amount) for amount in en.maintenance_amounts(table)]


def maintenance_margin(price: float, size: float, mmr: float, maint_amount: float = 0.0) -> float:
    """The maintenance margin of a position valued at ``price``, in USDT.

    Parameters
    ----------
    price : float
        Mark price at which the position is valued (the entry price under Bybit's
        isolated convention); positive.
    size : float
        Quantity in coins; positive.
    mmr : float
        Maintenance margin rate of the position's bracket, in [0, 1).
    maint_amount : float, default 0.0
        Maintenance amount of the bracket (Binance "cum", Bybit "MM deduction"); >= 0.

    Returns
    -------
    float
        The maintenance margin in USDT. With a bracket's own rate and amount (see
        :func:`maintenance_amounts`) it is never negative; an amount larger than
        Q*P*m gives the formula's negative value.

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    .. math:: MM = Q\\,P\\,m - cum

    At :func:`liquidation_price` the position's equity equals this (plus the other
    positions' maintenance under cross margin, plus :func:`liquidation_fee_amount` if
    the exchange charges one). The fee is not part of this amount.

    Examples
    --------
    1 BTC at a mark of 30000 with 0.4% MMR, and 10 BTC at 50000 in Binance's 1% bracket
    (maintenance amount 1300):

    >>> maintenance_margin(30000, 1, 0.004)
    120.0
    >>> maintenance_margin(50000, 10, 0.01, 1300)
    3700.0
    """
    price_x = ex.positive("price", price)
    size_x = ex.positive("size", size)
    mmr_x = ex.rate("mmr", mmr)
    cum = ex.non_negative("maint_amount", maint_amount)
    return en.out("mmr", size_x * price_x * mmr_x - cum)


def liquidation_fee_amount(price: float, size: float, liquidation_fee: float) -> float:
    """The liquidation fee on a position valued at ``price``, in USDT.

    Parameters
    ----------
    price : float
        Price at which the position is valued, e.g. its liquidation price; positive.
    size : float
        Quantity in coins; positive.
    liquidation_fee : float
        Liquidation fee rate, in [0, 1).

    Returns
    -------
    float
        The fee in USDT, which the exchange requires on top of the maintenance margin.

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    .. math:: \\text{fee} = Q\\,P\\,f

    At :func:`liquidation_price` with ``liquidation_fee=f`` the equity equals
    :func:`maintenance_margin` plus this, both valued as the convention says.

    Examples
    --------
    1 BTC at 28000 with a 0.1% fee:

    >>> liquidation_fee_amount(28000, 1, 0.001)
    28.0
    """
    price_x = ex.positive("price", price)
    size_x = ex.positive("size", size)
    fee_x = ex.rate("liquidation_fee", liquidation_fee)
    return en.out("liquidation_fee", size_x * price_x * fee_x)


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
        ``(floor, mmr)`` pairs as for :func:`liquidation_price_tiered`; floors in USDT
        of notional, or in coins with ``basis="size"``.
    price : float
        Price at which the position is valued, e.g. its liquidation price; positive.
        With ``basis="size"`` it does not move the bracket.
    size : float
        Quantity in coins; positive.
    basis : {"notional", "size", "notional_whole"}, default "notional"
        Whether the notional :math:`Q \\cdot P` or the size Q picks the bracket.
    inclusive_caps : bool, default False
        Whether each bracket's cap (the next floor) belongs to it, as exchanges that
        publish "X or below" count it (Bybit, OKX).

    Returns
    -------
    int
        The index n with floor_n <= x < floor_(n+1), or with inclusive caps
        floor_n < x <= floor_(n+1) (and 0 for x = 0), x being the notional
        :math:`Q \\cdot P` or, by size, Q. It is the tier the exchange reports; the
        maintenance margin is the same either way where the amounts keep it continuous.

    Raises
    ------
    InputError
        If the table is invalid, the price or size is not positive, the basis is
        unknown, or ``inclusive_caps`` is not a bool.

    Examples
    --------
    >>> bracket_at(EXAMPLE_BRACKETS, 28000, 10)
    2
    >>> bracket_at([(0, 0.004), (100, 0.006)], 28000, 150, basis="size")
    1

    Exactly at a cap, 50,000 USDT: Binance starts the next tier there, Bybit ("50,000
    USDT or below") keeps it in the first.

    >>> bracket_at(EXAMPLE_BRACKETS, 50000, 1), bracket_at(EXAMPLE_BRACKETS, 50000, 1,
    ...                                                     inclusive_caps=True)
    (1, 0)
    """
    table = en.brackets(brackets)
    price_x = ex.positive("price", price)
    size_x = ex.positive("size", size)
    by_size = en.basis(basis) == "size"
    caps = en.inclusive(inclusive_caps)
    return en.bracket_index(table, size_x if by_size else size_x * price_x, caps)


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
        Quantity in coins; positive.
    wallet : float
        Isolated margin, or the cross wallet balance; zero or more, USDT.
    brackets : sequence of (float, float)
        (floor, maintenance margin rate) pairs, as in :func:`maintenance_amounts`; e.g.
        :data:`EXAMPLE_BRACKETS`. Floors in USDT of notional, or in coins with
        ``basis="size"``.
    other_maint : float, default 0.0
        Maintenance margin of the other positions under cross margin; >= 0, USDT.
    other_upnl : float, default 0.0
        Unrealised PnL of the other positions under cross margin; any sign, USDT.
    liquidation_fee : float, default 0.0
        Liquidation fee rate on the position's value at the liquidation price, added to
        the maintenance margin as in :func:`liquidation_price`; in [0, 1), and (under
        the "binance" convention) below 1 minus every rate that can apply.
    basis : {"notional", "size", "notional_whole"}, default "notional"
        "notional": the bracket is the one the notional at the liquidation price falls
        in, with its maintenance amount (Binance, Bybit, Hyperliquid). "size": the
        bracket is the one the size falls in, and its rate applies to the whole
        position with no maintenance amount (OKX, whose tiers count contracts).
        "notional_whole": the bracket is the one the notional at the liquidation price
        falls in, and its rate applies to the whole position with nothing deducted
        (KuCoin's risk-limit levels).
    convention : {"binance", "bybit"}, default "binance"
        "binance" values the maintenance margin at the liquidation (mark) price, "bybit"
        at the entry price; then the bracket is the one the value at entry (or the size)
        falls in, whatever the price.
    inclusive_caps : bool, default False
        Whether each bracket's cap belongs to it ("X or below", Bybit and OKX). It moves
        the price only where the maintenance margin jumps at a floor (by size or by
        "notional_whole") and the position sits exactly on it.
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
    By notional, each bracket n gives a candidate :math:`LP_n` from
    :func:`liquidation_price` with its :math:`m_n`, :math:`cum_n` and the fee f. The
    maintenance margin is continuous in the notional :math:`QP` and equity minus
    maintenance and fee is strictly monotone in P (every :math:`m_n + f < 1`), so
    exactly one candidate satisfies

    .. math:: floor_n \\le Q \\cdot LP_n < floor_{n+1}

    and that one is returned; it is found exactly, without iteration. The fee does
    not move the bracket: the maintenance margin's own basis, the notional, picks it.

    By size the bracket n has :math:`floor_n \\le Q < floor_{n+1}` whatever the price,
    and

    .. math:: LP = \\frac{WB - TMM + UPNL - sQE}{Q(m_n + f) - sQ}

    By "notional_whole" the maintenance :math:`Q P m_n` jumps at each floor, so equity
    minus requirement can cross zero inside a bracket (its candidate with
    :math:`cum = 0`) or jump across zero at a floor :math:`P = floor_n / Q`. The
    liquidation price is the first such point the price reaches from entry on the
    losing side (a long's notional falls with the price, so it meets lower rates; a
    short's meets higher ones and can be liquidated on reaching a floor).

    Under the "bybit" convention the bracket is fixed by :math:`QE` (or Q), and the
    price is :func:`liquidation_price` with that bracket's rate and amount.

    Examples
    --------
    8.5 BTC at 30000 (255,000 USDT, in the 1% bracket) with 20x isolated margin
    (12750 USDT): at liquidation the notional has fallen to about 243,400 USDT, so the
    0.5% bracket applies.

    >>> liquidation_price_tiered("long", 30000, 8.5, 12750, EXAMPLE_BRACKETS)
    28637.304167898314

    OKX-style tiers by size (floors in coins): 8.5 BTC is in the 0.6% tier whatever the
    price, here with a 0.1% liquidation fee: (12750 - 255000) / (8.5 x (0.007 - 1)).

    >>> okx = [(0, 0.004), (5, 0.006), (10, 0.01)]
    >>> liquidation_price_tiered("long", 30000, 8.5, 12750, okx, 0, 0, 0.001, "size")
    28700.906344410876

    KuCoin-style levels on the whole position: the same long at 0.5% on all of its
    243,400 USDT, (12750 - 255000) / (8.5 x (0.005 - 1)), is liquidated higher than
    with Binance's deduction:

    >>> liquidation_price_tiered("long", 30000, 8.5, 12750, EXAMPLE_BRACKETS,
    ...                          basis="notional_whole")
    28643.21608040201
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

    def candidate(mmr: Fraction, cum: Fraction) -> Fraction:
        if valued == "bybit":
            at_entry = size_x * entry_x
            return (at_entry * (mmr + sign) - backing - cum) / (size_x * (sign - fee_x))
        return (backing + cum - sign * size_x * entry_x) / (size_x * (mmr + fee_x - sign))

    def excess(mmr: Fraction, price: Fraction) -> Fraction:
        return backing + sign * size_x * (price - entry_x) - size_x * price * (mmr + fee_x)

    position = en.Position(
        sign, entry_x, size_x, candidate, lambda p: size_x * p, lambda n: n / size_x, excess
    )
    price = en.tiered_price(table, rule, valued, caps, position)
    return None if price is None else en.price_or_none("wallet", price)


def bankruptcy_price(side: str, entry: float, size: float, wallet: float) -> float | None:
    """The price at which the position's equity is zero.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    size : float
        Quantity in coins; positive.
    wallet : float
        Margin backing the position; zero or more, USDT.

    Returns
    -------
    float or None
        The bankruptcy price; None if no positive price exhausts the margin (a long with
        margin at least its notional).

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    .. math:: BP = E - s\\,\\frac{WB}{Q}

    With the initial margin as wallet this is :math:`E(1 - s/L)`.

    Examples
    --------
    1 BTC at 30000 with 1500 USDT of margin (20x):

    >>> bankruptcy_price("long", 30000, 1, 1500)
    28500.0
    >>> bankruptcy_price("short", 30000, 1, 1500)
    31500.0
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    size_x = ex.positive("size", size)
    wallet_x = ex.non_negative("wallet", wallet)
    return en.price_or_none("wallet", entry_x - sign * wallet_x / size_x)


def break_even_price(side: str, entry: float, open_fee: float, close_fee: float) -> float:
    """The exit price at which the profit exactly pays both fees.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    open_fee : float
        Fee rate of the opening trade on its notional; negative for a maker rebate;
        in (-1, 1).
    close_fee : float
        Fee rate of the closing trade on its notional; in (-1, 1).

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
    Solving :math:`sQ(X - E) = f_o QE + f_c QX`:

    .. math::
        X_\\text{long} = E\\,\\frac{1 + f_o}{1 - f_c}, \\qquad
        X_\\text{short} = E\\,\\frac{1 - f_o}{1 + f_c}

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
    return en.out("entry", entry_x * (1 + sign * open_x) / (1 - sign * close_x))


def trading_fees(
    entry: float, exit: float, size: float, open_fee: float, close_fee: float
) -> float:
    """The fees paid to open a position at ``entry`` and close it at ``exit``, in USDT.

    Parameters
    ----------
    entry : float
        Entry price; positive.
    exit : float
        Exit price; positive.
    size : float
        Quantity in coins; positive.
    open_fee : float
        Fee rate of the opening trade on its notional Q*E; negative for a maker rebate;
        in (-1, 1).
    close_fee : float
        Fee rate of the closing trade on its notional Q*X; in (-1, 1).

    Returns
    -------
    float
        The fees in USDT: positive when paid, negative when rebates outweigh them.
        The side does not matter: each leg pays its rate on its own notional.

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    .. math:: \\text{fees} = f_o\\,Q\\,E + f_c\\,Q\\,X

    :func:`break_even_price` is the exit at which :func:`pnl` equals these fees.

    Examples
    --------
    1 BTC opened at 30000 and closed at 31500, 0.02% maker then 0.05% taker:

    >>> trading_fees(30000, 31500, 1, 0.0002, 0.0005)
    21.75
    """
    entry_x = ex.positive("entry", entry)
    exit_x = ex.positive("exit", exit)
    size_x = ex.positive("size", size)
    open_x = ex.fee("open_fee", open_fee)
    close_x = ex.fee("close_fee", close_fee)
    return en.out("size", open_x * size_x * entry_x + close_x * size_x * exit_x)


def average_entry(fills: object) -> float:
    """Average entry price of several fills: the quantity-weighted mean.

    Parameters
    ----------
    fills : iterable of (float, float)
        (price, quantity in coins) pairs, each positive.

    Returns
    -------
    float
        The average entry price.

    Raises
    ------
    InputError
        (field ``fills``) if there are no fills (code ``no_fills``) or a fill is not a
        pair of positive numbers (code ``fill``).

    Notes
    -----
    .. math:: \\bar E = \\frac{\\sum_i q_i p_i}{\\sum_i q_i}

    Examples
    --------
    1 BTC at 30000 and 1 BTC at 20000:

    >>> average_entry([(30000, 1), (20000, 1)])
    25000.0
    """
    checked = en.fills(fills)
    cost = sum((price * size for price, size in checked), Fraction(0))
    quantity = sum((size for _, size in checked), Fraction(0))
    return en.out("fills", cost / quantity)


def funding_payment(side: str, mark: float, size: float, rate: float, intervals: int = 1) -> float:
    """Funding paid by a position over some funding intervals, in USDT.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    mark : float
        Mark price at funding; positive.
    size : float
        Quantity in coins; positive.
    rate : float
        Funding rate per interval as a fraction; positive when longs pay shorts.
    intervals : int, default 1
        Number of funding intervals; a whole number, zero or more.

    Returns
    -------
    float
        The payment: positive if the position pays, negative if it receives.

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    .. math:: \\text{funding} = s\\,Q\\,P_\\text{mark}\\,r\\,n

    Examples
    --------
    1 BTC at a mark of 30000, rate 0.01%, three intervals:

    >>> funding_payment("long", 30000, 1, 0.0001, 3)
    9.0
    >>> funding_payment("short", 30000, 1, 0.0001, 3)
    -9.0
    """
    sign = ex.side(side)
    mark_x = ex.positive("mark", mark)
    size_x = ex.positive("size", size)
    rate_x = ex.number("rate", rate)
    count = ex.count("intervals", intervals)
    return en.out("rate", sign * size_x * mark_x * rate_x * count)


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
    Binance convention), :math:`LP \\le S` for a long and :math:`LP \\ge S` for a short
    give

    .. math::
        L_\\text{long} = \\frac{1}{d + m - dm}, \\qquad
        L_\\text{short} = \\frac{1}{d + m + dm}

    The guide's :math:`1/d` is the case m = 0.

    Examples
    --------
    A stop 10% away with 0.4% MMR:

    >>> max_leverage_for_stop("long", 30000, 27000, 0.004)
    9.652509652509652
    >>> max_leverage_for_stop("short", 30000, 33000, 0.004)
    9.578544061302681
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    stop_x = ex.positive("stop", stop)
    mmr_x = ex.rate("mmr", mmr)
    d = en.stop_distance(sign, entry_x, stop_x)
    return en.out("stop", 1 / (d + mmr_x - sign * d * mmr_x))


def position_size_for_risk(
    side: str,
    entry: float,
    stop: float,
    risk: float,
    open_fee: float = 0.0,
    close_fee: float = 0.0,
) -> float:
    """The quantity that loses exactly ``risk`` USDT if stopped out, fees included.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    stop : float
        Stop-loss price; positive, below entry for a long and above it for a short.
    risk : float
        Amount to lose at the stop, USDT; positive.
    open_fee : float, default 0.0
        Fee rate on the entry notional; negative for a rebate; in (-1, 1).
    close_fee : float, default 0.0
        Fee rate on the notional at the stop; in (-1, 1).

    Returns
    -------
    float
        The quantity in coins.

    Raises
    ------
    InputError
        If an argument is invalid; (field ``stop``) if the stop is on the wrong side, or
        if rebates outweigh the loss at the stop (code ``no_loss_at_stop``).

    Notes
    -----
    .. math:: Q = \\frac{risk}{s(E - S) + f_o E + f_c S}

    Examples
    --------
    Risking 300 USDT from 30000 with a stop at 29000, without and with 0.05% fees:

    >>> position_size_for_risk("long", 30000, 29000, 300)
    0.3
    >>> position_size_for_risk("long", 30000, 29000, 300, 0.0005, 0.0005)
    0.2914035939776591
    """
    sign = ex.side(side)
    entry_x = ex.positive("entry", entry)
    stop_x = ex.positive("stop", stop)
    risk_x = ex.positive("risk", risk)
    open_x = ex.fee("open_fee", open_fee)
    close_x = ex.fee("close_fee", close_fee)
    en.stop_distance(sign, entry_x, stop_x)
    loss_per_coin = sign * (entry_x - stop_x) + open_x * entry_x + close_x * stop_x
    if loss_per_coin <= 0:
        raise InputError("stop", "no_loss_at_stop")
    return en.out("stop", risk_x / loss_per_coin)


def max_open_size(
    balance: float,
    price: float,
    leverage: float,
    open_fee: float = 0.0,
    close_fee: float = 0.0,
    side: str = "long",
) -> float:
    """The largest quantity whose order cost equals the balance.

    Parameters
    ----------
    balance : float
        Available balance, USDT; zero or more.
    price : float
        Order price; positive.
    leverage : float
        Leverage multiple; positive.
    open_fee : float, default 0.0
        Fee rate on the order's notional; in (-1, 1). A rebate (negative) must keep
        the cost per unit positive.
    close_fee : float, default 0.0
        Fee rate reserved for closing at the bankruptcy price (the taker rate, on
        Bybit and Phemex); in (-1, 1). 0 leaves it out of the cost.
    side : {"long", "short"}, default "long"
        Direction of the order; it decides the bankruptcy price the closing fee is
        valued at, and so matters only with a closing fee.

    Returns
    -------
    float
        The quantity in coins.

    Raises
    ------
    InputError
        If an argument is invalid; (field ``open_fee``, code ``below``, or
        ``close_fee`` if only its rebate is to blame) if rebates make the cost per coin
        zero or less.

    Notes
    -----
    The order cost is initial margin plus the fee to open at the order price plus the
    fee to close at the bankruptcy price :math:`BP = P(1 - s/L)` (Bybit and Phemex
    "Order Cost (USDT Contract)"; see the module's sources):

    .. math::
        \\text{cost} = \\frac{QP}{L} + f_o\\,QP + f_c\\,Q\\,BP, \\qquad
        Q = \\frac{B}{P\\,(1/L + f_o + f_c\\,k)}, \\quad k = \\max(0,\\ 1 - s/L)

    A long at 1x or less never reaches a positive bankruptcy price, so nothing is
    reserved for it (k = 0). With :math:`f_c = 0` this is :math:`B/(P(1/L + f_o))`.

    Examples
    --------
    1000 USDT at 30000 with 20x, without and with a 0.05% fee:

    >>> max_open_size(1000, 30000, 20)
    0.6666666666666666
    >>> max_open_size(1000, 30000, 20, 0.0005)
    0.6600660066006601

    Bybit's order cost example, 1 BTC long at 10000 with 50x and 0.075% taker fees:
    200 + 7.5 + 1 x 9800 x 0.075% = 214.85 USDT buys exactly 1 BTC.

    >>> max_open_size(214.85, 10000, 50, 0.00075, 0.00075, "long")
    1.0
    """
    balance_x = ex.non_negative("balance", balance)
    price_x = ex.positive("price", price)
    leverage_x = ex.positive("leverage", leverage)
    open_x = ex.fee("open_fee", open_fee)
    close_x = ex.fee("close_fee", close_fee)
    sign = ex.side(side)
    close_factor = max(Fraction(0), 1 - sign / leverage_x)
    rate = en.order_cost_rate(leverage_x, open_x, close_x, close_factor)
    return en.out("balance", balance_x / (price_x * rate))


def size_to_reach_average(entry: float, size: float, price: float, target: float) -> float:
    """The quantity to add at ``price`` so that the average entry becomes ``target``.

    Parameters
    ----------
    entry : float
        Average entry price of the position now; positive.
    size : float
        Quantity held now, in coins; positive.
    price : float
        Price at which the quantity is added; positive.
    target : float
        Average entry price wanted; positive, between ``entry`` and ``price``.

    Returns
    -------
    float
        The quantity to add, in coins; 0 when the target is the current entry.

    Raises
    ------
    InputError
        If an argument is invalid, or (field ``target``, code ``average_out_of_reach``)
        if the target is not strictly between the entry and the price (nor equal to the
        entry): the average of the two can only lie between them.

    Notes
    -----
    The average is quantity-weighted (see :func:`average_entry`); solving
    :math:`(E Q + P x) / (Q + x) = T` for x:

    .. math:: x = Q\\,\\frac{E - T}{T - P}

    Examples
    --------
    1 BTC bought at 30000; to average down to 25000 by buying at 20000, and to 28000:

    >>> size_to_reach_average(30000, 1, 20000, 25000)
    1.0
    >>> size_to_reach_average(30000, 1, 20000, 28000)
    0.25
    """
    entry_x = ex.positive("entry", entry)
    size_x = ex.positive("size", size)
    price_x = ex.positive("price", price)
    target_x = ex.positive("target", target)
    if target_x == entry_x:
        return 0.0
    if not min(entry_x, price_x) < target_x < max(entry_x, price_x):
        raise InputError("target", "average_out_of_reach")
    return en.out("target", size_x * (entry_x - target_x) / (target_x - price_x))


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
    """The isolated margin at which the liquidation price is exactly ``target``.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive.
    size : float
        Quantity in coins; positive.
    mmr : float
        Maintenance margin rate of the position's bracket, in [0, 1).
    target : float
        Liquidation price wanted; positive, below entry for a long, above for a short.
    maint_amount : float, default 0.0
        Maintenance amount of the bracket (Binance "cum", Bybit "MM deduction"); >= 0.
    convention : {"binance", "bybit"}, default "binance"
        "binance" values the maintenance margin at the liquidation price, "bybit" at
        the entry price.
    liquidation_fee : float, default 0.0
        Rate of the position's value at the liquidation price added to the maintenance
        margin, in [0, 1).

    Returns
    -------
    float
        The margin (wallet) in USDT; :func:`liquidation_price` with it gives ``target``.

    Raises
    ------
    InputError
        If an argument is invalid; (field ``target``) code
        ``liquidation_wrong_side_long`` / ``liquidation_wrong_side_short`` if the target
        is not on the losing side of entry, ``no_margin_for_target`` if the margin it
        needs would be negative (a maintenance amount larger than the loss plus
        maintenance at the target).

    Notes
    -----
    Solving the liquidation equation of :func:`liquidation_price` for the wallet, with
    the maintenance valued at :math:`N = T` ("binance") or :math:`N = E` ("bybit"):

    .. math:: WB = Q N m - cum + f Q T - s Q (T - E)

    Examples
    --------
    1 BTC at 30000 with 0.4% MMR: the margin that puts liquidation at 28500 (long) or
    31500 (short), and under Bybit's convention:

    >>> margin_for_liquidation_price("long", 30000, 1, 0.004, 28500)
    1614.0
    >>> margin_for_liquidation_price("short", 30000, 1, 0.004, 31500)
    1626.0
    >>> margin_for_liquidation_price("long", 30000, 1, 0.004, 28500, convention="bybit")
    1620.0
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
        size_x * valued_at * mmr_x
        - cum
        + fee * size_x * target_x
        - sign * size_x * (target_x - entry_x)
    )
    if wallet < 0:
        raise InputError("target", "no_margin_for_target")
    return en.out("target", wallet)


def margin_to_add(side: str, margin: float, needed: float, close_fee: float = 0.0) -> float:
    """The margin to add to an isolated position so that it counts as ``needed``.

    Parameters
    ----------
    side : {"long", "short"}
        Direction of the position.
    margin : float
        The position's isolated margin now; >= 0, USDT.
    needed : float
        The margin it should count, e.g. :func:`margin_for_liquidation_price` of a
        target liquidation price; >= 0, USDT.
    close_fee : float, default 0.0
        The fee rate to close that added margin pays for, as in
        :func:`liquidation_price` (Bybit's unified account: the taker rate), in [0, 1);
        0 where margin added counts in full.

    Returns
    -------
    float
        The margin to transfer to the position, in USDT; :func:`liquidation_price` with
        ``wallet=margin``, ``added_margin`` equal to it and the same ``close_fee`` counts
        ``needed``. Negative where ``needed`` is below ``margin``: then the margin held
        beyond it, in full (no fee is reserved on margin taken out).

    Raises
    ------
    InputError
        If an argument is invalid.

    Notes
    -----
    Margin X added counts as :math:`X / (1 - s f_c)` (see :func:`liquidation_price`),
    so the margin to add for a wallet :math:`W` counted, from a margin :math:`M`, is

    .. math:: X = (W - M)(1 - s f_c)

    when :math:`W > M`, and :math:`W - M` otherwise.

    Examples
    --------
    Bybit's unified-account example: a 1 BTC long at 40,000 with 800 USDT (50x), 0.5%
    MMR, taker 0.055%; the margin that puts its liquidation at 36,380.25:

    >>> needed = margin_for_liquidation_price("long", 40000, 1, 0.005, 36380.25)
    >>> round(margin_to_add("long", 800, needed, 0.00055), 2)
    3000.0
    >>> round(margin_to_add("long", 800, needed), 2)
    3001.65
    """
    return en.margin_to_add(side, margin, needed, close_fee, -1)
