"""The payoff chart's SVG: valid, accessible, safe, and drawn where the PnL says."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from app.chart.payoff import MARKER_KEYS, payoff_svg
from contractcalc import InputError

SVG = "{http://www.w3.org/2000/svg}"

# A 1 BTC linear long at 30,000 and its marks; the prices are illustrative.
LONG_MARKERS = [
    ("entry", 30000.0, "Entry"),
    ("break_even", 30015.0, "Break-even"),
    ("liquidation", 28650.0, "Liquidation"),
    ("bankruptcy", 28500.0, "Bankruptcy"),
    ("stop", 29000.0, "Stop"),
    ("target", 33000.0, "Target"),
]
SHORT_MARKERS = [
    ("entry", 30000.0, "Entry"),
    ("liquidation", 31400.0, "Liquidation"),
    ("target", 27000.0, "Target"),
]
KINDS = [("linear", 1.0, "USDT"), ("inverse", 30000.0, "BTC")]


# The chart's rules live in the page stylesheet, after this marker comment.
CHART_CSS = (
    (Path(__file__).resolve().parents[3] / "static" / "app.css")
    .read_text()
    .split("/* Payoff chart")[1]
)


def chart(
    kind: str = "linear",
    side: str = "long",
    markers: list | None = None,
    lang: str = "en",
    entry: float = 30000.0,
) -> tuple[str, ET.Element]:
    size, unit = {k: (s, u) for k, s, u in KINDS}[kind]
    if markers is None:
        markers = LONG_MARKERS if side == "long" else SHORT_MARKERS
    svg = payoff_svg(kind, side, entry, size, markers, unit, lang)
    return svg, ET.fromstring(svg)


def classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


def find(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(SVG + tag) if cls in classes(e)]


def curve(root: ET.Element) -> list[tuple[float, float]]:
    """Every point of the gain and loss polylines, left to right."""
    points = set()
    for line in root.iter(SVG + "polyline"):
        for pair in line.get("points", "").split():
            x, y = pair.split(",")
            points.add((float(x), float(y)))
    return sorted(points)


def curve_y(root: ET.Element, x: float) -> float:
    """The curve's y at ``x``, interpolated between its sampled points."""
    points = curve(root)
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x0 <= x <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    raise AssertionError(f"x={x} is outside the curve")


def zero_y(root: ET.Element) -> float:
    (baseline,) = find(root, "line", "pc-zero")
    assert baseline.get("y1") == baseline.get("y2")
    return float(baseline.get("y1", "nan"))


def marker_x(root: ET.Element, key: str) -> float:
    (line,) = find(root, "line", f"pc-marker--{key.replace('_', '-')}")
    return float(line.get("x1", "nan"))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("side", ["long", "short"])
@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_chart_is_an_accessible_svg_image(kind, side, lang):
    """The markup parses as XML, scales by its viewBox, and has role img, a label and a title."""
    _, root = chart(kind, side, lang=lang)
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") == "0 0 400 280"
    assert root.get("width") == "100%"
    assert root.get("preserveAspectRatio")
    title = root.find(SVG + "title")
    assert title is not None
    assert title.text
    assert root.get("aria-label") == title.text
    assert int(root.get("font-size", "0")) >= 11


def test_title_summarises_side_and_marked_prices():
    markers = [("break_even", 30015.0, "Break-even"), ("liquidation", 28650.0, "Liquidation")]
    _, root = chart("linear", "long", markers)
    expected = "Payoff of a long: Break-even 30,015.00, Liquidation 28,650.00"
    assert root.findtext(SVG + "title") == expected


def test_title_in_chinese_for_a_short():
    markers = [("liquidation", 31400.0, "强平")]
    _, root = chart("inverse", "short", markers, lang="zh")
    assert root.findtext(SVG + "title") == "空头收益图：强平 31,400.00"


def test_title_without_markers_names_the_entry():
    _, root = chart("linear", "long", [])
    assert root.findtext(SVG + "title") == "Payoff of a long: entry 30,000.00"


