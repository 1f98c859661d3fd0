"""Formulas worked through with numbers: each symbol, each step, each intermediate value.

A :class:`Formula` is one line of algebra, ``name = expression``, written as text in the
symbols of :data:`SYMBOLS` (each with what it means and its unit) and parsed once into a
small expression tree. :func:`work` evaluates a chain of formulas on exact inputs
(:class:`fractions.Fraction`) and records every step: the formula in symbols, the same
with the numbers put in, then each level of the expression reduced to its value, until
one number is left. The page only draws these steps (as MathML); it never computes one.

The functions at the end choose, for a card's inputs, the case that applies (isolated or
cross margin, the exchange's convention, the tier, the contract kind) and return the
chain that produced the card's number, with the keys of the reasons for that choice.
Their values are those of :mod:`contractcalc.linear`, :mod:`contractcalc.inverse`,
:mod:`contractcalc.rules` and :mod:`contractcalc.compare` for the same arguments (the
unit tests check each against the engine on random inputs); where a card rounds an
intermediate value to a float before using it (the isolated margin), the chain does too.

A private module: the page calls it only with arguments the engine has just accepted
for the same card, so it does not repeat the engine's checks of every argument.

Examples
--------
>>> w = work((formula("LP", "(A - s*Q*E) / (Q*(m + f) - s*Q)"),),
...          {"A": 1500, "s": 1, "Q": 1, "E": 30000, "m": Fraction(4, 1000), "f": 0})
>>> float(w.result or 0)
28614.4578313253
>>> len(w.lines[0].steps)  # symbols, numbers, then four levels reduced
6
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType

from . import _engine as en
from . import _exact as ex

__all__ = [
    "SYMBOLS",
    "Case",
    "Formula",
    "Line",
    "Node",
    "Num",
    "Op",
    "Row",
    "Symbol",
    "Var",
    "Work",
    "account",
    "average",
    "bankruptcy",
    "break_even",
    "family",
    "formula",
    "liquidation",
    "max_open",
    "parse",
    "position_size",
    "risk_amount",
    "row",
    "stop_leverage",
    "whole",
    "work",
]

# --- symbols -------------------------------------------------------------------------


@dataclass(frozen=True)
class Symbol:
    """A symbol of the formulas: its name as written, what it means, and its unit.

    ``meaning`` is a key the page's catalogue words in each language; ``unit`` is one of
    ``price`` (quote currency per coin, or USD per coin for inverse contracts), ``money``
    (the margin currency), ``size`` (coins, or USD face value for inverse contracts),
    ``rate`` (a fraction: 0.004 is 0.4%), ``multiple`` (a leverage), ``sign`` (+1 for a
    long, -1 for a short), ``count``, ``percent`` (a fraction shown as a percentage).
    The name's part after ``_`` is shown as a subscript (``f_o`` is f with o below).
    """

    name: str
    meaning: str
    unit: str


def _symbols(*items: tuple[str, str, str]) -> Mapping[str, Symbol]:
    return MappingProxyType({name: Symbol(name, meaning, unit) for name, meaning, unit in items})


#: Every symbol a worked formula may use.
SYMBOLS: Mapping[str, Symbol] = _symbols(
    ("E", "entry", "price"),
    ("X", "exit", "price"),
    ("Q", "quantity", "size"),
    ("F", "face", "size"),
    ("L", "leverage", "multiple"),
    ("s", "sign", "sign"),
    ("m", "mmr", "rate"),
    ("f", "liquidation_fee", "rate"),
    ("cum", "maint_amount", "money"),
    ("WB", "wallet", "money"),
    ("IM", "initial_margin", "money"),
    ("TMM", "other_maint", "money"),
    ("UPNL", "other_upnl", "money"),
    ("A", "backing", "money"),
    ("LP", "liquidation", "price"),
    ("PnL", "pnl", "money"),
    ("f_o", "open_fee", "rate"),
    ("f_c", "close_fee", "rate"),
    ("fees", "fees", "money"),
    ("r", "funding_rate", "rate"),
    ("n", "intervals", "count"),
    ("FR", "funding", "money"),
    ("NET", "net_pnl", "money"),
    ("ROE", "roe", "percent"),
    # The guide's rules: each result once as the guide computes it, once exactly.
    ("O", "open_price", "price"),
    ("T", "target_price", "price"),
    ("S", "stop_price", "price"),
    ("Delta", "change", "percent"),
    ("R", "net_return", "percent"),
    ("x", "ratio", "count"),
    ("d", "stop_distance", "percent"),
    ("P", "principal", "money"),
    ("g", "rise", "percent"),
    ("h", "fall", "percent"),
    ("LP_1", "unit_liquidation", "count"),
    ("Delta_guide", "change_guide", "percent"),
    ("Delta_exact", "change_exact", "percent"),
    ("T_guide", "target_guide", "price"),
    ("T_exact", "target_exact", "price"),
    ("M_guide", "move_guide", "percent"),
    ("M_exact", "move_exact", "percent"),
    ("L_guide", "leverage_guide", "multiple"),
    ("L_exact", "leverage_exact", "multiple"),
    ("G_guide", "profit_guide", "money"),
    ("G_exact", "profit_exact", "money"),
    ("BP", "bankruptcy", "price"),
    ("BE", "break_even", "price"),
    # The largest order a balance opens, and the size a stop allows.
    ("B", "balance", "money"),
    ("C", "contract_size", "size"),
    ("N", "contracts", "count"),
    ("F_N", "ordered_face", "size"),
    ("k", "risk_percent", "count"),
    ("K", "risk_amount", "money"),
    ("L_max", "max_leverage", "multiple"),
    # Rows of a card (fills, positions): each ``X_i`` stands for ``X_1``, ``X_2``...
    ("p_i", "row_price", "price"),
    ("Q_i", "row_quantity", "size"),
    ("F_i", "row_face", "size"),
    ("s_i", "row_sign", "sign"),
    ("E_i", "row_entry", "price"),
    ("M_i", "row_mark", "price"),
    ("m_i", "row_mmr", "rate"),
    ("cum_i", "row_maint_amount", "money"),
    ("U_i", "row_upnl", "money"),
    ("MM_i", "row_maint", "money"),
    ("V_i", "row_value", "money"),
    # The average entry, and adding to a position (补仓).
    ("E_avg", "average", "price"),
    ("P_add", "add_price", "price"),
    ("T_avg", "target_average", "price"),
    ("Q_add", "add_quantity", "size"),
    ("F_add", "add_face", "size"),
    ("E_new", "new_average", "price"),
    ("Q_new", "new_quantity", "size"),
    ("F_new", "new_face", "size"),
    # A cross-margin account.
    ("U", "upnl", "money"),
    ("MB", "margin_balance", "money"),
    ("MM", "maintenance", "money"),
    ("LF", "account_fee", "money"),
    ("MR", "margin_ratio", "percent"),
    ("H", "headroom", "money"),
    ("t", "price_factor", "count"),
    ("V_f", "tier_floor", "money"),
)


def family(name: str) -> str:
    """The symbol of :data:`SYMBOLS` a name stands for: itself, or for a row's ``X_3``
    (no symbol of its own), the row symbol ``X_i``.

    >>> family("U_3"), family("LP_1"), family("E")
    ('U_i', 'LP_1', 'E')
    """
    if name in SYMBOLS:
        return name
    base, _, index = name.rpartition("_")
    return f"{base}_i" if index.isdigit() and f"{base}_i" in SYMBOLS else name


def row(text: str, index: int) -> str:
    """A formula over rows written for one row: each ``X_i`` becomes ``X_<index>``.

    >>> row("s_i*Q_i*(M_i - E_i)", 2)
    's_2*Q_2*(M_2 - E_2)'
    """
    return re.sub(r"\b([A-Za-z]+)_i\b", rf"\1_{index}", text)


# --- expressions ---------------------------------------------------------------------


class Node:
    """An expression: a :class:`Var`, a :class:`Num` or an :class:`Op`."""


@dataclass(frozen=True)
class Var(Node):
    """A symbol, by its name in :data:`SYMBOLS`."""

    name: str


@dataclass(frozen=True)
class Num(Node):
    """A number: a constant of the formula, or a value put in or computed."""

    value: Fraction


@dataclass(frozen=True)
class Op(Node):
    """An operation: ``+`` and ``*`` (any number of terms), ``-`` and ``/`` (two),
    ``neg`` and ``abs`` (one), ``max`` (two), ``floor`` (one: the whole number at or
    below, see :func:`whole`) and ``sum`` (one: its argument over every row, Σ, the
    row symbols ``X_i`` standing for each row's ``X_1``, ``X_2``...)."""

    op: str
    args: tuple[Node, ...]


_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<op>\S))")


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only trailing spaces are left
            break
        tokens.append(match.group(match.lastgroup or "op"))
        position = match.end()
    return tokens


