"""Trade calculators: a position's P&L, a target price for an ROE, average entry, largest order.

Every figure comes from :mod:`contractcalc.linear` or :mod:`contractcalc.inverse`, picked
by the page-wide ``kind``; this module only converts units (contracts × contract size
is the face value of an inverse position) and formats. Linear (USDT-margined): sizes in
coins, money in USDT. Inverse (coin-margined): money in coin, always to eight decimals;
the P&L card's size is a number of contracts, the average card's fills are USD face
values, and the largest order is whole contracts (rounded down) beside the exact face
value. An output that does not apply is "" (the page hides its row).
"""

from __future__ import annotations

import math

from contractcalc import InputError
from contractcalc import _worked as worked

from .. import assumptions as a
from .. import format as fmt
from .. import work as w
from ..chart.payoff import payoff_svg
from ..spec import Calculator, Field, Output, Slot, Values, both_kinds
from ..texts import Texts, say

#: The cards' texts: their page texts (a key with a dot: title, labels, options), which
#: :mod:`app.catalogue` gathers for the page, then the phrases their results say.
TEXTS: Texts = {
    "nav.pnl": {"en": "PnL & ROE", "zh": "盈亏与收益率"},
    "nav.target": {"en": "Target", "zh": "目标价"},
    "nav.average": {"en": "Average entry", "zh": "开仓均价"},
    "nav.max_open": {"en": "Max size", "zh": "最大可开"},
    "t.pnl": {"en": "PnL and ROE", "zh": "盈亏与收益率"},
    "f.exit": {"en": "Exit price", "zh": "平仓价"},
    "f.funding_rate": {"en": "Funding rate (%)", "zh": "资金费率 (%)"},
    "f.funding_intervals": {"en": "Funding intervals", "zh": "资金费结算次数"},
    "r.net_pnl": {"en": "Net PnL", "zh": "净盈亏"},
    "r.roe": {"en": "ROE", "zh": "收益率 (ROE)"},
    "r.gross_pnl": {"en": "Gross PnL", "zh": "毛盈亏"},
    "r.roe_gross": {"en": "ROE before fees and funding", "zh": "未计手续费和资金费的收益率"},
    "r.fees": {"en": "Fees", "zh": "手续费"},
    "r.funding": {"en": "Funding", "zh": "资金费"},
    "r.initial_margin": {"en": "Initial margin", "zh": "初始保证金"},
    "r.break_even": {"en": "Break-even (fees)", "zh": "保本价（含手续费）"},
    "t.target": {"en": "Target price from ROE", "zh": "按收益率算目标价"},
    "f.roe": {"en": "Target ROE (%)", "zh": "目标收益率 (%)"},
    "f.exit_reverse": {"en": "Check an exit price", "zh": "验算平仓价"},
    "r.target_price": {"en": "Price for that ROE", "zh": "达到该收益率的价格"},
    "r.roe_at_exit": {"en": "ROE at exit (before fees)", "zh": "平仓收益率（未计手续费）"},
    "t.average": {"en": "Average entry price", "zh": "开仓均价"},
    "f.fill_price": {"en": "Price", "zh": "价格"},
    "f.fill_size": {"en": "Size", "zh": "数量"},
    "r.average": {"en": "Average entry", "zh": "开仓均价"},
    "r.total_size": {"en": "Total size", "zh": "总数量"},
    "f.add_price": {"en": "Add to position at price", "zh": "补仓价格"},
    "f.target_average": {"en": "Target average entry", "zh": "目标开仓均价"},
    "r.add_size": {"en": "Size to add", "zh": "需补仓数量"},
    "r.new_average": {"en": "New average entry", "zh": "补仓后开仓均价"},
    "r.new_total": {"en": "New total size", "zh": "补仓后总数量"},
    "t.max_open": {"en": "Max open size", "zh": "最大可开仓位"},
    "f.price": {"en": "Price", "zh": "价格"},
    "r.max_size": {"en": "Max size", "zh": "最大可开数量"},
    "r.contracts": {"en": "Contracts", "zh": "张数"},
    # The phrases.
    "face": {"en": "{face} ({value} at entry)", "zh": "{face}（按开仓价折合 {value}）"},
    "funding_paid": {"en": "{amount} (paid)", "zh": "{amount}（支付）"},
    "funding_received": {"en": "{amount} (received)", "zh": "{amount}（收取）"},
    "no_liquidation": {"en": "none: no price liquidates it", "zh": "无：没有价格会触发强平"},
    "at_once": {
        "en": "at once: the margin is below the maintenance margin",
        "zh": "立即强平：保证金低于维持保证金",
    },
    "no_bankruptcy": {"en": "none: no price exhausts the margin", "zh": "无：没有价格会亏光保证金"},
    "entry": {"en": "Entry", "zh": "开仓价"},
    "liquidation": {"en": "Liquidation", "zh": "强平价"},
    "bankruptcy": {"en": "Bankruptcy", "zh": "破产价"},
    "break_even": {"en": "Break-even", "zh": "保本价"},
    "target": {"en": "Exit", "zh": "平仓价"},
    "ceiling": {
        "en": (
            "A coin-margined long at {leverage} can never reach an ROE of {limit}: even as "
            "the price rises without limit, it earns less."
        ),
        "zh": (
            "币本位多单在 {leverage} 杠杆下永远达不到 {limit} 的收益率：即使价格无限上涨，"
            "收益率也低于此值。"
        ),
    },
    "contracts": {"en": "{count} contracts ({face})", "zh": "{count} 张（{face}）"},
    "no_contract": {
        "en": "none: less than one contract of {face}",
        "zh": "无：不足一张 {face} 的合约",
    },
    "beyond_liquidation": {
        "en": (
            "Your exit is beyond the liquidation price {liquidation}: the position would be "
            "liquidated first and you would lose about the margin ({margin})."
        ),
        "zh": (
            "你的平仓价已越过强平价 {liquidation}：仓位会先被强平，"
            "你将亏掉大约全部保证金（{margin}）。"
        ),
    },
    "note_linear": {
        "en": (
            "USDT-margined fills are quantities of coin, so the average entry is the "
            "arithmetic mean of their prices, weighted by quantity."
        ),
        "zh": "U本位的成交数量以币计，所以开仓均价是各成交价按数量加权的算术平均。",
    },
    "note_inverse": {
        "en": (
            "Coin-margined fills are USD face values, so the average entry is the harmonic "
            "mean of their prices, weighted by face value: the price at which the total face "
            "value is worth as much coin as the fills together."
        ),
        "zh": (
            "币本位的成交数量是以美元计的面值，所以开仓均价是各成交价按面值加权的调和平均："
            "在这个价格下，总面值折合的币数与各笔成交合计的币数相同。"
        ),
    },
}