@pytest.mark.parametrize(("kind", "unit"), [("linear", "USDT"), ("inverse", "BTC")])
@pytest.mark.parametrize(
    ("lang", "price", "pnl"), [("en", "Price", "PnL ({})"), ("zh", "价格", "盈亏 ({})")]
)
def test_axis_titles_in_the_language_with_the_pnl_unit(kind, unit, lang, price, pnl):
    _, root = chart(kind, lang=lang)
    titles = [t.text for t in find(root, "text", "pc-title")]
    assert titles == [price, pnl.format(unit)]


@pytest.mark.parametrize(("kind", "size", "unit"), KINDS)
@pytest.mark.parametrize("side", ["long", "short"])
def test_one_marker_line_and_label_per_drawable_marker(kind, size, unit, side):
    """Markers with no, zero, negative or non-finite price are left out; the rest are drawn."""
    markers = [
        *LONG_MARKERS,
        ("stop", None, "No stop"),
        ("target", 0.0, "Zero"),
        ("target", -5.0, "Negative"),
        ("target", math.nan, "NaN"),
        ("target", math.inf, "Infinite"),
    ]
    root = ET.fromstring(payoff_svg(kind, side, 30000, size, markers, unit, "en"))
    lines = find(root, "line", "pc-marker")
    labels = [t.text for t in find(root, "text", "pc-label")]
    dots = find(root, "circle", "pc-dot")
    assert len(lines) == len(dots) == len(LONG_MARKERS)
    assert sorted(labels) == sorted(label for _, _, label in LONG_MARKERS)
    for key, _, _ in LONG_MARKERS:
        modifier = key.replace("_", "-")
        assert f"pc-marker--{modifier}" in [c for line in lines for c in classes(line)]


def test_marker_lines_are_in_price_order_inside_the_plot():
    _, root = chart("linear", "long")
    xs = {key: marker_x(root, key) for key, _, _ in LONG_MARKERS}
    by_price = [key for key, _, _ in sorted(LONG_MARKERS, key=lambda m: m[1])]
    assert sorted(xs, key=xs.__getitem__) == by_price
    points = curve(root)
    assert points[0][0] < min(xs.values())
    assert max(xs.values()) < points[-1][0]


@pytest.mark.parametrize("side", ["long", "short"])
@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_curve_crosses_zero_at_the_entry(kind, side):
    _, root = chart(kind, side)
    entry_x = marker_x(root, "entry")
    nearest = min(curve(root), key=lambda point: abs(point[0] - entry_x))
    assert nearest[0] == pytest.approx(entry_x, abs=1)
    assert nearest[1] == pytest.approx(zero_y(root), abs=1)


@pytest.mark.parametrize("kind", ["linear", "inverse"])
@pytest.mark.parametrize(("side", "rises"), [("long", True), ("short", False)])
def test_long_rises_and_short_falls_left_to_right(kind, side, rises):
    _, root = chart(kind, side)
    points = curve(root)
    (_, left), (_, right) = points[0], points[-1]
    assert (right < left) is rises  # SVG y grows downwards


@pytest.mark.parametrize("side", ["long", "short"])
def test_inverse_curve_is_sampled_and_linear_is_a_straight_line(side):
    _, linear_root = chart("linear", side)
    _, inverse_root = chart("inverse", side)
    assert len(curve(linear_root)) <= 4
    assert len(curve(inverse_root)) >= 60


@pytest.mark.parametrize("side", ["long", "short"])
@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_each_dot_sits_on_the_curve_at_its_marker(kind, side):
    _, root = chart(kind, side)
    for dot in find(root, "circle", "pc-dot"):
        x, y = float(dot.get("cx", "nan")), float(dot.get("cy", "nan"))
        assert y == pytest.approx(curve_y(root, x), abs=1)