class _Parser:
    """expr := term (("+" | "-") term)*; term := unary (("*" | "/") unary)*;
    unary := "-" unary | atom; atom := number | name | "max" "(" expr "," expr ")" |
    ("floor" | "sum") "(" expr ")" | "(" expr ")" | "|" expr "|"."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.index = 0

    def peek(self) -> str:
        return self.tokens[self.index] if self.index < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if not token or (expected is not None and token != expected):
            raise ValueError(f"formula {self.text!r}: expected {expected or 'more'} at {token!r}")
        self.index += 1
        return token

    def expression(self) -> Node:
        node = self.term()
        while self.peek() in {"+", "-"}:
            if self.take() == "+":
                terms = [*node.args] if isinstance(node, Op) and node.op == "+" else [node]
                node = Op("+", (*terms, self.term()))
            else:
                node = Op("-", (node, self.term()))
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek() in {"*", "/"}:
            if self.take() == "*":
                factors = [*node.args] if isinstance(node, Op) and node.op == "*" else [node]
                node = Op("*", (*factors, self.unary()))
            else:
                node = Op("/", (node, self.unary()))
        return node

    def unary(self) -> Node:
        if self.peek() == "-":
            self.take()
            return Op("neg", (self.unary(),))
        return self.atom()

    def atom(self) -> Node:
        token = self.take()
        if token == "(":
            node = self.expression()
            self.take(")")
            return node
        if token == "|":
            node = self.expression()
            self.take("|")
            return Op("abs", (node,))
        if token[0].isdigit():
            return Num(Fraction(token))
        if token == "max":
            self.take("(")
            first = self.expression()
            self.take(",")
            second = self.expression()
            self.take(")")
            return Op("max", (first, second))
        if token in {"floor", "sum"}:
            self.take("(")
            inner = self.expression()
            self.take(")")
            return Op(token, (inner,))
        if family(token) not in SYMBOLS:
            raise ValueError(f"formula {self.text!r}: unknown symbol {token!r}")
        return Var(token)


def parse(text: str) -> Node:
    """An expression tree from its text.

    >>> parse("Q*E/L")
    Op(op='/', args=(Op(op='*', args=(Var(name='Q'), Var(name='E'))), Var(name='L')))
    """
    parser = _Parser(text)
    node = parser.expression()
    if parser.peek():
        raise ValueError(f"formula {text!r}: unexpected {parser.peek()!r}")
    return node


def _apply(op: str, values: Sequence[Fraction]) -> Fraction:
    if op == "+":
        return sum(values, Fraction(0))
    if op == "*":
        product = Fraction(1)
        for value in values:
            product *= value
        return product
    if op == "-":
        return values[0] - values[1]
    if op == "/":
        return values[0] / values[1]
    if op == "neg":
        return -values[0]
    if op == "abs":
        return abs(values[0])
    if op == "floor":
        return Fraction(whole(values[0]))
    return max(values)


#: A value this close below a whole number counts as that number in ``floor``.
WHOLE_TOLERANCE = Fraction(1, 10**12)


def whole(value: Fraction) -> int:
    """The whole number at or below ``value``, counting a value less than a trillionth
    (relative) below a whole number as that number: a typed decimal reaches the formula
    as a binary fraction (0.3 is a hair below 0.3), and 0.3 × 30,000 / 100 is 90.

    >>> whole(Fraction(1799, 20)), whole(Fraction(0.3) * 30000 / 100)
    (89, 90)
    """
    return math.floor(value * (1 + WHOLE_TOLERANCE))


def _rows(node: Node, values: Mapping[str, Fraction]) -> int:
    """How many rows a ``sum`` runs over: while every row symbol it uses has a value."""
    bases = [name[:-2] for name in names(node) if name.endswith("_i")]
    count = 0
    while bases and all(f"{base}_{count + 1}" in values for base in bases):
        count += 1
    return count


def _at_row(node: Node, index: int) -> Node:
    if isinstance(node, Var) and node.name.endswith("_i"):
        return Var(f"{node.name[:-2]}_{index}")
    if isinstance(node, Op):
        return Op(node.op, tuple(_at_row(arg, index) for arg in node.args))
    return node


def _substitute(node: Node, values: Mapping[str, Fraction]) -> Node:
    if isinstance(node, Var):
        return Num(values[node.name])
    if isinstance(node, Op) and node.op == "sum":
        body = node.args[0]
        terms = [_substitute(_at_row(body, i), values) for i in range(1, _rows(body, values) + 1)]
        return (
            Op("+", tuple(terms)) if len(terms) > 1 else (terms[0] if terms else Num(Fraction(0)))
        )
    if isinstance(node, Op):
        args = [_substitute(arg, values) for arg in node.args]
        if node.op == "+":  # a sum's terms join the sum they are in: a + (b + c) is a + b + c
            args = [term for arg in args for term in _terms_of(arg)]
        return Op(node.op, tuple(args))
    return node


def _terms_of(node: Node) -> tuple[Node, ...]:
    return node.args if isinstance(node, Op) and node.op == "+" else (node,)


def _reduce(node: Node) -> Node:
    """One step: every operation whose arguments are all numbers becomes its value."""
    if not isinstance(node, Op):
        return node
    if all(isinstance(arg, Num) for arg in node.args):
        return Num(_apply(node.op, [arg.value for arg in node.args if isinstance(arg, Num)]))
    return Op(node.op, tuple(_reduce(arg) for arg in node.args))


def names(node: Node) -> tuple[str, ...]:
    """The symbols an expression uses, each once, in the order written."""
    if isinstance(node, Var):
        return (node.name,)
    if isinstance(node, Op):
        return tuple(dict.fromkeys(name for arg in node.args for name in names(arg)))
    return ()


# --- formulas and their work ---------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """One line of algebra: ``name = expr``.

    ``rounded`` says the card rounds this value to a float before using it further (as
    it shows it), so the next formulas take the rounded value.
    """

    name: str
    expr: Node
    text: str
    rounded: bool = False


def formula(name: str, text: str, *, rounded: bool = False) -> Formula:
    """A :class:`Formula` from its text, its symbols checked against :data:`SYMBOLS`."""
    if family(name) not in SYMBOLS:
        raise ValueError(f"unknown symbol {name!r}")
    return Formula(name, parse(text), text, rounded)


@dataclass(frozen=True)
class Line:
    """One formula worked: its symbol, and its steps from symbols to one number."""

    name: str
    steps: tuple[Node, ...]
    value: Fraction | None


#: The reasons a worked chain gives for being the one that applies.
CASES = (
    "isolated",
    "cross",
    "linear",
    "inverse",
    "mark",
    "entry",
    "fee",
    "tiers",
    "tier_size",
    "fees",
    "no_fees",
    "long_from_target",
    "short_from_target",
    "long_from_change",
    "short_from_change",
    "long_from_stop",
    "short_from_stop",
    "funding",
    "guide",
    "unit_entry",
    "bankruptcy",
    "break_even",
    "order_cost",
    "whole_contracts",
    "stop_loss",
    "stop_leverage",
    "average_linear",
    "average_inverse",
    "add_fill",
    "account_marks",
    "account_symbol",
    "hedge",
    "account_move",
    "tier_floor",
)


@dataclass(frozen=True)
class Case:
    """Why the worked formula is the one that applies: a key of :data:`CASES`."""

    key: str

    def __post_init__(self) -> None:
        if self.key not in CASES:
            raise ValueError(f"unknown case {self.key!r}")


@dataclass(frozen=True)
class Work:
    """A chain of formulas worked through.

    ``inputs`` are the values put in, ``lines`` the formulas in order, each using the
    values before it; ``cases`` the reasons the chain is the one that applies;
    ``values`` every symbol's value. ``result`` is the last line's value.
    """

    lines: tuple[Line, ...]
    values: Mapping[str, Fraction]
    cases: tuple[Case, ...] = ()
    inputs: tuple[str, ...] = field(default=())

    @property
    def result(self) -> Fraction | None:
        """The last line's value; None where it divides by zero (no such value)."""
        return self.lines[-1].value

    @property
    def symbols(self) -> tuple[str, ...]:
        """Every symbol of the chain: what each line defines and what it uses."""
        found: dict[str, None] = {}
        for line in self.lines:
            found[line.name] = None
            for step in line.steps[:1]:
                found.update(dict.fromkeys(names(step)))
        return tuple(found)