#: Engine argument names that differ from the P&L card's field names.
_PNL_NAMES = {"rate": "funding_rate", "intervals": "funding_intervals", "mark": "entry"}


def _gain(value: float, unit: str) -> str:
    return fmt.gain(fmt.amount(value, unit), value)


def _size(value: float, unit: str) -> str:
    """A position size: a coin quantity to the satoshi, or USD face value to the cent."""
    return fmt.money(value, unit, 2 if unit == fmt.FACE else fmt.COIN_DECIMALS)


def _price_or(value: float | None, key: str, lang: str) -> str:
    return say(TEXTS, key, lang) if value is None else fmt.price(value)


def _pnl(v: Values, lang: str) -> dict[str, str]:
    kind, coin, side = a.kind(v), a.coin(v), v["side"]
    engine, unit = a.engine(kind), a.money_unit(kind, coin)
    entry, exit_, leverage = v["entry"], v["exit"], v["leverage"]
    open_fee, close_fee = a.rate(v, "open_fee"), a.rate(v, "close_fee")
    size = a.engine_size(v, kind)
    gross = engine.pnl(side, entry, exit_, size)
    margin = engine.initial_margin(entry, size, leverage)
    break_even = engine.break_even_price(side, entry, open_fee, close_fee)
    fees = engine.trading_fees(entry, exit_, size, open_fee, close_fee)
    intervals = v.get("funding_intervals") or 0
    funding = a.renamed(
        engine.funding_payment, _PNL_NAMES, side, entry, size, a.rate(v, "funding_rate"), intervals
    )
    # Funding applies only when both its rate and its count of intervals are given.
    funding_applies = v.get("funding_rate") is not None and bool(intervals)
    # Net P&L and ROE as contractcalc._worked states and works them (shown in "How").
    chain = worked.pnl(
        kind,
        side,
        entry,
        exit_,
        size,
        leverage,
        open_fee,
        close_fee,
        v.get("funding_rate") if funding_applies else None,
        int(intervals),
    )
    net, roe = float(chain.values["NET"]), float(chain.values["ROE"])
    roe_gross = engine.roe(side, entry, exit_, leverage)
    mmr, terms = a.rate(v, "mmr"), a.terms(v)
    liquidation = engine.liquidation_price(side, entry, size, margin, mmr=mmr, **terms)
    bankruptcy = engine.bankruptcy_price(side, entry, size, margin)

    warning = ""
    # At (as shown, to the cent) or beyond the liquidation price, the exit is never reached.
    if liquidation is not None and (
        ((exit_ <= liquidation) if side == "long" else (exit_ >= liquidation))
        or fmt.price(exit_) == fmt.price(liquidation)
    ):
        warning = say(
            TEXTS,
            "beyond_liquidation",
            lang,
            liquidation=fmt.price(liquidation),
            margin=fmt.amount(margin, unit),
        )
    if liquidation is None:
        liquidation_text = say(TEXTS, "no_liquidation", lang)
    elif a.liquidated_at_once(side, entry, liquidation):
        liquidation_text = say(TEXTS, "at_once", lang)
    else:
        liquidation_text = fmt.price(liquidation)
    funding_key = "funding_paid" if funding > 0 else "funding_received"
    funding_text = _gain(-funding, unit) if funding_applies else ""
    if funding_applies and funding:
        funding_text = say(TEXTS, funding_key, lang, amount=funding_text)
    if kind == "inverse":
        notional = say(
            TEXTS,
            "face",
            lang,
            face=_size(size, fmt.FACE),
            value=fmt.amount(engine.initial_margin(entry, size, 1), unit),
        )
    else:
        notional = fmt.amount(engine.initial_margin(entry, size, 1), unit)

    markers: list[tuple[str, float, str]] = [
        (key, price, say(TEXTS, key, lang))
        for key, price in (
            ("entry", entry),
            ("liquidation", liquidation),
            ("bankruptcy", bankruptcy),
            ("break_even", break_even),
            ("target", exit_),
        )
        if price is not None
    ]
    return {
        "notional": notional,
        "initial_margin": fmt.amount(margin, unit),
        "gross_pnl": _gain(gross, unit),
        "fees": _gain(-fees, unit),
        "funding": funding_text,
        "net_pnl": _gain(net, unit),
        "roe": fmt.signed(fmt.percent(roe), roe),
        "roe_gross": fmt.signed(fmt.percent(roe_gross), roe_gross),
        "break_even": fmt.price(break_even),
        "liquidation": liquidation_text,
        "bankruptcy": _price_or(bankruptcy, "no_bankruptcy", lang),
        "warning": warning,
        "work": _pnl_work(
            (
                chain,
                worked.break_even(kind, side, entry, open_fee, close_fee),
                worked.liquidation(kind, side, entry, size, leverage=leverage, mmr=mmr, **terms),
            ),
            lang,
            (unit, coin, kind),
            None if liquidation_text == fmt.price(liquidation or 0) else liquidation_text,
        ),
        # The narrow drawing for phones, the wide one for a full-width card on a wide
        # screen; the stylesheet shows one of them.
        "chart": "".join(
            payoff_svg(kind, side, entry, size, markers, unit, lang, wide=wide)
            for wide in (False, True)
        ),
    }


