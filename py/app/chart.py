"""The payoff chart: profit or loss against the exit price, drawn as an SVG string.

Pure Python with no browser imports: the DOM code inserts the returned markup into the
page. Every profit is computed by :func:`contractcalc.linear.pnl` or
:func:`contractcalc.inverse.pnl`; this module only samples prices and draws. Colours come
from CSS classes alone (styled in static/app.css), so the chart follows the light and dark
themes; no script, event attribute, inline style or external reference is emitted.

The drawing is 400 x 280 viewBox units and scales to its container's width. A 360 px
phone leaves the card about 296 px, so 14-unit text renders at about 10.4 px there and
at 14 px or more in a desktop card. A chart in a full-width card also draws a
``wide=True`` copy: 800 x 300 units, so its text stays about as large as in a narrow card
instead of doubling. That copy carries the class ``pc-chart--wide``; the stylesheet shows
it instead of the narrow one only where the card is wide enough for its text (on a phone
it would shrink to a few pixels).

Where a liquidation marker lies on the losing side of the entry, the position no longer
exists beyond it: the curve there is drawn only as a faint dashed ``pc-beyond`` line,
without the shaded area.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from html import escape

from contractcalc import KINDS, InputError, account, inverse, linear

from . import format as fmt
from .texts import Texts, say

__all__ = ["MARKER_KEYS", "account_svg", "payoff_svg"]

#: Marker keys the chart knows; each gets the CSS modifier ``pc-marker--<key>`` (with
#: ``_`` written ``-``) on its line, dot and label.
MARKER_KEYS = ("entry", "liquidation", "bankruptcy", "break_even", "stop", "target")

#: Rules for the chart's classes, written against the page's CSS variables so the chart
#: reads in both themes. The page's stylesheet carries a copy.

WIDTH = 400
HEIGHT = 280
#: The drawing's size with ``wide=True``, for a card as wide as the page.
WIDE_WIDTH = 800
WIDE_HEIGHT = 300
FONT = 14
_ROW = FONT + 6  # one row of marker labels: the glyph box (about 1.35 em) and a gap
_MAX_ROWS = 4
_RIGHT = 12
_BOTTOM = 2 * FONT + 16  # tick labels and the axis title
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
    "account_move": {"en": "Every price moved (%)", "zh": "所有价格同步变动 (%)"},
    "account_title": {
        "en": "Equity and maintenance against a common move",
        "zh": "保证金余额与维持保证金随价格同步变动",
    },
    "account_equity": {"en": "Equity", "zh": "保证金余额"},
    "account_maintenance": {"en": "Maintenance", "zh": "维持保证金"},
    "account_today": {"en": "Now", "zh": "当前"},
    "account_liquidation": {"en": "Liquidation", "zh": "强平"},
}


def _text_width(text: str) -> float:
    """Rough rendered width of ``text`` in viewBox units: 0.62 em per Latin, 1 em per CJK."""
    wide = sum(unicodedata.east_asian_width(char) in "WF" for char in text)
    return FONT * (0.62 * (len(text) - wide) + wide)


def _decimals(step: float) -> int:
    """Decimals that show every multiple of ``step`` exactly.

    >>> _decimals(500.0), _decimals(0.05), _decimals(2.5)
    (0, 2, 1)
    """
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    while decimals < 12 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-6:
        decimals += 1
    return decimals


def _nice_ticks(low: float, high: float, target: int) -> tuple[list[float], int]:
    """About ``target`` round values (steps of 1, 2 or 5 times a power of ten) within a range.

    Returns the ticks and the decimals their labels need.

    >>> _nice_ticks(27000, 31000, 5)
    ([27000.0, 28000.0, 29000.0, 30000.0, 31000.0], 0)
    >>> _nice_ticks(-0.13, 0.07, 4)
    ([-0.1, -0.05, 0.0, 0.05], 2)
    """
    power = 10.0 ** math.floor(math.log10((high - low) / max(target, 1)))

    def ticks(step: float) -> range:
        return range(math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9) + 1)

    steps = [m * power * scale for scale in (0.1, 1, 10) for m in (1, 2, 5)]
    step = min(steps, key=lambda step: (abs(len(ticks(step)) - target), -step))
    return [k * step + 0.0 for k in ticks(step)], _decimals(step)


def _centred(x: float, width: float, low: float = 2.0, high: float = WIDTH - 2.0) -> float:
    """The centre of a ``width``-wide label nearest ``x`` that stays within ``[low, high]``."""
    return min(max(x, low + width / 2), high - width / 2)


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


def _valid_price(value: object) -> bool:
    """Whether a marker's price can be drawn: a positive finite number."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _stagger(spans: Sequence[tuple[float, float]]) -> list[int]:
    """A row for each label so labels in one row do not overlap; ``spans`` run left to right.

    >>> _stagger([(0, 50), (40, 90), (100, 150), (60, 110)])
    [0, 1, 0, 2]
    """
    ends: list[float] = []
    rows = []
    for left, right in spans:
        row = next((r for r, end in enumerate(ends) if end + 4 <= left), None)
        if row is None:
            if len(ends) < _MAX_ROWS:
                row = len(ends)
                ends.append(right)
            else:
                row = min(range(len(ends)), key=ends.__getitem__)
        ends[row] = max(ends[row], right)
        rows.append(row)
    return rows


