"""The payoff chart: a position's profit or loss against the exit price, as an SVG string.

Every profit is computed by :func:`contractcalc.linear.pnl` or
:func:`contractcalc.inverse.pnl`; this module only samples prices and draws (on the
frame of :mod:`app.chart.axes`).

Where a liquidation marker lies on the losing side of the entry, the position no longer
exists beyond it: the curve there is drawn only as a faint dashed ``pc-beyond`` line,
without the shaded area.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from html import escape
from typing import TypeGuard

from contractcalc import KINDS, InputError, inverse, linear

from .. import format as fmt
from ..texts import Texts, say
from .axes import (
    ROW,
    Plot,
    canvas,
    centred,
    frame,
    left_of,
    padded,
    points,
    stagger,
    text_width,
    value_axis,
)

#: Marker keys the chart knows; each gets the CSS modifier ``pc-marker--<key>`` (with
#: ``_`` written ``-``) on its line, dot and label.
MARKER_KEYS = ("entry", "liquidation", "bankruptcy", "break_even", "stop", "target")

_INVERSE_SAMPLES = 96
_PADDING = 0.10  # of the markers' price span, on each side
_MIN_SPAN = 0.05  # of the highest price, when the markers crowd together
_FLOOR = 0.5  # the lowest price drawn, as a fraction of the lowest marker

TEXTS: Texts = {
    "price": {"en": "Price", "zh": "价格"},
    "pnl": {"en": "PnL ({unit})", "zh": "盈亏 ({unit})"},
    "long": {"en": "Payoff of a long", "zh": "多头收益图"},
    "short": {"en": "Payoff of a short", "zh": "空头收益图"},
    "entry": {"en": "entry", "zh": "开仓价"},
    "colon": {"en": ": ", "zh": "："},
    "comma": {"en": ", ", "zh": "，"},
}

#: (key, price, label): a price to mark, one of :data:`MARKER_KEYS`, and its label.
Marker = tuple[str, float, str]
#: The profit at an exit price.
Payoff = Callable[[float], float]


def _price_range(entry: float, prices: Sequence[float]) -> tuple[float, float]:
    """Prices on the x axis: every marker and the entry, padded, and never below a positive floor.

    >>> _price_range(30000, [27000, 33000])
    (26400.0, 33600.0)
    >>> _price_range(10, [1, 100])[0]
    0.5
    """
    low, high = min([entry, *prices]), max([entry, *prices])
    floor = _FLOOR * low
    span = high - low
    if span < _MIN_SPAN * high:
        middle, span = (low + high) / 2, _MIN_SPAN * high
        low, high = middle - span / 2, middle + span / 2
    pad = _PADDING * span
    return max(low - pad, floor), high + pad


def _valid_price(value: object) -> TypeGuard[float]:
    """Whether a marker's price can be drawn: a positive finite number."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def _drawable(pnl: Payoff, price: object) -> bool:
    """A positive finite price whose PnL the engine computes (within its range)."""
    if not _valid_price(price):
        return False
    try:
        pnl(price)
    except InputError:
        return False
    return True


