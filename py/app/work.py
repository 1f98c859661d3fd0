"""A card's worked formulas as markup: the legend, the case that applies, the steps.

:mod:`contractcalc._worked` computes every step; this module only draws them, in MathML
with a few HTML elements, in the card's language:

* a ``<dl class="legend">``: each symbol the steps use (``<dt>`` its MathML, ``<dd>``
  what it is, with its unit), worded by the catalogue's ``w.s.<meaning>``;
* the reasons the worked case is the one that applies (``w.c.<case>``);
* each formula, one ``<math>`` per step: in symbols, with the numbers put in, then
  reduced level by level. A line that ends in a card's result is marked
  ``data-for="<output name>"`` and ends in exactly that output's text (the card's own
  formatter on the same value); the others end in the value to ten significant digits.
  ``=`` becomes ``≈`` where a shown number is rounded.

Every text in the markup is escaped: numbers come from :mod:`app.format`, words from
the catalogue, and anything a person typed (a symbol name) is passed through
:func:`html.escape` too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from fractions import Fraction
from html import escape

from contractcalc._worked import CASES, SYMBOLS, Node, Num, Op, Var, Work, family

from . import assumptions as a
from .catalogue import phrase
from .format import FACE, QUOTE

#: Symbol names shown as another letter.
_GREEK = {"Delta": "Δ"}
#: Units worded by the catalogue (``w.u.<unit>``); the others are currencies.
_WORDED_UNITS = ("rate", "percent", "multiple", "sign")
#: Every catalogue key this module may use (the catalogue test checks each is there).
KEYS: frozenset[str] = frozenset(
    {"w.legend", "w.case", "w.steps", "w.coin"}
    | {"w.position", "w.account", "w.symbol", "w.move"}  # the account card's headings
    | {f"w.s.{symbol.meaning}" for symbol in SYMBOLS.values()}
    | {f"w.u.{unit}" for unit in _WORDED_UNITS}
    | {f"w.c.{case}" for case in CASES}
)

Formatter = Callable[[float], str]

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class Result:
    """A worked line that ends in a card's output: its name and the card's formatter."""

    output: str
    show: Formatter


def figure(value: Fraction, digits: int = 10) -> tuple[str, bool]:
    """A value to ``digits`` significant digits with thousands separators, and whether
    that is the value itself (to 1e-12 relative: binary inputs such as 0.004 count as exact).

    >>> figure(Fraction(28500)), figure(Fraction(1, 3))
    (('28,500', True), ('0.3333333333', False))
    >>> figure(Fraction(-996, 1000)), figure(Fraction(0.004))
    (('-0.996', True), ('0.004', True))
    """
    if value == 0:
        return "0", True
    magnitude = math.floor(math.log10(abs(float(value))))
    decimals = min(14, max(0, digits - 1 - magnitude))
    text = f"{float(value):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in {"-0", "0"}:
        return ("0", False)
    return text, _close(_read(text), value)


def _read(text: str) -> Fraction | None:
    """The number a formatted text shows (a percentage as a fraction), or None."""
    match = _NUMBER.search(text.replace("−", "-"))
    if match is None:
        return None
    value = Fraction(match.group().replace(",", ""))
    return value / 100 if "%" in text[match.end() :] else value


def _close(shown: Fraction | None, value: Fraction) -> bool:
    return shown is not None and abs(shown - value) <= abs(value) * Fraction(1, 10**12)


# --- MathML --------------------------------------------------------------------------


def symbol(name: str) -> str:
    """A symbol's MathML: its letters, the part after ``_`` as a subscript.

    >>> symbol("f_o"), symbol("E")
    ('<msub><mi>f</mi><mi>o</mi></msub>', '<mi>E</mi>')
    """
    base, _, sub = name.partition("_")
    base_ml = f"<mi>{escape(_GREEK.get(base, base))}</mi>"
    if not sub:
        return base_ml
    sub_ml = f"<mn>{escape(sub)}</mn>" if sub.isdigit() else f"<mi>{escape(sub)}</mi>"
    return f"<msub>{base_ml}{sub_ml}</msub>"


def _number(value: Fraction) -> str:
    text, _ = figure(value)
    if text.startswith("-"):
        return f"<mrow><mo>−</mo><mn>{escape(text[1:])}</mn></mrow>"
    return f"<mn>{escape(text)}</mn>"


def _negative(node: Node) -> bool:
    return (isinstance(node, Num) and node.value < 0) or (isinstance(node, Op) and node.op == "neg")


def _parens(inner: str) -> str:
    return f"<mrow><mo>(</mo>{inner}<mo>)</mo></mrow>"


def _wrap(node: Node, *, sums: bool = True) -> str:
    """A node that needs parentheses as an operand: a sum (when ``sums``) or a negative."""
    inner = mathml(node)
    if _negative(node) or (sums and isinstance(node, Op) and node.op in {"+", "-"}):
        return _parens(inner)
    return inner


def mathml(node: Node) -> str:
    """An expression's MathML (without the ``<math>`` element)."""
    if isinstance(node, Var):
        return symbol(node.name)
    if isinstance(node, Num):
        return _number(node.value)
    assert isinstance(node, Op)
    args = node.args
    if node.op == "+":
        parts = [mathml(args[0])]
        for term in args[1:]:
            if isinstance(term, Num) and term.value < 0:
                parts.append(f"<mo>−</mo>{_number(-term.value)}")
            elif isinstance(term, Op) and term.op == "neg":
                parts.append(f"<mo>−</mo>{_wrap(term.args[0])}")
            else:
                parts.append(f"<mo>+</mo>{mathml(term)}")
        return f"<mrow>{''.join(parts)}</mrow>"
    if node.op == "-":
        return f"<mrow>{mathml(args[0])}<mo>−</mo>{_wrap(args[1])}</mrow>"
    if node.op == "*":
        times = "×" if any(isinstance(arg, Num) for arg in args) else "·"
        factors = f"<mo>{times}</mo>".join(_wrap(arg) for arg in args)
        return f"<mrow>{factors}</mrow>"
    if node.op == "/":
        return f"<mfrac>{mathml(args[0])}{mathml(args[1])}</mfrac>"
    if node.op == "neg":
        return f"<mrow><mo>−</mo>{_wrap(args[0])}</mrow>"
    if node.op == "abs":
        return f"<mrow><mo>|</mo>{mathml(args[0])}<mo>|</mo></mrow>"
    if node.op == "floor":
        return f"<mrow><mo>⌊</mo>{mathml(args[0])}<mo>⌋</mo></mrow>"
    if node.op == "sum":
        return f"<mrow><munder><mo>∑</mo><mi>i</mi></munder>{_wrap(args[0])}</mrow>"
    pair = "<mo>,</mo>".join(mathml(arg) for arg in args)
    return f"<mrow><mi>{escape(node.op)}</mi><mo>(</mo>{pair}<mo>)</mo></mrow>"


