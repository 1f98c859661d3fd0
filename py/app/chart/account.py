"""The account chart: a cross-margin account's equity and requirement against a common move.

Every value is :func:`contractcalc.account.summary`; this module only samples moves and
draws (on the frame of :mod:`app.chart.axes`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from html import escape

from contractcalc import account

from .. import format as fmt
from ..texts import Texts, say
from .axes import ROW, Plot, canvas, centred, frame, left_of, padded, points, text_width, value_axis

_SAMPLES = 48

TEXTS: Texts = {
    "move": {"en": "Every price moved (%)", "zh": "所有价格同步变动 (%)"},
    "title": {
        "en": "Equity and maintenance against a common move",
        "zh": "保证金余额与维持保证金随价格同步变动",
    },
    "equity": {"en": "Equity", "zh": "保证金余额"},
    "maintenance": {"en": "Maintenance", "zh": "维持保证金"},
    "today": {"en": "Now", "zh": "当前"},
    "liquidation": {"en": "Liquidation", "zh": "强平"},
}

#: (key, move, label): a move to mark and its label.
Mark = tuple[str, float, str]
#: (move, equity, maintenance plus liquidation fee) at one sampled move.
Sample = tuple[float, float, float]


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
        Language of the texts.
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
    marks: list[Mark] = [("entry", 0.0, say(TEXTS, "today", lang))]
    if move is not None and math.isfinite(move) and move > -1:
        marks.append(("liquidation", move, say(TEXTS, "liquidation", lang)))
    reach = max([0.1, *(abs(r) * 1.3 for _, r, _ in marks)])
    x_range = (max(-reach, -0.95), reach)

    def state(r: float) -> tuple[float, float]:
        book = [replace(position, mark=position.mark * (1 + r)) for position in positions]
        summary = account.summary(kind, wallet, book, convention, liquidation_fee)
        return summary.margin_balance, summary.maintenance_margin + summary.liquidation_fee

    x_low, x_high = x_range
    moves = {x_low + (x_high - x_low) * i / (_SAMPLES - 1) for i in range(_SAMPLES)}
    samples = [(r, *state(r)) for r in sorted(moves | {r for _, r, _ in marks})]
    y_range = padded([value for _, *pair in samples for value in pair])
    y = value_axis(*y_range)
    width, height = canvas(wide)
    top = 6 + 2 * ROW + 6  # the legend's row, then the markers' row
    plot = Plot(width, height, left_of(y), top, x_range, y_range, scale=100)
    title = escape(
        say(TEXTS, "title", lang)
        + ": "
        + ", ".join(f"{label} {fmt.percent(r)}" for _, r, label in marks)
    )
    classes = "pc-chart pc-chart--wide ac-chart" if wide else "pc-chart ac-chart"
    out = frame(plot, classes, title, y, wide, (say(TEXTS, "move", lang), unit))
    out.append(
        f'<line class="pc-zero" x1="{plot.left:.1f}" y1="{plot.y_at(0.0):.1f}" x2="{plot.right}"'
        f' y2="{plot.y_at(0.0):.1f}"/>'
    )
    out += _curves(plot, samples, lang)
    out += _marks(plot, marks, samples)
    out.append("</svg>")
    return "\n".join(out)


def _curves(plot: Plot, samples: Sequence[Sample], lang: str) -> list[str]:
    """The equity and requirement lines, and their legend in the top row."""
    legend = [
        ("equity", say(TEXTS, "equity", lang)),
        ("maintenance", say(TEXTS, "maintenance", lang)),
    ]
    out = []
    for column, (key, _) in enumerate(legend, start=1):
        line = [(plot.x_at(sample[0]), plot.y_at(sample[column])) for sample in samples]
        out.append(f'<polyline class="ac-{key}" fill="none" points="{points(line)}"/>')
    x = plot.left
    for key, label in legend:
        out.append(
            f'<line class="ac-{key}" x1="{x:.1f}" y1="{6 + ROW / 2:.1f}"'
            f' x2="{x + 18:.1f}" y2="{6 + ROW / 2:.1f}"/>'
            f'<text class="ac-legend" x="{x + 22:.1f}" y="{6 + ROW - 5:.1f}">'
            f"{escape(label)}</text>"
        )
        x += 22 + text_width(label) + 16
    return out


def _marks(plot: Plot, marks: Sequence[Mark], samples: Sequence[Sample]) -> list[str]:
    """Each mark: a dashed line, a dot on the equity curve, its label in the second row."""
    order = sorted(range(len(marks)), key=lambda i: marks[i][1])
    spans = []
    for i in order:
        label_width = text_width(marks[i][2])
        centre = centred(plot.x_at(marks[i][1]), label_width, high=plot.width - 2.0)
        spans.append((i, centre, label_width))
    # Two labels that would overlap are pushed apart, each towards its own side.
    if len(spans) == 2:
        (i, first, w1), (j, second, w2) = spans
        gap = (w1 + w2) / 2 + 6 - (second - first)
        if gap > 0:
            first, second = first - gap / 2, second + gap / 2
            first = centred(first, w1, high=plot.width - 2.0 - w2 - 6)
            second = centred(second, w2, low=first + w1 / 2 + 6)
            spans = [(i, first, w1), (j, second, w2)]
    baseline = 6 + 2 * ROW - 4
    equity = {r: value for r, value, _ in samples}
    out = []
    for i, centre, _ in spans:
        key, r, label = marks[i]
        x = plot.x_at(r)
        out.append(
            f'<g class="pc-mark"><title>{escape(label)} {escape(fmt.percent(r))}</title>'
            f'<line class="pc-marker pc-marker--{key}" fill="none" x1="{x:.1f}"'
            f' y1="{baseline + 4:.1f}" x2="{x:.1f}" y2="{plot.bottom}"/>'
            f'<circle class="pc-dot pc-dot--{key}" cx="{x:.1f}" cy="{plot.y_at(equity[r]):.1f}"'
            f' r="3.5"/>'
            f'<text class="pc-label pc-label--{key}" x="{centre:.1f}" y="{baseline:.1f}"'
            f' text-anchor="middle">{escape(label)}</text></g>'
        )
    return out
