"""Property tests: the engine against the margin equation and an independent exact reference.

``tests/unit/contractcalc/exact_reference.py`` re-derives every formula in Fractions from the margin
equation and the exchanges' published formulas, without the engine's code. Here Hypothesis
checks the engine (``contractcalc.linear`` / ``contractcalc.inverse``) against it to a
relative 1e-12, checks the invariants the formulas promise (equity equals maintenance at
the liquidation price, zero at the bankruptcy price, round trips), and throws garbage at
every public function of the package: only ``InputError`` may ever escape.
"""

from __future__ import annotations

import importlib
import inspect
import math
import os
import pkgutil
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from types import ModuleType

import contractcalc
import pytest
from contractcalc import KINDS, InputError, inverse, linear, rules
from contractcalc.account import Position
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from tests import strategies as gen
from tests.quick import examples
from tests.unit.contractcalc import exact_reference as ref

#: The accuracy the engine promises against exact arithmetic.
REL = Fraction(1, 10**12)
#: The engine rejects any number larger than this in size (contractcalc._exact.MAX_MAGNITUDE).
LIMIT = Fraction(10**15)
#: ... and any positive quantity smaller than this (contractcalc._exact.MIN_POSITIVE).
SMALLEST = Fraction(1e-12)

SIDES = ("long", "short")