def _math(inner: str) -> str:
    """One step: focusable, as a long step scrolls sideways in its box (see static/app.css)."""
    return f'<math display="block" tabindex="0"><mrow>{inner}</mrow></math>'


# --- the parts -----------------------------------------------------------------------


def units(kind: str, coin: str, lang: str) -> dict[str, str]:
    """The unit of each kind of symbol, for the legend (empty where it has none)."""
    return {
        "price": FACE if kind == "inverse" else QUOTE,
        "money": a.money_unit(kind, coin),
        "size": a.size_unit(kind, coin),
        "count": "",
        **{unit: phrase(f"w.u.{unit}", lang) for unit in _WORDED_UNITS},
    }


def legend(symbols: Sequence[str], unit_words: Mapping[str, str], lang: str) -> str:
    """The ``<dl>`` of the symbols: each one's MathML and its words with its unit.

    A row's symbol (``U_2``) is listed once, as its row symbol (``U_i``).
    """
    items = []
    for name in dict.fromkeys(family(name) for name in symbols):
        entry = SYMBOLS[name]
        words = phrase(f"w.s.{entry.meaning}", lang)
        unit = unit_words[entry.unit]
        shown = f"{words} ({unit})" if unit else words
        items.append(f"<dt><math>{symbol(name)}</math></dt><dd>{escape(shown)}</dd>")
    return f'<dl class="legend">{"".join(items)}</dl>'