def _exact(value: object) -> Fraction:
    return value if isinstance(value, Fraction) else ex.number("value", value)


def work(
    formulas: Sequence[Formula],
    inputs: Mapping[str, object],
    cases: Sequence[str] = (),
) -> Work:
    """Evaluate a chain of formulas exactly, recording every step.

    Each line's steps: the expression in symbols, with the numbers put in (when any
    symbol is used), then one step per level reduced, the last being its value.
    """
    values = {name: _exact(value) for name, value in inputs.items()}
    case_list = tuple(Case(key) for key in cases)
    lines: list[Line] = []
    for item in formulas:
        steps: list[Node] = [item.expr]
        node = _substitute(item.expr, values)
        if names(item.expr):
            steps.append(node)
        while not isinstance(node, Num):
            try:
                node = _reduce(node)
            except ZeroDivisionError:
                lines.append(Line(item.name, tuple(steps), None))
                return Work(tuple(lines), MappingProxyType(values), case_list, tuple(inputs))
            steps.append(node)
        lines.append(Line(item.name, tuple(steps), node.value))
        values[item.name] = Fraction(ex.to_float(node.value)) if item.rounded else node.value
    return Work(tuple(lines), MappingProxyType(values), case_list, tuple(inputs))


# --- the cases -----------------------------------------------------------------------

#: Liquidation: the margin that stands between the position and liquidation, cross
#: (the other positions' maintenance and unrealised PnL count) and isolated.
BACKING = formula("A", "WB - TMM + UPNL + cum")
BACKING_ISOLATED = formula("A", "WB + cum")
#: Linear isolated margin, and inverse.
IM_LINEAR = formula("WB", "Q*E/L", rounded=True)
IM_INVERSE = formula("WB", "F/(L*E)", rounded=True)
#: Linear liquidation price: maintenance valued at the liquidation price, or at entry.
LP_LINEAR_MARK = formula("LP", "(A - s*Q*E) / (Q*(m + f) - s*Q)")
LP_LINEAR_ENTRY = formula("LP", "(Q*E*m + s*Q*E - A) / (Q*(s - f))")
#: Inverse liquidation price, the same two ways.
LP_INVERSE_MARK = formula("LP", "F*(m + f + s) / (A + s*F/E)")
LP_INVERSE_ENTRY = formula("LP", "F*(s + f) / (A + s*F/E - F*m/E)")