def _pnl_work(
    chains: tuple[worked.Work, worked.Work, worked.Work],
    lang: str,
    units: tuple[str, str, str],
    liquidation_text: str | None,
) -> str:
    """The P&L card's net P&L, ROE, break-even and liquidation price worked with its
    numbers (``chains``: the P&L, the break-even, the liquidation).

    ``liquidation_text`` is what the card says where it shows no liquidation price.
    """
    unit, coin, kind = units
    results = {
        "PnL": w.Result("gross_pnl", lambda value: _gain(value, unit)),
        "NET": w.Result("net_pnl", lambda value: _gain(value, unit)),
        "ROE": w.Result("roe", lambda value: fmt.signed(fmt.percent(value), value)),
        "BE": w.Result("break_even", fmt.price),
    }
    notes: tuple[str, ...] = ()
    if liquidation_text is None:
        results["LP"] = w.Result("liquidation", fmt.price)
    else:
        notes = (liquidation_text,)
    return w.explain(chains, lang, w.units(kind, coin, lang), results, notes)


def _target(v: Values, lang: str) -> dict[str, str]:
    kind, side = a.kind(v), v["side"]
    engine = a.engine(kind)
    entry, leverage, roe, exit_ = v["entry"], v["leverage"], v["roe"], v["exit"]
    if roe is None and exit_ is None:
        raise InputError("roe", "empty")
    ceiling = ""
    if kind == "inverse" and side == "long" and leverage > 0:
        ceiling = say(
            TEXTS, "ceiling", lang, leverage=fmt.leverage(leverage), limit=fmt.percent(leverage)
        )
    target = "" if roe is None else fmt.price(engine.target_price(side, entry, roe, leverage))
    at_exit = ""
    if exit_ is not None:
        value = engine.roe(side, entry, exit_, leverage)
        at_exit = fmt.signed(fmt.percent(value), value)
    chains = worked.target(kind, side, entry, leverage, roe, exit_)
    results = {
        "T": w.Result("target_price", fmt.price),
        "ROE": w.Result("roe_at_exit", lambda value: fmt.signed(fmt.percent(value), value)),
    }
    unit_words = w.units(kind, None, lang)
    explained = w.explain(chains, lang, unit_words, results, (ceiling,) if ceiling else ())
    return {
        "target_price": target,
        "roe_at_exit": at_exit,
        "ceiling": ceiling,
        "work": explained,
    }