@pytest.mark.parametrize(
    ("side", "left_tone", "right_tone"), [("long", "loss", "gain"), ("short", "gain", "loss")]
)
def test_gain_and_loss_sides_are_classed_not_coloured(side, left_tone, right_tone):
    svg, root = chart("inverse", side)
    lines = list(root.iter(SVG + "polyline"))
    assert [classes(line) for line in lines] == [
        ["pc-beyond"],  # past the liquidation marker
        [f"pc-{left_tone}"],
        [f"pc-{right_tone}"],
    ]
    areas = list(root.iter(SVG + "polygon"))
    assert [classes(area)[-1] for area in areas] == [
        f"pc-area--{left_tone}",
        f"pc-area--{right_tone}",
    ]
    assert not re.search(r"#[0-9a-fA-F]{3}|rgb\(|hsl\(", svg)
    for element in root.iter():
        for name in ("fill", "stroke", "color"):
            assert element.get(name) in (None, "none")


@pytest.mark.parametrize("side", ["long", "short"])
@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_curve_past_the_liquidation_price_is_faint(kind, side):
    """The position no longer exists past its liquidation price: only a pc-beyond line
    (no gain or loss line, no area) is drawn there, and it meets the curve at the marker."""
    _, root = chart(kind, side)
    liquidation_x = marker_x(root, "liquidation")
    (beyond,) = find(root, "polyline", "pc-beyond")
    xs = [float(pair.split(",")[0]) for pair in beyond.get("points", "").split()]
    live = [
        float(pair.split(",")[0])
        for line in root.iter(SVG + "polyline")
        if "pc-beyond" not in classes(line)
        for pair in line.get("points", "").split()
    ]
    if side == "long":
        assert max(xs) == pytest.approx(liquidation_x, abs=0.1)
        assert min(live) == pytest.approx(liquidation_x, abs=0.1)
    else:
        assert min(xs) == pytest.approx(liquidation_x, abs=0.1)
        assert max(live) == pytest.approx(liquidation_x, abs=0.1)
    for area in root.iter(SVG + "polygon"):
        for pair in area.get("points", "").split():
            x = float(pair.split(",")[0])
            assert (x >= liquidation_x - 0.1) if side == "long" else (x <= liquidation_x + 0.1)


def test_without_a_liquidation_marker_the_whole_curve_is_drawn():
    _, root = chart("linear", "long", [("entry", 30000.0, "Entry"), ("stop", 29000.0, "Stop")])
    assert find(root, "polyline", "pc-beyond") == []


def test_wide_chart_has_a_wider_canvas_and_the_same_text_size():
    """A full-width card's chart: 800 x 300 units, text the same 14 units."""
    svg = payoff_svg("linear", "long", 30000.0, 1.0, LONG_MARKERS, "USDT", "en", wide=True)
    root = ET.fromstring(svg)
    narrow = chart("linear", "long")[1]
    assert root.get("viewBox") == "0 0 800 300"
    assert root.get("font-size") == narrow.get("font-size")
    x_axis = [line for line in find(root, "line", "pc-axis") if line.get("y1") == line.get("y2")]
    assert float(x_axis[0].get("x2", "nan")) > 700
    assert len(find(root, "text", "pc-tick")) >= len(find(narrow, "text", "pc-tick"))


def test_crowded_labels_are_staggered():
    """Labels whose prices nearly coincide go on different rows."""
    markers = [
        ("entry", 30000.0, "Entry"),
        ("break_even", 30015.0, "Break-even"),
        ("stop", 29990.0, "Stop"),
    ]
    _, root = chart("linear", "long", markers)
    rows = {t.get("y") for t in find(root, "text", "pc-label")}
    assert len(rows) == 3


def test_price_axis_stays_positive_for_a_wide_range():
    """Padding below a low marker never reaches zero or negative prices."""
    markers = [("entry", 10.0, "Entry"), ("target", 100.0, "Target"), ("stop", 1.0, "Stop")]
    root = ET.fromstring(payoff_svg("inverse", "long", 10, 1000, markers, "BTC", "en"))
    prices = [
        t.text or "" for t in find(root, "text", "pc-tick") if t.get("text-anchor") == "middle"
    ]
    assert prices
    assert all(float(text.replace(",", "")) > 0 for text in prices)


