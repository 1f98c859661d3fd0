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
    "Symbol",
    "Var",
    "Work",
    "formula",
    "liquidation",
    "parse",
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
)


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
    ``neg`` and ``abs`` (one), ``max`` (two)."""

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
    unary := "-" unary | atom; atom := number | name | name "(" expr "," expr ")" |
    "(" expr ")" | "|" expr "|"."""

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
        if token not in SYMBOLS:
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
    return max(values)


def _substitute(node: Node, values: Mapping[str, Fraction]) -> Node:
    if isinstance(node, Var):
        return Num(values[node.name])
    if isinstance(node, Op):
        return Op(node.op, tuple(_substitute(arg, values) for arg in node.args))
    return node


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
    if name not in SYMBOLS:
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
        found = chain(table[index][1], amounts[index])
    elif rule == "notional":  # at a cap two brackets give this price: the one it is in
        index = en.bracket_index(table, notional(price), caps)
        found = chain(table[index][1], amounts[index])
    else:
        found = next(w for w in chains.values() if w.result == price)
    extra = ("tiers", "tier_size") if rule == "size" else ("tiers",)
    return Work(found.lines, found.values, (*found.cases, *map(Case, extra)), found.inputs)


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