def liquidation(
    kind: str,
    side: str,
    entry: float,
    size: float,
    *,
    leverage: float | None = None,
    wallet: float = 0.0,
    mmr: float | Fraction = 0.0,
    maint_amount: float | Fraction = 0.0,
    other_maint: float = 0.0,
    other_upnl: float = 0.0,
    convention: str = "binance",
    liquidation_fee: float = 0.0,
) -> Work:
    """The liquidation price worked through, as the engine's ``liquidation_price`` finds it.

    With ``leverage`` the position is isolated: its wallet is its initial margin,
    rounded as the card rounds it, and no other position counts. Otherwise ``wallet``
    is the cross wallet and ``other_maint``, ``other_upnl`` count. The last line is
    the liquidation price; it may be zero or negative (no positive price liquidates,
    the engine's None).

    Examples
    --------
    >>> w = liquidation("linear", "long", 30000, 1, leverage=20, mmr=0.004)
    >>> [line.name for line in w.lines], float(w.result or 0)
    (['WB', 'A', 'LP'], 28614.4578313253)
    >>> [case.key for case in w.cases]
    ['isolated', 'linear', 'mark']
    """
    linear = kind == "linear"
    size_name = "Q" if linear else "F"
    inputs: dict[str, object] = {"s": ex.side(side), "E": entry, size_name: size}
    chain: list[Formula] = []
    cases = ["isolated" if leverage is not None else "cross", kind]
    if ex.number("liquidation_fee", liquidation_fee):
        cases.append("fee")
    if leverage is not None:
        inputs["L"] = leverage
        chain.extend((IM_LINEAR if linear else IM_INVERSE, BACKING_ISOLATED))
    else:
        chain.append(BACKING)
        inputs.update({"WB": wallet, "TMM": other_maint, "UPNL": other_upnl})
    at_mark = en.convention(convention) == "binance"
    cases.insert(2, "mark" if at_mark else "entry")
    inputs.update({"cum": maint_amount, "m": mmr, "f": liquidation_fee})
    if linear:
        chain.append(LP_LINEAR_MARK if at_mark else LP_LINEAR_ENTRY)
    else:
        chain.append(LP_INVERSE_MARK if at_mark else LP_INVERSE_ENTRY)
    return work(chain, inputs, cases)


def liquidation_tiered(
    kind: str,
    side: str,
    entry: float,
    size: float,
    brackets: Sequence[tuple[float, float]],
    *,
    basis: str = "notional",
    leverage: float | None = None,
    wallet: float = 0.0,
    other_maint: float = 0.0,
    other_upnl: float = 0.0,
    liquidation_fee: float = 0.0,
    inclusive_caps: bool = False,
) -> Work:
    """The tiered liquidation price worked through with the bracket that applies.

    By notional, that is the one bracket whose own liquidation price lies in its range
    (as the engine's ``liquidation_price_tiered`` finds it, a cap in its own bracket
    with ``inclusive_caps``), its rate and exact maintenance amount; by size, the
    size's bracket with no amount. Where no price
    liquidates, the chain of the bracket at the entry price, whose result is not a
    positive price.

    >>> w = liquidation_tiered("linear", "long", 30000, 1, [(0, 0.004), (50000, 0.005)],
    ...                        leverage=20)
    >>> float(w.result or 0), [c.key for c in w.cases]
    (28614.4578313253, ['isolated', 'linear', 'mark', 'tiers'])
    """
    table = en.brackets(list(brackets))
    rule = en.basis(basis)
    size_x = ex.positive("size", size)
    entry_x = ex.positive("entry", entry)
    chains: dict[tuple[Fraction, Fraction], Work] = {}

    def chain(rate: Fraction, amount: Fraction) -> Work:
        if (rate, amount) not in chains:
            chains[rate, amount] = liquidation(
                kind,
                side,
                entry,
                size,
                leverage=leverage,
                wallet=wallet,
                mmr=rate,
                maint_amount=amount,
                other_maint=other_maint,
                other_upnl=other_upnl,
                liquidation_fee=liquidation_fee,
            )
        return chains[rate, amount]

    def candidate(rate: Fraction, amount: Fraction) -> Fraction | None:
        price = chain(rate, amount).result
        return price if price is not None and price > 0 else None

    linear = kind == "linear"
    sign = 1 if side == "long" else -1
    fee_x = Fraction(liquidation_fee)
    backing = chain(table[0][1], Fraction(0)).values["A"]

    def notional(price: Fraction) -> Fraction:
        return size_x * price if linear else size_x / price

    def excess(mmr: Fraction, price: Fraction) -> Fraction:
        """Equity minus maintenance (the whole position at ``mmr``) and fee at ``price``."""
        gain = size_x * (price - entry_x) if linear else size_x * (1 / entry_x - 1 / price)
        return backing + sign * gain - notional(price) * (mmr + fee_x)

    def price_at(value: Fraction) -> Fraction:
        return value / size_x if linear else size_x / value

    position = en.Position(sign, entry_x, size_x, candidate, notional, price_at, excess)
    caps = en.inclusive(inclusive_caps)
    price = en.tiered_price(table, rule, "binance", caps, position)
    amounts = en.maintenance_amounts(table)
    if rule == "size":
        index = en.bracket_index(table, size_x, caps)
        found = chain(table[index][1], Fraction(0))
    elif price is None:
        index = en.bracket_index(table, notional(entry_x), caps)
        found = chain(table[index][1], amounts[index] if rule == "notional" else Fraction(0))
    elif rule == "notional":  # at a cap two brackets give this price: the one it is in
        index = en.bracket_index(table, notional(price), caps)
        found = chain(table[index][1], amounts[index])
    else:
        match = [w for w in chains.values() if w.result == price]
        found = match[0] if match else _at_floor(kind, size, notional(price), chain(*table[0]))
    extra = ("tiers", "tier_size") if rule == "size" else ("tiers",)
    cases = (*found.cases, *map(Case, extra))
    return Work(found.lines, found.values, cases, found.inputs)


def _at_floor(kind: str, size: float, floor: Fraction, base: Work) -> Work:
    """A whole-position tier table's liquidation at a floor V_f: the requirement jumps
    there from below the equity to above it, so the price is where the value reaches it."""
    name = "Q" if kind == "linear" else "F"
    text = "V_f/Q" if kind == "linear" else "F/V_f"
    floor_work = work((formula("LP", text),), {name: size, "V_f": floor})
    cases = (*base.cases[:3], Case("tier_floor"))
    values = MappingProxyType({**base.values, **floor_work.values})
    return Work((*base.lines[:-1], *floor_work.lines), values, cases, floor_work.inputs)


# --- the P&L card --------------------------------------------------------------------

_PNL = {
    "linear": (
        formula("PnL", "s*Q*(X - E)"),
        formula("fees", "f_o*Q*E + f_c*Q*X"),
        formula("FR", "s*Q*E*r*n"),
        formula("IM", "Q*E/L"),
    ),
    "inverse": (
        formula("PnL", "s*F*(1/E - 1/X)"),
        formula("fees", "f_o*F/E + f_c*F/X"),
        formula("FR", "s*F/E*r*n"),
        formula("IM", "F/(L*E)"),
    ),
}
NET = formula("NET", "PnL - fees")
NET_FUNDING = formula("NET", "PnL - fees - FR")
ROE = formula("ROE", "NET/IM")