#: Examples per property; raise it for a deeper search (CONTRACTCALC_EXAMPLES=5000 pytest ...).
EXAMPLES = examples(int(os.environ.get("CONTRACTCALC_EXAMPLES", "150")))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
GARBAGE = settings(
    max_examples=examples(max(120, EXAMPLES * 4 // 5)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


#: The two engines, imported outright above: a broken engine fails this suite, never skips it.
ENGINES: dict[str, ModuleType] = {"linear": linear, "inverse": inverse}


def engine(kind: str) -> ModuleType:
    """contractcalc.linear or contractcalc.inverse."""
    return ENGINES[kind]


def outcome(call: Callable[[], object]) -> object:
    """The call's result, or the InputError it raised (anything else propagates)."""
    try:
        return call()
    except InputError as error:
        return error


def expected(call: Callable[[], object]) -> object:
    """The reference's result, or ref.Impossible when the engine must raise InputError."""
    try:
        return call()
    except ref.Impossible as impossible:
        return impossible


def assert_close(got: object, exact: Fraction, what: str = "") -> None:
    """``got`` is a finite float within a relative 1e-12 of the exact value."""
    assert isinstance(got, float), f"{what}: expected a float, got {got!r}"
    assert math.isfinite(got), f"{what}: expected {float(exact)!r}, got {got!r}"
    if exact == 0:
        assert got == 0, f"{what}: expected 0, got {got!r}"
        return
    error = abs(Fraction(got) - exact) / abs(exact)
    assert error <= REL, (
        f"{what}: expected {float(exact)!r}, got {got!r} (rel error {float(error):.3g})"
    )


def assert_agrees(got: object, want: object, what: str = "") -> None:
    """Compare an engine outcome with a reference outcome: values, None, or InputError."""
    event(
        "reference: "
        + (
            "impossible"
            if isinstance(want, ref.Impossible)
            else "None"
            if want is None
            else "value"
        )
    )
    if isinstance(want, ref.Impossible):
        assert isinstance(got, InputError), f"{what}: expected InputError ({want}), got {got!r}"
    elif want is None:
        assert got is None, f"{what}: expected None (no positive price), got {got!r}"
    else:
        assert not isinstance(got, InputError), (
            f"{what}: expected {float(want)!r}, got InputError({got})"  # type: ignore[arg-type]
        )
        assert_close(got, want, what)  # type: ignore[arg-type]


def no_rate_m_plus_f(mmr: float, fee: float, outcome_: object, code: str | None) -> bool:
    """True where m + f reaches 1, so no maintenance rate m + f exists to compare with.

    Then ``outcome_`` (the call given the rate m + f) must be the engine refusing that
    rate: ``InputError`` on a field ending in ``mmr`` (with ``code``, of that code). Either
    way the event "m + f >= 1" or "m + f < 1" goes to the Hypothesis statistics.
    """
    if Fraction(mmr) + Fraction(fee) < 1:
        event("m + f < 1")
        return False
    event("m + f >= 1")
    assert isinstance(outcome_, InputError), f"rate {mmr} + {fee} accepted: {outcome_!r}"
    assert outcome_.field.endswith("mmr"), outcome_.field
    assert code is None or outcome_.code == code, outcome_.code
    return True


def assert_same(first: object, second: object, what: str = "") -> None:
    """Two engine outcomes are the same float (or None), or both InputError."""
    raised = (isinstance(first, InputError), isinstance(second, InputError))
    if any(raised):
        assert all(raised), f"{what}: {first!r} != {second!r}"
    else:
        assert first == second, f"{what}: {first!r} != {second!r}"


def in_range(*values: Fraction | float) -> bool:
    """Every value is within the engine's accepted magnitude."""
    return all(abs(Fraction(value)) <= LIMIT for value in values)


def positive_in_range(*values: Fraction | float) -> bool:
    """Every value is a positive quantity the engine accepts."""
    return all(SMALLEST <= Fraction(value) <= LIMIT for value in values)


def stop_for(side: str, entry: float, distance: float) -> float:
    """A stop ``distance`` (a fraction) against the position: below a long, above a short."""
    return entry * (1 - distance) if side == "long" else entry * (1 + distance)


distances = st.floats(min_value=1e-4, max_value=0.95)


# --- margin cases --------------------------------------------------------------------


@st.composite
def margin_cases(draw: st.DrawFn, kind: str, side: str) -> dict[str, object]:
    """Arguments of liquidation_price: isolated (wallet = IM) or cross (other positions)."""
    entry = draw(gen.prices)
    size = draw(gen.sizes)
    leverage = draw(gen.leverages)
    mmr = draw(gen.mmrs)
    at_entry = ref.notional(kind, size, entry)
    margin = at_entry / Fraction(leverage)
    isolated = draw(st.booleans())
    wallet = float(margin) if isolated else float(margin * Fraction(draw(gen.ratios)))
    scale = st.floats(min_value=0.0, max_value=1.0)
    maint_amount = 0.0
    other_maint = 0.0
    other_upnl = 0.0
    if draw(st.booleans()):
        maint_amount = float(at_entry * Fraction(mmr) * Fraction(draw(scale)))
    if not isolated:
        other_maint = float(margin * Fraction(draw(scale)))
        other_upnl = float(margin * Fraction(draw(st.floats(min_value=-1.0, max_value=1.0))))
    assume(positive_in_range(wallet))
    assume(in_range(maint_amount, other_maint, other_upnl))
    assume(maint_amount == 0 or maint_amount >= SMALLEST)
    return {
        "side": side,
        "entry": entry,
        "size": size,
        "wallet": wallet,
        "mmr": mmr,
        "maint_amount": maint_amount,
        "other_maint": other_maint,
        "other_upnl": other_upnl,
    }


@st.composite
def tiered_cases(
    draw: st.DrawFn, kind: str, side: str, basis: str = "notional"
) -> dict[str, object]:
    """Arguments of liquidation_price_tiered, with floors around the position's notional
    at entry (by notional) or around its size (by size)."""
    case = draw(margin_cases(kind, side))
    if basis == "notional":
        at_entry = float(ref.notional(kind, case["size"], case["entry"]))  # type: ignore[arg-type]
    else:
        at_entry = float(case["size"])  # type: ignore[arg-type]
    count = draw(st.integers(min_value=1, max_value=6))
    multiples = draw(
        st.lists(st.floats(min_value=0.01, max_value=100.0), min_size=count - 1, max_size=count - 1)
    )
    floors = sorted({at_entry * multiple for multiple in multiples})
    rates = sorted(
        draw(
            st.lists(
                gen.rates(0.0, 0.5),
                min_size=len(floors) + 1,
                max_size=len(floors) + 1,
                unique=True,
            )
        )
    )
    assume(all(SMALLEST <= floor <= LIMIT for floor in floors))
    brackets = tuple(zip([0.0, *floors], rates, strict=True))
    return {
        "side": side,
        "entry": case["entry"],
        "size": case["size"],
        "wallet": case["wallet"],
        "brackets": brackets,
        "other_maint": case["other_maint"],
        "other_upnl": case["other_upnl"],
    }


# --- 1. liquidation: equity equals maintenance -----------------------------------------


@pytest.mark.parametrize("convention", gen.CONVENTIONS)
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_liquidation_price_solves_the_margin_equation(kind, side, convention, data):
    """The engine's LP agrees with the exact root of equity(P) == maintenance(P) to 1e-12.

    The exact root itself satisfies the margin equation with no error at all, and the
    engine returns None exactly when no positive price solves it.
    """
    case = data.draw(margin_cases(kind, side))
    want = ref.liquidation_price(kind, convention=convention, **case)  # type: ignore[arg-type]
    if want is not None:
        lhs = ref.equity(
            kind, side, case["entry"], case["size"], case["wallet"], want, case["other_upnl"]
        )  # type: ignore[arg-type]
        rhs = ref.maintenance(
            kind,
            case["entry"],  # type: ignore[arg-type]
            case["size"],  # type: ignore[arg-type]
            want,
            case["mmr"],  # type: ignore[arg-type]
            case["maint_amount"],  # type: ignore[arg-type]
            case["other_maint"],  # type: ignore[arg-type]
            convention,
        )
        assert lhs == rhs
    got = outcome(lambda: engine(kind).liquidation_price(convention=convention, **case))
    assert_agrees(got, want, f"{kind}.liquidation_price({case}, convention={convention!r})")


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_tiered_liquidation_lies_in_its_own_bracket(kind, side, data):
    """The tiered LP agrees with the exact root; in Fractions, the bracket that contains the
    notional at that root is the one whose (mmr, cum) make equity equal maintenance."""
    case = data.draw(tiered_cases(kind, side))
    brackets = case["brackets"]
    want = ref.liquidation_price_tiered(kind, **case)  # type: ignore[arg-type]
    if want is not None:
        notional = ref.notional(kind, case["size"], want)  # type: ignore[arg-type]
        index = ref.bracket_index(brackets, notional)  # type: ignore[arg-type]
        amounts = ref.maintenance_amounts(brackets)  # type: ignore[arg-type]
        rate = brackets[index][1]  # type: ignore[index]
        lhs = ref.equity(
            kind, side, case["entry"], case["size"], case["wallet"], want, case["other_upnl"]
        )  # type: ignore[arg-type]
        rhs = notional * Fraction(rate) - amounts[index] + Fraction(case["other_maint"])  # type: ignore[arg-type]
        assert lhs == rhs
    got = outcome(lambda: engine(kind).liquidation_price_tiered(**case))
    assert_agrees(got, want, f"{kind}.liquidation_price_tiered({case})")


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_one_bracket_tiered_equals_plain(kind, side, data):
    """A table with a single bracket (floor 0, rate m) gives the plain Binance LP with cum 0."""
    case = data.draw(margin_cases(kind, side))
    mmr = case["mmr"]
    plain = outcome(
        lambda: engine(kind).liquidation_price(
            case["side"],
            case["entry"],
            case["size"],
            case["wallet"],
            mmr,
            other_maint=case["other_maint"],
            other_upnl=case["other_upnl"],
        )
    )
    tiered = outcome(
        lambda: engine(kind).liquidation_price_tiered(
            case["side"],
            case["entry"],
            case["size"],
            case["wallet"],
            ((0.0, mmr),),
            other_maint=case["other_maint"],
            other_upnl=case["other_upnl"],
        )
    )
    assert plain == tiered or (isinstance(plain, InputError) and isinstance(tiered, InputError))


# --- 1b. liquidation fee and tiers by size -----------------------------------------------


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_binance_liquidation_fee_is_a_higher_maintenance_rate(kind, side, data):
    """A consistency check, engine against engine (the independent check of the fee is
    test_equity_at_liquidation_is_maintenance_plus_fee, against the exact reference).

    Under the Binance convention a liquidation fee f gives exactly the price of the rate
    m + f (or both raise InputError); in a tier table, exactly the table with every rate
    raised by f, since the maintenance amounts depend only on the rates' differences.
    Where m + f reaches 1 there is no such rate: the fee raises ``mmr_plus_fee``."""
    module = engine(kind)
    case = data.draw(margin_cases(kind, side))
    fee = data.draw(gen.liquidation_fees, label="liquidation_fee")
    raised = dict(case, mmr=Fraction(case["mmr"]) + Fraction(fee))  # type: ignore[arg-type]
    with_fee = outcome(lambda: module.liquidation_price(**case, liquidation_fee=fee))
    as_rate = outcome(lambda: module.liquidation_price(**raised))
    if no_rate_m_plus_f(case["mmr"], fee, as_rate, "fraction_range"):  # type: ignore[arg-type]
        assert isinstance(with_fee, InputError), with_fee
        assert (with_fee.field, with_fee.code) == ("liquidation_fee", "mmr_plus_fee")
    else:
        assert_same(with_fee, as_rate, f"{kind}.liquidation_price({case}, liquidation_fee={fee!r})")
    tiered = data.draw(tiered_cases(kind, side))
    shifted = tuple(
        (floor, Fraction(rate) + Fraction(fee))
        for floor, rate in tiered["brackets"]  # type: ignore[attr-defined]
    )
    assert_same(
        outcome(lambda: module.liquidation_price_tiered(**tiered, liquidation_fee=fee)),
        outcome(lambda: module.liquidation_price_tiered(**dict(tiered, brackets=shifted))),
        f"{kind}.liquidation_price_tiered({tiered}, liquidation_fee={fee!r})",
    )


@pytest.mark.parametrize("convention", gen.CONVENTIONS)
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_equity_at_liquidation_is_maintenance_plus_fee(kind, side, convention, data):
    """With a liquidation fee, the engine's LP agrees with the exact root of equity(P) ==
    maintenance(P) + notional(P) * f, where the fee is valued at P under both conventions;
    in Fractions the root satisfies it exactly. At the engine's price,
    liquidation_fee_amount reports that fee apart from the maintenance margin."""
    module = engine(kind)
    case = data.draw(margin_cases(kind, side))
    fee = data.draw(gen.liquidation_fees, label="liquidation_fee")
    want = expected(
        lambda: ref.liquidation_price(
            kind,
            convention=convention,
            liquidation_fee=fee,
            **case,  # type: ignore[arg-type]
        )
    )
    entry, size = case["entry"], case["size"]
    if isinstance(want, Fraction):
        lhs = ref.equity(kind, side, entry, size, case["wallet"], want, case["other_upnl"])  # type: ignore[arg-type]
        rhs = ref.maintenance(
            kind,
            entry,  # type: ignore[arg-type]
            size,  # type: ignore[arg-type]
            want,
            case["mmr"],  # type: ignore[arg-type]
            case["maint_amount"],  # type: ignore[arg-type]
            case["other_maint"],  # type: ignore[arg-type]
            convention,
        ) + ref.liquidation_fee_amount(kind, want, size, fee)  # type: ignore[arg-type]
        assert lhs == rhs
    got = outcome(
        lambda: module.liquidation_price(**case, convention=convention, liquidation_fee=fee)
    )
    assert_agrees(got, want, f"{kind}.liquidation_price({case}, {convention!r}, fee={fee!r})")
    if isinstance(got, float) and positive_in_range(got):
        amount = outcome(lambda: module.liquidation_fee_amount(got, size, fee))
        assert_agrees(
            amount,
            ref.liquidation_fee_amount(kind, got, size, fee),  # type: ignore[arg-type]
            f"{kind}.liquidation_fee_amount({got!r}, {size!r}, {fee!r})",
        )


@pytest.mark.parametrize("basis", gen.BASES)
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_tiered_equity_at_liquidation_is_maintenance_plus_fee(kind, side, basis, data):
    """The tiered LP with a fee agrees with the exact root; in Fractions, at that root the
    equity equals the bracket's maintenance (by notional: the bracket of the notional
    there, with its amount; by size: the bracket of the size, no amount) plus the fee on
    the notional there, plus the other positions' maintenance."""
    case = data.draw(tiered_cases(kind, side, basis))
    fee = data.draw(gen.liquidation_fees, label="liquidation_fee")
    brackets = case["brackets"]
    want = expected(
        lambda: ref.liquidation_price_tiered(
            kind,
            liquidation_fee=fee,
            basis=basis,
            **case,  # type: ignore[arg-type]
        )
    )
    if isinstance(want, Fraction):
        notional = ref.notional(kind, case["size"], want)  # type: ignore[arg-type]
        by = notional if basis == "notional" else Fraction(case["size"])  # type: ignore[arg-type]
        index = ref.bracket_index(brackets, by)  # type: ignore[arg-type]
        amount = ref.maintenance_amounts(brackets)[index] if basis == "notional" else 0  # type: ignore[arg-type]
        rate = Fraction(brackets[index][1])  # type: ignore[index]
        lhs = ref.equity(
            kind, side, case["entry"], case["size"], case["wallet"], want, case["other_upnl"]
        )  # type: ignore[arg-type]
        rhs = notional * (rate + Fraction(fee)) - amount + Fraction(case["other_maint"])  # type: ignore[arg-type]
        assert lhs == rhs
    got = outcome(
        lambda: engine(kind).liquidation_price_tiered(**case, liquidation_fee=fee, basis=basis)
    )
    assert_agrees(got, want, f"{kind}.liquidation_price_tiered({case}, {fee!r}, {basis!r})")


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_tiers_by_size_use_the_size_bracket_without_amount(kind, side, data):
    """By size the bracket is the one holding the size at any price, and the tiered LP is
    exactly liquidation_price with that bracket's rate, no maintenance amount and the fee;
    maintenance_amounts by size are all zero."""
    module = engine(kind)
    case = data.draw(tiered_cases(kind, side, "size"))
    fee = data.draw(gen.liquidation_fees, label="liquidation_fee")
    brackets, size = case["brackets"], case["size"]
    index = ref.bracket_index(brackets, Fraction(size))  # type: ignore[arg-type]
    for price in (case["entry"], data.draw(gen.prices, label="price")):
        assert module.bracket_at(brackets, price, size, basis="size") == index
    assert module.maintenance_amounts(brackets, basis="size") == [0.0] * len(brackets)  # type: ignore[arg-type]
    plain = outcome(
        lambda: module.liquidation_price(
            side,
            case["entry"],
            size,
            case["wallet"],
            brackets[index][1],  # type: ignore[index]
            0.0,
            case["other_maint"],
            case["other_upnl"],
            "binance",
            fee,
        )
    )
    tiered = outcome(
        lambda: module.liquidation_price_tiered(**case, liquidation_fee=fee, basis="size")
    )
    assert_same(plain, tiered, f"{kind}.liquidation_price_tiered({case}, {fee!r}, 'size')")


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_maintenance_amounts_follow_the_recurrence(kind, data):
    """maintenance_amounts gives cum_n = floor_n*(m_n - m_(n-1)) + cum_(n-1) to 1e-12."""
    brackets = data.draw(gen.brackets(kind))
    got = engine(kind).maintenance_amounts(brackets)
    want = ref.maintenance_amounts(brackets)
    assert len(got) == len(want)
    for index, (value, exact) in enumerate(zip(got, want, strict=True)):
        assert_close(value, exact, f"{kind}.maintenance_amounts({brackets})[{index}]")


@pytest.mark.parametrize("kind", KINDS)
def test_example_brackets_are_a_valid_table(kind):
    """EXAMPLE_BRACKETS starts at 0 with rising floors and rates, and its cum values are exact."""
    module = engine(kind)
    brackets = module.EXAMPLE_BRACKETS
    floors = [floor for floor, _rate in brackets]
    rates = [rate for _floor, rate in brackets]
    assert floors[0] == 0
    assert floors == sorted(floors)
    assert len(set(floors)) == len(floors)
    assert rates == sorted(rates)
    assert all(0 <= rate < 1 for rate in rates)
    for value, exact in zip(
        module.maintenance_amounts(brackets), ref.maintenance_amounts(brackets), strict=True
    ):
        assert_close(float(value), exact, f"{kind}.maintenance_amounts(EXAMPLE_BRACKETS)")


# --- 2. bankruptcy: equity is zero -------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_equity_is_zero_at_the_bankruptcy_price(kind, side, data):
    """The engine's bankruptcy price agrees with the exact root of wallet + pnl(P) == 0,
    where equity is exactly zero in Fractions; None exactly when no positive price exists."""
    case = data.draw(margin_cases(kind, side))
    entry, size, wallet = case["entry"], case["size"], case["wallet"]
    want = ref.bankruptcy_price(kind, side, entry, size, wallet)  # type: ignore[arg-type]
    if want is not None:
        assert ref.equity(kind, side, entry, size, wallet, want) == 0  # type: ignore[arg-type]
    got = outcome(lambda: engine(kind).bankruptcy_price(side, entry, size, wallet))
    assert_agrees(got, want, f"{kind}.bankruptcy_price({side!r}, {entry!r}, {size!r}, {wallet!r})")


# --- 3. target price inverts ROE ------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(entry=gen.prices, leverage=gen.leverages, wanted=gen.roes)
def test_target_price_inverts_roe(kind, side, entry, leverage, wanted):
    """roe(target_price(r)) == r, up to the rounding of the price (an unreachable ROE raises)."""
    module = engine(kind)
    price = outcome(lambda: module.target_price(side, entry, wanted, leverage))
    if isinstance(
        expected(lambda: ref.target_price(kind, side, entry, wanted, leverage)), ref.Impossible
    ):
        assert isinstance(price, InputError), (
            f"{kind}.target_price({side!r}, {entry}, {wanted}, {leverage}) -> {price!r}"
        )
        return
    assert isinstance(price, float), price
    assume(positive_in_range(price))
    back = module.roe(side, entry, price, leverage)
    # One rounding of the price moves the ROE by at most L * (X/E or E/X) * 2**-52.
    slack = leverage * max(price / entry, entry / price) * 2.0**-51
    assert math.isclose(back, wanted, rel_tol=1e-12, abs_tol=slack), (back, wanted)


# --- 4. inverse PnL valued at exit equals linear PnL of the same notional -------------


@pytest.mark.parametrize("side", SIDES)
@given(entry=gen.prices, ratio=gen.ratios, face=gen.sizes)
@PROPERTY
def test_inverse_pnl_at_exit_equals_linear_pnl(side, entry, ratio, face):
    """inverse.pnl(F) * X == linear.pnl(Q = F/E): the same notional, valued at the exit."""
    linear, inverse = engine("linear"), engine("inverse")
    exit_ = entry * ratio
    coins = face / entry
    assume(positive_in_range(exit_, coins))
    exact_inverse = ref.pnl("inverse", side, entry, exit_, face) * Fraction(exit_)
    assert exact_inverse == ref.pnl("linear", side, entry, exit_, Fraction(face) / Fraction(entry))
    valued = inverse.pnl(side, entry, exit_, face) * exit_
    direct = linear.pnl(side, entry, exit_, coins)
    # Three roundings (two results, Q = F/E) and one product: a few ulps apart.
    assert math.isclose(valued, direct, rel_tol=1e-12, abs_tol=0.0) or valued == direct == 0


# --- 5. the loss at the stop is the risk ------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(
    entry=gen.prices,
    distance=distances,
    risk=gen.amounts,
    open_fee=gen.fees,
    close_fee=gen.fees,
)
def test_loss_at_stop_equals_risk(kind, side, entry, distance, risk, open_fee, close_fee):
    """With position_size_for_risk's size, the loss at the stop plus both fees is the risk."""
    stop = stop_for(side, entry, distance)
    assume(positive_in_range(stop))
    want = expected(
        lambda: ref.position_size_for_risk(kind, side, entry, stop, risk, open_fee, close_fee)
    )
    got = outcome(
        lambda: engine(kind).position_size_for_risk(side, entry, stop, risk, open_fee, close_fee)
    )
    if isinstance(want, ref.Impossible):
        assert isinstance(got, InputError), got
        return
    assert isinstance(got, float), got
    loss = ref.loss_at_stop(kind, side, entry, stop, got, open_fee, close_fee)
    assert_close(float(loss), Fraction(risk), f"loss at stop with size {got!r}")


# --- 6. isolated liquidation at max_leverage_for_stop sits at the stop -----------------


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(entry=gen.prices, distance=distances, size=gen.sizes, mmr=gen.mmrs)
def test_max_leverage_puts_liquidation_at_the_stop(kind, side, entry, distance, size, mmr):
    """Isolated (wallet = initial margin, Binance), the LP at max_leverage_for_stop is the stop.

    In Fractions the reference LP at the exact leverage equals the stop exactly; through
    the engine's floats the LP is within 1e-12 once the leverage is in 1..200 (the
    composition is well conditioned there).
    """
    module = engine(kind)
    stop = stop_for(side, entry, distance)
    assume(positive_in_range(stop))
    exact_leverage = expected(lambda: ref.max_leverage_for_stop(kind, side, entry, stop, mmr))
    assume(not isinstance(exact_leverage, ref.Impossible))
    exact_margin = ref.initial_margin(kind, entry, size, exact_leverage)  # type: ignore[arg-type]
    assert ref.liquidation_price(kind, side, entry, size, exact_margin, mmr) == Fraction(stop)
    assume(1 <= exact_leverage <= 200)  # type: ignore[operator]
    leverage = module.max_leverage_for_stop(side, entry, stop, mmr)
    wallet = module.initial_margin(entry, size, leverage)
    assume(positive_in_range(wallet))
    liquidation = module.liquidation_price(side, entry, size, wallet, mmr)
    assert liquidation is not None
    assert math.isclose(liquidation, stop, rel_tol=1e-12), (leverage, wallet, liquidation, stop)


@given(leverage=st.floats(min_value=1.0, max_value=200.0, exclude_min=True), distance=distances)
@PROPERTY
def test_guide_stop_rule_is_the_zero_mmr_case(leverage, distance):
    """With mmr 0 a linear long's isolated LP is E*(1 - rules.liquidation_move(L)), and
    max_leverage_for_stop equals rules.leverage_for_stop (the guide's 1/d)."""
    linear = engine("linear")
    entry, size = 1000.0, 1.0
    wallet = linear.initial_margin(entry, size, leverage)
    liquidation = linear.liquidation_price("long", entry, size, wallet, 0.0)
    # 1 - move cancels near 1x: allow the rounding of the move itself (entry * 2**-53).
    guide = entry * (1 - rules.liquidation_move(leverage))
    assert math.isclose(liquidation, guide, rel_tol=1e-12, abs_tol=entry * 2.0**-51)
    stop = entry * (1 - distance)
    assert math.isclose(
        linear.max_leverage_for_stop("long", entry, stop, 0.0),
        rules.leverage_for_stop_price(entry, stop),
        rel_tol=1e-12,
    )


# --- 7. agreement with exact arithmetic, function by function -------------------------


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(entry=gen.prices, size=gen.sizes, leverage=gen.leverages)
def test_initial_margin_is_exact(kind, entry, size, leverage):
    """initial_margin agrees with Q*E/L (linear) or F/(L*E) (inverse) to 1e-12."""
    got = outcome(lambda: engine(kind).initial_margin(entry, size, leverage))
    assert_agrees(
        got,
        ref.initial_margin(kind, entry, size, leverage),
        f"{kind}.initial_margin({entry}, {size}, {leverage})",
    )


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(
    entry=gen.prices, ratio=gen.ratios, size=gen.sizes, leverage=gen.leverages, same=st.booleans()
)
def test_pnl_and_roe_are_exact(kind, side, entry, ratio, size, leverage, same):
    """pnl and roe agree with s*Q*(X - E), s*F*(1/E - 1/X) and s*L*(X/E - 1), s*L*(1 - E/X)."""
    exit_ = entry if same else entry * ratio
    assume(positive_in_range(exit_))
    module = engine(kind)
    got = outcome(lambda: module.pnl(side, entry, exit_, size))
    assert_agrees(
        got,
        ref.pnl(kind, side, entry, exit_, size),
        f"{kind}.pnl({side!r}, {entry!r}, {exit_!r}, {size!r})",
    )
    got = outcome(lambda: module.roe(side, entry, exit_, leverage))
    assert_agrees(
        got,
        ref.roe(kind, side, entry, exit_, leverage),
        f"{kind}.roe({side!r}, {entry!r}, {exit_!r}, {leverage!r})",
    )


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(entry=gen.prices, wanted=gen.roes, leverage=gen.leverages)
def test_target_price_is_exact(kind, side, entry, wanted, leverage):
    """target_price agrees with E*(1 + s*R/L) or E/(1 - s*R/L); unreachable ROEs raise."""
    want = expected(lambda: ref.target_price(kind, side, entry, wanted, leverage))
    got = outcome(lambda: engine(kind).target_price(side, entry, wanted, leverage))
    assert_agrees(got, want, f"{kind}.target_price({side!r}, {entry!r}, {wanted!r}, {leverage!r})")


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(entry=gen.prices, open_fee=gen.fees, close_fee=gen.fees)
def test_break_even_price_is_exact(kind, side, entry, open_fee, close_fee):
    """break_even_price is the exit where PnL pays both fees (fees charged on notional)."""
    want = ref.break_even_price(kind, side, entry, open_fee, close_fee)
    fees = ref.notional(kind, 1, entry) * Fraction(open_fee) + ref.notional(
        kind, 1, want
    ) * Fraction(close_fee)
    assert ref.pnl(kind, side, entry, want, 1) == fees
    got = outcome(lambda: engine(kind).break_even_price(side, entry, open_fee, close_fee))
    assert_agrees(
        got, want, f"{kind}.break_even_price({side!r}, {entry!r}, {open_fee!r}, {close_fee!r})"
    )


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(
    entry=gen.prices,
    ratio=gen.ratios,
    size=gen.sizes,
    open_fee=gen.fees,
    close_fee=gen.fees,
)
def test_trading_fees_are_exact(kind, side, entry, ratio, size, open_fee, close_fee):
    """trading_fees agrees with f_o*Q*E + f_c*Q*X or f_o*F/E + f_c*F/X to 1e-12 (no side
    argument: the same for both), and at the side's exact break-even exit the PnL is exactly
    those fees."""
    exit_ = entry * ratio
    assume(positive_in_range(exit_))
    want = ref.trading_fees(kind, entry, exit_, size, open_fee, close_fee)
    got = outcome(lambda: engine(kind).trading_fees(entry, exit_, size, open_fee, close_fee))
    assert_agrees(
        got,
        want,
        f"{kind}.trading_fees({entry!r}, {exit_!r}, {size!r}, {open_fee!r}, {close_fee!r})",
    )
    break_even = ref.break_even_price(kind, side, entry, open_fee, close_fee)
    assert ref.pnl(kind, side, entry, break_even, size) == ref.trading_fees(
        kind, entry, break_even, size, open_fee, close_fee
    )


@pytest.mark.parametrize("convention", gen.CONVENTIONS)
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_maintenance_margin_is_exact(kind, side, convention, data):
    """maintenance_margin agrees with Q*P*m - cum or F/P*m - cum to 1e-12 at the liquidation
    price (or, where none exists, at the entry), and in Fractions, at the exact liquidation
    price, equity equals it (valued at the mark for Binance, at the entry for Bybit) plus the
    other positions' maintenance."""
    case = data.draw(margin_cases(kind, side))
    entry, size, mmr, cum = case["entry"], case["size"], case["mmr"], case["maint_amount"]
    root = ref.liquidation_price(kind, convention=convention, **case)  # type: ignore[arg-type]
    price = entry
    if root is not None:
        valued_at = root if convention == "binance" else Fraction(entry)  # type: ignore[arg-type]
        lhs = ref.equity(kind, side, entry, size, case["wallet"], root, case["other_upnl"])  # type: ignore[arg-type]
        maintenance = ref.maintenance_margin(kind, valued_at, size, mmr, cum)  # type: ignore[arg-type]
        assert lhs == maintenance + Fraction(case["other_maint"])  # type: ignore[arg-type]
        if convention == "binance" and positive_in_range(root):
            price = float(root)
    want = ref.maintenance_margin(kind, price, size, mmr, cum)  # type: ignore[arg-type]
    got = outcome(lambda: engine(kind).maintenance_margin(price, size, mmr, cum))
    assert_agrees(got, want, f"{kind}.maintenance_margin({price!r}, {size!r}, {mmr!r}, {cum!r})")


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(fills=gen.fills())
def test_average_entry_is_exact(kind, fills):
    """average_entry is the size-weighted arithmetic (linear) or harmonic (inverse) mean."""
    want = ref.average_entry(kind, fills)
    # The average entry is the price at which the combined position has the fills' PnL.
    exit_ = Fraction(3, 2) * want
    combined = ref.pnl(kind, "long", want, exit_, sum(Fraction(size) for _price, size in fills))
    assert combined == sum(ref.pnl(kind, "long", price, exit_, size) for price, size in fills)
    got = outcome(lambda: engine(kind).average_entry(fills))
    assert_agrees(got, want, f"{kind}.average_entry({fills})")


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(mark=gen.prices, size=gen.sizes, rate=gen.funding_rates, intervals=gen.intervals)
def test_funding_payment_is_exact(kind, side, mark, size, rate, intervals):
    """funding_payment is s * notional(mark) * rate * intervals (positive: the position pays)."""
    want = ref.funding_payment(kind, side, mark, size, rate, intervals)
    got = outcome(lambda: engine(kind).funding_payment(side, mark, size, rate, intervals))
    assert_agrees(
        got, want, f"{kind}.funding_payment({side!r}, {mark!r}, {size!r}, {rate!r}, {intervals})"
    )


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(entry=gen.prices, distance=distances, mmr=gen.mmrs)
def test_max_leverage_for_stop_is_exact(kind, side, entry, distance, mmr):
    """max_leverage_for_stop is the leverage whose isolated Binance LP is the stop, exactly."""
    stop = stop_for(side, entry, distance)
    assume(positive_in_range(stop))
    want = expected(lambda: ref.max_leverage_for_stop(kind, side, entry, stop, mmr))
    got = outcome(lambda: engine(kind).max_leverage_for_stop(side, entry, stop, mmr))
    assert_agrees(
        got, want, f"{kind}.max_leverage_for_stop({side!r}, {entry!r}, {stop!r}, {mmr!r})"
    )


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(
    entry=gen.prices,
    distance=distances,
    risk=gen.amounts,
    open_fee=gen.fees,
    close_fee=gen.fees,
)
def test_position_size_for_risk_is_exact(kind, side, entry, distance, risk, open_fee, close_fee):
    """position_size_for_risk is risk / (loss per unit of size at the stop, fees included)."""
    stop = stop_for(side, entry, distance)
    assume(positive_in_range(stop))
    want = expected(
        lambda: ref.position_size_for_risk(kind, side, entry, stop, risk, open_fee, close_fee)
    )
    got = outcome(
        lambda: engine(kind).position_size_for_risk(side, entry, stop, risk, open_fee, close_fee)
    )
    assert_agrees(
        got,
        want,
        f"{kind}.position_size_for_risk({side!r}, {entry!r}, {stop!r}, {risk!r}, "
        f"{open_fee!r}, {close_fee!r})",
    )


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(balance=gen.amounts, price=gen.prices, leverage=gen.leverages, open_fee=gen.fees)
def test_max_open_size_is_exact(kind, balance, price, leverage, open_fee):
    """max_open_size spends the balance exactly on initial margin plus the opening fee."""
    want = expected(lambda: ref.max_open_size(kind, balance, price, leverage, open_fee))
    if not isinstance(want, ref.Impossible):
        spent = ref.initial_margin(kind, price, want, leverage) + ref.notional(
            kind, want, price
        ) * Fraction(open_fee)
        assert spent == Fraction(balance)
    got = outcome(lambda: engine(kind).max_open_size(balance, price, leverage, open_fee))
    assert_agrees(
        got, want, f"{kind}.max_open_size({balance!r}, {price!r}, {leverage!r}, {open_fee!r})"
    )


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(
    balance=gen.amounts,
    price=gen.prices,
    leverage=gen.leverages,
    open_fee=gen.fees,
    close_fee=gen.fees,
)
def test_max_open_size_pays_the_order_cost(
    kind, side, balance, price, leverage, open_fee, close_fee
):
    """Without a closing fee max_open_size is what it was, for either side; with one, the
    balance pays exactly the order cost: initial margin, the fee to open at the order
    price and the fee to close at the bankruptcy price (Bybit's and Phemex's order cost)."""
    module = engine(kind)
    default = outcome(lambda: module.max_open_size(balance, price, leverage, open_fee))
    explicit = outcome(lambda: module.max_open_size(balance, price, leverage, open_fee, 0.0, side))
    assert_same(default, explicit, f"{kind}.max_open_size(..., close_fee=0.0, side={side!r})")
    want = expected(
        lambda: ref.max_open_size(kind, balance, price, leverage, open_fee, close_fee, side)
    )
    if not isinstance(want, ref.Impossible):
        cost = ref.order_cost(kind, side, price, want, leverage, open_fee, close_fee)  # type: ignore[arg-type]
        assert cost == Fraction(balance)
    got = outcome(lambda: module.max_open_size(balance, price, leverage, open_fee, close_fee, side))
    assert_agrees(
        got,
        want,
        f"{kind}.max_open_size({balance!r}, {price!r}, {leverage!r}, {open_fee!r}, "
        f"{close_fee!r}, {side!r})",
    )


# --- the guide's rules ----------------------------------------------------------------

positive_numbers = st.floats(min_value=1e-8, max_value=1e7)


@PROPERTY
@given(open_price=gen.prices, target=gen.prices)
def test_rules_target_price_inverts_target_change(open_price, target):
    """rules.target_price(open, rules.target_change(open, target)) == target, to 1e-12."""
    change = rules.target_change(open_price, target)
    assert_close(change, ref.rules_target_change(open_price, target), "rules.target_change")
    back = rules.target_price(open_price, change)
    assert_close(back, ref.rules_target_price(open_price, change), "rules.target_price")
    # The change is rounded once; open * (1 + change) carries that absolute error, which
    # dominates when the target is tiny beside the open price (1 + change cancels).
    assert math.isclose(back, target, rel_tol=1e-12, abs_tol=open_price * 2.0**-51)


@PROPERTY
@given(leverage=st.floats(min_value=1.0, max_value=200.0, exclude_min=True))
def test_rules_leverage_for_stop_inverts_liquidation_move(leverage):
    """rules.leverage_for_stop(rules.liquidation_move(L)) == L within 1e-12 (L > 1: at 1x the
    move is 100%, which leverage_for_stop rightly rejects as no stop)."""
    move = rules.liquidation_move(leverage)
    assert_close(move, ref.rules_liquidation_move(leverage), "rules.liquidation_move")
    assert math.isclose(rules.leverage_for_stop(move), leverage, rel_tol=1e-12)


@PROPERTY
@given(
    principal=positive_numbers,
    leverage=gen.leverages,
    move=gen.changes,
    open_price=gen.prices,
    other=gen.prices,
)
def test_rules_are_exact(principal, leverage, move, open_price, other):
    """Every rule agrees with its formula in Notes, computed in Fractions, to 1e-12."""
    assert_close(
        rules.coin_long_profit(principal, leverage, move),
        ref.rules_coin_long_profit(principal, leverage, move),
    )
    assert_close(
        rules.coin_short_profit(principal, leverage, move),
        ref.rules_coin_short_profit(principal, leverage, move),
    )
    assert_close(
        rules.usdt_profit(principal, leverage, move),
        ref.rules_usdt_profit(principal, leverage, move),
    )
    if 0 < move < 1:
        assert_close(rules.leverage_for_stop(move), ref.rules_leverage_for_stop(move))
    if other != open_price:
        assert_close(
            rules.leverage_for_stop_price(open_price, other),
            ref.rules_leverage_for_stop_price(open_price, other),
        )


# --- reference values from Notes ------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "side", "move"),
    [
        ("linear", "long", -0.0462),  # Notes: 20x, m = 0.4%, linear long 4.62% below
        ("linear", "short", 0.0458),  # Notes: linear short 4.58% above
        ("inverse", "long", -0.0438),  # Notes: inverse long 4.38% below
        ("inverse", "short", 0.0484),  # Notes: inverse short 4.84% above
    ],
)
def test_liquidation_at_20x_is_not_at_5_percent(kind, side, move):
    """The isolated LP at 20x with mmr 0.4% is the move Notes states (to 0.01%)."""
    module = engine(kind)
    wallet = module.initial_margin(50_000.0, 1.0, 20.0)
    liquidation = module.liquidation_price(side, 50_000.0, 1.0, wallet, 0.004)
    assert round(liquidation / 50_000.0 - 1, 4) == move


# --- 9. adding to a position: the average reaches the target ---------------------------


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(
    entry=gen.prices,
    size=gen.sizes,
    ratio=gen.ratios,
    share=st.one_of(st.sampled_from([0.0, 1.0, -0.5, 1.5]), st.floats(0.0, 1.0)),
)
def test_size_to_reach_average_gives_the_target(kind, entry, size, ratio, share):
    """Adding size_to_reach_average's size at the price makes average_entry the target.

    The size agrees with the exact solution to 1e-12 (a target outside (entry, price)
    raises InputError), and average_entry of the two fills is the target up to the
    rounding of the size, which moves the average by at most |price - target| x 2**-53.
    """
    price = entry * ratio
    target = entry + (price - entry) * share
    assume(positive_in_range(price, target))
    module = engine(kind)
    want = expected(lambda: ref.size_to_reach_average(kind, entry, size, price, target))
    got = outcome(lambda: module.size_to_reach_average(entry, size, price, target))
    assert_agrees(got, want, f"{kind}.size_to_reach_average({entry!r}, {size!r}, {price!r}, ...)")
    if isinstance(want, Fraction) and want > 0:
        assert ref.average_entry(kind, [(entry, size), (price, want)]) == Fraction(target)
    if isinstance(got, float) and positive_in_range(got):
        average = module.average_entry([(entry, size), (price, got)])
        slack = abs(price - target) * max(1.0, target / price) * 2.0**-50
        assert math.isclose(average, target, rel_tol=1e-12, abs_tol=slack), (average, target)


# --- 10. margin for a liquidation price: liquidation_price gives the target back --------


@st.composite
def target_cases(draw: st.DrawFn, kind: str, side: str) -> dict[str, object]:
    """Arguments of margin_for_liquidation_price, the target 0.01%..95% against entry."""
    entry = draw(gen.prices)
    size = draw(gen.sizes)
    mmr = draw(gen.mmrs)
    target = stop_for(side, entry, draw(distances))
    at_entry = ref.notional(kind, size, entry)
    scale = draw(st.one_of(st.just(0.0), st.floats(min_value=0.0, max_value=1.0)))
    maint_amount = float(at_entry * Fraction(mmr) * Fraction(scale))
    assume(positive_in_range(target))
    assume(maint_amount == 0 or SMALLEST <= maint_amount <= LIMIT)
    return {
        "side": side,
        "entry": entry,
        "size": size,
        "mmr": mmr,
        "target": target,
        "maint_amount": maint_amount,
    }


@pytest.mark.parametrize("convention", gen.CONVENTIONS)
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_margin_for_liquidation_price_puts_liquidation_at_the_target(kind, side, convention, data):
    """liquidation_price with margin_for_liquidation_price's margin is the target.

    In Fractions the exact margin gives the target exactly; the engine's margin agrees
    with it to 1e-12, and liquidation_price at that (rounded) margin is the target to
    1e-12: on the losing side within 95% of entry the liquidation price is well
    conditioned in the margin.
    """
    case = data.draw(target_cases(kind, side))
    module = engine(kind)
    want = expected(
        lambda: ref.margin_for_liquidation_price(kind, convention=convention, **case)  # type: ignore[arg-type]
    )
    got = outcome(lambda: module.margin_for_liquidation_price(convention=convention, **case))
    assert_agrees(got, want, f"{kind}.margin_for_liquidation_price({case}, {convention!r})")
    if isinstance(want, ref.Impossible):
        return
    args = (side, case["entry"], case["size"])
    exact = ref.liquidation_price(
        kind, *args, want, case["mmr"], case["maint_amount"], convention=convention
    )  # type: ignore[arg-type]
    assert exact == Fraction(case["target"])  # type: ignore[arg-type]
    assume(isinstance(got, float) and (got == 0 or positive_in_range(got)))
    back = outcome(
        lambda: module.liquidation_price(
            *args, got, case["mmr"], case["maint_amount"], convention=convention
        )
    )
    assert isinstance(back, float), back
    assert math.isclose(back, case["target"], rel_tol=1e-12), (back, case["target"])  # type: ignore[arg-type]


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data(), fee=gen.liquidation_fees)
def test_binance_liquidation_fee_margin_is_a_higher_maintenance_rate(kind, side, data, fee):
    """A consistency check, engine against engine: under "binance" a liquidation fee f
    gives the margin of maintenance rate m + f. Where m + f reaches 1 there is no such
    rate, and the margin with the fee is checked against the exact reference instead."""
    case = data.draw(target_cases(kind, side))
    module = engine(kind)
    with_fee = outcome(lambda: module.margin_for_liquidation_price(liquidation_fee=fee, **case))
    higher = dict(case, mmr=Fraction(case["mmr"]) + Fraction(fee))  # type: ignore[arg-type]
    as_rate = outcome(lambda: module.margin_for_liquidation_price(**higher))
    if no_rate_m_plus_f(case["mmr"], fee, as_rate, "fraction_range"):  # type: ignore[arg-type]
        want = expected(
            lambda: ref.margin_for_liquidation_price(kind, liquidation_fee=fee, **case)  # type: ignore[arg-type]
        )
        assert_agrees(with_fee, want, f"{kind}.margin_for_liquidation_price({case}, {fee!r})")
    elif isinstance(with_fee, InputError):
        assert isinstance(as_rate, InputError)
        assert (with_fee.field, with_fee.code) == (as_rate.field, as_rate.code)
    else:
        assert with_fee == as_rate


