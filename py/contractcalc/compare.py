"""Each of the guide's rules of thumb beside the exact exchange math.

One function per rule of :mod:`contractcalc.rules`. Each takes the rule's own
arguments plus the assumptions the exact math needs (contract kind, side, maintenance
margin rate, fee rates) and returns a :class:`Comparison`: the rule's value, the exact
value of the same quantity in the same unit, the gap between them, and the key of a
plain-language reason (:data:`REASONS`) with the numbers its sentence uses.

The stop leverages come from :mod:`contractcalc.linear` and :mod:`contractcalc.inverse`,
called with exact arguments (a unit entry price). The liquidation moves use the engine's
liquidation-price formulas at a unit entry, evaluated here so that the move is rounded
once rather than derived from a rounded price; the returns and profits add the trading
fees the engine's ``pnl`` leaves out. Both are computed in exact arithmetic and rounded
once, and the unit tests check them against the engine. Rates are fractions: 0.2
means 20%.

Assumptions shared by every function:

* ``kind`` is ``"linear"`` (USDT-margined: size in coins, money in USDT) or
  ``"inverse"`` (coin-margined: size in USD face value, money in coin).
* An isolated position whose wallet is its initial margin, one maintenance rate
  ``mmr`` and no maintenance amount (``cum = 0``).
* ``open_fee`` is charged on the position's value at entry, ``close_fee`` on its value
  at exit, both in the margin currency; no funding.

The exact math is that of :mod:`contractcalc.linear` and :mod:`contractcalc.inverse`.
Sources:

- Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts",
  https://www.binance.com/en-NG/support/faq/b3c689c1f50a44cabb3a84e663b81d93
- Binance FAQ "How to Calculate Liquidation Price of COIN-M Futures Contracts",
  https://www.binance.com/es-MX/support/faq/how-to-calculate-liquidation-price-of-coin-m-futures-contracts-ceccfcfb4e3a45e3b48b0b1bb1a8ae46
- Bybit help centre "P&L calculations (USDT Contract)",
  https://help.bybit.com/hc/en-us/articles/900000630066-P-L-calculations-USDT-Contract-
- Bybit help centre "P&L calculations (Inverse Contracts)",
  https://help.bybit.com/hc/en-us/articles/900000404726-P-L-calculations-Inverse-Contracts-
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType, ModuleType

from . import _exact as ex
from . import inverse, linear, rules
from ._engine import CONVENTIONS, KINDS
from .errors import InputError

__all__ = [
    "KINDS",
    "REASONS",
    "Comparison",
    "coin_long_profit",
    "coin_short_profit",
    "leverage_for_stop",
    "leverage_for_stop_price",
    "liquidation_move",
    "target_change",
    "target_price",
    "usdt_profit",
]

#: The contract kinds every comparison accepts.

#: Computed values beyond these magnitudes (other than exactly zero) are refused, as the
#: engine refuses them: above, a float overflows; below, it loses relative precision.
_MAX_RESULT = Fraction(1e300)
_MIN_RESULT = Fraction(1e-300)

_FEES = (
    "The rule leaves out trading fees, {open_fee:.3%} of the position's value to open and "
    "{close_fee:.3%} to close, which the exact figure deducts."
)

#: English sentence templates, keyed by :attr:`Comparison.reason`; each is formatted with
#: :attr:`Comparison.params`. The page keeps a translation of each under the same key.
#: String parameters come from closed sets: ``side`` is "long" or "short", ``kind``
#: "linear" or "inverse".
REASONS: Mapping[str, str] = MappingProxyType(
    {
        "exact": (
            "Under these assumptions the rule is exact: a USDT-margined (linear) position "
            "gains and loses in step with the price, and no fee or maintenance margin applies."
        ),
        "fees": _FEES,
        "inverse_convexity": (
            "A coin-margined (inverse) {side} is settled in coin, whose worth moves as "
            "1/price: a price move of {move:.2%} earns it {ret:.2%} of its entry value in "
            "coin, not {move:.2%}."
        ),
        "inverse_convexity_fees": (
            "A coin-margined (inverse) {side} is settled in coin, whose worth moves as "
            "1/price, and pays fees of {open_fee:.3%} to open and {close_fee:.3%} to close: "
            "a price move of {move:.2%} earns it {ret:.2%} of its entry value in coin, net."
        ),
        "unreachable": (
            "No price earns the {kind} {side} {ret:.2%} of its entry value: whatever the "
            "price, it earns less than {max_ret:.2%} after fees."
        ),
        "maintenance": (
            "The exchange liquidates when the margin left falls to the maintenance margin, "
            "{mmr:.2%} of the position's value, not when it runs out: at {leverage:g}x the "
            "USDT-margined {side} is liquidated by a {exact:.2%} move, not {rule:.2%}."
        ),
        "inverse_margin": (
            "A coin-margined (inverse) position's margin is in coin, whose worth moves as "
            "1/price (faster against a long, slower against a short): at {leverage:g}x the "
            "{side} loses its margin after a {exact:.2%} move, not {rule:.2%}."
        ),
        "inverse_maintenance": (
            "A coin-margined (inverse) position's margin is in coin, whose worth moves as "
            "1/price (faster against a long, slower against a short), and the exchange "
            "liquidates at the maintenance margin, {mmr:.2%} of the position's value: at "
            "{leverage:g}x the {side} is liquidated by a {exact:.2%} move, not {rule:.2%}."
        ),
        "no_liquidation": (
            "At {leverage:g}x the margin covers any loss the {kind} {side} can take, so no "
            "price liquidates it."
        ),
        "immediate": (
            "At {leverage:g}x the initial margin, {im:.2%} of the position's value, is no "
            "more than the maintenance margin of {mmr:.2%}, so the position would be "
            "liquidated as soon as it opened."
        ),
        "stop_maintenance": (
            "The exchange liquidates at the maintenance margin, {mmr:.2%} of the position's "
            "value, before the margin runs out: for liquidation to lie beyond a stop "
            "{stop:.2%} away, the USDT-margined {side} can use at most {exact_floor:.4g}x, "
            "not {rule_floor:.4g}x."
        ),
        "stop_inverse": (
            "A coin-margined (inverse) position's margin is in coin, whose worth moves as "
            "1/price, and the exchange liquidates at the maintenance margin of {mmr:.2%}: "
            "for liquidation to lie beyond a stop {stop:.2%} away, the {side} can use at "
            "most {exact_floor:.4g}x, not {rule_floor:.4g}x."
        ),
        "coin_long": (
            "The guide multiplies by (1 + rise) where the exact math divides: the "
            "coin-margined long earns P × L × r ÷ (1 + r) = {exact:.6g} coin, not "
            "{rule:.6g}; at the exit price that is worth what P × L × r = {at_exit:.6g} "
            "coin was worth at entry."
        ),
        "coin_long_fees": (
            "The guide multiplies by (1 + rise) where the exact math divides, and leaves out "
            "fees: the coin-margined long earns P × L × r ÷ (1 + r) = {gross:.6g} coin, "
            "less {fees:.6g} in fees, so {exact:.6g}, not {rule:.6g}."
        ),
        "coin_short": (
            "The guide multiplies by (1 − fall) where the exact math divides: the "
            "coin-margined short earns P × L × f ÷ (1 − f) = {exact:.6g} coin, not "
            "{rule:.6g}; at the exit price that is worth what P × L × f = {at_exit:.6g} "
            "coin was worth at entry."
        ),
        "coin_short_fees": (
            "The guide multiplies by (1 − fall) where the exact math divides, and leaves out "
            "fees: the coin-margined short earns P × L × f ÷ (1 − f) = {gross:.6g} coin, "
            "less {fees:.6g} in fees, so {exact:.6g}, not {rule:.6g}."
        ),
        "beyond_margin": (
            "A loss of {loss:.6g} is at least the whole margin of {principal:.6g}: the "
            "exchange would liquidate the position before that, so it loses at most its "
            "margin; both figures assume it stays open."
        ),
    }
)


@dataclass(frozen=True)
class Comparison:
    """A rule of thumb's value beside the exact value of the same quantity.

    Attributes
    ----------
    rule : float
        The guide's value.
    exact : float or None
        The exact value under the stated assumptions, in the same unit; None where no
        value exists (a position that is never liquidated, a return no price reaches).
    gap : float or None
        ``exact - rule``; None when ``exact`` is None.
    quantity : str
        What both numbers are: ``"change"`` (a price change or return, as a fraction),
        ``"price"``, ``"move"`` (an adverse move, as a fraction), ``"leverage"`` or
        ``"profit"`` (in the margin currency).
    reason : str
        Why they differ: a key of :data:`REASONS`.
    params : Mapping[str, float | str]
        The arguments, assumptions and results the reason's sentence uses; always
        ``rule`` and, unless None, ``exact`` and ``gap``.
    """

    rule: float
    exact: float | None
    gap: float | None
    quantity: str
    reason: str
    params: Mapping[str, float | str] = field(hash=False)

    def explain(self) -> str:
        """The reason as one plain-language English sentence.

        Examples
        --------
        >>> usdt_profit(1000, 50, 0.02).explain()  # doctest: +ELLIPSIS
        'Under these assumptions the rule is exact: ...'
        """
        return REASONS[self.reason].format(**self.params)


def _kind(value: object) -> ModuleType:
    """The engine module for a contract kind, or InputError("kind", "kind")."""
    if not isinstance(value, str) or value not in KINDS:
        raise InputError("kind", "kind")
    return linear if value == "linear" else inverse


def _round(field: str, value: Fraction) -> float:
    """Round a computed value once; InputError naming ``field`` if no float holds it."""
    if value != 0 and not _MIN_RESULT <= abs(value) <= _MAX_RESULT:
        raise InputError(field, "result_out_of_range")
    return ex.to_float(value)


def _param(field: str, value: Fraction) -> float:
    """Round a computed parameter once; only overflow is refused (a tiny one may show as 0)."""
    if abs(value) > _MAX_RESULT:
        raise InputError(field, "result_out_of_range")
    return ex.to_float(value)


def _comparison(
    field: str,
    quantity: str,
    reason: str,
    rule: float,
    exact: Fraction | None,
    params: dict[str, float | str],
) -> Comparison:
    """Round ``exact`` once and record it, the rule and the gap in ``params``.

    The gap is the difference of the two floats as shown (float subtraction rounds it
    correctly), so a rule that is exact shows a gap of exactly zero.
    """
    params["rule"] = rule
    exact_float = gap = None
    if exact is not None:
        exact_float = _round(field, exact)
        gap = exact_float - rule
        params["exact"] = exact_float
        params["gap"] = gap
    return Comparison(rule, exact_float, gap, quantity, reason, MappingProxyType(params))


def _fee_pair(open_fee: object, close_fee: object) -> tuple[Fraction, Fraction]:
    return ex.fee("open_fee", open_fee), ex.fee("close_fee", close_fee)


def _net_return(kind: str, sign: int, ratio: Fraction, f_o: Fraction, f_c: Fraction) -> Fraction:
    """Net return on the entry notional for exit/entry ``ratio`` (coin return if inverse)."""
    if kind == "linear":
        return sign * (ratio - 1) - f_o - f_c * ratio
    return sign * (1 - 1 / ratio) - f_o - f_c / ratio


def _return_reason(kind: str, f_o: Fraction, f_c: Fraction) -> str:
    fees = f_o != 0 or f_c != 0
    if kind == "linear":
        return "fees" if fees else "exact"
    return "inverse_convexity_fees" if fees else "inverse_convexity"


def target_change(
    open_price: float,
    target_price: float,
    *,
    kind: str = "linear",
    open_fee: float = 0.0,
    close_fee: float = 0.0,
) -> Comparison:
    """The guide's target change beside the return a position actually earns there.

    The side follows from the target: above the open price a long, below it a short
    (at the open price, a long).

    Parameters
    ----------
    open_price : float
        Price at which the position is opened; positive.
    target_price : float
        Price the trader aims for; positive.
    kind : {"linear", "inverse"}, optional
        Contract kind; default "linear".
    open_fee, close_fee : float, optional
        Fee rates of the opening and closing trade, as fractions (negative for a rebate);
        default 0.

    Returns
    -------
    Comparison
        ``quantity="change"``. ``rule`` is ``target/open - 1``; ``exact`` is the net return
        on the position's entry value in its margin currency, signed like the rule
        (positive for a long's gain, negative for a short's). ``reason`` is "exact",
        "fees", "inverse_convexity" or "inverse_convexity_fees"; ``params`` hold
        ``kind``, ``side``, ``open_price``, ``target_price``, ``open_fee``, ``close_fee``,
        ``move`` (the size of the price move) and ``ret`` (the net return, positive for a
        gain).

    Raises
    ------
    InputError
        If a price is not positive, the kind is unknown or a fee rate is not in (-1, 1).

    Notes
    -----
    With :math:`s = \\pm 1`, :math:`x = X/E` and fee rates :math:`f_o, f_c`, the net
    return on the entry value is

    .. math::
        R_\\text{linear} = s(x - 1) - f_o - f_c x, \\qquad
        R_\\text{inverse} = s(1 - 1/x) - f_o - f_c / x

    (the inverse one in coin, on the entry value :math:`F/E`), and ``exact`` is
    :math:`sR`.

    Examples
    --------
    The guide's 20% rise from 1000 to 1200 earns a coin-margined long 16.67% in coin:

    >>> c = target_change(1000, 1200, kind="inverse")
    >>> c.rule, round(c.exact, 6), round(c.gap, 6)
    (0.2, 0.166667, -0.033333)
    >>> c.explain()
    'A coin-margined (inverse) long is settled in coin, whose worth moves as 1/price: \
a price move of 20.00% earns it 16.67% of its entry value in coin, not 20.00%.'
    """
    rule = rules.target_change(open_price, target_price)
    entry = ex.positive("open_price", open_price)
    target = ex.positive("target_price", target_price)
    _kind(kind)
    f_o, f_c = _fee_pair(open_fee, close_fee)
    sign = 1 if target >= entry else -1
    ret = _net_return(kind, sign, target / entry, f_o, f_c)
    params: dict[str, float | str] = {
        "kind": kind,
        "side": "long" if sign > 0 else "short",
        "open_price": ex.to_float(entry),
        "target_price": ex.to_float(target),
        "open_fee": ex.to_float(f_o),
        "close_fee": ex.to_float(f_c),
        "move": ex.to_float(abs(target / entry - 1)),
        "ret": ex.to_float(ret),
    }
    return _comparison(
        "target_price", "change", _return_reason(kind, f_o, f_c), rule, sign * ret, params
    )


def target_price(
    open_price: float,
    change: float,
    *,
    kind: str = "linear",
    open_fee: float = 0.0,
    close_fee: float = 0.0,
) -> Comparison:
    """The guide's target price beside the price that actually earns that return.

    A positive change is a long's target, a negative one a short's (zero: a long). The
    rule's price is ``change`` away from the open price; the exact price is the one at
    which the position's net return on its entry value is ``|change|``.

    Parameters
    ----------
    open_price : float
        Price at which the position is opened; positive.
    change : float
        The wanted change as a fraction, above -1.
    kind : {"linear", "inverse"}, optional
        Contract kind; default "linear".
    open_fee, close_fee : float, optional
        Fee rates of the opening and closing trade, as fractions; default 0.

    Returns
    -------
    Comparison
        ``quantity="price"``. ``exact`` is None where no price earns the return (an
        inverse long asked for 100% or more, or fees that leave a short nothing);
        ``reason`` is then "unreachable". Otherwise "exact", "fees", "inverse_convexity"
        or "inverse_convexity_fees". ``params`` hold ``kind``, ``side``, ``open_price``,
        ``change``, ``open_fee``, ``close_fee``, ``ret`` (the wanted return, ``|change|``)
        and either ``move`` (the exact price's distance from the open price) or
        ``max_ret`` (the return approached but never reached, ``1 - open_fee``).

    Raises
    ------
    InputError
        If the open price is not positive, the change is -100% or less, the kind is
        unknown or a fee rate is not in (-1, 1).

    Notes
    -----
    Solving the net return of :func:`target_change` for the exit price, with
    :math:`R = |\\Delta|`:

    .. math::
        X_\\text{linear} = E\\,\\frac{s + R + f_o}{s - f_c}, \\qquad
        X_\\text{inverse} = E\\,\\frac{s + f_c}{s - R - f_o}

    valid when positive; at :math:`R = 0` these are the break-even prices.

    Examples
    --------
    To earn 20% in coin a coin-margined long needs a 25% rise, not 20%:

    >>> c = target_price(1000, 0.2, kind="inverse")
    >>> c.rule, c.exact, c.gap
    (1200.0, 1250.0, 50.0)
    >>> target_price(1000, 1.0, kind="inverse").exact is None
    True
    """
    rule = rules.target_price(open_price, change)
    entry = ex.positive("open_price", open_price)
    wanted = ex.number("change", change)
    _kind(kind)
    f_o, f_c = _fee_pair(open_fee, close_fee)
    sign = 1 if wanted >= 0 else -1
    ret = abs(wanted)
    if kind == "linear":
        numerator, denominator = sign + ret + f_o, sign - f_c
    else:
        numerator, denominator = sign + f_c, sign - ret - f_o
    price = entry * numerator / denominator if denominator != 0 else None
    params: dict[str, float | str] = {
        "kind": kind,
        "side": "long" if sign > 0 else "short",
        "open_price": ex.to_float(entry),
        "change": ex.to_float(wanted),
        "open_fee": ex.to_float(f_o),
        "close_fee": ex.to_float(f_c),
        "ret": ex.to_float(ret),
    }
    if price is None or price <= 0:
        params["max_ret"] = ex.to_float(1 - f_o)
        return _comparison("change", "price", "unreachable", rule, None, params)
    params["move"] = _param("change", abs(price / entry - 1))
    return _comparison("change", "price", _return_reason(kind, f_o, f_c), rule, price, params)


def _unit_liquidation_price(
    kind: str, sign: int, wallet: Fraction, rate: Fraction, convention: str
) -> Fraction | None:
    """The engine's liquidation price for entry 1 and size 1, exactly; None if not positive."""
    if kind == "linear":
        if convention == "binance":
            price = (wallet - sign) / (rate - sign)
        else:
            price = 1 - sign * (wallet - rate)
        return price if price > 0 else None
    denominator = wallet + sign - (rate if convention == "bybit" else 0)
    numerator = sign if convention == "bybit" else rate + sign
    if denominator == 0 or numerator / denominator <= 0:
        return None
    return numerator / denominator


def liquidation_move(
    leverage: float,
    *,
    kind: str = "linear",
    side: str = "long",
    mmr: float = 0.004,
    convention: str = "binance",
) -> Comparison:
    """The guide's liquidation move, 1/leverage, beside the exchange's.

    Parameters
    ----------
    leverage : float
        Leverage multiple; positive.
    kind : {"linear", "inverse"}, optional
        Contract kind; default "linear".
    side : {"long", "short"}, optional
        Default "long".
    mmr : float, optional
        Maintenance margin rate as a fraction in [0, 1); default 0.004 (0.4%).
    convention : {"binance", "bybit"}, optional
        Which exchange's liquidation formula (see :func:`contractcalc.linear.liquidation_price`).

    Returns
    -------
    Comparison
        ``quantity="move"``: the adverse price move, as a fraction of the entry price,
        at which an isolated position whose wallet is its initial margin is liquidated.
        ``exact`` is None when no price liquidates it (reason "no_liquidation": under
        the Binance convention a linear long or an inverse short at 1x or less), and 0
        when the initial margin does not exceed the maintenance margin
        (``mmr * leverage >= 1``, reason "immediate"). Otherwise the reason is "exact"
        (linear, ``mmr = 0``), "maintenance" (linear), "inverse_margin" (inverse,
        ``mmr = 0``) or "inverse_maintenance". ``params`` hold ``kind``, ``side``,
        ``leverage``, ``mmr``, ``convention`` and ``im`` (the initial margin rate,
        ``1/leverage``).

    Raises
    ------
    InputError
        If the leverage is not positive, the kind, side or convention is unknown, or
        the rate is not in [0, 1).

    Notes
    -----
    The liquidation price is that of the engine's ``liquidation_price`` for entry
    :math:`E = 1`, size 1 and wallet :math:`1/L` (the initial margin), no maintenance
    amount and no other positions:

    .. math::
        LP_\\text{linear} = \\frac{1/L - s}{m - s} \\text{ (Binance)}, \\quad
        1 - s(1/L - m) \\text{ (Bybit)}; \\qquad
        LP_\\text{inverse} = \\frac{m + s}{1/L + s} \\text{ (Binance)}, \\quad
        \\frac{s}{1/L + s - m} \\text{ (Bybit)}

    and the move is :math:`s(1 - LP)`; under the Binance convention
    :math:`(1/L - m)/(1 - sm)` (linear) and :math:`(1/L - m)/(1 + s/L)` (inverse).

    Examples
    --------
    At 20x and 0.4% maintenance margin a linear long is liquidated 4.62% below entry:

    >>> c = liquidation_move(20, kind="linear", side="long", mmr=0.004)
    >>> c.rule, round(c.exact, 6)
    (0.05, 0.046185)
    >>> c.explain()
    "The exchange liquidates when the margin left falls to the maintenance margin, \
0.40% of the position's value, not when it runs out: at 20x the USDT-margined long is \
liquidated by a 4.62% move, not 5.00%."
    >>> round(liquidation_move(20, kind="inverse", side="short").exact, 6)
    0.048421
    >>> liquidation_move(1, kind="inverse", side="short").exact is None
    True
    """
    rule = rules.liquidation_move(leverage)
    lev = ex.positive("leverage", leverage)
    _kind(kind)
    sign = ex.side(side)
    rate = ex.rate("mmr", mmr)
    if not isinstance(convention, str) or convention not in CONVENTIONS:
        raise InputError("convention", "convention")
    price = _unit_liquidation_price(kind, sign, 1 / lev, rate, convention)
    params: dict[str, float | str] = {
        "kind": kind,
        "side": side,
        "leverage": ex.to_float(lev),
        "mmr": ex.to_float(rate),
        "convention": convention,
        "im": ex.to_float(1 / lev),
    }
    if rate * lev >= 1:
        return _comparison("leverage", "move", "immediate", rule, Fraction(0), params)
    if price is None:
        return _comparison("leverage", "move", "no_liquidation", rule, None, params)
    if kind == "linear":
        reason = "maintenance" if rate else "exact"
    else:
        reason = "inverse_maintenance" if rate else "inverse_margin"
    return _comparison("leverage", "move", reason, rule, sign * (1 - price), params)


def _floor_leverage(value: Fraction) -> float:
    """A leverage rounded down to 0.01 and to four significant digits, exactly.

    A highest safe leverage must never be shown above itself: formatted with ``:.4g``
    (or ``:.2f`` below 100) this value reads as it is, never rounded up.

    >>> _floor_leverage(Fraction(965251, 100000)), _floor_leverage(Fraction(123456, 1000))
    (9.65, 123.4)
    """
    if value <= 0:
        return ex.to_float(value)
    digits = 2
    while value * 10**digits >= 10**4 and digits > -12:  # at most four significant digits
        digits -= 1
    scale = Fraction(10) ** digits
    return ex.to_float(Fraction(math.floor(value * scale)) / scale)


def _stop_leverage(
    field: str,
    rule: float,
    kind: str,
    side: str,
    distance: Fraction,
    mmr: float,
    params: dict[str, float | str],
) -> Comparison:
    """The engine's highest leverage for a stop ``distance`` from a unit entry price."""
    engine = _kind(kind)
    sign = ex.side(side)
    rate = ex.rate("mmr", mmr)
    try:
        exact = engine.max_leverage_for_stop(side, Fraction(1), 1 - sign * distance, rate)
    except InputError as error:  # the engine's "stop" is this function's ``field``
        raise InputError(field, error.code, **error.params) from error
    params |= {"kind": kind, "side": side, "stop": ex.to_float(distance), "mmr": ex.to_float(rate)}
    reason = "stop_inverse" if kind == "inverse" else "stop_maintenance" if rate else "exact"
    # Shown rounded down: a sentence must never offer more leverage than is safe.
    params["exact_floor"] = _floor_leverage(Fraction(exact))
    params["rule_floor"] = _floor_leverage(Fraction(rule))
    return _comparison(field, "leverage", reason, rule, Fraction(exact), params)


def leverage_for_stop(
    stop_fraction: float, *, kind: str = "linear", side: str = "long", mmr: float = 0.004
) -> Comparison:
    """The guide's leverage for a stop distance, 1/d, beside the highest safe leverage.

    Parameters
    ----------
    stop_fraction : float
        Distance from the open price to the stop, as a fraction strictly between 0 and 1
        (below the open price for a long, above it for a short).
    kind : {"linear", "inverse"}, optional
        Contract kind; default "linear".
    side : {"long", "short"}, optional
        Default "long".
    mmr : float, optional
        Maintenance margin rate as a fraction in [0, 1); default 0.004.

    Returns
    -------
    Comparison
        ``quantity="leverage"``: the highest leverage at which an isolated position's
        liquidation price lies at or beyond the stop (the engine's
        ``max_leverage_for_stop``). ``reason`` is "exact" (linear, ``mmr = 0``),
        "stop_maintenance" (linear) or "stop_inverse"; ``params`` hold ``kind``,
        ``side``, ``stop`` (the distance), ``mmr``, and ``exact_floor`` and
        ``rule_floor``: both leverages rounded down to 0.01 and to four significant
        digits, for sentences (a safe leverage is never shown above itself).

    Raises
    ------
    InputError
        If the fraction is not strictly between 0 and 1, the kind or side is unknown,
        or the rate is not in [0, 1).

    Notes
    -----
    With :math:`d` the stop distance and :math:`m` the maintenance rate:

    .. math::
        L_\\text{linear} = \\frac{1}{d + m - s d m}, \\qquad
        L_\\text{inverse long} = \\frac{1 - d}{d + m}, \\qquad
        L_\\text{inverse short} = \\frac{1 + d}{d + m}

    Examples
    --------
    The guide's 10% stop allows 10x by the rule, about 9.65x on a linear long:

    >>> c = leverage_for_stop(0.1, kind="linear", side="long", mmr=0.004)
    >>> c.rule, round(c.exact, 6)
    (10.0, 9.65251)
    """
    distance = ex.positive("stop_fraction", stop_fraction)  # also keeps 1/d finite
    rule = rules.leverage_for_stop(stop_fraction)
    return _stop_leverage("stop_fraction", rule, kind, side, distance, mmr, {})


def leverage_for_stop_price(
    open_price: float, stop_price: float, *, kind: str = "linear", mmr: float = 0.004
) -> Comparison:
    """The guide's leverage for a stop price beside the highest safe leverage.

    The side follows from the stop: below the open price a long, above it a short.

    Parameters
    ----------
    open_price : float
        Price at which the position is opened; positive.
    stop_price : float
        Stop-loss price; positive and different from the open price.
    kind : {"linear", "inverse"}, optional
        Contract kind; default "linear".
    mmr : float, optional
        Maintenance margin rate as a fraction in [0, 1); default 0.004.

    Returns
    -------
    Comparison
        As :func:`leverage_for_stop`, with ``stop = |stop/open - 1|`` and also
        ``open_price`` and ``stop_price`` in ``params``.

    Raises
    ------
    InputError
        If a price is not positive, the stop equals the open price, the kind is unknown
        or the rate is not in [0, 1).

    Notes
    -----
    The rule is :math:`1/|1 - \\text{stop}/\\text{open}|`; the exact leverage is that of
    :func:`leverage_for_stop` at the stop's distance

    .. math:: d = \\left|\\frac{\\text{stop}}{\\text{open}} - 1\\right|

    Examples
    --------
    The guide's example, open 20000 and stop 15000: 4x by the rule.

    >>> c = leverage_for_stop_price(20000, 15000, kind="linear", mmr=0.004)
    >>> c.rule, round(c.exact, 6)
    (4.0, 3.952569)
    """
    rule = rules.leverage_for_stop_price(open_price, stop_price)
    entry = ex.positive("open_price", open_price)
    stop = ex.positive("stop_price", stop_price)
    side = "long" if stop < entry else "short"
    params: dict[str, float | str] = {
        "open_price": ex.to_float(entry),
        "stop_price": ex.to_float(stop),
    }
    return _stop_leverage("stop_price", rule, kind, side, abs(stop / entry - 1), mmr, params)


def _profit(
    field: str,
    reason: str,
    rule: float,
    principal: Fraction,
    gross: Fraction,
    fees: Fraction,
    params: dict[str, float | str],
) -> Comparison:
    """Record gross, fees and, for a loss of the whole margin, switch to "beyond_margin"."""
    exact = gross - fees
    params |= {
        "principal": ex.to_float(principal),
        "gross": _param(field, gross),
        "fees": _param(field, fees),
    }
    if exact <= -principal:
        params["loss"] = _param(field, -exact)
        reason = "beyond_margin"
    return _comparison(field, "profit", reason, rule, exact, params)


def coin_long_profit(
    principal: float,
    leverage: float,
    rise: float,
    *,
    open_fee: float = 0.0,
    close_fee: float = 0.0,
) -> Comparison:
    """The guide's coin-margined long profit beside the exact coin profit.

    Parameters
    ----------
    principal : float
        Margin put up, in coin; positive.
    leverage : float
        Leverage multiple; positive.
    rise : float
        Price rise from entry to exit as a fraction, above -1 (negative: a fall).
    open_fee, close_fee : float, optional
        Fee rates of the opening and closing trade, charged in coin on the position's
        value; default 0.

    Returns
    -------
    Comparison
        ``quantity="profit"``, in coin. ``reason`` is "coin_long" (no fees),
        "coin_long_fees", or "beyond_margin" when the loss is at least the principal
        (both figures then assume the position stays open). ``params`` hold
        ``principal``, ``leverage``, ``rise``, ``open_fee``, ``close_fee``, ``gross``
        (before fees), ``fees``, ``at_exit`` (:math:`PLr`) and, for "beyond_margin",
        ``loss``.

    Raises
    ------
    InputError
        If principal or leverage is not positive, the rise is -100% or less, or a fee
        rate is not in (-1, 1).

    Notes
    -----
    A margin of :math:`P` coin at leverage :math:`L` and entry :math:`E` is a face value
    :math:`F = PLE`; at :math:`X = E(1 + r)` the inverse long's coin PnL is
    :math:`F(1/E - 1/X)`, so

    .. math::
        \\text{exact} = \\frac{PLr}{1 + r} - f_o PL - \\frac{f_c PL}{1 + r}, \\qquad
        \\text{rule} = PLr(1 + r)

    Valued at the exit price, the exact profit is worth :math:`PLr` coin at the entry
    price.

    Examples
    --------
    The guide's example, 1000 at 50x and a 10% rise:

    >>> c = coin_long_profit(1000, 50, 0.10)
    >>> c.rule, round(c.exact, 6), round(c.gap, 6)
    (5500.0, 4545.454545, -954.545455)
    >>> c.explain()
    'The guide multiplies by (1 + rise) where the exact math divides: the coin-margined \
long earns P × L × r ÷ (1 + r) = 4545.45 coin, not 5500; at the exit price that is \
worth what P × L × r = 5000 coin was worth at entry.'
    """
    rule = rules.coin_long_profit(principal, leverage, rise)
    p = ex.positive("principal", principal)
    lev = ex.positive("leverage", leverage)
    r = ex.number("rise", rise)
    f_o, f_c = _fee_pair(open_fee, close_fee)
    face = p * lev  # the face value in units of the entry price
    gross = face * r / (1 + r)
    fees = f_o * face + f_c * face / (1 + r)
    params: dict[str, float | str] = {
        "leverage": ex.to_float(lev),
        "rise": ex.to_float(r),
        "open_fee": ex.to_float(f_o),
        "close_fee": ex.to_float(f_c),
        "at_exit": ex.to_float(face * r),
    }
    reason = "coin_long_fees" if f_o or f_c else "coin_long"
    return _profit("rise", reason, rule, p, gross, fees, params)


def coin_short_profit(
    principal: float,
    leverage: float,
    fall: float,
    *,
    open_fee: float = 0.0,
    close_fee: float = 0.0,
) -> Comparison:
    """The guide's coin-margined short profit beside the exact coin profit.

    Parameters
    ----------
    principal : float
        Margin put up, in coin; positive.
    leverage : float
        Leverage multiple; positive.
    fall : float
        Price fall from entry to exit as a fraction, below 1 (negative: a rise).
    open_fee, close_fee : float, optional
        Fee rates of the opening and closing trade, charged in coin on the position's
        value; default 0.

    Returns
    -------
    Comparison
        ``quantity="profit"``, in coin. ``reason`` is "coin_short" (no fees),
        "coin_short_fees" or "beyond_margin"; ``params`` as for
        :func:`coin_long_profit`, with ``fall`` for ``rise`` and ``at_exit`` =
        :math:`PLf`.

    Raises
    ------
    InputError
        If principal or leverage is not positive, the fall is 100% or more, or a fee
        rate is not in (-1, 1).

    Notes
    -----
    With :math:`F = PLE` and :math:`X = E(1 - f)`, the coin PnL is :math:`F(1/X - 1/E)`:

    .. math::
        \\text{exact} = \\frac{PLf}{1 - f} - f_o PL - \\frac{f_c PL}{1 - f}, \\qquad
        \\text{rule} = PLf(1 - f)

    Examples
    --------
    The guide's example, 1000 at 50x and a 10% fall:

    >>> c = coin_short_profit(1000, 50, 0.10)
    >>> c.rule, round(c.exact, 6), round(c.gap, 6)
    (4500.0, 5555.555556, 1055.555556)
    """
    rule = rules.coin_short_profit(principal, leverage, fall)
    p = ex.positive("principal", principal)
    lev = ex.positive("leverage", leverage)
    f = ex.number("fall", fall)
    f_o, f_c = _fee_pair(open_fee, close_fee)
    face = p * lev
    gross = face * f / (1 - f)
    fees = f_o * face + f_c * face / (1 - f)
    params: dict[str, float | str] = {
        "leverage": ex.to_float(lev),
        "fall": ex.to_float(f),
        "open_fee": ex.to_float(f_o),
        "close_fee": ex.to_float(f_c),
        "at_exit": ex.to_float(face * f),
    }
    reason = "coin_short_fees" if f_o or f_c else "coin_short"
    return _profit("fall", reason, rule, p, gross, fees, params)


def usdt_profit(
    principal: float,
    leverage: float,
    change: float,
    *,
    side: str = "long",
    open_fee: float = 0.0,
    close_fee: float = 0.0,
) -> Comparison:
    """The guide's USDT-margined profit beside the exact profit after fees.

    Parameters
    ----------
    principal : float
        Margin put up, in USDT; positive.
    leverage : float
        Leverage multiple; positive.
    change : float
        Price change in the position's favour, as a fraction (a rise for a long, a fall
        for a short; negative for a loss). The exit price must stay positive.
    side : {"long", "short"}, optional
        Default "long".
    open_fee, close_fee : float, optional
        Fee rates of the opening and closing trade, on the position's value; default 0.

    Returns
    -------
    Comparison
        ``quantity="profit"``, in USDT. ``reason`` is "exact" (no fees), "fees", or
        "beyond_margin" when the loss is at least the principal. ``params`` hold
        ``side``, ``principal``, ``leverage``, ``change``, ``open_fee``, ``close_fee``,
        ``gross``, ``fees`` and, for "beyond_margin", ``loss``.

    Raises
    ------
    InputError
        If principal or leverage is not positive, the side is unknown, the change would
        take the price to zero or below, or a fee rate is not in (-1, 1).

    Notes
    -----
    The position's value at entry is :math:`PL`, at exit :math:`PL(1 + s\\Delta)`:

    .. math::
        \\text{exact} = PL\\Delta - f_o PL - f_c PL (1 + s\\Delta), \\qquad
        \\text{rule} = PL\\Delta

    Examples
    --------
    The guide's example, 1000 at 50x and a 2% rise, then with 0.05% fees each way:

    >>> usdt_profit(1000, 50, 0.02).gap
    0.0
    >>> c = usdt_profit(1000, 50, 0.02, open_fee=0.0005, close_fee=0.0005)
    >>> c.rule, c.exact, c.gap
    (1000.0, 949.5, -50.5)
    """
    rule = rules.usdt_profit(principal, leverage, change)
    p = ex.positive("principal", principal)
    lev = ex.positive("leverage", leverage)
    delta = ex.number("change", change)
    sign = ex.side(side)
    if 1 + sign * delta <= 0:
        raise InputError("change", "rise_too_small" if sign > 0 else "fall_too_large")
    f_o, f_c = _fee_pair(open_fee, close_fee)
    value = p * lev
    gross = value * delta
    fees = f_o * value + f_c * value * (1 + sign * delta)
    params: dict[str, float | str] = {
        "side": side,
        "leverage": ex.to_float(lev),
        "change": ex.to_float(delta),
        "open_fee": ex.to_float(f_o),
        "close_fee": ex.to_float(f_c),
    }
    reason = "fees" if f_o or f_c else "exact"
    return _profit("change", reason, rule, p, gross, fees, params)