def _average(v: Values, lang: str) -> dict[str, str]:
    kind, coin = a.kind(v), a.coin(v)
    engine, unit = a.engine(kind), a.size_unit(kind, coin)
    rows: list[dict[str, float]] = v["rows"]
    fills = [(row["price"], row["size"]) for row in rows]
    average = engine.average_entry(fills)
    total = math.fsum(row["size"] for row in rows)
    outputs = {
        "average": fmt.price(average),
        "total_size": _size(total, unit),
        "note": say(TEXTS, f"note_{kind}", lang),
        "add_size": "",
        "new_average": "",
        "new_total": "",
    }
    # Adding to the position (补仓): the size at a price that brings the average to a target.
    price, target = v["add_price"], v["target_average"]
    if price is not None and target is not None:
        added = a.renamed(
            engine.size_to_reach_average,
            {"price": "add_price", "target": "target_average"},
            average,
            total,
            price,
            target,
        )
        outputs["add_size"] = _size(added, unit)
        after = engine.average_entry([*fills, (price, added)]) if added else average
        outputs["new_average"] = fmt.price(after)
        outputs["new_total"] = _size(total + added, unit)
    else:
        price = target = None
    # The same worked with the fills' numbers (contractcalc._worked), shown in "How".
    chain = worked.average(kind, fills, price, target)
    size, added_name, total_name = (
        ("Q", "Q_add", "Q_new") if kind == "linear" else ("F", "F_add", "F_new")
    )
    results = {
        name: w.Result(output, show)
        for name, output, show in (
            (size, "total_size", lambda value: _size(value, unit)),
            ("E_avg", "average", fmt.price),
            (added_name, "add_size", lambda value: _size(value, unit)),
            ("E_new", "new_average", fmt.price),
            (total_name, "new_total", lambda value: _size(value, unit)),
        )
    }
    outputs["work"] = w.explain(chain, lang, w.units(kind, coin, lang), results)
    return outputs


def _contracts(count: float, face: float, lang: str) -> str:
    """A number of whole inverse contracts and their face value."""
    return say(
        TEXTS, "contracts", lang, count=fmt.number(count, 0), face=_size(count * face, fmt.FACE)
    )


def _max_open(v: Values, lang: str) -> dict[str, str]:
    kind, coin = a.kind(v), a.coin(v)
    engine, unit = a.engine(kind), a.money_unit(kind, coin)
    price, leverage, open_fee = v["price"], v["leverage"], a.rate(v, "open_fee")
    size = engine.max_open_size(v["balance"], price, leverage, open_fee)
    contracts = ""
    opened = size  # what can be ordered: whole contracts for an inverse contract
    face = None
    if kind == "inverse" and v.get("contract_size") is not None:
        face = a.contract_size(v)
    # The size, the whole contracts and the margin as contractcalc._worked works them.
    chain = worked.max_open(kind, v["balance"], price, leverage, open_fee, face)
    results = {
        chain.lines[0].name: w.Result(
            "max_size", lambda value: _size(value, a.size_unit(kind, coin))
        )
    }
    if face is not None:
        count = int(chain.values["N"])  # only whole contracts can be ordered
        opened = count * face
        contracts = (
            _contracts(count, face, lang)
            if count
            else say(TEXTS, "no_contract", lang, face=_size(face, fmt.FACE))
        )
        if count:
            results["N"] = w.Result("contracts", lambda value: _contracts(value, face, lang))
    notional = margin = ""
    if opened > 0:
        value = engine.initial_margin(price, opened, 1)
        notional = fmt.amount(value, unit)
        if kind == "inverse":
            notional = say(TEXTS, "face", lang, face=_size(opened, fmt.FACE), value=notional)
        margin = fmt.amount(engine.initial_margin(price, opened, leverage), unit)
        results["IM"] = w.Result("margin", lambda value: fmt.amount(value, unit))
    return {
        "max_size": _size(size, a.size_unit(kind, coin)),
        "contracts": contracts,
        "notional": notional,
        "margin": margin,
        "work": w.explain(chain, lang, w.units(kind, coin, lang), results),
    }