@pytest.mark.parametrize("convention", gen.CONVENTIONS)
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data(), fee=gen.liquidation_fees)
def test_margin_with_a_fee_liquidates_a_one_position_account_at_the_target(
    kind, side, convention, data, fee
):
    """With a liquidation fee, in either convention, the margin found puts a one-position
    account's liquidation price at the target: both read the fee as a rate of the value
    at the liquidation price.

    In Fractions the exact margin's account root is the target exactly, and the account's
    price at the engine's (rounded) margin agrees with the exact root there to 1e-12. (Near
    m + f = 1 under "binance" the root is ill-conditioned in the margin, so the rounded
    margin's root may sit far from the target.) Where the requirement grows exactly as
    fast as the equity ("binance", m + f = 1, a linear long or an inverse short) no single
    price liquidates the account: None."""
    case = data.draw(target_cases(kind, side))
    wallet = outcome(
        lambda: engine(kind).margin_for_liquidation_price(
            convention=convention, liquidation_fee=fee, **case
        )
    )
    assume(isinstance(wallet, float) and (wallet == 0 or positive_in_range(wallet)))
    row = Position(
        "AAAUSDT",
        side,
        case["entry"],
        case["size"],
        case["entry"],
        case["mmr"],
        case["maint_amount"],
    )
    exact_wallet = ref.margin_for_liquidation_price(
        kind,
        convention=convention,
        liquidation_fee=fee,
        **case,  # type: ignore[arg-type]
    )
    at_exact = ref.account_liquidation_price(kind, exact_wallet, [row], "AAAUSDT", convention, fee)
    flat = (
        convention == "binance"
        and Fraction(case["mmr"]) + Fraction(fee) == 1  # type: ignore[arg-type]
        and (kind, side) in (("linear", "long"), ("inverse", "short"))
    )
    event("flat: no single price" if flat else "a root")
    assert at_exact == (None if flat else Fraction(case["target"])), at_exact  # type: ignore[arg-type]
    (price,) = account_module().liquidation_prices(kind, wallet, [row], convention, fee)
    assert_agrees(
        price,
        ref.account_liquidation_price(kind, wallet, [row], "AAAUSDT", convention, fee),
        f"account.liquidation_prices({kind!r}, {wallet!r}, [{row}], {convention!r}, {fee!r})",
    )


