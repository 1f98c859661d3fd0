"""An independent exact-arithmetic reference for the contract engine.

Every formula is derived here from the margin equation and the exchanges' published
formulas (the sources listed in :mod:`contractcalc.linear` and
:mod:`contractcalc.inverse`), in :class:`fractions.Fraction`, without reading the
engine's code, so the property tests can compare the two. Arguments are converted
with ``Fraction(value)``, which for a float is the float's exact value; results stay
exact. A function returns ``None`` where no positive price solves the equation
(the engine must then return ``None`` too), and raises :class:`Impossible` where the
engine must raise ``InputError`` (for example a target ROE no price can reach).

Notation: ``s`` is +1 for a long and -1 for a short; ``q`` is the
size (coins for ``"linear"``, USD face value for ``"inverse"``); ``e`` the entry price;
``x`` the exit or mark price; ``m`` the maintenance margin rate; ``cum`` the maintenance
amount. The margin equation is ``equity(P) = maintenance(P)`` with

* ``equity(P) = wallet + other_upnl + pnl(P)``
* ``maintenance(P) = notional(N) * m - cum + other_maint``, where the notional is
  valued at the mark price ``P`` (Binance) or at the entry price (Bybit), and is
  ``q * P`` coins-times-price for linear, ``q / P`` coin for inverse.

An exchange that charges a liquidation fee ``f`` requires ``notional(P) * f`` on top,
valued at the liquidation price whatever the convention: the requirement is then
``maintenance(P) + notional(P) * f``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import Any

KINDS = ("linear", "inverse")
SIDES = {"long": 1, "short": -1}

Number = Fraction | int | float


class Impossible(Exception):  # noqa: N818 - it names the situation, not an error class
    """No valid result exists; the engine must raise ``InputError``."""


def fr(value: Number) -> Fraction:
    """The exact value of a number (a float's binary value, not its decimal repr)."""
    return Fraction(value)


def sign(side: str) -> int:
    """+1 for "long", -1 for "short"."""
    return SIDES[side]


def notional(kind: str, size: Number, price: Number) -> Fraction:
    """Q*P (quote) for linear, F/P (coin) for inverse."""
    q, p = fr(size), fr(price)
    return q * p if kind == "linear" else q / p


def initial_margin(kind: str, entry: Number, size: Number, leverage: Number) -> Fraction:
    """Notional at entry over leverage: Q*E/L, or F/(L*E) coin."""
    return notional(kind, size, entry) / fr(leverage)


def pnl(kind: str, side: str, entry: Number, exit_: Number, size: Number) -> Fraction:
    """s*Q*(X - E) (linear) or s*F*(1/E - 1/X) coin (inverse)."""
    s, e, x, q = sign(side), fr(entry), fr(exit_), fr(size)
    if kind == "linear":
        return s * q * (x - e)
    return s * q * (1 / e - 1 / x)


def roe(kind: str, side: str, entry: Number, exit_: Number, leverage: Number) -> Fraction:
    """PnL over initial margin; the size cancels."""
    s, e, x, lev = sign(side), fr(entry), fr(exit_), fr(leverage)
    if kind == "linear":
        return s * lev * (x / e - 1)
    return s * lev * (1 - e / x)


def target_price(kind: str, side: str, entry: Number, roe_: Number, leverage: Number) -> Fraction:
    """The exit price at which :func:`roe` equals ``roe_``; Impossible if not positive."""
    s, e, r, lev = sign(side), fr(entry), fr(roe_), fr(leverage)
    if kind == "linear":
        price = e * (1 + s * r / lev)
    else:
        denominator = 1 - s * r / lev
        if denominator <= 0:
            raise Impossible("inverse long ROE ceiling")
        price = e / denominator
    if price <= 0:
        raise Impossible("no positive price")
    return price


def _solve(
    kind: str,
    side: str,
    entry: Number,
    size: Number,
    wallet: Number,
    mmr: Number,
    maint_amount: Number,
    other_maint: Number,
    other_upnl: Number,
    convention: str,
    liquidation_fee: Number = 0,
) -> Fraction | None:
    """The positive root of equity(P) == maintenance(P) + fee(P), or None if there is none.

    With ``a = wallet + other_upnl + cum - other_maint`` the margin equation is linear
    in P (linear kind) or in 1/P (inverse kind), so it has at most one root. The fee
    is ``notional(P) * f``. Where everything required is valued at P (Binance) and
    ``m + f >= 1``, the requirement grows at least as fast as the equity: a long
    (linear) or short (inverse) would be liquidated by its gains, or never defined,
    and there is no liquidation price to give: Impossible.
    """
    s, e, q, m, f = sign(side), fr(entry), fr(size), fr(mmr), fr(liquidation_fee)
    a = fr(wallet) + fr(other_upnl) + fr(maint_amount) - fr(other_maint)
    if convention == "binance":
        if m + f >= 1:
            raise Impossible("maintenance rate plus liquidation fee of 100% or more")
        if kind == "linear":
            # a + s*q*(P - e) - q*P*m - q*P*f = 0  ->  P*(s*q - q*(m + f)) = s*q*e - a
            root = (s * q * e - a) / (s * q - q * (m + f))
        else:
            # a + s*q/e - s*q/P - q*m/P - q*f/P = 0  ->  1/P = (a + s*q/e) / (q*(s + m + f))
            inverse_root = (a + s * q / e) / (q * (s + m + f))
            if inverse_root <= 0:
                return None
            root = 1 / inverse_root
    elif kind == "linear":
        # Bybit: maintenance at entry, fee at P. a + s*q*(P - e) - q*e*m - q*P*f = 0
        #   ->  P*(s*q - q*f) = s*q*e + q*e*m - a
        root = (s * q * e + q * e * m - a) / (s * q - q * f)
    else:
        # a + s*q/e - s*q/P - q*m/e - q*f/P = 0  ->  q*(s + f)/P = a + s*q/e - q*m/e
        inverse_root = (a + s * q / e - q * m / e) / (q * (s + f))
        if inverse_root <= 0:
            return None
        root = 1 / inverse_root
    return root if root > 0 else None


def liquidation_price(
    kind: str,
    side: str,
    entry: Number,
    size: Number,
    wallet: Number,
    mmr: Number,
    maint_amount: Number = 0,
    other_maint: Number = 0,
    other_upnl: Number = 0,
    convention: str = "binance",
    liquidation_fee: Number = 0,
) -> Fraction | None:
    """The price where equity equals maintenance margin plus liquidation fee, or None if
    no positive price does."""
    return _solve(
        kind,
        side,
        entry,
        size,
        wallet,
        mmr,
        maint_amount,
        other_maint,
        other_upnl,
        convention,
        liquidation_fee,
    )


def equity(
    kind: str,
    side: str,
    entry: Number,
    size: Number,
    wallet: Number,
    price: Fraction,
    other_upnl: Number = 0,
) -> Fraction:
    """wallet + other_upnl + pnl(price)."""
    return fr(wallet) + fr(other_upnl) + pnl(kind, side, entry, price, size)


def maintenance(
    kind: str,
    entry: Number,
    size: Number,
    price: Fraction,
    mmr: Number,
    maint_amount: Number = 0,
    other_maint: Number = 0,
    convention: str = "binance",
) -> Fraction:
    """notional * mmr - maint_amount + other_maint, valued per the convention."""
    valued_at = price if convention == "binance" else fr(entry)
    return notional(kind, size, valued_at) * fr(mmr) - fr(maint_amount) + fr(other_maint)


def liquidation_fee_amount(kind: str, price: Number, size: Number, rate: Number) -> Fraction:
    """The liquidation fee on the position valued at ``price``: notional(P) * f."""
    return notional(kind, size, price) * fr(rate)


def maintenance_margin(
    kind: str, price: Number, size: Number, mmr: Number, maint_amount: Number = 0
) -> Fraction:
    """One position's maintenance margin valued at ``price``: notional(P) * m - cum.

    Q*P*m - cum (quote) for linear, F/P*m - cum (coin) for inverse; at the liquidation
    price this plus the other positions' maintenance is the equity.
    """
    return notional(kind, size, price) * fr(mmr) - fr(maint_amount)


def maintenance_amounts(brackets: Iterable[Sequence[Number]]) -> list[Fraction]:
    """cum_n = floor_n*(m_n - m_(n-1)) + cum_(n-1), cum_0 = 0."""
    amounts: list[Fraction] = []
    previous_rate, previous_amount = Fraction(0), Fraction(0)
    for index, (floor, rate) in enumerate(brackets):
        amount = (
            Fraction(0) if index == 0 else fr(floor) * (fr(rate) - previous_rate) + previous_amount
        )
        amounts.append(amount)
        previous_rate, previous_amount = fr(rate), amount
    return amounts


def tiered_maintenance(brackets: Sequence[Sequence[Number]], notional_: Fraction) -> Fraction:
    """Maintenance margin of a notional under a bracket table (continuous, piecewise linear)."""
    amounts = maintenance_amounts(brackets)
    index = bracket_index(brackets, notional_)
    return notional_ * fr(brackets[index][1]) - amounts[index]


def bracket_index(brackets: Sequence[Sequence[Number]], notional_: Fraction) -> int:
    """The bracket whose floor is the largest one not above the notional."""
    index = 0
    for candidate, (floor, _rate) in enumerate(brackets):
        if fr(floor) <= notional_:
            index = candidate
    return index


def liquidation_price_tiered(
    kind: str,
    side: str,
    entry: Number,
    size: Number,
    wallet: Number,
    brackets: Sequence[Sequence[Number]],
    other_maint: Number = 0,
    other_upnl: Number = 0,
    liquidation_fee: Number = 0,
    basis: str = "notional",
) -> Fraction | None:
    """The liquidation price under a bracket table (Binance convention).

    By notional: tries each bracket's (m, cum) and keeps the root whose notional lies
    in that bracket. The equation is monotone in the notional (every rate plus the fee
    is below 1), so the root is unique; at a floor both neighbouring brackets give the
    same root. By size (OKX): the bracket holding the size, whatever the price, with
    its rate on the whole position and nothing deducted.
    """
    if basis == "size":
        rate = brackets[bracket_index(brackets, fr(size))][1]
        return _solve(
            kind,
            side,
            entry,
            size,
            wallet,
            rate,
            0,
            other_maint,
            other_upnl,
            "binance",
            liquidation_fee,
        )
    if max(fr(rate) for _floor, rate in brackets) + fr(liquidation_fee) >= 1:
        raise Impossible("a rate plus the liquidation fee reaches 100%")
    amounts = maintenance_amounts(brackets)
    floors = [fr(floor) for floor, _rate in brackets]
    for index, (_floor, rate) in enumerate(brackets):
        root = _solve(
            kind,
            side,
            entry,
            size,
            wallet,
            rate,
            amounts[index],
            other_maint,
            other_upnl,
            "binance",
            liquidation_fee,
        )
        if root is None:
            continue
        value = notional(kind, size, root)
        upper = floors[index + 1] if index + 1 < len(floors) else None
        if floors[index] <= value and (upper is None or value < upper):
            return root
    return None


def bankruptcy_price(
    kind: str, side: str, entry: Number, size: Number, wallet: Number
) -> Fraction | None:
    """The price at which equity (wallet + pnl) is zero, or None if no positive price."""
    s, e, q, w = sign(side), fr(entry), fr(size), fr(wallet)
    if kind == "linear":
        price = e - s * w / q
    else:
        denominator = s * w + q / e
        if denominator <= 0:
            return None
        price = q / denominator
    return price if price > 0 else None


def break_even_price(
    kind: str, side: str, entry: Number, open_fee: Number, close_fee: Number
) -> Fraction:
    """The exit price at which PnL pays both fees exactly (fees on notional)."""
    s, e, fo, fc = sign(side), fr(entry), fr(open_fee), fr(close_fee)
    if kind == "linear":
        # s*(X - E) = fo*E + fc*X
        return e * (1 + s * fo) / (1 - s * fc)
    # s*(1/E - 1/X) = fo/E + fc/X  ->  X = E*(1 + s*fc)/(1 - s*fo)
    return e * (1 + s * fc) / (1 - s * fo)


def trading_fees(
    kind: str, entry: Number, exit_: Number, size: Number, open_fee: Number, close_fee: Number
) -> Fraction:
    """Each leg's fee rate on that leg's notional: f_o*notional(E) + f_c*notional(X).

    f_o*Q*E + f_c*Q*X (quote) for linear, f_o*F/E + f_c*F/X (coin) for inverse; the side
    does not enter. A negative rate is a rebate.
    """
    return notional(kind, size, entry) * fr(open_fee) + notional(kind, size, exit_) * fr(close_fee)


def average_entry(kind: str, fills: Iterable[Sequence[Number]]) -> Fraction:
    """Size-weighted mean of (price, size) fills: arithmetic (linear), harmonic (inverse)."""
    pairs = [(fr(price), fr(size)) for price, size in fills]
    total = sum((size for _price, size in pairs), Fraction(0))
    if kind == "linear":
        return sum((price * size for price, size in pairs), Fraction(0)) / total
    return total / sum((size / price for price, size in pairs), Fraction(0))


def funding_payment(
    kind: str, side: str, mark: Number, size: Number, rate: Number, intervals: int = 1
) -> Fraction:
    """s * notional(mark) * rate * intervals, positive when the position pays."""
    return sign(side) * notional(kind, size, mark) * fr(rate) * intervals


def max_leverage_for_stop(
    kind: str, side: str, entry: Number, stop: Number, mmr: Number
) -> Fraction:
    """The leverage whose isolated (wallet = IM, Binance) liquidation is exactly at the stop.

    Linear: isolated LP = E*(1 - s/L)/(1 - s*m); setting it to the stop r*E gives
    1/L = s*(1 - r*(1 - s*m)) (long: d + m - d*m with d = 1 - r; short: d + m + d*m).
    Inverse: isolated LP = E*(1 + s*m)/(1 + s/L); it gives 1/L = s*((1 + s*m)/r - 1).
    """
    s, r, m = sign(side), fr(stop) / fr(entry), fr(mmr)
    if s * (1 - r) <= 0:
        raise Impossible("stop on the wrong side")
    linear_case = s * (1 - r * (1 - s * m))
    inverse_leverage = linear_case if kind == "linear" else s * ((1 + s * m) / r - 1)
    if inverse_leverage <= 0:
        raise Impossible("no leverage")
    return 1 / inverse_leverage


def loss_at_stop(
    kind: str,
    side: str,
    entry: Number,
    stop: Number,
    size: Number,
    open_fee: Number = 0,
    close_fee: Number = 0,
) -> Fraction:
    """-pnl(stop) plus both fees (opening at entry, closing at the stop), in margin units."""
    fees = notional(kind, size, entry) * fr(open_fee) + notional(kind, size, stop) * fr(close_fee)
    return -pnl(kind, side, entry, stop, size) + fees


def position_size_for_risk(
    kind: str,
    side: str,
    entry: Number,
    stop: Number,
    risk: Number,
    open_fee: Number = 0,
    close_fee: Number = 0,
) -> Fraction:
    """The size whose loss at the stop, fees included, equals ``risk`` (loss is linear in size)."""
    if sign(side) * (fr(entry) - fr(stop)) <= 0:
        raise Impossible("stop on the wrong side")
    per_unit = loss_at_stop(kind, side, entry, stop, 1, open_fee, close_fee)
    if per_unit <= 0:
        raise Impossible("no loss at the stop")
    return fr(risk) / per_unit


def order_cost(
    kind: str,
    side: str,
    price: Number,
    size: Number,
    leverage: Number,
    open_fee: Number = 0,
    close_fee: Number = 0,
) -> Fraction:
    """Initial margin + fee to open at ``price`` + fee to close at the bankruptcy price.

    Bybit's and Phemex's "Order Cost": the bankruptcy price is where the initial margin
    is exhausted (:func:`bankruptcy_price` with wallet = IM); where no positive price
    exhausts it, nothing is reserved for closing.
    """
    margin = initial_margin(kind, price, size, leverage)
    bankrupt = bankruptcy_price(kind, side, price, size, margin)
    closing = Fraction(0) if bankrupt is None else notional(kind, size, bankrupt) * fr(close_fee)
    return margin + notional(kind, size, price) * fr(open_fee) + closing


def max_open_size(
    kind: str,
    balance: Number,
    price: Number,
    leverage: Number,
    open_fee: Number = 0,
    close_fee: Number = 0,
    side: str = "long",
) -> Fraction:
    """The size whose order cost uses the whole balance.

    The bankruptcy price does not depend on the size (margin and loss both scale with
    it), so the cost is proportional to the size: divide by the cost of one unit.
    """
    per_unit = order_cost(kind, side, price, 1, leverage, open_fee, close_fee)
    if per_unit <= 0:
        raise Impossible("a rebate larger than the margin")
    return fr(balance) / per_unit


# The guide's rules, exactly as the guide states them.


def rules_target_change(open_price: Number, target: Number) -> Fraction:
    """target/open - 1."""
    return fr(target) / fr(open_price) - 1


def rules_target_price(open_price: Number, change: Number) -> Fraction:
    """open * (1 + change)."""
    return fr(open_price) * (1 + fr(change))


def rules_liquidation_move(leverage: Number) -> Fraction:
    """1 / L."""
    return 1 / fr(leverage)


def rules_leverage_for_stop(stop_fraction: Number) -> Fraction:
    """1 / d."""
    return 1 / fr(stop_fraction)


def rules_leverage_for_stop_price(open_price: Number, stop_price: Number) -> Fraction:
    """1 / (1 - stop/open) for a long, 1 / (stop/open - 1) for a short."""
    return 1 / abs(1 - fr(stop_price) / fr(open_price))


def rules_coin_long_profit(principal: Number, leverage: Number, rise: Number) -> Fraction:
    """P * L * r * (1 + r)."""
    r = fr(rise)
    return fr(principal) * fr(leverage) * r * (1 + r)


def rules_coin_short_profit(principal: Number, leverage: Number, fall: Number) -> Fraction:
    """P * L * f * (1 - f)."""
    f = fr(fall)
    return fr(principal) * fr(leverage) * f * (1 - f)


def rules_usdt_profit(principal: Number, leverage: Number, change: Number) -> Fraction:
    """P * L * change."""
    return fr(principal) * fr(leverage) * fr(change)


# --- adding to a position, margin for a liquidation price ------------------------------


def size_to_reach_average(
    kind: str, entry: Number, size: Number, price: Number, target: Number
) -> Fraction:
    """The size x added at ``price`` whose fills average to ``target`` with (entry, size).

    Linear: the deviations from the mean cancel, Q*(E - T) + x*(P - T) = 0. Inverse: the
    coins bought equal the total face value at the average, F/E + x/P = (F + x)/T.
    Impossible unless T equals E or lies strictly between E and P.
    """
    e, q, p, t = fr(entry), fr(size), fr(price), fr(target)
    if t == e:
        return Fraction(0)
    if not min(e, p) < t < max(e, p):
        raise Impossible("the average lies between the two fills")
    if kind == "linear":
        return q * (e - t) / (t - p)
    return q * (1 / t - 1 / e) / (1 / p - 1 / t)


def margin_for_liquidation_price(
    kind: str,
    side: str,
    entry: Number,
    size: Number,
    mmr: Number,
    target: Number,
    maint_amount: Number = 0,
    convention: str = "binance",
    liquidation_fee: Number = 0,
) -> Fraction:
    """The wallet with equity(T) == maintenance(T) + fee * notional(T).

    Impossible if the target is not on the losing side of entry, or the wallet would be
    negative.
    """
    s, t = sign(side), fr(target)
    if s * (t - fr(entry)) >= 0:
        raise Impossible("target on the wrong side of entry")
    need = maintenance(kind, entry, size, t, mmr, maint_amount, 0, convention)
    need += fr(liquidation_fee) * notional(kind, size, t)
    wallet = need - pnl(kind, side, entry, t, size)
    if wallet < 0:
        raise Impossible("negative margin")
    return wallet


# --- cross-margin accounts ---------------------------------------------------------------
# A position is any object with symbol, side, entry, size, mark, mmr and maint_amount.


def account_gap(
    kind: str,
    wallet: Number,
    positions: Sequence[Any],
    prices: dict[str, Fraction],
    convention: str = "binance",
    liquidation_fee: Number = 0,
) -> Fraction:
    """Equity minus requirement with each symbol at ``prices[symbol]`` (default: its mark).

    equity = wallet + sum pnl(P_i); requirement = sum maintenance_margin(P_i or E_i)
    + fee * sum notional(P_i). The account is liquidated where this is zero or less.
    """
    gap = fr(wallet)
    for p in positions:
        price = prices.get(p.symbol, fr(p.mark))
        entry, size, mmr = p.entry, p.size, p.mmr
        valued_at = price if convention == "binance" else fr(entry)
        gap += pnl(kind, p.side, entry, price, size)
        gap -= maintenance_margin(kind, valued_at, size, mmr, p.maint_amount)
        gap -= fr(liquidation_fee) * notional(kind, size, price)
    return gap


def _affine_root(gap_at: Callable[[Fraction], Fraction]) -> Fraction | None:
    """The positive root of a function affine in its argument, from two evaluations."""
    g1, g2 = gap_at(Fraction(1)), gap_at(Fraction(2))
    if g2 == g1:
        return None
    root = 1 - g1 / (g2 - g1)
    return root if root > 0 else None


def account_liquidation_price(
    kind: str,
    wallet: Number,
    positions: Sequence[Any],
    symbol: str,
    convention: str = "binance",
    liquidation_fee: Number = 0,
) -> Fraction | None:
    """The price of ``symbol`` where account_gap is zero, the other symbols at their marks.

    The gap is affine in P (linear) or in 1/P (inverse); None if no positive root.
    """

    def at(z: Fraction) -> Fraction:
        price = z if kind == "linear" else 1 / z
        return account_gap(kind, wallet, positions, {symbol: price}, convention, liquidation_fee)

    root = _affine_root(at)
    if root is None:
        return None
    return root if kind == "linear" else 1 / root


def account_liquidation_move(
    kind: str,
    wallet: Number,
    positions: Sequence[Any],
    convention: str = "binance",
    liquidation_fee: Number = 0,
) -> Fraction | None:
    """The r > -1 with account_gap zero at every price mark*(1 + r); None if none.

    The gap is affine in t = 1 + r (linear) or in 1/t (inverse).
    """

    def at(w: Fraction) -> Fraction:
        t = w if kind == "linear" else 1 / w
        prices = {p.symbol: fr(p.mark) * t for p in positions}
        return account_gap(kind, wallet, positions, prices, convention, liquidation_fee)

    root = _affine_root(at)
    if root is None:
        return None
    return (root if kind == "linear" else 1 / root) - 1


def account_totals(
    kind: str,
    wallet: Number,
    positions: Sequence[Any],
    convention: str = "binance",
    liquidation_fee: Number = 0,
) -> dict[str, Fraction]:
    """Unrealised PnL, margin balance, maintenance margin and fee at the marks."""
    upnl = sum(
        (pnl(kind, p.side, p.entry, p.mark, p.size) for p in positions),
        Fraction(0),
    )
    maint = sum(
        (
            maintenance_margin(
                kind,
                p.mark if convention == "binance" else p.entry,
                p.size,
                p.mmr,
                p.maint_amount,
            )
            for p in positions
        ),
        Fraction(0),
    )
    fee = fr(liquidation_fee) * sum(
        (notional(kind, p.size, p.mark) for p in positions),
        Fraction(0),
    )
    return {
        "unrealized_pnl": upnl,
        "margin_balance": fr(wallet) + upnl,
        "maintenance_margin": maint,
        "liquidation_fee": fee,
    }