def pnl(
    kind: str,
    side: str,
    entry: float,
    exit: float,
    size: float,
    leverage: float,
    open_fee: float = 0.0,
    close_fee: float = 0.0,
    funding_rate: float | None = None,
    intervals: int = 0,
) -> Work:
    """A position's net P&L and ROE worked through: gross P&L, fees, funding (when its
    rate and intervals are both given, paid at the entry price as the mark), margin.

    >>> w = pnl("linear", "long", 30000, 33000, 1, 10, 0.0005, 0.0005, 0.0001, 3)
    >>> [(line.name, float(line.value or 0)) for line in w.lines][-2:]
    [('IM', 3000.0), ('ROE', 0.9865)]
    """
    gross, fees, funding, margin = _PNL[kind]
    size_name = "Q" if kind == "linear" else "F"
    inputs: dict[str, object] = {
        "s": ex.side(side),
        "E": entry,
        "X": exit,
        size_name: size,
        "L": leverage,
        "f_o": open_fee,
        "f_c": close_fee,
    }
    chain = [gross, fees]
    cases = [kind]
    if funding_rate is not None and intervals:
        inputs.update({"r": funding_rate, "n": intervals})
        chain.extend((funding, NET_FUNDING))
        cases.append("funding")
    else:
        chain.append(NET)
    chain.extend((margin, ROE))
    return work(chain, inputs, cases)


# --- the target card -----------------------------------------------------------------

_TARGET = {
    "linear": (formula("T", "E*(1 + s*ROE/L)"), formula("ROE", "s*L*(X/E - 1)")),
    "inverse": (formula("T", "E/(1 - s*ROE/L)"), formula("ROE", "s*L*(1 - E/X)")),
}


def target(
    kind: str,
    side: str,
    entry: float,
    leverage: float,
    roe: float | None = None,
    exit: float | None = None,
) -> tuple[Work, ...]:
    """The exit price for a wanted ROE, and the ROE at a given exit, each where given.

    >>> [float(w.result or 0) for w in target("linear", "long", 30000, 20, 0.5, 31500)]
    [30750.0, 1.0]
    """
    price, back = _TARGET[kind]
    inputs: dict[str, object] = {"s": ex.side(side), "E": entry, "L": leverage}
    chains = []
    if roe is not None:
        chains.append(work((price,), {**inputs, "ROE": roe}, (kind,)))
    if exit is not None:
        chains.append(work((back,), {**inputs, "X": exit}, (kind,)))
    return tuple(chains)


# --- the guide's rules ---------------------------------------------------------------


def _fee_case(open_fee: object, close_fee: object) -> str:
    return (
        "fees"
        if ex.number("open_fee", open_fee) or ex.number("close_fee", close_fee)
        else "no_fees"
    )


def rule_target_change(
    open_price: float, target_price: float, kind: str, open_fee: float, close_fee: float
) -> tuple[Work, Work]:
    """The guide's change to a target, and the net return a position earns there.

    >>> guide, exact = rule_target_change(1000, 1200, "inverse", 0, 0)
    >>> float(guide.result or 0), round(float(exact.result or 0), 6)
    (0.2, 0.166667)
    """
    inputs = {"O": open_price, "T": target_price}
    guide = work((formula("Delta_guide", "T/O - 1"),), inputs, ("guide",))
    sign = 1 if ex.number("T", target_price) >= ex.number("O", open_price) else -1
    net = "s*(x - 1) - f_o - f_c*x" if kind == "linear" else "s*(1 - 1/x) - f_o - f_c/x"
    exact = work(
        (formula("x", "T/O"), formula("R", net), formula("Delta_exact", "s*R")),
        {**inputs, "s": sign, "f_o": open_fee, "f_c": close_fee},
        (
            kind,
            "long_from_target" if sign > 0 else "short_from_target",
            _fee_case(open_fee, close_fee),
        ),
    )
    return guide, exact


def rule_target_price(
    open_price: float, change: float, kind: str, open_fee: float, close_fee: float
) -> tuple[Work, Work]:
    """The guide's target price, and the price that earns that return net of fees.

    >>> guide, exact = rule_target_price(1000, 0.2, "inverse", 0, 0)
    >>> float(guide.result or 0), float(exact.result or 0)
    (1200.0, 1250.0)
    """
    guide = work(
        (formula("T_guide", "O*(1 + Delta)"),), {"O": open_price, "Delta": change}, ("guide",)
    )
    sign = 1 if ex.number("change", change) >= 0 else -1
    price = "O*(s + R + f_o)/(s - f_c)" if kind == "linear" else "O*(s + f_c)/(s - R - f_o)"
    exact = work(
        (formula("R", "|Delta|"), formula("T_exact", price)),
        {"O": open_price, "Delta": change, "s": sign, "f_o": open_fee, "f_c": close_fee},
        (
            kind,
            "long_from_change" if sign > 0 else "short_from_change",
            _fee_case(open_fee, close_fee),
        ),
    )
    return guide, exact


def rule_liquidation_move(leverage: float, kind: str, side: str, mmr: float) -> tuple[Work, Work]:
    """The guide's 1/L, and the adverse move that liquidates an isolated position
    (entry 1, size 1, wallet its initial margin 1/L, the mark-price convention).

    >>> guide, exact = rule_liquidation_move(20, "linear", "long", 0.004)
    >>> float(guide.result or 0), round(float(exact.result or 0), 6)
    (0.05, 0.046185)
    """
    guide = work((formula("M_guide", "1/L"),), {"L": leverage}, ("guide",))
    unit = "(1/L - s)/(m - s)" if kind == "linear" else "(m + s)/(1/L + s)"
    exact = work(
        (formula("LP_1", unit), formula("M_exact", "s*(1 - LP_1)")),
        {"L": leverage, "s": ex.side(side), "m": mmr},
        (kind, "isolated", "mark", "unit_entry"),
    )
    return guide, exact


def _stop_leverage(kind: str) -> Formula:
    """The highest leverage for a stop distance d (isolated, mark-price convention)."""
    if kind == "linear":
        return formula("L_exact", "1/(d + m - s*d*m)")
    return formula("L_exact", "(1 - s*d)/(d + m)")