# --- 11. cross-margin accounts -----------------------------------------------------------


def account_module() -> ModuleType:
    """contractcalc.account."""
    return importlib.import_module("contractcalc.account")


@pytest.mark.parametrize("convention", gen.CONVENTIONS)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data(), fee=gen.liquidation_fees)
def test_account_liquidation_prices_solve_the_account_equation(kind, convention, data, fee):
    """Each price is the exact root of the account's equity minus requirement in that
    symbol (others at their marks) to 1e-12, the same for every position of the symbol;
    None exactly where no positive price is a root."""
    wallet, rows = data.draw(gen.accounts(kind))
    got = outcome(lambda: account_module().liquidation_prices(kind, wallet, rows, convention, fee))
    if isinstance(got, InputError):
        assert got.code == "result_out_of_range", got
        return
    assert isinstance(got, tuple)
    assert len(got) == len(rows)
    for row, price in zip(rows, got, strict=True):
        want = ref.account_liquidation_price(kind, wallet, rows, row.symbol, convention, fee)
        if want is not None:
            prices = {row.symbol: want}
            assert ref.account_gap(kind, wallet, rows, prices, convention, fee) == 0
        assert_agrees(price, want, f"{kind} account, {row.symbol}")
        same = [p for r, p in zip(rows, got, strict=True) if r.symbol == row.symbol]
        assert same == [price] * len(same)


