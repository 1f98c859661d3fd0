"""What every chart shares: the canvas, round tick values, label widths, and the frame.

A chart picks its value ranges, then :class:`Plot` maps values to the canvas and
:func:`frame` draws the opening ``<svg>``, the grid with the y ticks, the x ticks, the two
axes and both axis titles.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from .. import format as fmt

#: The drawing's size in viewBox units.
WIDTH = 400
HEIGHT = 280
#: The drawing's size with ``wide=True``, for a card as wide as the page.
WIDE_WIDTH = 800
WIDE_HEIGHT = 300
FONT = 14
#: One row of labels above the plot: the glyph box (about 1.35 em) and a gap.
ROW = FONT + 6
#: The most rows of marker labels; more labels share the emptiest row.
MAX_ROWS = 4
_RIGHT = 12
_BOTTOM = 2 * FONT + 16  # tick labels and the axis title


def canvas(wide: bool) -> tuple[int, int]:
    """The canvas, narrow or wide: (width, height) in viewBox units."""
    return (WIDE_WIDTH, WIDE_HEIGHT) if wide else (WIDTH, HEIGHT)


def text_width(text: str) -> float:
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


def nice_ticks(low: float, high: float, target: int) -> tuple[list[float], int]:
    """About ``target`` round values (steps of 1, 2 or 5 times a power of ten) within a range.

    Returns the ticks and the decimals their labels need.

    >>> nice_ticks(27000, 31000, 5)
    ([27000.0, 28000.0, 29000.0, 30000.0, 31000.0], 0)
    >>> nice_ticks(-0.13, 0.07, 4)
    ([-0.1, -0.05, 0.0, 0.05], 2)
    """
    power = 10.0 ** math.floor(math.log10((high - low) / max(target, 1)))

    def ticks(step: float) -> range:
        return range(math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9) + 1)

    steps = [m * power * scale for scale in (0.1, 1, 10) for m in (1, 2, 5)]
    step = min(steps, key=lambda step: (abs(len(ticks(step)) - target), -step))
    return [k * step + 0.0 for k in ticks(step)], _decimals(step)


def centred(x: float, width: float, low: float = 2.0, high: float = WIDTH - 2.0) -> float:
    """The centre of a ``width``-wide label nearest ``x`` that stays within ``[low, high]``."""
    return min(max(x, low + width / 2), high - width / 2)


def points(pairs: Sequence[tuple[float, float]]) -> str:
    """An SVG ``points`` attribute."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pairs)


def stagger(spans: Sequence[tuple[float, float]]) -> list[int]:
    """A row for each label so labels in one row do not overlap; ``spans`` run left to right.

    >>> stagger([(0, 50), (40, 90), (100, 150), (60, 110)])
    [0, 1, 0, 2]
    """
    ends: list[float] = []
    rows = []
    for left, right in spans:
        row = next((r for r, end in enumerate(ends) if end + 4 <= left), None)
        if row is None:
            if len(ends) < MAX_ROWS:
                row = len(ends)
                ends.append(right)
            else:
                row = min(range(len(ends)), key=ends.__getitem__)
        ends[row] = max(ends[row], right)
        rows.append(row)
    return rows


def padded(values: Sequence[float]) -> tuple[float, float]:
    """The y range: every value and zero, with 8% to spare on each side."""
    low, high = min([0.0, *values]), max([0.0, *values])
    pad = 0.08 * (high - low or 1.0)
    return low - pad, high + pad


@dataclass(frozen=True)
class Axis:
    """Tick values and their labels."""

    ticks: list[float]
    labels: list[str]


def value_axis(low: float, high: float) -> Axis:
    """About five round ticks on the y axis."""
    ticks, decimals = nice_ticks(low, high, 5)
    return Axis(ticks, [fmt.number(value, decimals) for value in ticks])


