"""Checks and exact steps shared by :mod:`contractcalc.linear` and :mod:`contractcalc.inverse`.

The two public modules state their formulas; this module holds what they have in
common and what is not a formula: reading bracket tables and fills, checking a stop's
side, selecting the one consistent maintenance bracket, and turning an exact result
into a float once, refusing results a float cannot carry to 1e-12 relative.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from itertools import pairwise
from typing import NamedTuple

from . import _exact as ex
from .errors import InputError

#: The liquidation conventions: "binance" values the maintenance margin at the mark
#: (liquidation) price, "bybit" at the entry price.
CONVENTIONS = ("binance", "bybit")
#: The contract kinds: "linear" (USDT-margined) and "inverse" (coin-margined).
KINDS = ("linear", "inverse")
#: What picks a bracket and how its rate applies: "notional", the position's value at
#: the price, with maintenance amounts that keep maintenance continuous (Binance, Bybit,
#: Hyperliquid); "size", its size, the rate on the whole position (OKX); "notional_whole",
#: its value at the price, the rate on the whole position with nothing deducted (KuCoin).
BASES = ("notional", "size", "notional_whole")

#: Results beyond these magnitudes (other than exactly zero) are refused: above, a float
#: overflows; below, it is subnormal and loses relative precision.
MAX_RESULT = Fraction(1e300)
MIN_RESULT = Fraction(1e-300)

#: A bracket table after checking: (notional floor, maintenance margin rate) pairs.
Table = list[tuple[Fraction, Fraction]]


def out(field: str, value: Fraction) -> float:
    """Round an exact result once; raise InputError naming ``field`` if no float can hold it."""
    if value != 0 and not MIN_RESULT <= abs(value) <= MAX_RESULT:
        raise InputError(field, "result_out_of_range")
    return ex.to_float(value)


def price_or_none(field: str, value: Fraction) -> float | None:
    """A price if it is positive, else None (no positive price has the property)."""
    return out(field, value) if value > 0 else None


def convention(value: object) -> str:
    """ "binance" or "bybit"."""
    if not isinstance(value, str) or value not in CONVENTIONS:
        raise InputError("convention", "convention")
    return value


def basis(value: object) -> str:
    """One of :data:`BASES`."""
    if not isinstance(value, str) or value not in BASES:
        raise InputError("basis", "basis")
    return value


def inclusive(value: object) -> bool:
    """Whether each tier's cap belongs to it (a bool)."""
    if not isinstance(value, bool):
        raise InputError("inclusive_caps", "choice")
    return value


def check_rate_plus_fee(rate: Fraction, fee: Fraction) -> None:
    """Check that a maintenance rate plus the liquidation fee rate stays below 1.

    Where maintenance and fee are both valued at the liquidation price, the margin
    equation's slope in the price is ``s - (m + f)`` (linear) and its root's numerator
    ``m + f + s`` (inverse): at ``m + f = 1`` the long's (linear) or the short's
    (inverse) liquidation price is undefined, and beyond it the position would be
    liquidated by its own gains.
    """
    if rate + fee >= 1:
        raise InputError("liquidation_fee", "mmr_plus_fee", limit=ex.to_float(1 - rate))


def order_cost_rate(
    leverage: Fraction, open_fee: Fraction, close_fee: Fraction, close_factor: Fraction
) -> Fraction:
    """Order cost per unit of notional at the order price: ``1/L + f_o + f_c * k``.

    ``k`` is the bankruptcy notional over the order notional (zero where no positive
    price exhausts the margin). A non-positive cost would buy an infinite size: the
    rebate that causes it is named, with the value it must stay above.
    """
    close_part = close_fee * close_factor
    rate = 1 / leverage + open_fee + close_part
    if rate <= 0:
        if close_part < 0 <= open_fee:
            limit = ex.to_float(-(1 / leverage + open_fee) / close_factor)
            raise InputError("close_fee", "below", limit=limit)
        raise InputError("open_fee", "below", limit=ex.to_float(-(1 / leverage + close_part)))
    return rate