@pytest.mark.parametrize("convention", gen.CONVENTIONS)
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_one_position_account_is_the_isolated_case(kind, side, convention, data):
    """A one-position account with wallet W liquidates where liquidation_price does with
    wallet W (the mark plays no part), to the last bit."""
    case = data.draw(margin_cases(kind, side))
    mark = data.draw(gen.prices)
    row = account_module().Position(
        "AAAUSDT", side, case["entry"], case["size"], mark, case["mmr"], case["maint_amount"]
    )
    alone = outcome(
        lambda: account_module().liquidation_prices(kind, case["wallet"], [row], convention)
    )
    isolated = outcome(
        lambda: engine(kind).liquidation_price(
            side,
            case["entry"],
            case["size"],
            case["wallet"],
            case["mmr"],
            case["maint_amount"],
            convention=convention,
        )
    )
    if isinstance(isolated, InputError):
        assert isinstance(alone, InputError), alone
    else:
        assert alone == (isolated,)


@pytest.mark.parametrize("convention", gen.CONVENTIONS)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data(), fee=gen.liquidation_fees)
def test_account_is_liquidation_price_with_the_other_positions_totals(kind, convention, data, fee):
    """With one position per symbol, a position's price is liquidation_price given the
    other positions' maintenance (plus liquidation fee) and unrealised PnL at their marks,
    passed exactly: the same float. The fee is checked under "binance", where it is a
    maintenance rate m + f on the position itself; under "bybit" without a fee."""
    if convention == "bybit":
        fee = 0.0
    wallet, drawn = data.draw(gen.accounts(kind, min_size=1))
    rows = list({row.symbol: row for row in drawn}.values())
    got = outcome(lambda: account_module().liquidation_prices(kind, wallet, rows, convention, fee))
    assume(isinstance(got, tuple))
    for index, row in enumerate(rows):
        others = rows[:index] + rows[index + 1 :]
        totals = ref.account_totals(kind, 0, others, convention, fee)
        other_maint = totals["maintenance_margin"] + totals["liquidation_fee"]
        other_upnl = totals["unrealized_pnl"]
        if other_maint < 0 or not in_range(other_maint, other_upnl):
            continue
        mmr = Fraction(row.mmr) + Fraction(fee)
        single = outcome(
            lambda row=row, mmr=mmr, tmm=other_maint, upnl=other_upnl: engine(
                kind
            ).liquidation_price(
                row.side,
                row.entry,
                row.size,
                wallet,
                mmr,
                row.maint_amount,
                other_maint=tmm,
                other_upnl=upnl,
                convention=convention,
            )
        )
        if isinstance(single, InputError):
            continue
        assert got[index] == single, (index, got[index], single)


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data(), fee=gen.liquidation_fees)
def test_account_binance_fee_is_a_higher_maintenance_rate(kind, data, fee):
    """A consistency check, engine against engine (the independent checks against the
    exact reference are test_account_liquidation_prices_solve_the_account_equation and
    test_liquidation_move_solves_the_account_equation): under "binance", liquidation_fee
    f is every position's rate m + f: the same prices, move and requirement. (Under
    "bybit" the maintenance is at entry, the fee is not.) Where some m + f reaches 1
    there is no such rate: the account with the rate is refused."""
    wallet, rows = data.draw(gen.accounts(kind))
    account = account_module()
    higher = [replace(row, mmr=Fraction(row.mmr) + Fraction(fee)) for row in rows]
    top = max((row.mmr for row in rows), default=0.0)
    if no_rate_m_plus_f(
        top, fee, outcome(lambda: account.liquidation_prices(kind, wallet, higher)), None
    ):
        return
    for function in (account.liquidation_prices, account.liquidation_move):
        with_fee = outcome(lambda f=function: f(kind, wallet, rows, "binance", fee))
        as_rate = outcome(lambda f=function: f(kind, wallet, higher, "binance"))
        if isinstance(with_fee, InputError):
            assert isinstance(as_rate, InputError)
        else:
            assert with_fee == as_rate
    with_fee = outcome(lambda: account.summary(kind, wallet, rows, "binance", fee))
    as_rate = outcome(lambda: account.summary(kind, wallet, higher, "binance"))
    if not isinstance(with_fee, InputError) and not isinstance(as_rate, InputError):
        assert with_fee.margin_ratio == as_rate.margin_ratio
        assert with_fee.free_over_maintenance == as_rate.free_over_maintenance
        assert with_fee.liquidated_now == as_rate.liquidated_now