@dataclass(frozen=True)
class Plot:
    """Where the data goes on the canvas, and the values its edges stand for.

    ``scale`` is how the x values read on their ticks (100 shows fractions as percents).
    """

    width: int
    height: int
    left: float
    top: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    scale: float = 1

    @property
    def right(self) -> float:
        return self.width - _RIGHT

    @property
    def bottom(self) -> float:
        return self.height - _BOTTOM

    def x_at(self, x: float) -> float:
        low, high = self.x_range
        return self.left + (x - low) / (high - low) * (self.right - self.left)

    def y_at(self, y: float) -> float:
        low, high = self.y_range
        return self.bottom - (y - low) / (high - low) * (self.bottom - self.top)


def left_of(y: Axis) -> float:
    """The plot's left edge: room for the y axis title and its tick labels."""
    return FONT + 10 + max(text_width(label) for label in y.labels)


def x_axis(plot: Plot, wide: bool) -> Axis:
    """As many round x ticks as fit side by side under the plot, read in ``plot.scale``."""
    low, high = plot.x_range
    for target in (8, 6, 5, 4, 3, 2) if wide else (5, 4, 3, 2):
        ticks, decimals = nice_ticks(low * plot.scale, high * plot.scale, target)
        labels = [fmt.number(value, decimals) for value in ticks]
        step = (ticks[1] - ticks[0]) / plot.scale if len(ticks) > 1 else high - low
        if step / (high - low) * (plot.right - plot.left) >= max(map(text_width, labels)) + 8:
            break
    return Axis(ticks, labels)


def frame(
    plot: Plot, classes: str, title: str, y: Axis, wide: bool, titles: tuple[str, str]
) -> list[str]:
    """The opening ``<svg>`` with its title, the grid, both axes with ticks, and their titles.

    ``title`` is already escaped; ``titles`` are the x and y axis titles, as text.
    """
    left, right, bottom = plot.left, plot.right, plot.bottom
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}"'
        f' viewBox="0 0 {plot.width} {plot.height}"'
        f' width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-label="{title}"'
        f' font-size="{FONT}">',
        f"<title>{title}</title>",
    ]
    for value, text in zip(y.ticks, y.labels, strict=True):
        at = plot.y_at(value)
        out.append(
            f'<line class="pc-grid" x1="{left:.1f}" y1="{at:.1f}" x2="{right}" y2="{at:.1f}"/>'
        )
        out.append(
            f'<text class="pc-tick" x="{left - 6:.1f}" y="{at + FONT * 0.35:.1f}"'
            f' text-anchor="end">{escape(text)}</text>'
        )
    x = x_axis(plot, wide)
    for value, text in zip(x.ticks, x.labels, strict=True):
        at = plot.x_at(value / plot.scale)
        out.append(
            f'<line class="pc-axis" x1="{at:.1f}" y1="{bottom}" x2="{at:.1f}" y2="{bottom + 4}"/>'
        )
        out.append(
            f'<text class="pc-tick" x="{centred(at, text_width(text), high=plot.width - 2.0):.1f}"'
            f' y="{bottom + 6 + FONT:.1f}" text-anchor="middle">{escape(text)}</text>'
        )
    out.append(
        f'<line class="pc-axis" x1="{left:.1f}" y1="{plot.top}" x2="{left:.1f}" y2="{bottom}"/>'
    )
    out.append(f'<line class="pc-axis" x1="{left:.1f}" y1="{bottom}" x2="{right}" y2="{bottom}"/>')
    x_title, y_title = titles
    out.append(
        f'<text class="pc-title" x="{(left + right) / 2:.1f}" y="{plot.height - 6}"'
        f' text-anchor="middle">{escape(x_title)}</text>'
    )
    middle = (plot.top + bottom) / 2
    out.append(
        f'<text class="pc-title" x="{FONT:.1f}" y="{middle:.1f}" text-anchor="middle"'
        f' transform="rotate(-90 {FONT:.1f} {middle:.1f})">{escape(y_title)}</text>'
    )
    return out