def margin_to_add(
    side: object, margin: object, needed: object, close_fee: object, fee_sign: int
) -> float:
    """Margin to add so that a position holding ``margin`` counts ``needed``.

    Margin X added counts as X / (1 + k s f_c), k = ``fee_sign`` (-1 for a USDT-margined
    position, +1 for a coin-margined one), so X = (W - M)(1 + k s f_c) when W > M; W - M
    (margin to spare, in full) otherwise.
    """
    sign = ex.side(side)
    margin_x = ex.non_negative("margin", margin)
    needed_x = ex.non_negative("needed", needed)
    fee = ex.rate("close_fee", close_fee)
    extra = needed_x - margin_x
    return out("needed", extra * (1 + fee_sign * sign * fee) if extra > 0 else extra)


def stop_distance(sign: int, entry: Fraction, stop: Fraction) -> Fraction:
    """The stop's distance from entry as a positive fraction, checking it is on the losing side."""
    if stop == entry:
        raise InputError("stop", "stop_equals_open")
    if sign * (stop - entry) > 0:
        raise InputError("stop", "stop_wrong_side_long" if sign > 0 else "stop_wrong_side_short")
    return abs(stop / entry - 1)


def _pair(field: str, item: object, code: str, detail: str = "") -> tuple[object, object]:
    """An item that must be a (list or tuple) pair."""
    if not isinstance(item, tuple | list) or len(item) != 2:
        if detail:
            raise InputError(field, code, detail=detail)
        raise InputError(field, code)
    return item[0], item[1]