def rule_leverage_for_stop(
    stop_fraction: float, kind: str, side: str, mmr: float
) -> tuple[Work, Work]:
    """The guide's 1/d, and the highest leverage whose liquidation lies beyond the stop.

    >>> guide, exact = rule_leverage_for_stop(0.1, "linear", "long", 0.004)
    >>> float(guide.result or 0), float(exact.result or 0)
    (10.0, 9.652509652509652)
    """
    guide = work((formula("L_guide", "1/d"),), {"d": stop_fraction}, ("guide",))
    sign = ex.side(side)
    inputs = {"d": stop_fraction, "s": sign, "m": mmr}
    exact = work((_stop_leverage(kind),), inputs, (kind, "isolated", "mark"))
    return guide, exact


def rule_leverage_for_stop_price(
    open_price: float, stop_price: float, kind: str, mmr: float
) -> tuple[Work, Work]:
    """The guide's leverage for a stop price, and the highest safe one.

    >>> guide, exact = rule_leverage_for_stop_price(20000, 15000, "linear", 0.004)
    >>> float(guide.result or 0), round(float(exact.result or 0), 6)
    (4.0, 3.952569)
    """
    inputs = {"O": open_price, "S": stop_price}
    guide = work((formula("L_guide", "1/|1 - S/O|"),), inputs, ("guide",))
    sign = 1 if ex.number("S", stop_price) < ex.number("O", open_price) else -1
    exact_inputs = {**inputs, "s": sign, "m": mmr}
    exact = work(
        (formula("d", "|S/O - 1|"), _stop_leverage(kind)),
        exact_inputs,
        (kind, "long_from_stop" if sign > 0 else "short_from_stop", "isolated", "mark"),
    )
    return guide, exact


def _profit(
    guide_text: str,
    exact_text: str,
    inputs: Mapping[str, object],
    cases: Sequence[str],
) -> tuple[Work, Work]:
    guide = work((formula("G_guide", guide_text),), inputs, ("guide",))
    return guide, work((formula("G_exact", exact_text),), inputs, cases)


#: The coin-margined profits: the guide's and the exact, for a rise g (long) and a fall h
#: (short); the guide multiplies by (1 ± move) where the exact math divides.
_COIN_PROFITS = {
    "g": ("P*L*g*(1 + g)", "P*L*g/(1 + g) - f_o*P*L - f_c*P*L/(1 + g)"),
    "h": ("P*L*h*(1 - h)", "P*L*h/(1 - h) - f_o*P*L - f_c*P*L/(1 - h)"),
}


def _coin_profit(
    move: str, principal: float, leverage: float, change: float, fees: tuple[float, float]
) -> tuple[Work, Work]:
    guide, exact = _COIN_PROFITS[move]
    inputs = {"P": principal, "L": leverage, move: change, "f_o": fees[0], "f_c": fees[1]}
    return _profit(guide, exact, inputs, ("inverse", _fee_case(*fees)))


def rule_coin_long_profit(
    principal: float, leverage: float, rise: float, open_fee: float, close_fee: float
) -> tuple[Work, Work]:
    """The guide's coin-margined long profit, and the exact one net of fees.

    >>> guide, exact = rule_coin_long_profit(1000, 50, 0.1, 0, 0)
    >>> float(guide.result or 0), round(float(exact.result or 0), 2)
    (5500.0, 4545.45)
    """
    return _coin_profit("g", principal, leverage, rise, (open_fee, close_fee))


def rule_coin_short_profit(
    principal: float, leverage: float, fall: float, open_fee: float, close_fee: float
) -> tuple[Work, Work]:
    """The guide's coin-margined short profit, and the exact one net of fees.

    >>> guide, exact = rule_coin_short_profit(1000, 50, 0.1, 0, 0)
    >>> float(guide.result or 0), round(float(exact.result or 0), 2)
    (4500.0, 5555.56)
    """
    return _coin_profit("h", principal, leverage, fall, (open_fee, close_fee))


def rule_usdt_profit(
    principal: float, leverage: float, change: float, side: str, open_fee: float, close_fee: float
) -> tuple[Work, Work]:
    """The guide's USDT-margined profit, and the exact one net of fees.

    >>> guide, exact = rule_usdt_profit(1000, 50, 0.02, "long", 0.0005, 0.0005)
    >>> float(guide.result or 0), float(exact.result or 0)
    (1000.0, 949.5)
    """
    inputs = {
        "P": principal,
        "L": leverage,
        "Delta": change,
        "s": ex.side(side),
        "f_o": open_fee,
        "f_c": close_fee,
    }
    return _profit(
        "P*L*Delta",
        "P*L*Delta - f_o*P*L - f_c*P*L*(1 + s*Delta)",
        inputs,
        ("linear", _fee_case(open_fee, close_fee)),
    )


# --- bankruptcy and break-even -------------------------------------------------------

_BANKRUPTCY = {
    "linear": formula("BP", "E - s*WB/Q"),
    "inverse": formula("BP", "1/(1/E + s*WB/F)"),
}
_BREAK_EVEN = {
    "linear": formula("BE", "E*(1 + s*f_o)/(1 - s*f_c)"),
    "inverse": formula("BE", "E*(1 + s*f_c)/(1 - s*f_o)"),
}


def bankruptcy(kind: str, side: str, entry: float, size: float, wallet: object) -> Work:
    """The price at which the loss uses up the margin ``wallet`` (no maintenance margin).

    A result of zero or less means no positive price does (the engine's None).

    >>> float(bankruptcy("linear", "long", 30000, 1, 1500).result or 0)
    28500.0
    """
    inputs = {"s": ex.side(side), "E": entry, "Q" if kind == "linear" else "F": size}
    return work((_BANKRUPTCY[kind],), {**inputs, "WB": wallet}, ("bankruptcy",))


def break_even(kind: str, side: str, entry: float, open_fee: float, close_fee: float) -> Work:
    """The exit price whose P&L pays the fees to open and to close.

    >>> float(break_even("linear", "long", 30000, 0.0005, 0.0005).result or 0)
    30030.015007503753
    """
    inputs = {"s": ex.side(side), "E": entry, "f_o": open_fee, "f_c": close_fee}
    return work((_BREAK_EVEN[kind],), inputs, ("break_even",))


# --- the largest order -----------------------------------------------------------------