@pytest.mark.parametrize("convention", gen.CONVENTIONS)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data(), fee=gen.liquidation_fees)
def test_liquidation_move_solves_the_account_equation(kind, convention, data, fee):
    """The common move agrees with the exact root of equity minus requirement with every
    price at mark x (1 + r), r > -1, to 1e-12; with a single symbol, mark x (1 + r) is
    that symbol's liquidation price exactly (in Fractions)."""
    wallet, rows = data.draw(gen.accounts(kind))
    want = ref.account_liquidation_move(kind, wallet, rows, convention, fee)
    if want is not None:
        assert want > -1
        prices = {row.symbol: Fraction(row.mark) * (1 + want) for row in rows}
        assert ref.account_gap(kind, wallet, rows, prices, convention, fee) == 0
        if len({row.symbol for row in rows}) == 1:
            price = ref.account_liquidation_price(
                kind, wallet, rows, rows[0].symbol, convention, fee
            )
            assert price == Fraction(rows[0].mark) * (1 + want)
    got = outcome(lambda: account_module().liquidation_move(kind, wallet, rows, convention, fee))
    if isinstance(got, InputError):
        assert got.code == "result_out_of_range", got
        return
    if want is None:
        assert got is None, got
    else:
        assert_close(got, want, f"{kind} account move")