def payoff_svg(
    kind: str,
    side: str,
    entry: float,
    size: float,
    markers: Sequence[Marker],
    unit: str,
    lang: str,
    *,
    wide: bool = False,
) -> str:
    """The payoff chart of a position (profit or loss against the exit price) as SVG markup.

    Parameters
    ----------
    kind : {"linear", "inverse"}
        Linear (USDT-margined: ``size`` in coins, PnL in quote) or inverse
        (coin-margined: ``size`` is the USD face value, PnL in coin).
    side : {"long", "short"}
        Direction of the position.
    entry : float
        Entry price; positive. The curve crosses zero here.
    size : float
        Position size in the unit ``kind`` implies; positive.
    markers : sequence of (key, price, label)
        Prices to mark with a dashed vertical line, a dot on the curve and the label
        (already translated); ``key`` is one of :data:`MARKER_KEYS`. A marker whose
        price is None, not finite, not positive or outside the prices the engine accepts
        (such as the astronomical liquidation price of a short near 1x) is left out.
    unit : str
        The PnL currency, shown in the y-axis title (``"USDT"``, ``"BTC"``).
    lang : {"en", "zh"}
        Language of the axis titles and the summary.
    wide : bool, optional
        Draw on a wider canvas (800 x 300 viewBox units instead of 400 x 280), with the
        class ``pc-chart--wide``, for a full-width card on a wide screen, so the text
        keeps its size relative to the page; default False.

    Returns
    -------
    str
        An ``<svg>`` element with ``role="img"``, an ``aria-label`` and a ``<title>``
        summarising it; it scales to the width of its container. Beyond a
        ``"liquidation"`` marker on the losing side of the entry the curve is a
        ``pc-beyond`` polyline (the position is gone there), not a gain or loss line.

    Raises
    ------
    InputError
        If ``kind`` or ``side`` is unknown, or ``entry`` or ``size`` is not a positive
        finite number.

    Examples
    --------
    >>> svg = payoff_svg("linear", "long", 30000, 1,
    ...                  [("liquidation", 28650, "Liquidation")], "USDT", "en")
    >>> svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    True
    >>> print(svg[svg.index("<title>"):svg.index("</title>") + 8])
    <title>Payoff of a long: Liquidation 28,650.00</title>
    """
    if kind not in KINDS:
        raise InputError("kind", "kind")
    pnl_of = linear.pnl if kind == "linear" else inverse.pnl
    pnl_of(side, entry, entry, size)  # checks side, entry and size before any drawing

    def pnl(price: float) -> float:
        return pnl_of(side, entry, price, size)

    shown = [marker for marker in markers if _drawable(pnl, marker[1])]
    liquidation = _liquidation(side, entry, shown)
    x_range = _x_range(pnl, entry, shown)
    curve = _curve(pnl, kind, entry, shown, x_range, liquidation)
    y_range = padded([value for _, value in curve])
    y = value_axis(*y_range)
    width, height = canvas(wide)
    draft = Plot(width, height, left_of(y), 0, x_range, y_range)
    order = sorted(range(len(shown)), key=lambda i: shown[i][1])
    centres, rows = _label_rows(draft, shown, order)
    plot = replace(draft, top=6 + ROW * (max(rows.values(), default=-1) + 1) + 6)
    classes = "pc-chart pc-chart--wide" if wide else "pc-chart"
    titles = (say(TEXTS, "price", lang), say(TEXTS, "pnl", lang, unit=unit))
    out = frame(plot, classes, _title(side, entry, shown, lang), y, wide, titles)
    out += _areas(plot, curve, side, entry, liquidation)
    for i in order:
        out.append(_mark(plot, shown[i], pnl(shown[i][1]), centres[i], rows[i]))
    out.append("</svg>")
    return "\n".join(out)


def _liquidation(side: str, entry: float, shown: Sequence[Marker]) -> float | None:
    """The liquidation marker's price when it lies on the losing side of the entry."""
    liquidation = next((price for key, price, _ in shown if key == "liquidation"), None)
    if liquidation is not None and (liquidation < entry if side == "long" else liquidation > entry):
        return liquidation
    return None


def _x_range(pnl: Payoff, entry: float, shown: Sequence[Marker]) -> tuple[float, float]:
    """The prices drawn: every marker and the entry, padded.

    The padding stops at the outermost marker where it would pass the engine's price range.
    """
    marked = [entry, *(price for _, price, _ in shown)]
    x_low, x_high = _price_range(entry, marked)
    if not _drawable(pnl, x_low):
        x_low = min(marked)
    if not _drawable(pnl, x_high):
        x_high = max(marked)
    return x_low, x_high


def _curve(
    pnl: Payoff,
    kind: str,
    entry: float,
    shown: Sequence[Marker],
    x_range: tuple[float, float],
    liquidation: float | None,
) -> list[tuple[float, float]]:
    """(price, profit) at every corner of the curve.

    A linear curve is straight each side of the entry; an inverse one is sampled, and
    passes through each marker.
    """
    x_low, x_high = x_range
    count = 2 if kind == "linear" else _INVERSE_SAMPLES
    prices = {x_low + (x_high - x_low) * i / (count - 1) for i in range(count)}
    prices.update(price for _, price, _ in shown if kind == "inverse")
    prices.add(entry)
    if liquidation is not None:
        prices.add(liquidation)
    return [(price, pnl(price)) for price in sorted(prices)]