def max_open(
    kind: str,
    balance: float,
    price: float,
    leverage: float,
    open_fee: float,
    contract_size: float | None = None,
) -> Work:
    """The largest size a balance opens at a price (its initial margin plus the opening
    fee use it all), then the margin; for inverse contracts with a contract size, the
    whole contracts that fit and their face value first.

    >>> w = max_open("linear", 1000, 30000, 20, 0)
    >>> [(line.name, float(line.value or 0)) for line in w.lines]
    [('Q', 0.6666666666666666), ('IM', 1000.0)]
    >>> w = max_open("inverse", 0.3, 30000, 1, 0, 100)
    >>> [(line.name, float(line.value or 0)) for line in w.lines]
    [('F', 9000.0), ('N', 90.0), ('F_N', 9000.0), ('IM', 0.3)]
    """
    inputs: dict[str, object] = {"B": balance, "E": price, "L": leverage, "f_o": open_fee}
    cases = [kind, "order_cost"]
    if kind == "linear":
        chain = [formula("Q", "B/(E*(1/L + f_o))", rounded=True), formula("IM", "Q*E/L")]
    elif contract_size is None:
        chain = [formula("F", "B*E/(1/L + f_o)", rounded=True), formula("IM", "F/(L*E)")]
    else:
        inputs["C"] = contract_size
        cases.append("whole_contracts")
        chain = [
            formula("F", "B*E/(1/L + f_o)", rounded=True),
            formula("N", "floor(F/C)"),
            formula("F_N", "N*C", rounded=True),
            formula("IM", "F_N/(L*E)"),
        ]
    return work(chain, inputs, cases)


# --- the risk card -------------------------------------------------------------------

#: The size whose loss at the stop S, fees included, is the risk K.
_RISK_SIZE = {
    "linear": formula("Q", "K/(s*(E - S) + f_o*E + f_c*S)", rounded=True),
    "inverse": formula("F", "K/(s*(1/S - 1/E) + f_o/E + f_c/S)", rounded=True),
}
#: The highest leverage whose liquidation lies at or beyond the stop, without and with a
#: liquidation fee f (under the mark-price convention the fee acts as a rate m + f).
_MAX_LEVERAGE = {
    ("linear", False): formula("L_max", "1/(d + m - s*d*m)"),
    ("linear", True): formula("L_max", "1/(d + m + f - s*d*(m + f))"),
    ("inverse", False): formula("L_max", "(1 - s*d)/(d + m)"),
    ("inverse", True): formula("L_max", "(1 - s*d)/(d + m + f)"),
}


def risk_amount(balance: float, percent: float) -> Work:
    """The amount risked: ``percent`` (1 for 1%) of the balance.

    >>> float(risk_amount(10000, 1).result or 0)
    100.0
    """
    return work((formula("K", "B*k/100", rounded=True),), {"B": balance, "k": percent})


def position_size(
    kind: str,
    side: str,
    entry: float,
    stop: float,
    risk: object,
    fees: tuple[float, float],
    contract_size: float | None = None,
) -> Work:
    """The size that loses ``risk`` at the stop, fees included; for inverse contracts
    with a contract size, the whole contracts within it (rounded down).

    >>> w = position_size("linear", "long", 30000, 29000, 300, (0, 0))
    >>> float(w.result or 0)
    0.3
    >>> w = position_size("inverse", "long", 30000, 29000, 0.01, (0, 0), 100)
    >>> [(line.name, float(line.value or 0)) for line in w.lines]
    [('F', 8700.0), ('N', 87.0)]
    """
    inputs: dict[str, object] = {
        "s": ex.side(side),
        "E": entry,
        "S": stop,
        "K": risk,
        "f_o": fees[0],
        "f_c": fees[1],
    }
    chain = [_RISK_SIZE[kind]]
    cases = [kind, "stop_loss"]
    if kind == "inverse" and contract_size is not None:
        inputs["C"] = contract_size
        chain.append(formula("N", "floor(F/C)"))
        cases.append("whole_contracts")
    return work(chain, inputs, (*cases, _fee_case(*fees)))


def stop_leverage(
    kind: str, side: str, entry: float, stop: float, mmr: float, liquidation_fee: float
) -> Work:
    """The highest leverage whose isolated liquidation lies at or beyond the stop.

    >>> float(stop_leverage("linear", "long", 30000, 27000, 0.004, 0).result or 0)
    9.652509652509652
    """
    fee = bool(ex.number("liquidation_fee", liquidation_fee))
    inputs = {"s": ex.side(side), "E": entry, "S": stop, "m": mmr, "f": liquidation_fee}
    chain = (formula("d", "|S/E - 1|"), _MAX_LEVERAGE[kind, fee])
    cases = (kind, "stop_leverage", "mark", *(("fee",) if fee else ()))
    return work(chain, inputs, cases)


# --- the average card ----------------------------------------------------------------

#: By kind: the total, the average, the size to add for a target average, the average
#: after adding it, and the total after; ``X_i`` are the fills (rows).
_AVERAGE = {
    "linear": (
        formula("Q", "sum(Q_i)", rounded=True),
        formula("E_avg", "sum(p_i*Q_i)/sum(Q_i)", rounded=True),
        formula("Q_add", "Q*(E_avg - T_avg)/(T_avg - P_add)", rounded=True),
        formula("E_new", "(sum(p_i*Q_i) + P_add*Q_add)/(sum(Q_i) + Q_add)"),
        formula("Q_new", "Q + Q_add"),
    ),
    "inverse": (
        formula("F", "sum(F_i)", rounded=True),
        formula("E_avg", "sum(F_i)/sum(F_i/p_i)", rounded=True),
        formula("F_add", "F*P_add*(T_avg - E_avg)/(E_avg*(P_add - T_avg))", rounded=True),
        formula("E_new", "(sum(F_i) + F_add)/(sum(F_i/p_i) + F_add/P_add)"),
        formula("F_new", "F + F_add"),
    ),
}


def average(
    kind: str,
    fills: Sequence[tuple[float, float]],
    add_price: float | None = None,
    target: float | None = None,
) -> Work:
    """The average entry of the fills (price, size), and, with a price and a target
    average, the size to add there and the position after.

    Sizes are coins (linear, a quantity-weighted mean) or USD face values (inverse, a
    face-weighted harmonic mean). Called with a target the engine has accepted.

    >>> w = average("linear", [(30000, 1), (27000, 1)], 20000, 25000)
    >>> [(line.name, float(line.value or 0)) for line in w.lines]
    [('Q', 2.0), ('E_avg', 28500.0), ('Q_add', 1.4), ('E_new', 25000.0), ('Q_new', 3.4)]
    """
    size = "Q" if kind == "linear" else "F"
    inputs: dict[str, object] = {}
    for index, (price, amount) in enumerate(fills, start=1):
        inputs.update({f"p_{index}": price, f"{size}_{index}": amount})
    total, mean, added, after, new_total = _AVERAGE[kind]
    chain = [total, mean]
    cases = [f"average_{kind}"]
    if add_price is not None and target is not None:
        inputs.update({"P_add": add_price, "T_avg": target})
        chain.extend((added, after, new_total))
        cases.append("add_fill")
    return work(chain, inputs, cases)