@pytest.mark.parametrize("kind", ["linear", "inverse"])
@pytest.mark.parametrize("price", [1e-13, 1e20])
def test_markers_beyond_the_engines_prices_are_left_out(kind, price):
    """A marker the engine cannot value (below 1e-12 or above 1e15, such as the liquidation of
    a short near 1x) is left out rather than failing the whole chart."""
    markers = [("entry", 30000.0, "Entry"), ("liquidation", price, "Liquidation")]
    svg, root = chart(kind, "short", markers)
    assert find(root, "line", "pc-marker--liquidation") == []
    assert len(find(root, "line", "pc-marker--entry")) == 1
    assert "Liquidation" not in svg


@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_padding_stops_at_a_marker_at_the_edge_of_the_engines_prices(kind):
    """A marker just inside the engine's range (1e-12) is drawn; the axis, which would pad
    below it, starts at it instead, and the curve is drawn from there."""
    markers = [("entry", 30000.0, "Entry"), ("liquidation", 1e-12, "Liquidation")]
    _, root = chart(kind, "long", markers)
    (line,) = find(root, "line", "pc-marker--liquidation")
    assert float(line.get("x1", "nan")) == pytest.approx(min(x for x, _ in curve(root)), abs=0.1)


def test_tick_labels_have_thousands_separators():
    _, root = chart("linear", "long")
    ticks = [t.text or "" for t in find(root, "text", "pc-tick")]
    assert "30,000" in ticks
    assert any(text.startswith("-") for text in ticks)  # losses below the baseline


def test_labels_and_unit_are_escaped():
    label = '<script>alert("x")</script> & <b onclick="y">'
    svg = payoff_svg("linear", "long", 30000, 1, [("stop", 29000.0, label)], "<i>U</i>", "en")
    root = ET.fromstring(svg)
    assert "<script" not in svg
    assert "<b " not in svg
    assert "<i>" not in svg
    assert label in [t.text for t in find(root, "text", "pc-label")]
    assert "PnL (<i>U</i>)" in [t.text for t in find(root, "text", "pc-title")]
    assert label in (root.findtext(SVG + "title") or "")


@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_no_scripts_handlers_styles_or_external_references(kind):
    svg, root = chart(kind)
    assert "<script" not in svg.lower()
    assert "url(" not in svg
    for element in root.iter():
        assert element.tag != SVG + "script"
        assert element.tag != SVG + "foreignObject"
        for name in element.attrib:
            assert not name.lower().startswith("on"), name
            assert name not in ("style", "href", "{http://www.w3.org/1999/xlink}href")


@pytest.mark.parametrize(
    ("kind", "side", "entry", "size", "field"),
    [
        ("perpetual", "long", 30000, 1, "kind"),
        ("linear", "up", 30000, 1, "side"),
        ("inverse", "long", 0, 1, "entry"),
        ("linear", "short", math.nan, 1, "entry"),
        ("inverse", "short", 30000, -1, "size"),
    ],
)
def test_bad_inputs_raise_input_error_naming_the_field(kind, side, entry, size, field):
    with pytest.raises(InputError) as caught:
        payoff_svg(kind, side, entry, size, LONG_MARKERS, "USDT", "en")
    assert caught.value.field == field


def test_css_styles_every_class_with_theme_variables_only():
    _, root = chart("inverse", "long")
    used = {c for element in root.iter() for c in classes(element)}
    used |= {f"pc-marker--{key.replace('_', '-')}" for key in MARKER_KEYS}
    unstyled = {"pc-mark", "pc-tick", "pc-area"}  # grouping hooks; text takes .pc-chart text
    for cls in used - unstyled:
        assert f".{cls}" in CHART_CSS, cls
    assert not re.search(r"#[0-9a-fA-F]{3}|rgb\(|hsl\(|url\(", CHART_CSS)
    for name in ("gain", "loss", "muted", "border", "text", "accent", "warn"):
        assert f"var(--{name})" in CHART_CSS