def _line(
    work_line_name: str,
    steps: Sequence[Node],
    value: Fraction | None,
    result: Result | None,
) -> str:
    """One formula's steps, each its own ``<math>``; the last shows the card's text."""
    lhs = symbol(work_line_name)
    rows = [_math(f"{lhs}<mo>=</mo>{mathml(steps[0])}")]
    last = len(steps) - 1 if value is not None else len(steps)
    for step in steps[1:last]:
        exact = not isinstance(step, Num) or figure(step.value)[1]
        rows.append(_math(f"<mo>{'=' if exact else '≈'}</mo>{mathml(step)}"))
    attribute = ""
    if value is not None:
        if result is not None:
            attribute = f' data-for="{escape(result.output)}"'
            text = result.show(float(value))
            exact = _close(_read(text), value)
            final = f'<mtext class="work-result">{escape(text)}</mtext>'
        else:
            text, exact = figure(value)
            final = _number(value)
        rows.append(_math(f"<mo>{'=' if exact else '≈'}</mo>{final}"))
    return f'<div class="work-line"{attribute}>{"".join(rows)}</div>'


@dataclass(frozen=True)
class Block:
    """A worked chain under a heading of its own (already in the card's language, and
    escaped here like every text: it may hold what a person typed, such as a symbol),
    with the outputs its lines end in (by symbol), beside those every chain shares."""

    chain: Work
    heading: str = ""
    results: Mapping[str, Result] = field(default_factory=dict)


#: Whether explanations are drawn. Drawing the steps is most of a card's computing time,
#: so app.session draws them only for cards whose "How this is computed" is open.
_DRAWING: ContextVar[bool] = ContextVar("drawing", default=True)


@contextmanager
def drawing(on: bool) -> Iterator[None]:
    """Within this block, :func:`explain` draws (``on``) or answers "" at once.

    >>> with drawing(False):
    ...     explain([], "en", {}, {})
    ''
    """
    token = _DRAWING.set(on)
    try:
        yield
    finally:
        _DRAWING.reset(token)


def explain(
    worked: Work | Sequence[Work | Block],
    lang: str,
    unit_words: Mapping[str, str],
    results: Mapping[str, Result],
    notes: Sequence[str] = (),
) -> str:
    """The whole explanation of one or more worked chains, as markup.

    ``results`` maps a symbol to the card output its line ends in; ``notes`` are
    sentences (already in the card's language) said after the steps, such as what a
    value that is no price means on the card. Empty while not :func:`drawing`.
    """
    if not _DRAWING.get():
        return ""
    items = [worked] if isinstance(worked, Work) else list(worked)
    blocks = [item if isinstance(item, Block) else Block(item) for item in items]
    symbols: dict[str, None] = {}
    cases: dict[str, None] = {}
    for block in blocks:
        symbols.update(dict.fromkeys(block.chain.symbols))
        cases.update(dict.fromkeys(case.key for case in block.chain.cases))
    parts = [f'<p class="work-title">{escape(phrase("w.legend", lang))}</p>']
    parts.append(legend(tuple(symbols), unit_words, lang))
    if cases:
        parts.append(f'<p class="work-title">{escape(phrase("w.case", lang))}</p>')
        parts.append(
            '<ul class="work-case">'
            + "".join(f"<li>{escape(phrase(f'w.c.{key}', lang))}</li>" for key in cases)
            + "</ul>"
        )
    parts.append(f'<p class="work-title">{escape(phrase("w.steps", lang))}</p>')
    for block in blocks:
        if block.heading:
            parts.append(f'<p class="work-sub">{escape(block.heading)}</p>')
        shown = {**results, **block.results}
        for line in block.chain.lines:
            parts.append(_line(line.name, line.steps, line.value, shown.get(line.name)))
    parts.extend(f'<p class="work-note">{escape(note)}</p>' for note in notes)
    return f'<div class="work-body">{"".join(parts)}</div>'