# --- the account card ----------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A position of a cross-margin account, as the engine has accepted it."""

    sign: int
    size: float
    entry: float
    mark: float
    mmr: float
    maint_amount: float


#: By kind: a position's unrealised P&L, maintenance margin at the mark and at entry,
#: and value at the mark (for the liquidation fee); ``X_i`` is the position's.
_POSITION = {
    "linear": ("s_i*Q_i*(M_i - E_i)", "Q_i*M_i*m_i - cum_i", "Q_i*E_i*m_i - cum_i", "Q_i*M_i"),
    "inverse": (
        "s_i*F_i*(1/E_i - 1/M_i)",
        "F_i/M_i*m_i - cum_i",
        "F_i/E_i*m_i - cum_i",
        "F_i/M_i",
    ),
}
#: One symbol's liquidation price (every other symbol at its mark), by kind and
#: convention: numerator and denominator, each ``(head, joiner, term, tail)`` with the
#: term written once per position of the symbol. For one position, the liquidation
#: card's formula.
_ACCOUNT_LP = {
    ("linear", True): (
        ("A - ", " - ", "s_i*Q_i*E_i", ""),
        ("", " + ", "Q_i*(m_i + f) - s_i*Q_i", ""),
    ),
    ("linear", False): (
        ("", " + ", "Q_i*E_i*m_i + s_i*Q_i*E_i", " - A"),
        ("", " + ", "Q_i*(s_i - f)", ""),
    ),
    ("inverse", True): (("", " + ", "F_i*(m_i + f + s_i)", ""), ("A + ", " + ", "s_i*F_i/E_i", "")),
    ("inverse", False): (
        ("", " + ", "F_i*(s_i + f)", ""),
        ("A + ", " + ", "s_i*F_i/E_i - F_i*m_i/E_i", ""),
    ),
}
#: The common factor t of every mark that liquidates the account, by kind and convention.
_ACCOUNT_MOVE = {
    ("linear", True): "(WB + sum(cum_i - s_i*Q_i*E_i))/sum(Q_i*M_i*(m_i + f - s_i))",
    ("linear", False): "(WB + sum(cum_i - s_i*Q_i*E_i - Q_i*E_i*m_i))/sum(Q_i*M_i*(f - s_i))",
    ("inverse", True): "sum(F_i*(s_i + m_i + f)/M_i)/(WB + sum(cum_i + s_i*F_i/E_i))",
    ("inverse", False): ("sum(F_i*(s_i + f)/M_i)/(WB + sum(cum_i + s_i*F_i/E_i - F_i*m_i/E_i))"),
}


def _terms(part: tuple[str, str, str, str], members: Sequence[int]) -> str:
    head, joiner, term, tail = part
    return head + joiner.join(row(term, index) for index in members) + tail


def account(
    kind: str,
    wallet: float,
    rows: Sequence[Row],
    groups: Sequence[Sequence[int]],
    convention: str = "binance",
    liquidation_fee: float = 0.0,
) -> tuple[tuple[Work, ...], Work, tuple[Work, ...], Work]:
    """A cross-margin account worked through, as :mod:`contractcalc.account` finds it.

    Returns each position's P&L and maintenance margin at its mark (row i is position
    i, from 1); the account's unrealised P&L, margin balance, maintenance, fee, margin
    ratio and the loss it can still take; each symbol's liquidation price, ``groups``
    being the rows (from 1) of each symbol, every other symbol at its mark; and the
    common move of every mark that liquidates it. A margin ratio or price that divides
    by zero has no value (None); a price or factor of zero or less is none at all.

    >>> rows = [Row(1, 1, 30000, 29000, 0.004, 0), Row(-1, 10, 2000, 2100, 0.005, 0)]
    >>> positions, totals, prices, move = account("linear", 3000, rows, [[1], [2]])
    >>> [(line.name, float(line.value or 0)) for line in totals.lines]
    [('U', -2000.0), ('MB', 1000.0), ('MM', 221.0), ('H', 779.0), ('MR', 0.221)]
    >>> [round(float(chain.result or 0), 2) for chain in prices]
    [28217.87, 2177.51]
    """
    linear = kind == "linear"
    at_mark = en.convention(convention) == "binance"
    fee = bool(ex.number("liquidation_fee", liquidation_fee))
    size = "Q" if linear else "F"
    values: dict[str, object] = {"WB": wallet, "f": liquidation_fee}
    for index, item in enumerate(rows, start=1):
        values.update(
            {
                f"s_{index}": item.sign,
                f"{size}_{index}": item.size,
                f"E_{index}": item.entry,
                f"M_{index}": item.mark,
                f"m_{index}": item.mmr,
                f"cum_{index}": item.maint_amount,
            }
        )
    upnl, maint_mark, maint_entry, value = _POSITION[kind]
    maint = maint_mark if at_mark else maint_entry
    positions = []
    for index in range(1, len(rows) + 1):
        chain = [formula(f"U_{index}", row(upnl, index)), formula(f"MM_{index}", row(maint, index))]
        if fee:
            chain.append(formula(f"V_{index}", row(value, index)))
        done = work(chain, values)
        values.update(done.values)
        positions.append(done)
    requirement = "MM + LF" if fee else "MM"
    chain = [formula("U", "sum(U_i)"), formula("MB", "WB + U"), formula("MM", "sum(MM_i)")]
    if fee:
        chain.append(formula("LF", "f*sum(V_i)"))
    # The ratio last: with no margin balance it has no value, and the chain stops there.
    chain.extend((formula("H", f"MB - ({requirement})"), formula("MR", f"({requirement})/MB")))
    cases = [kind, "account_marks", "mark" if at_mark else "entry", *(("fee",) if fee else ())]
    totals = work(chain, values, cases)
    values.update(totals.values)
    numerator, denominator = _ACCOUNT_LP[kind, at_mark]
    prices = []
    for members in groups:
        own = " - ".join(f"MM_{index}" + (f" - f*V_{index}" if fee else "") for index in members)
        others = [
            formula("TMM", f"{requirement} - {own}"),
            formula("UPNL", "U - " + " - ".join(f"U_{index}" for index in members)),
            formula("A", "WB - TMM + UPNL + " + " + ".join(f"cum_{index}" for index in members)),
            formula(
                "LP",
                f"({_terms(numerator, members)}) / ({_terms(denominator, members)})",
            ),
        ]
        prices.append(
            work(others, values, ("account_symbol", *(("hedge",) if len(members) > 1 else ())))
        )
    move = work(
        (formula("t", _ACCOUNT_MOVE[kind, at_mark]), formula("Delta", "t - 1")),
        values,
        ("account_move",),
    )
    return tuple(positions), totals, tuple(prices), move
