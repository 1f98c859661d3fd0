"""The guide's seven rules of thumb, exactly as the guide states them.

Each function is one rule of the guide ("Basics of contract algorithms", the traders'
guide whose rules the page sets beside the exact values), computed as written and
nothing more: no maintenance margin, no fees, no distinction between contract kinds
where the guide makes none. :mod:`contractcalc.compare` sets each rule beside the
exact exchange math. Rates are fractions: 0.2 means 20%.
"""

from __future__ import annotations

from . import _exact as ex
from .errors import InputError


def target_change(open_price: float, target_price: float) -> float:
    """Price change from the open price to a target, as a fraction.

    Parameters
    ----------
    open_price : float
        Price at which the position is opened; positive.
    target_price : float
        Price the trader aims for; positive.

    Returns
    -------
    float
        The change as a fraction: positive for a rise (a long's target), negative
        for a fall (a short's target).

    Raises
    ------
    InputError
        If either price is not a positive finite number.

    Notes
    -----
    .. math:: \\Delta = \\frac{\\text{target}}{\\text{open}} - 1

    Examples
    --------
    The guide's examples: long at 1000 aiming for 1200, short at 1000 aiming for 800.

    >>> target_change(1000, 1200)
    0.2
    >>> target_change(1000, 800)
    -0.2
    """
    open_exact = ex.positive("open_price", open_price)
    target_exact = ex.positive("target_price", target_price)
    return ex.to_float(target_exact / open_exact - 1)


def target_price(open_price: float, change: float) -> float:
    """The price a given change away from the open price (the inverse of :func:`target_change`).

    Parameters
    ----------
    open_price : float
        Price at which the position is opened; positive.
    change : float
        Price change as a fraction, above -1 (a fall of 100% would be a price of zero).

    Returns
    -------
    float
        ``open_price * (1 + change)``.

    Raises
    ------
    InputError
        If the open price is not positive or the change is -100% or less.

    Notes
    -----
    .. math:: \\text{target} = \\text{open}\\,(1 + \\Delta)

    Examples
    --------
    >>> target_price(1000, 0.2)
    1200.0
    >>> target_price(1000, -0.2)
    800.0
    """
    open_exact = ex.positive("open_price", open_price)
    change_exact = ex.number("change", change)
    if change_exact <= -1:
        raise InputError("change", "rise_too_small")
    return ex.to_float(open_exact * (1 + change_exact))


def liquidation_move(leverage: float) -> float:
    """The adverse price move that liquidates a position, by the guide's rule.

    Parameters
    ----------
    leverage : float
        Leverage multiple; positive.

    Returns
    -------
    float
        The move against the position, as a fraction of the open price.

    Raises
    ------
    InputError
        If the leverage is not positive.

    Notes
    -----
    .. math:: \\text{move} = \\frac{1}{L}

    The rule ignores the maintenance margin, so a real exchange liquidates a little
    earlier (see :func:`contractcalc.compare.liquidation_move`).

    Examples
    --------
    The guide's example: at 20x a 5% adverse move liquidates.

    >>> liquidation_move(20)
    0.05
    """
    leverage_exact = ex.positive("leverage", leverage)
    return ex.to_float(1 / leverage_exact)


def leverage_for_stop(stop_fraction: float) -> float:
    """The leverage at which a given stop-loss distance is the liquidation distance.

    Parameters
    ----------
    stop_fraction : float
        Distance from the open price to the stop, as a fraction; strictly between 0 and 1.

    Returns
    -------
    float
        The leverage multiple.

    Raises
    ------
    InputError
        If the fraction is not strictly between 0 and 1.

    Notes
    -----
    .. math:: L = \\frac{1}{d}

    Examples
    --------
    The guide's example: a 10% stop allows 10x.

    >>> leverage_for_stop(0.1)
    10.0
    """
    stop_exact = ex.positive("stop_fraction", stop_fraction)
    if stop_exact >= 1:
        raise InputError("stop_fraction", "open_interval", low=0.0, high=1.0)
    return ex.to_float(1 / stop_exact)