def _label_rows(
    plot: Plot, shown: Sequence[Marker], order: Sequence[int]
) -> tuple[dict[int, float], dict[int, int]]:
    """Each marker label's centre, and its row above the plot so no two labels overlap."""
    widths = {i: text_width(shown[i][2]) for i in order}
    centres = {i: centred(plot.x_at(shown[i][1]), widths[i], high=plot.width - 2.0) for i in order}
    spans = [(centres[i] - widths[i] / 2, centres[i] + widths[i] / 2) for i in order]
    return centres, dict(zip(order, stagger(spans), strict=True))


def _title(side: str, entry: float, shown: Sequence[Marker], lang: str) -> str:
    """The chart's title, escaped: which payoff, and every marker's price."""
    return escape(
        say(TEXTS, "long" if side == "long" else "short", lang)
        + say(TEXTS, "colon", lang)
        + say(TEXTS, "comma", lang).join(
            [f"{label} {fmt.price(price)}" for _, price, label in shown]
            or [f"{say(TEXTS, 'entry', lang)} {fmt.price(entry)}"]
        )
    )


def _areas(
    plot: Plot,
    curve: Sequence[tuple[float, float]],
    side: str,
    entry: float,
    liquidation: float | None,
) -> list[str]:
    """The curve: gain and loss areas and lines each side of the entry, faint past liquidation."""

    def alive(price: float) -> bool:
        if liquidation is None:
            return True
        return price >= liquidation if side == "long" else price <= liquidation

    def xy(price: float, value: float) -> tuple[float, float]:
        return plot.x_at(price), plot.y_at(value)

    out = []
    zero = plot.y_at(0.0)
    # Beyond the liquidation price: a faint line, no area (the position is gone there).
    beyond = [point for point in curve if not alive(point[0]) or point[0] == liquidation]
    if len(beyond) > 1:
        line = [xy(price, value) for price, value in beyond]
        out.append(f'<polyline class="pc-beyond" fill="none" points="{points(line)}"/>')
    # Gain and loss: a shaded area and a line on each side of the entry.
    live = [point for point in curve if alive(point[0])]
    halves = (
        [point for point in live if point[0] <= entry],
        [point for point in live if point[0] >= entry],
    )
    for half in halves:
        tone = "gain" if sum(value for _, value in half) > 0 else "loss"
        line = [xy(price, value) for price, value in half]
        area = [*line, (line[-1][0], zero), (line[0][0], zero)]
        out.append(f'<polygon class="pc-area pc-area--{tone}" points="{points(area)}"/>')
        out.append(f'<polyline class="pc-{tone}" fill="none" points="{points(line)}"/>')
    out.append(
        f'<line class="pc-zero" x1="{plot.left:.1f}" y1="{zero:.1f}" x2="{plot.right}"'
        f' y2="{zero:.1f}"/>'
    )
    return out


def _mark(plot: Plot, marker: Marker, value: float, centre: float, row: int) -> str:
    """A marker: a dashed line from its label's row to the axis, a dot on the curve, the label."""
    key, price, label = marker
    modifier = key.replace("_", "-") if key in MARKER_KEYS else "other"
    x, y = plot.x_at(price), plot.y_at(value)
    baseline = 6 + ROW * (row + 1) - 4
    return (
        f'<g class="pc-mark"><title>{escape(label)} {escape(fmt.price(price))}</title>'
        f'<line class="pc-marker pc-marker--{modifier}" fill="none" x1="{x:.1f}"'
        f' y1="{baseline + 4:.1f}" x2="{x:.1f}" y2="{plot.bottom}"/>'
        f'<circle class="pc-dot pc-dot--{modifier}" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>'
        f'<text class="pc-label pc-label--{modifier}" x="{centre:.1f}" y="{baseline:.1f}"'
        f' text-anchor="middle">{escape(label)}</text></g>'
    )