@pytest.mark.parametrize("convention", gen.CONVENTIONS)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data(), fee=gen.liquidation_fees)
def test_account_summary_is_exact(kind, convention, data, fee):
    """summary's figures agree with the exact sums at the marks to 1e-12; liquidated_now is
    exactly margin balance <= requirement (with positions); the ratio is requirement over
    a positive margin balance, 0 for an empty account."""
    wallet, rows = data.draw(gen.accounts(kind))
    got = outcome(lambda: account_module().summary(kind, wallet, rows, convention, fee))
    if isinstance(got, InputError):
        assert got.code == "result_out_of_range", got
        return
    totals = ref.account_totals(kind, wallet, rows, convention, fee)
    requirement = totals["maintenance_margin"] + totals["liquidation_fee"]
    balance = totals["margin_balance"]
    for name in ("unrealized_pnl", "margin_balance", "maintenance_margin", "liquidation_fee"):
        assert_close(getattr(got, name), totals[name], name)
    assert_close(got.free_over_maintenance, balance - requirement, "free_over_maintenance")
    gap = ref.account_gap(kind, wallet, rows, {}, convention, fee)
    assert gap == balance - requirement
    assert got.liquidated_now == (bool(rows) and gap <= 0)
    if not rows:
        assert got.margin_ratio == 0
    elif balance > 0:
        assert_close(got.margin_ratio, requirement / balance, "margin_ratio")
    else:
        assert got.margin_ratio is None
    for row, value in zip(rows, got.position_pnl, strict=True):
        assert_close(value, ref.pnl(kind, row.side, row.entry, row.mark, row.size), "pnl")


# --- 8. garbage in, InputError out ----------------------------------------------------

#: A plausible value for every parameter name the package uses.
PLAUSIBLE: dict[str, object] = {
    "side": "long",
    "entry": 100.0,
    "exit": 110.0,
    "size": 2.0,
    "leverage": 10.0,
    "roe": 0.5,
    "wallet": 25.0,
    "mmr": 0.005,
    "maint_amount": 0.0,
    "other_maint": 0.0,
    "other_upnl": 0.0,
    "convention": "binance",
    "liquidation_fee": 0.001,
    "basis": "notional",
    "brackets": ((0.0, 0.004), (50_000.0, 0.005)),
    "open_fee": 0.0004,
    "close_fee": 0.0004,
    "fills": [(100.0, 1.0), (110.0, 2.0)],
    "mark": 100.0,
    "rate": 0.0001,
    "intervals": 3,
    "stop": 90.0,
    "risk": 10.0,
    "balance": 1000.0,
    "price": 100.0,
    "open_price": 1000.0,
    "target_price": 1200.0,
    "change": 0.2,
    "stop_fraction": 0.1,
    "stop_price": 900.0,
    "principal": 1000.0,
    "rise": 0.1,
    "fall": 0.1,
    "text": "1000",
    "field": "entry",
    "percent": False,
    "kind": "linear",
    "target": 95.0,
    "positions": [
        Position("BTCUSDT", "long", 100.0, 2.0, 98.0, 0.005),
        Position("ETHUSDT", "short", 10.0, 5.0, 10.5, 0.01, 0.1),
        Position("BTCUSDT", "short", 99.0, 1.0, 98.0, 0.005),
    ],
}
#: Where one function needs another plausible value than PLAUSIBLE's (the target average
#: must lie between the entry and the price added at).
PLAUSIBLE_FOR: dict[str, dict[str, object]] = {
    "size_to_reach_average": {"price": 90.0},
    "supply": {"name": "binance-linear", "text": None},
}
#: Parameters that take a string, and the strings they accept.
STRING_CHOICES = {
    "side": {"long", "short"},
    "convention": {"binance", "bybit"},
    "basis": {"notional", "size"},
    "kind": {"linear", "inverse"},
}
#: Modules whose every non-string parameter must reject every value in gen.invalid_scalars.
STRICT_MODULES = {"rules", "linear", "inverse", "compare", "account"}
#: Parameters that take anything (a label, a flag).
ANYTHING = {"field", "percent", "text"}