def leverage_for_stop_price(open_price: float, stop_price: float) -> float:
    """The leverage at which the stop price is the liquidation price.

    The side follows from the stop: below the open price it is a long's stop,
    above it a short's.

    Parameters
    ----------
    open_price : float
        Price at which the position is opened; positive.
    stop_price : float
        Stop-loss price; positive and different from the open price.

    Returns
    -------
    float
        The leverage multiple.

    Raises
    ------
    InputError
        If a price is not positive, or the stop equals the open price.

    Notes
    -----
    For a long (stop below open) and a short (stop above open):

    .. math::
        L_\\text{long} = \\frac{1}{1 - \\text{stop}/\\text{open}}, \\qquad
        L_\\text{short} = \\frac{1}{\\text{stop}/\\text{open} - 1}

    Examples
    --------
    The guide's example: open 20000, stop 15000 allows 4x; mirrored for a short.

    >>> leverage_for_stop_price(20000, 15000)
    4.0
    >>> leverage_for_stop_price(20000, 25000)
    4.0
    """
    open_exact = ex.positive("open_price", open_price)
    stop_exact = ex.positive("stop_price", stop_price)
    if stop_exact == open_exact:
        raise InputError("stop_price", "stop_equals_open")
    return ex.to_float(1 / abs(1 - stop_exact / open_exact))


def coin_long_profit(principal: float, leverage: float, rise: float) -> float:
    """Profit of a coin-margined long after a rise, by the guide's rule.

    Parameters
    ----------
    principal : float
        Margin put up; positive. The profit is in the same unit.
    leverage : float
        Leverage multiple; positive.
    rise : float
        Price rise as a fraction, above -1 (a negative rise is a fall, giving a loss).

    Returns
    -------
    float
        The profit (negative for a loss).

    Raises
    ------
    InputError
        If principal or leverage is not positive, or the rise is -100% or less.

    Notes
    -----
    .. math:: \\text{profit} = P \\cdot L \\cdot r \\cdot (1 + r)

    The exact coin profit divides by :math:`1 + r` instead
    (see :func:`contractcalc.compare.coin_long_profit`).

    Examples
    --------
    The guide's example: 1000 at 50x, a 10% rise.

    >>> coin_long_profit(1000, 50, 0.10)
    5500.0
    """
    principal_exact = ex.positive("principal", principal)
    leverage_exact = ex.positive("leverage", leverage)
    rise_exact = ex.number("rise", rise)
    if rise_exact <= -1:
        raise InputError("rise", "rise_too_small")
    return ex.to_float(principal_exact * leverage_exact * rise_exact * (1 + rise_exact))


def coin_short_profit(principal: float, leverage: float, fall: float) -> float:
    """Profit of a coin-margined short after a fall, by the guide's rule.

    Parameters
    ----------
    principal : float
        Margin put up; positive. The profit is in the same unit.
    leverage : float
        Leverage multiple; positive.
    fall : float
        Price fall as a fraction, below 1 (a negative fall is a rise, giving a loss).

    Returns
    -------
    float
        The profit (negative for a loss).

    Raises
    ------
    InputError
        If principal or leverage is not positive, or the fall is 100% or more.

    Notes
    -----
    .. math:: \\text{profit} = P \\cdot L \\cdot f \\cdot (1 - f)

    The exact coin profit divides by :math:`1 - f` instead
    (see :func:`contractcalc.compare.coin_short_profit`).

    Examples
    --------
    The guide's example: 1000 at 50x, a 10% fall.

    >>> coin_short_profit(1000, 50, 0.10)
    4500.0
    """
    principal_exact = ex.positive("principal", principal)
    leverage_exact = ex.positive("leverage", leverage)
    fall_exact = ex.number("fall", fall)
    if fall_exact >= 1:
        raise InputError("fall", "fall_too_large")
    return ex.to_float(principal_exact * leverage_exact * fall_exact * (1 - fall_exact))


def usdt_profit(principal: float, leverage: float, change: float) -> float:
    """Profit of a USDT-margined position, by the guide's rule.

    Parameters
    ----------
    principal : float
        Margin put up, in USDT; positive.
    leverage : float
        Leverage multiple; positive.
    change : float
        Price change in the position's favour, as a fraction; negative for a loss.

    Returns
    -------
    float
        The profit in USDT (negative for a loss).

    Raises
    ------
    InputError
        If principal or leverage is not positive, or the change is not finite.

    Notes
    -----
    .. math:: \\text{profit} = P \\cdot L \\cdot \\Delta

    Exact before fees and funding.

    Examples
    --------
    The guide's example: 1000 at 50x, a 2% move.

    >>> usdt_profit(1000, 50, 0.02)
    1000.0
    >>> usdt_profit(1000, 50, -0.02)
    -1000.0
    """
    principal_exact = ex.positive("principal", principal)
    leverage_exact = ex.positive("leverage", leverage)
    change_exact = ex.number("change", change)
    return ex.to_float(principal_exact * leverage_exact * change_exact)