def payoff_svg(
    kind: str,
    side: str,
    entry: float,
    size: float,
    markers: Sequence[tuple[str, float, str]],
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
        Language of the axis titles and the summary; other values give English.
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

    def drawable(price: object) -> bool:
        """A positive finite price whose PnL the engine computes (within its range)."""
        if not _valid_price(price):
            return False
        try:
            pnl(price)  # type: ignore[arg-type]
        except InputError:
            return False
        return True

    width, height = (WIDE_WIDTH, WIDE_HEIGHT) if wide else (WIDTH, HEIGHT)
    shown = [(key, price, label) for key, price, label in markers if drawable(price)]
    marked = [entry, *(price for _, price, _ in shown)]
    x_low, x_high = _price_range(entry, marked)
    # Padding past the engine's price range stops at the outermost marker instead.
    if not drawable(x_low):
        x_low = min(marked)
    if not drawable(x_high):
        x_high = max(marked)

    # The curve, split at the entry where the PnL is exactly zero.
    count = 2 if kind == "linear" else _INVERSE_SAMPLES
    prices = {x_low + (x_high - x_low) * i / (count - 1) for i in range(count)}
    prices.update(price for _, price, _ in shown if kind == "inverse")
    prices.add(entry)
    # The position is liquidated at a liquidation price on the losing side of the entry:
    # the curve beyond it is drawn apart, faint.
    liquidation = next((price for key, price, _ in shown if key == "liquidation"), None)
    if liquidation is not None and (liquidation < entry if side == "long" else liquidation > entry):
        prices.add(liquidation)
    else:
        liquidation = None

    def alive(price: float) -> bool:
        if liquidation is None:
            return True
        return price >= liquidation if side == "long" else price <= liquidation

    curve = [(price, pnl(price)) for price in sorted(prices)]
    dots = [pnl(price) for _, price, _ in shown]

    y_low = min([0.0, *(value for _, value in curve)])
    y_high = max([0.0, *(value for _, value in curve)])
    y_pad = 0.08 * (y_high - y_low or 1.0)
    y_low, y_high = y_low - y_pad, y_high + y_pad

    # Marker labels: staggered in rows above the plot, so the plot's top depends on them.
    y_ticks, y_decimals = _nice_ticks(y_low, y_high, 5)
    y_labels = [fmt.number(value, y_decimals) for value in y_ticks]
    left = FONT + 10 + max(_text_width(text) for text in y_labels)
    right = width - _RIGHT

    def x_at(price: float) -> float:
        return left + (price - x_low) / (x_high - x_low) * (right - left)

    order = sorted(range(len(shown)), key=lambda i: shown[i][1])
    widths = {i: _text_width(shown[i][2]) for i in order}
    centres = {i: _centred(x_at(shown[i][1]), widths[i], high=width - 2.0) for i in order}
    rows = dict(
        zip(
            order,
            _stagger([(centres[i] - widths[i] / 2, centres[i] + widths[i] / 2) for i in order]),
            strict=True,
        )
    )
    top = 6 + _ROW * (max(rows.values(), default=-1) + 1) + 6
    bottom = height - _BOTTOM

    def y_at(value: float) -> float:
        return bottom - (value - y_low) / (y_high - y_low) * (bottom - top)

    def xy(price: float, value: float) -> tuple[float, float]:
        return x_at(price), y_at(value)

    zero = y_at(0.0)
    title = escape(
        say(TEXTS, "long" if side == "long" else "short", lang)
        + say(TEXTS, "colon", lang)
        + say(TEXTS, "comma", lang).join(
            [f"{label} {fmt.price(price)}" for _, price, label in shown]
            or [f"{say(TEXTS, 'entry', lang)} {fmt.price(entry)}"]
        )
    )
    classes = "pc-chart pc-chart--wide" if wide else "pc-chart"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}"'
        f' viewBox="0 0 {width} {height}"'
        f' width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-label="{title}"'
        f' font-size="{FONT}">',
        f"<title>{title}</title>",
    ]

    # Grid and y ticks.
    for value, text in zip(y_ticks, y_labels, strict=True):
        y = y_at(value)
        out.append(
            f'<line class="pc-grid" x1="{left:.1f}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>'
        )
        out.append(
            f'<text class="pc-tick" x="{left - 6:.1f}" y="{y + FONT * 0.35:.1f}"'
            f' text-anchor="end">{escape(text)}</text>'
        )
    for target in (8, 6, 5, 4, 3, 2) if wide else (5, 4, 3, 2):  # as many as fit side by side
        x_ticks, x_decimals = _nice_ticks(x_low, x_high, target)
        x_labels = [fmt.number(value, x_decimals) for value in x_ticks]
        step = (x_ticks[1] - x_ticks[0]) if len(x_ticks) > 1 else x_high - x_low
        if step / (x_high - x_low) * (right - left) >= max(map(_text_width, x_labels)) + 8:
            break
    for value, text in zip(x_ticks, x_labels, strict=True):
        x = x_at(value)
        out.append(
            f'<line class="pc-axis" x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}"/>'
        )
        out.append(
            f'<text class="pc-tick" x="{_centred(x, _text_width(text), high=width - 2.0):.1f}"'
            f' y="{bottom + 6 + FONT:.1f}" text-anchor="middle">{escape(text)}</text>'
        )
    out.append(f'<line class="pc-axis" x1="{left:.1f}" y1="{top}" x2="{left:.1f}" y2="{bottom}"/>')
    out.append(f'<line class="pc-axis" x1="{left:.1f}" y1="{bottom}" x2="{right}" y2="{bottom}"/>')
    out.append(
        f'<text class="pc-title" x="{(left + right) / 2:.1f}" y="{height - 6}"'
        f' text-anchor="middle">{escape(say(TEXTS, "price", lang))}</text>'
    )
    y_title = escape(say(TEXTS, "pnl", lang, unit=unit))
    middle = (top + bottom) / 2
    out.append(
        f'<text class="pc-title" x="{FONT:.1f}" y="{middle:.1f}" text-anchor="middle"'
        f' transform="rotate(-90 {FONT:.1f} {middle:.1f})">{y_title}</text>'
    )

    # Beyond the liquidation price: a faint line, no area (the position is gone there).
    beyond = [point for point in curve if not alive(point[0]) or point[0] == liquidation]
    if len(beyond) > 1:
        line = [xy(price, value) for price, value in beyond]
        out.append(f'<polyline class="pc-beyond" fill="none" points="{_points(line)}"/>')
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
        out.append(f'<polygon class="pc-area pc-area--{tone}" points="{_points(area)}"/>')
        out.append(f'<polyline class="pc-{tone}" fill="none" points="{_points(line)}"/>')
    out.append(
        f'<line class="pc-zero" x1="{left:.1f}" y1="{zero:.1f}" x2="{right}" y2="{zero:.1f}"/>'
    )

    # Markers: dashed line from the label's row to the axis, a dot on the curve, the label.
    for i in order:
        key, price, label = shown[i]
        modifier = key.replace("_", "-") if key in MARKER_KEYS else "other"
        x, y = xy(price, dots[i])
        baseline = 6 + _ROW * (rows[i] + 1) - 4
        out.append(
            f'<g class="pc-mark"><title>{escape(label)} {escape(fmt.price(price))}</title>'
            f'<line class="pc-marker pc-marker--{modifier}" fill="none" x1="{x:.1f}"'
            f' y1="{baseline + 4:.1f}" x2="{x:.1f}" y2="{bottom}"/>'
            f'<circle class="pc-dot pc-dot--{modifier}" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>'
            f'<text class="pc-label pc-label--{modifier}" x="{centres[i]:.1f}" y="{baseline:.1f}"'
            f' text-anchor="middle">{escape(label)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


_ACCOUNT_SAMPLES = 48


def account_svg(
    kind: str,
    wallet: float,
    positions: Sequence[account.Position],
    move: float | None,
    unit: str,
    lang: str,
    *,
    convention: str = "binance",
    liquidation_fee: float = 0.0,
    wide: bool = False,
) -> str:
    """An account's equity and maintenance requirement against a common move of every price.

    Every value is :func:`contractcalc.account.summary` of the positions with each mark
    moved by the same fraction r (the x axis, in percent): the margin balance (equity)
    and the maintenance margin plus liquidation fee. The account is liquidated where the
    two lines meet; the chart marks r = 0 (now) and ``move`` (liquidation, when given).

    Parameters
    ----------
    kind, wallet, positions, convention, liquidation_fee
        As for :func:`contractcalc.account.summary`.
    move : float or None
        The liquidating move, from :func:`contractcalc.account.liquidation_move`.
    unit : str
        The margin currency, shown in the legend.
    lang : {"en", "zh"}
        Language of the texts; other values give English.
    wide : bool, optional
        Draw on the wide canvas (class ``pc-chart--wide``) for a full-width card.

    Returns
    -------
    str
        An ``<svg>`` with ``role="img"`` and a ``<title>``; classes only, no inline style.

    Examples
    --------
    >>> book = [account.Position("BTCUSDT", "long", 30000, 1, 30000, 0.005)]
    >>> svg = account_svg("linear", 3000, book, -0.0954773869, "USDT", "en")
    >>> print(svg[svg.index("<title>"):svg.index("</title>") + 8])
    <title>Equity and maintenance against a common move: Now 0.00%, Liquidation -9.55%</title>
    """
    width, height = (WIDE_WIDTH, WIDE_HEIGHT) if wide else (WIDTH, HEIGHT)
    marks: list[tuple[str, float, str]] = [("entry", 0.0, say(TEXTS, "account_today", lang))]
    if move is not None and math.isfinite(move) and move > -1:
        marks.append(("liquidation", move, say(TEXTS, "account_liquidation", lang)))
    reach = max([0.1, *(abs(r) * 1.3 for _, r, _ in marks)])
    x_low, x_high = max(-reach, -0.95), reach

    def state(r: float) -> tuple[float, float]:
        book = [replace(position, mark=position.mark * (1 + r)) for position in positions]
        summary = account.summary(kind, wallet, book, convention, liquidation_fee)
        return summary.margin_balance, summary.maintenance_margin + summary.liquidation_fee

    samples = sorted(
        {x_low + (x_high - x_low) * i / (_ACCOUNT_SAMPLES - 1) for i in range(_ACCOUNT_SAMPLES)}
        | {r for _, r, _ in marks}
    )
    values = [(r, *state(r)) for r in samples]
    y_low = min([0.0, *(min(e, m) for _, e, m in values)])
    y_high = max([0.0, *(max(e, m) for _, e, m in values)])
    y_pad = 0.08 * (y_high - y_low or 1.0)
    y_low, y_high = y_low - y_pad, y_high + y_pad

    y_ticks, y_decimals = _nice_ticks(y_low, y_high, 5)
    y_labels = [fmt.number(value, y_decimals) for value in y_ticks]
    left = FONT + 10 + max(_text_width(label) for label in y_labels)
    right = width - _RIGHT
    legend = [
        ("equity", say(TEXTS, "account_equity", lang)),
        ("maintenance", say(TEXTS, "account_maintenance", lang)),
    ]
    top = 6 + 2 * _ROW + 6  # the legend's row, then the markers' row
    bottom = height - _BOTTOM

    def x_at(r: float) -> float:
        return left + (r - x_low) / (x_high - x_low) * (right - left)

    def y_at(value: float) -> float:
        return bottom - (value - y_low) / (y_high - y_low) * (bottom - top)

    title = escape(
        say(TEXTS, "account_title", lang)
        + ": "
        + ", ".join(f"{label} {fmt.percent(r)}" for _, r, label in marks)
    )
    classes = "pc-chart pc-chart--wide" if wide else "pc-chart"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes} ac-chart"'
        f' viewBox="0 0 {width} {height}"'
        f' width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-label="{title}"'
        f' font-size="{FONT}">',
        f"<title>{title}</title>",
    ]
    for value, label in zip(y_ticks, y_labels, strict=True):
        y = y_at(value)
        out.append(
            f'<line class="pc-grid" x1="{left:.1f}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>'
        )
        out.append(
            f'<text class="pc-tick" x="{left - 6:.1f}" y="{y + FONT * 0.35:.1f}"'
            f' text-anchor="end">{escape(label)}</text>'
        )
    for target in (8, 6, 5, 4, 3, 2) if wide else (5, 4, 3, 2):  # as many as fit side by side
        x_ticks, x_decimals = _nice_ticks(x_low * 100, x_high * 100, target)
        x_labels = [fmt.number(value, x_decimals) for value in x_ticks]
        step = (x_ticks[1] - x_ticks[0]) / 100 if len(x_ticks) > 1 else x_high - x_low
        if step / (x_high - x_low) * (right - left) >= max(map(_text_width, x_labels)) + 8:
            break
    for value, label in zip(x_ticks, x_labels, strict=True):
        x = x_at(value / 100)
        out.append(
            f'<line class="pc-axis" x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}"/>'
        )
        out.append(
            f'<text class="pc-tick" x="{_centred(x, _text_width(label), high=width - 2.0):.1f}"'
            f' y="{bottom + 6 + FONT:.1f}" text-anchor="middle">{escape(label)}</text>'
        )
    out.append(f'<line class="pc-axis" x1="{left:.1f}" y1="{top}" x2="{left:.1f}" y2="{bottom}"/>')
    out.append(f'<line class="pc-axis" x1="{left:.1f}" y1="{bottom}" x2="{right}" y2="{bottom}"/>')
    out.append(
        f'<text class="pc-title" x="{(left + right) / 2:.1f}" y="{height - 6}"'
        f' text-anchor="middle">{escape(say(TEXTS, "account_move", lang))}</text>'
    )
    middle = (top + bottom) / 2
    out.append(
        f'<text class="pc-title" x="{FONT:.1f}" y="{middle:.1f}" text-anchor="middle"'
        f' transform="rotate(-90 {FONT:.1f} {middle:.1f})">{escape(unit)}</text>'
    )
    out.append(
        f'<line class="pc-zero" x1="{left:.1f}" y1="{y_at(0.0):.1f}" x2="{right}"'
        f' y2="{y_at(0.0):.1f}"/>'
    )
    for column, (key, _) in enumerate(legend, start=1):
        points = [(x_at(sample[0]), y_at(sample[column])) for sample in values]
        out.append(f'<polyline class="ac-{key}" fill="none" points="{_points(points)}"/>')
    # The legend: a short line and the name of each curve, in the top row.
    x = left
    for key, label in legend:
        out.append(
            f'<line class="ac-{key}" x1="{x:.1f}" y1="{6 + _ROW / 2:.1f}"'
            f' x2="{x + 18:.1f}" y2="{6 + _ROW / 2:.1f}"/>'
            f'<text class="ac-legend" x="{x + 22:.1f}" y="{6 + _ROW - 5:.1f}">'
            f"{escape(label)}</text>"
        )
        x += 22 + _text_width(label) + 16
    # The markers: a dashed line, a dot on the equity curve, the label in the second row.
    order = sorted(range(len(marks)), key=lambda i: marks[i][1])
    spans = []
    for i in order:
        label_width = _text_width(marks[i][2])
        centre = _centred(x_at(marks[i][1]), label_width, high=width - 2.0)
        spans.append((i, centre, label_width))
    # Two labels that would overlap are pushed apart, each towards its own side.
    if len(spans) == 2:
        (i, first, w1), (j, second, w2) = spans
        gap = (w1 + w2) / 2 + 6 - (second - first)
        if gap > 0:
            first, second = first - gap / 2, second + gap / 2
            first = _centred(first, w1, high=width - 2.0 - w2 - 6)
            second = _centred(second, w2, low=first + w1 / 2 + 6)
            spans = [(i, first, w1), (j, second, w2)]
    baseline = 6 + 2 * _ROW - 4
    for i, centre, _ in spans:
        key, r, label = marks[i]
        x = x_at(r)
        equity = {sample: e for sample, e, _ in values}[r]
        out.append(
            f'<g class="pc-mark"><title>{escape(label)} {escape(fmt.percent(r))}</title>'
            f'<line class="pc-marker pc-marker--{key}" fill="none" x1="{x:.1f}"'
            f' y1="{baseline + 4:.1f}" x2="{x:.1f}" y2="{bottom}"/>'
            f'<circle class="pc-dot pc-dot--{key}" cx="{x:.1f}" cy="{y_at(equity):.1f}" r="3.5"/>'
            f'<text class="pc-label pc-label--{key}" x="{centre:.1f}" y="{baseline:.1f}"'
            f' text-anchor="middle">{escape(label)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)