_CONTRACT_SIZE = Field("contract_size", optional=True, default="100", show="kind=inverse")
_SIZE = Field("size", default="1", inverse_default="100", unit="size")


def _entry(default: str = "30000") -> Field:
    return Field("entry", default=default, unit="price")


def _leverage(default: str) -> Field:
    return Field("leverage", default=default)


CALCULATORS: dict[str, Calculator] = {
    "pnl": Calculator(
        (
            a.KIND,
            a.COIN,
            a.SIDE_REQUIRED,
            _entry(),
            Field("exit", default="33000", unit="price"),
            _SIZE,
            _CONTRACT_SIZE,
            _leverage("10"),
            a.MMR,
            a.LIQUIDATION_FEE,
            a.OPEN_FEE,
            a.CLOSE_FEE,
            Field("funding_rate", "percent", optional=True, default="0.01"),
            Field("funding_intervals", optional=True, default="3"),
            a.EXCHANGE,
        ),
        _pnl,
        title="t.pnl",
        outputs=(
            Output("net_pnl", "r.net_pnl", big=True, signed=True),
            Output("roe", "r.roe", big=True, signed=True),
            Output("gross_pnl", "r.gross_pnl", signed=True),
            Output("roe_gross", "r.roe_gross", signed=True),
            Output("fees", "r.fees", signed=True),
            Output("funding", "r.funding", signed=True),
            Output("initial_margin", "r.initial_margin"),
            Output("notional", "r.notional"),
            Output("break_even", "r.break_even"),
            Output("liquidation", "r.liquidation"),
            Output("bankruptcy", "r.bankruptcy"),
        ),
        slots=(Slot("warning", "warning"), Slot("chart", "chart"), Slot("work", "work")),
        explains=both_kinds(
            "pnl",
            "roe",
            "trading_fees",
            "funding_payment",
            "initial_margin",
            "break_even_price",
            "liquidation_price#0",
            "bankruptcy_price",
        ),
        wide=True,
    ),
    "target": Calculator(
        (
            a.KIND,
            a.SIDE_REQUIRED,
            _entry(),
            _leverage("10"),
            Field("roe", "percent", optional=True, default="50"),
            Field("exit", optional=True, label="f.exit_reverse", default="33000", unit="price"),
        ),
        _target,
        title="t.target",
        outputs=(
            Output("target_price", "r.target_price", big=True),
            Output("roe_at_exit", "r.roe_at_exit", signed=True),
        ),
        slots=(Slot("ceiling", "note"), Slot("work", "work")),
        explains=both_kinds("target_price", "roe"),
    ),
    "average": Calculator(
        (
            a.KIND,
            a.COIN,
            Field("add_price", optional=True, default="", unit="price"),
            Field("target_average", optional=True, default="", unit="price"),
        ),
        _average,
        rows=(
            Field("price", label="f.fill_price"),
            Field("size", label="f.fill_size", inverse_default="100", unit="face"),
        ),
        row_defaults=(("30000", "1"), ("27000", "1")),
        below_rows=("add_price", "target_average"),
        title="t.average",
        outputs=(
            Output("average", "r.average", big=True),
            Output("total_size", "r.total_size"),
            Output("add_size", "r.add_size", big=True),
            Output("new_average", "r.new_average"),
            Output("new_total", "r.new_total"),
        ),
        slots=(Slot("note", "note", after=True), Slot("work", "work")),
        explains=both_kinds("average_entry", "size_to_reach_average"),
    ),
    "max_open": Calculator(
        (
            a.KIND,
            a.COIN,
            Field("balance", default="1000", inverse_default="0.1", unit="money"),
            Field("price", default="30000", unit="price"),
            _leverage("20"),
            a.OPEN_FEE,
            _CONTRACT_SIZE,
        ),
        _max_open,
        title="t.max_open",
        outputs=(
            Output("max_size", "r.max_size", big=True),
            Output("contracts", "r.contracts"),
            Output("notional", "r.notional"),
            Output("margin", "r.margin"),
        ),
        slots=(Slot("work", "work"),),
        explains=both_kinds("max_open_size"),
    ),
}