def fills(value: object) -> list[tuple[Fraction, Fraction]]:
    """Check an iterable of (price, size) pairs, each positive."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InputError("fills", "fill")
    try:
        items = list(value)
    except Exception as exc:  # a broken iterator is bad input like any other
        raise InputError("fills", "fill") from exc
    if not items:
        raise InputError("fills", "no_fills")
    checked = []
    for item in items:
        price, size = _pair("fills", item, "fill")
        try:
            checked.append((ex.positive("fills", price), ex.positive("fills", size)))
        except InputError as exc:
            raise InputError("fills", "fill") from exc
    return checked


def brackets(value: object) -> Table:
    """Check a bracket table: (floor, mmr) pairs, first floor 0, floors rising, mmr in [0, 1)."""
    if not isinstance(value, tuple | list) or not value:
        raise InputError("brackets", "brackets", detail="give a non-empty list of (floor, rate).")
    table: Table = []
    for index, item in enumerate(value, start=1):
        where = f"row {index}"
        floor_raw, rate_raw = _pair("brackets", item, "brackets", f"{where} is not a pair.")
        try:
            floor = ex.non_negative("brackets", floor_raw)
        except InputError as exc:
            detail = f"{where}: the floor must be a number of zero or more."
            raise InputError("brackets", "brackets", detail=detail) from exc
        try:
            rate = ex.rate("brackets", rate_raw)
        except InputError as exc:
            detail = f"{where}: the rate must be at least 0 and below 1."
            raise InputError("brackets", "brackets", detail=detail) from exc
        if not table and floor != 0:
            raise InputError("brackets", "brackets", detail="the first floor must be 0.")
        if table and floor <= table[-1][0]:
            detail = f"{where}: floors must increase strictly."
            raise InputError("brackets", "brackets", detail=detail)
        table.append((floor, rate))
    return table


def maintenance_amounts(table: Table) -> list[Fraction]:
    """Exact maintenance amounts: cum_0 = 0, cum_n = floor_n*(m_n - m_(n-1)) + cum_(n-1)."""
    amounts = [Fraction(0)]
    for (floor, rate), (_, previous_rate) in zip(table[1:], table, strict=False):
        amounts.append(floor * (rate - previous_rate) + amounts[-1])
    return amounts


def bracket_index(table: Table, value: Fraction, inclusive: bool = False) -> int:
    """The 0-based bracket that holds ``value``.

    With ``inclusive`` False a floor belongs to the bracket it starts: bracket n holds
    [floor_n, floor_(n+1)). With ``inclusive`` True each cap belongs to the bracket it
    ends, as exchanges that publish "X or below" count it: bracket n holds
    (floor_n, floor_(n+1)], and 0 is in the first bracket.
    """
    index = 0
    for position, (floor, _) in enumerate(table):
        if floor < value or (floor == value and not inclusive):
            index = position
    return index


def highest_rate(table: Table, basis: str, size: Fraction, inclusive: bool = False) -> Fraction:
    """The highest maintenance rate that can apply: any bracket's by value, the
    size's own bracket's by size."""
    if basis == "size":
        return table[bracket_index(table, size, inclusive)][1]
    return max(rate for _, rate in table)


class Position(NamedTuple):
    """What the tiered solvers need to know of one position, in exact numbers.

    ``candidate(mmr, cum)`` is the liquidation price with one bracket's rate and amount
    under the position's convention (None when no positive price solves it);
    ``notional(price)`` its value at a price in the unit of the floors; ``price_at(value)``
    the price at which its value is ``value``; ``excess(mmr, price)`` its equity minus
    maintenance (valued at ``price``, nothing deducted) and liquidation fee there.
    """

    sign: int
    entry: Fraction
    size: Fraction
    candidate: Callable[[Fraction, Fraction], Fraction | None]
    notional: Callable[[Fraction], Fraction]
    price_at: Callable[[Fraction], Fraction]
    excess: Callable[[Fraction, Fraction], Fraction]


def tiered_price(
    table: Table, basis: str, rule: str, inclusive: bool, position: Position
) -> Fraction | None:
    """The tiered liquidation price, under either convention and any basis.

    Under the entry convention ("bybit") the maintenance is valued at entry, so the
    bracket is the one the value at entry (or the size) falls in, whatever the price.
    Under the mark convention ("binance"): by size (OKX) the bracket does not move with
    the price, and its rate applies with no maintenance amount; by notional see
    :func:`tiered_root`; by "notional_whole" see :func:`whole_position_root`.
    """
    if rule == "bybit" or basis == "size":
        held = position.size if basis == "size" else position.notional(position.entry)
        index = bracket_index(table, held, inclusive)
        amount = maintenance_amounts(table)[index] if basis == "notional" else Fraction(0)
        return position.candidate(table[index][1], amount)
    if basis == "notional":
        return tiered_root(table, inclusive, position)
    return whole_position_root(table, inclusive, position)


def tiered_root(table: Table, inclusive: bool, position: Position) -> Fraction | None:
    """The one price whose bracket, evaluated at that price, gives back that price.

    Since maintenance is continuous in the notional and equity minus maintenance is
    strictly monotone in the price, at most one bracket's candidate lies inside its own
    bracket; None when none does. At a floor both neighbours' candidates are the same
    price, so whether a cap belongs to its bracket does not move the price.
    """
    amounts = maintenance_amounts(table)
    for index, ((_, rate), amount) in enumerate(zip(table, amounts, strict=True)):
        price = position.candidate(rate, amount)
        if price is None or price <= 0:
            continue
        if bracket_index(table, position.notional(price), inclusive) == index:
            return price
    return None


def whole_position_root(table: Table, inclusive: bool, position: Position) -> Fraction | None:
    """The liquidation price when a bracket's rate applies to the whole position.

    The maintenance margin jumps at each floor, so equity minus requirement, monotone
    within a bracket, can change sign either inside a bracket (that bracket's candidate,
    if it lies in the bracket) or at a floor (where it jumps across zero). The price is
    the first such point reached from entry on the losing side; if the position is
    already past liquidation at entry, the nearest one on the other side, where it would
    recover, as :func:`contractcalc.linear.liquidation_price` returns.
    """
    points = []
    for index, (_, rate) in enumerate(table):
        price = position.candidate(rate, Fraction(0))
        if price is None or price <= 0:
            continue
        if bracket_index(table, position.notional(price), inclusive) == index:
            points.append(price)
    for (_, below), (floor, above) in pairwise(table):
        price = position.price_at(floor)
        if (position.excess(below, price) > 0) != (position.excess(above, price) > 0):
            points.append(price)
    entry = position.entry
    at_entry = table[bracket_index(table, position.notional(entry), inclusive)][1]
    if position.excess(at_entry, entry) > 0:
        ahead = [price for price in points if position.sign * (entry - price) > 0]
    else:
        ahead = [price for price in points if position.sign * (price - entry) >= 0]
    return min(ahead, key=lambda price: abs(price - entry), default=None)