def public_functions() -> list[tuple[str, str]]:
    """(module, function) for every public function of every public contractcalc module."""
    found = []
    for info in pkgutil.iter_modules(contractcalc.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"contractcalc.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and function.__module__ == module.__name__:
                found.append((info.name, name))
    return found


PUBLIC = public_functions()


def plausible_arguments(function: Callable[..., object]) -> dict[str, object]:
    """Keyword arguments built from PLAUSIBLE_FOR, PLAUSIBLE, defaults, or 1.0."""
    arguments = {}
    own = PLAUSIBLE_FOR.get(function.__name__, {})
    for name, parameter in inspect.signature(function).parameters.items():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if name in own:
            arguments[name] = own[name]
        elif name in PLAUSIBLE:
            arguments[name] = PLAUSIBLE[name]
        elif parameter.default is not parameter.empty:
            arguments[name] = parameter.default
        else:
            arguments[name] = 1.0
    return arguments


def function_of(module_name: str, name: str) -> Callable[..., object]:
    """contractcalc.<module_name>.<name>."""
    return getattr(importlib.import_module(f"contractcalc.{module_name}"), name)


def test_every_engine_module_is_covered():
    """The garbage tests enumerate rules, linear and inverse (and whatever else is public)."""
    modules = {module for module, _name in PUBLIC}
    assert "rules" in modules
    for kind in KINDS:
        assert kind in modules


@pytest.mark.parametrize(("module_name", "name"), PUBLIC, ids=[f"{m}.{n}" for m, n in PUBLIC])
@GARBAGE
@given(data=st.data())
def test_garbage_in_one_argument_raises_input_error(module_name, name, data):
    """Garbage in any one argument (the rest plausible) returns or raises InputError; where the
    garbage is certainly invalid (None, NaN, inf, bool, 1e308, text in a number...) it raises
    InputError naming that argument."""
    function = function_of(module_name, name)
    arguments = plausible_arguments(function)
    assume(arguments)
    parameter = data.draw(st.sampled_from(sorted(arguments)), label="parameter")
    value = data.draw(gen.garbage, label="value")
    arguments[parameter] = value
    got = outcome(lambda: function(**arguments))
    certainly_invalid = (
        module_name in STRICT_MODULES
        and parameter not in ANYTHING
        and _is_invalid_for(parameter, value)
    )
    if certainly_invalid:
        assert isinstance(got, InputError), (
            f"{module_name}.{name}({parameter}={value!r}) returned {got!r}"
        )
        # A bad position is named by its place in the list: positions[0], positions[0].side.
        assert got.field == parameter or got.field.startswith(f"{parameter}["), (
            f"{module_name}.{name}({parameter}={value!r}): field {got.field!r}"
        )


#: Parameters that take a sequence of pairs.
SEQUENCES = {"fills", "brackets"}


def _is_invalid_for(parameter: str, value: object) -> bool:
    """True when ``value`` can be no valid argument for ``parameter`` of a strict module."""
    if parameter in STRING_CHOICES:
        return not (isinstance(value, str) and value in STRING_CHOICES[parameter])
    if parameter in SEQUENCES:
        return not (isinstance(value, list | tuple) and value)
    if parameter == "positions":
        # An empty list is an empty account; garbage never holds a Position.
        return not (isinstance(value, list | tuple) and not value)
    if parameter == "inclusive_caps":  # a flag: only True or False
        return not isinstance(value, bool)
    return _is_invalid_number(value)


def _is_invalid_number(value: object) -> bool:
    """True for anything but a finite real number within the engine's magnitude limit."""
    if isinstance(value, str | bool | bytes | list | tuple | dict | set | complex) or value is None:
        return True
    if isinstance(value, int):
        return abs(value) > 10**15
    if isinstance(value, float):
        return not math.isfinite(value) or abs(value) > 1e15
    if isinstance(value, Decimal):
        return not value.is_finite() or abs(value) > 10**15
    return not isinstance(value, Fraction)


@pytest.mark.parametrize(("module_name", "name"), PUBLIC, ids=[f"{m}.{n}" for m, n in PUBLIC])
@GARBAGE
@given(data=st.data())
def test_garbage_everywhere_raises_only_input_error(module_name, name, data):
    """Garbage in every argument at once: the call returns or raises InputError, nothing else."""
    function = function_of(module_name, name)
    arguments = {
        parameter: data.draw(gen.garbage, label=parameter)
        for parameter in plausible_arguments(function)
    }
    outcome(lambda: function(**arguments))


def _is_invalid_field(field: str, value: object) -> bool:
    """True when ``value`` can be no valid value of the Position field ``field``."""
    if field == "symbol":
        return not (isinstance(value, str) and value.strip())
    if field == "side":
        return not (isinstance(value, str) and value in STRING_CHOICES["side"])
    return _is_invalid_number(value)


ACCOUNT_FUNCTIONS = ["liquidation_prices", "liquidation_move", "summary"]


@pytest.mark.parametrize("name", ACCOUNT_FUNCTIONS)
@GARBAGE
@given(data=st.data())
def test_garbage_in_a_position_field_names_that_row(name, data):
    """Garbage in one field of one position (the rest plausible) returns or raises
    InputError; where certainly invalid, the error names the row and field, e.g.
    positions[1].entry, so the page can show it on that row."""
    function = function_of("account", name)
    rows = list(PLAUSIBLE["positions"])  # type: ignore[call-overload]
    index = data.draw(st.integers(min_value=0, max_value=len(rows) - 1), label="row")
    field = data.draw(st.sampled_from(sorted(vars(rows[index]))), label="field")
    value = data.draw(st.one_of(gen.garbage, gen.signalling_nan), label="value")
    rows[index] = replace(rows[index], **{field: value})
    kind = data.draw(gen.kinds, label="kind")
    got = outcome(lambda: function(kind, 25.0, rows))
    if _is_invalid_field(field, value):
        assert isinstance(got, InputError), (
            f"{name}(positions[{index}].{field}={value!r}) -> {got!r}"
        )
        assert got.field == f"positions[{index}].{field}", got.field


def test_signalling_nan_raises_input_error():
    """Decimal("sNaN") in any numeric argument of any public function raises InputError.

    ``math.isfinite(Decimal("sNaN"))`` raises ValueError, so a check that converts
    before it tests for NaN lets a plain ValueError escape. One test for all functions,
    since one conversion serves them all; the message lists every call that escaped.
    """
    escaped = []
    for module_name, name in PUBLIC:
        function = function_of(module_name, name)
        for parameter in plausible_arguments(function):
            if parameter in ANYTHING or parameter in STRING_CHOICES:
                continue
            arguments = plausible_arguments(function)
            arguments[parameter] = Decimal("sNaN")
            try:
                function(**arguments)
            except InputError:
                continue
            except Exception as error:
                escaped.append(f"{module_name}.{name}({parameter}=sNaN) raised {error!r}")
            else:
                escaped.append(f"{module_name}.{name}({parameter}=sNaN) returned")
    assert not escaped, f"{len(escaped)} calls escaped:\n" + "\n".join(escaped)


# --- issue 22 and 19: whole-position tiers, inclusive caps, Bybit's added margin --------


def _tiered_position(kind: str, data: st.DataObject) -> tuple[float, float, float, tuple]:
    """Entry, size, isolated margin and a bracket table for one tiered position."""
    entry = data.draw(gen.prices, label="entry")
    size = data.draw(gen.sizes, label="size")
    leverage = data.draw(gen.leverages, label="leverage")
    module = engine(kind)
    try:
        wallet = module.initial_margin(entry, size, leverage)
    except InputError:
        assume(False)
    return entry, size, wallet, data.draw(gen.brackets(kind), label="brackets")


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_whole_position_tiers_liquidate_no_later_than_deducted_ones(kind, side, data):
    """With rising rates the whole-position maintenance is never below the deducted one,
    so a position liquidated on its losing side under "notional_whole" is liquidated
    there under "notional" too, no nearer to entry."""
    entry, size, wallet, table = _tiered_position(kind, data)
    module = engine(kind)
    try:
        whole = module.liquidation_price_tiered(
            side, entry, size, wallet, table, basis="notional_whole"
        )
        deducted = module.liquidation_price_tiered(side, entry, size, wallet, table)
    except InputError:
        assume(False)
    sign = 1 if side == "long" else -1
    assume(whole is not None and sign * (entry - whole) > 0)
    assert deducted is not None
    assert sign * (whole - deducted) >= -1e-9 * whole


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data(), side=gen.sides)
def test_inclusive_caps_do_not_move_a_continuous_maintenance(kind, data, side):
    """By notional with maintenance amounts the maintenance is continuous at a floor, so
    whether the cap belongs to its tier changes the tier reported, never the price."""
    entry, size, wallet, table = _tiered_position(kind, data)
    module = engine(kind)
    try:
        exclusive = module.liquidation_price_tiered(side, entry, size, wallet, table)
    except InputError:
        assume(False)
    inclusive = module.liquidation_price_tiered(
        side, entry, size, wallet, table, inclusive_caps=True
    )
    assert inclusive == exclusive


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data(), side=gen.sides, convention=gen.conventions)
def test_added_margin_without_close_fee_is_a_larger_wallet(kind, data, side, convention):
    """Margin added with no fee to close counts one for one, as a larger wallet."""
    entry = data.draw(gen.prices, label="entry")
    size = data.draw(gen.sizes, label="size")
    wallet = data.draw(gen.amounts, label="wallet")
    added = data.draw(gen.amounts, label="added")
    mmr = data.draw(gen.mmrs, label="mmr")
    module = engine(kind)
    try:
        folded = module.liquidation_price(
            side, entry, size, wallet + added, mmr, convention=convention
        )
        apart = module.liquidation_price(
            side, entry, size, wallet, mmr, convention=convention, added_margin=added
        )
    except InputError:
        assume(False)
    if folded is None or apart is None:
        assert folded is None or apart is None
        return
    assert apart == pytest.approx(folded, rel=1e-9)
