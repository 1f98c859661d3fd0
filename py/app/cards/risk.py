"""The risk cards: where a position is liquidated, and how large a position a stop allows.

Two calculators, keyed by the id their card carries:

``liquidation``
    The exact liquidation and bankruptcy prices of one position, isolated or cross, with a
    single maintenance margin rate or a tier (bracket) table, beside the guide's 1/L.
``risk``
    The position size that loses a chosen risk at the stop (for an inverse contract, whole
    contracts, rounded down so the loss stays within the risk), its margin, the highest
    leverage whose liquidation stays beyond the stop (rounded down), the reward at each
    take-profit, and the payoff chart with the entry, stop, take-profits, liquidation and
    break-even marked. An output that does not apply is "" (the page hides its row).

Every number comes from :mod:`contractcalc` (``linear`` for USDT-margined contracts,
``inverse`` for coin-margined ones), fees and maintenance margins included; this module
converts units (contracts x contract size, the margin at 1x as the position's value),
picks phrases from :data:`TEXTS` and formats. The fields the cards share with the others
(kind, coin, side) and their units come from :mod:`app.assumptions`. Money is in USDT
(linear) or the coin (inverse); a linear size is in coins, an inverse size is a number of
contracts, each worth ``contract_size`` USD.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from types import ModuleType
from typing import TypedDict

from contractcalc import BASES, CONVENTIONS, InputError, rules
from contractcalc import _worked as worked
from contractcalc.inputs import parse_number

from .. import assumptions as a
from .. import format as fmt
from .. import presets
from .. import work as w
from ..chart.payoff import payoff_svg
from ..spec import Calculator, Field, Output, Slot, Values, both_kinds
from ..texts import Texts, say
from ..tier_input import (
    FULL_WIDTH_PUNCTUATION,
    TierBox,
    example_brackets_text,
    is_example,
    pasted_tiers,
    read_tiers,
)

#: The cards' texts: their page texts (a key with a dot: title, labels, options), which
#: :mod:`app.catalogue` gathers for the page, then the phrases their results say.
TEXTS: Texts = {
    "nav.liquidation": {"en": "Liquidation", "zh": "强平价"},
    "nav.risk": {"en": "Position size", "zh": "仓位计算"},
    "t.liquidation": {"en": "Liquidation price", "zh": "强平价"},
    "f.margin_mode": {"en": "Margin mode", "zh": "保证金模式"},
    "o.isolated": {"en": "Isolated", "zh": "逐仓"},
    "o.cross": {"en": "Cross", "zh": "全仓"},
    "f.other_maint": {"en": "Others' maint. margin", "zh": "其他仓位维持保证金"},
    "f.other_upnl": {"en": "Others' unrealised PnL", "zh": "其他仓位未实现盈亏"},
    "f.mm_source": {"en": "Maint. margin from", "zh": "维持保证金取自"},
    "o.rate": {"en": "Rate + amount", "zh": "费率 + 速算额"},
    "o.tiers": {"en": "Bracket table", "zh": "档位表"},
    "f.maint_amount": {"en": "Maintenance amount", "zh": "维持保证金速算额"},
    "f.convention": {"en": "Convention", "zh": "计算口径"},
    "o.binance": {"en": "Binance (mark)", "zh": "Binance（标记价）"},
    "o.bybit": {"en": "Bybit (entry)", "zh": "Bybit（开仓价）"},
    "f.brackets": {
        "en": (
            "Tiers: floor, rate %, and optionally max leverage (one per line), or paste the "
            "tiers JSON of Binance, Bybit, OKX, Bitget or KuCoin's API"
        ),
        "zh": (
            "档位：下限, 维持保证金率 %, 可选的最大杠杆（每行一档），也可粘贴币安、Bybit、"
            "OKX、Bitget 或 KuCoin 接口返回的档位 JSON"
        ),
    },
    "r.distance": {"en": "Distance from entry", "zh": "距开仓价"},
    "r.rule_distance": {"en": "Guide's 1 ÷ leverage", "zh": "教程的 1 ÷ 杠杆"},
    "r.maint_margin": {"en": "Maintenance margin at liquidation", "zh": "强平时的维持保证金"},
    "f.target_liquidation": {
        "en": "Add margin: target liquidation price",
        "zh": "追加保证金：目标强平价",
    },
    "r.margin_needed": {"en": "Margin for that liquidation price", "zh": "达到该强平价所需保证金"},
    "r.margin_to_add": {"en": "Margin to add", "zh": "需追加的保证金"},
    "r.new_liquidation": {"en": "New liquidation price", "zh": "追加后的强平价"},
    "r.liquidation_fee": {"en": "Liquidation fee at liquidation", "zh": "强平时的强平手续费"},
    "f.tier_basis": {"en": "Tiers by", "zh": "分档依据"},
    "o.notional": {"en": "Position value", "zh": "仓位价值"},
    "o.size": {"en": "Position size", "zh": "仓位数量"},
    "o.notional_whole": {"en": "Position value, whole position", "zh": "仓位价值（整仓同一费率）"},
    "f.tier_caps": {"en": "Exactly at a tier's cap", "zh": "恰好等于档位上限时"},
    "o.exclusive": {
        "en": "Next tier (a tier starts at its floor: Binance)",
        "zh": "归入下一档（每档含其下限：币安）",
    },
    "o.inclusive": {
        "en": "That tier (“X or below”: Bybit, OKX, KuCoin)",
        "zh": "归入本档（“X 及以下”：Bybit、OKX、KuCoin）",
    },
    "f.added_margin_fee": {
        "en": "Add margin: X counts as X ÷ (1 ∓ fee), fee (%)",
        "zh": "追加保证金 X 计为 X ÷ (1 ∓ 费率)，费率 (%)",
    },
    "r.bracket": {"en": "Bracket", "zh": "所在档位"},
    "r.tier_max_leverage": {"en": "Max leverage at this size", "zh": "此仓位的最大杠杆"},
    "t.risk": {"en": "Position size from risk", "zh": "按风险算仓位"},
    "f.risk": {"en": "Risk", "zh": "风险"},
    "f.risk_unit": {"en": "Risk as", "zh": "风险单位"},
    "o.percent": {"en": "% of balance", "zh": "余额的 %"},
    "o.amount": {"en": "Amount", "zh": "金额"},
    "f.stop": {"en": "Stop price", "zh": "止损价"},
    "f.take_profits": {
        "en": "Take-profit prices (separate with ;)",
        "zh": "止盈价（多个用 ; 分隔）",
    },
    "r.size": {"en": "Position size", "zh": "仓位大小"},
    "r.max_leverage": {"en": "Highest safe leverage", "zh": "最高安全杠杆"},
    "r.risk_amount": {"en": "Risk", "zh": "风险金额"},
    "r.margin_at_leverage": {"en": "Margin at your leverage", "zh": "当前杠杆下的保证金"},
    "r.margin_share": {"en": "Margin share of balance", "zh": "保证金占余额比例"},
    "r.liquidation_at_leverage": {"en": "Liquidation at your leverage", "zh": "当前杠杆下的强平价"},
    # The phrases.
    "never": {
        "en": (
            "Never liquidated: no positive price brings the equity down to the maintenance margin."
        ),
        "zh": "不会强平：没有任何正的价格会使权益跌至维持保证金。",
    },
    "never_bankrupt": {
        "en": "None: no positive price uses up the margin.",
        "zh": "无：没有任何正的价格会耗尽保证金。",
    },
    "margin_spare": {
        "en": "none: {amount} less than now would do",
        "zh": "无需追加：比现在少 {amount} 即可",
    },
    "bankrupt_now": {"en": "Already: the equity is below zero.", "zh": "已穿仓：权益已低于零。"},
    "tier": {
        "en": "Tier {n}: {rate}, amount {amount}",
        "zh": "第 {n} 档：维持保证金率 {rate}，维持保证金速算额 {amount}",
    },
    "source": {
        "en": (
            "Example tiers: {source}. Exchanges change their tiers often; check the live table."
        ),
        "zh": "示例档位表：{source}。交易所经常调整档位，请以实时档位表为准。",
    },
    "gap": {
        "en": (
            "The guide's rule 1/{lev} = {rule}; the exact distance is {exact} because {reasons}."
        ),
        "zh": "经验法则 1/{lev} = {rule}；精确距离为 {exact}，因为{reasons}。",
    },
    "gap_exact": {
        "en": (
            "The guide's rule 1/{lev} = {rule} is exact here ({exact}): with no maintenance "
            "margin, a USDT-margined position is liquidated when its margin runs out."
        ),
        "zh": (
            "经验法则 1/{lev} = {rule} 在这里是精确的（{exact}）：没有维持保证金时，"
            "U本位仓位在保证金亏完时才强平。"
        ),
    },
    "gap_never": {
        "en": (
            "The guide's rule 1/{lev} says a {rule} move liquidates, but here no price does: "
            "the margin covers every loss the position can take."
        ),
        "zh": (
            "经验法则 1/{lev} 认为反向波动 {rule} 就会强平，但这里没有任何价格会强平："
            "保证金足以承担该仓位可能的全部亏损。"
        ),
    },
    "gap_immediate": {
        "en": (
            "The guide's rule 1/{lev} = {rule}, but the margin is already at or below the "
            "maintenance margin at the entry price, so the exchange would liquidate at once."
        ),
        "zh": (
            "经验法则 1/{lev} = {rule}，但按开仓价计算保证金已不高于维持保证金，交易所会立即强平。"
        ),
    },
    "reason_maintenance": {
        "en": (
            "the exchange liquidates when the equity falls to the maintenance margin, not to zero"
        ),
        "zh": "交易所在权益跌至维持保证金时就强平，而不是等到归零",
    },
    "reason_inverse": {
        "en": (
            "a coin-margined position's margin and P&L are in coin, whose worth moves as 1/price"
        ),
        "zh": "币本位仓位的保证金和盈亏以币计价，币的价值按 1/价格 变化",
    },
    "reason_liquidation_fee": {
        "en": ("the exchange also keeps a liquidation fee on the position's value at that price"),
        "zh": "交易所还按该价格下的仓位价值预留强平手续费",
    },
    "reason_cross": {
        "en": (
            "under cross margin the other positions' maintenance margin and unrealised P&L "
            "count too"
        ),
        "zh": "全仓模式下其他仓位的维持保证金和未实现盈亏也计算在内",
    },
    "and": {"en": ", and ", "zh": "，且"},
    "contracts": {"en": "{contracts} contracts ({face})", "zh": "{contracts} 张（{face}）"},
    "no_contract": {
        "en": (
            "Less than one contract: one contract of {face} would lose {loss} at the stop, "
            "more than your risk of {risk}."
        ),
        "zh": "不足一张：一张 {face} 的合约在止损处会亏 {loss}，超过你的风险金额 {risk}。",
    },
    "warn_leverage": {
        "en": (
            "At {leverage} this position is liquidated at {liquidation}, before your stop at "
            "{stop}, and loses its whole margin of {margin} there, not the risk you chose: "
            "use at most {max}."
        ),
        "zh": (
            "在 {leverage} 杠杆下，该仓位会在 {liquidation} 被强平，早于你的止损价 {stop}，"
            "届时亏掉全部保证金 {margin}（而不是你设定的风险金额）：杠杆最多用 {max}。"
        ),
    },
    "warn_margin": {
        "en": (
            "The margin of {margin} is more than your balance of {balance}: use a higher "
            "leverage (at most {max}) or risk less."
        ),
        "zh": ("所需保证金 {margin} 超过你的余额 {balance}：请提高杠杆（最多 {max}）或降低风险。"),
    },
    "reward": {"en": "TP{n} {tp}: {reward}, R:R {rr}", "zh": "止盈{n} {tp}：{reward}，盈亏比 {rr}"},
    "tp_wrong_side": {
        "en": "TP{n} {tp}: on the losing side for a {side}, not a take-profit",
        "zh": "止盈{n} {tp}：在{side}的亏损一侧，不是止盈价",
    },
    "long": {"en": "long", "zh": "多单"},
    "short": {"en": "short", "zh": "空单"},
    "mark_entry": {"en": "Entry", "zh": "开仓价"},
    "mark_stop": {"en": "Stop", "zh": "止损价"},
    "mark_target": {"en": "TP{n}", "zh": "止盈{n}"},
    "mark_liquidation": {"en": "Liquidation", "zh": "强平价"},
    "mark_break_even": {"en": "Break-even", "zh": "保本价"},
    "warn_tier_leverage": {
        "en": (
            "A position worth {value} is in tier {n}, which allows at most {max}: the "
            "exchange will not open it at {leverage}. Lower the leverage or the size."
        ),
        "zh": (
            "价值 {value} 的仓位处于第 {n} 档，该档最多允许 {max}：交易所不会以 {leverage} "
            "开仓。请降低杠杆或仓位。"
        ),
    },
}

_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
_TAKE_PROFIT_SEPARATOR = re.compile(r"[\s,;、]+")


# --- helpers ---------------------------------------------------------------------------


def _money(value: float, kind: str, coin: str) -> str:
    """An amount in the margin currency of the contract kind."""
    return fmt.amount(value, a.money_unit(kind, coin))


def _value(engine: ModuleType, price: float, size: float) -> float:
    """The position's value at ``price`` in the margin currency: its initial margin at 1x."""
    return float(engine.initial_margin(price, size, 1))


def _multiple(leverage: float) -> str:
    """A leverage without its sign, for "1/20"."""
    return fmt.leverage(leverage).removesuffix("×")


def _price_or(value: float | None, lang: str, key: str) -> str:
    return say(TEXTS, key, lang) if value is None else fmt.price(value)


# --- liquidation -----------------------------------------------------------------------


def _gap_sentence(
    lang: str,
    *,
    leverage: float,
    distance: float | None,
    immediate: bool,
    reasons: list[str],
) -> str:
    lev = _multiple(leverage)
    rule = fmt.percent(rules.liquidation_move(leverage))
    if distance is None:
        return say(TEXTS, "gap_never", lang, lev=lev, rule=rule)
    if immediate:
        return say(TEXTS, "gap_immediate", lang, lev=lev, rule=rule)
    exact = fmt.percent(abs(distance))
    if not reasons:
        return say(TEXTS, "gap_exact", lang, lev=lev, rule=rule, exact=exact)
    joined = say(TEXTS, "and", lang).join(say(TEXTS, key, lang) for key in reasons)
    return say(TEXTS, "gap", lang, lev=lev, rule=rule, exact=exact, reasons=joined)


def _liquidation(v: Values, lang: str) -> dict[str, str]:
    """The liquidation card: exact liquidation and bankruptcy prices beside the guide's 1/L."""
    kind, coin = a.kind(v), a.coin(v)
    engine = a.engine(kind)
    side, entry = v["side"], v["entry"]
    size = a.engine_size(v, kind)
    notional = _value(engine, entry, size)
    if v["margin_mode"] == "isolated":
        leverage = a.required(v, "leverage")
        wallet = engine.initial_margin(entry, size, leverage)
        other_maint = other_upnl = 0.0
        names = {"wallet": "leverage"}
    else:
        wallet = a.required(v, "wallet")
        if wallet <= 0:
            raise InputError("wallet", "not_positive")
        other_maint, other_upnl = a.or_zero(v, "other_maint"), a.or_zero(v, "other_upnl")
        leverage = notional / wallet  # the position's effective leverage
        names = {}

    tiers = v["mm_source"] == "tiers"
    liquidation_fee = a.or_zero(v, "liquidation_fee")
    table: list[tuple[float, float]] = []
    basis = v["tier_basis"] or "notional"
    box = TierBox(table, basis, (), v["tier_caps"] == "inclusive")
    if tiers:
        box = read_tiers(v["brackets"], kind, basis, box.inclusive_caps)
    table, basis, leverages, caps = box
    if tiers:
        liquidation = a.renamed(
            engine.liquidation_price_tiered,
            names,
            side,
            entry,
            size,
            wallet,
            table,
            other_maint,
            other_upnl,
            liquidation_fee=liquidation_fee,
            basis=basis,
            inclusive_caps=caps,
        )
    else:
        liquidation = a.renamed(
            engine.liquidation_price,
            names,
            side,
            entry,
            size,
            wallet,
            a.or_zero(v, "mmr"),
            a.or_zero(v, "maint_amount"),
            other_maint,
            other_upnl,
            v["convention"],
            liquidation_fee=liquidation_fee,
        )

    backing = wallet + other_upnl  # what stands between the position and zero equity
    if backing < 0:
        bankruptcy = say(TEXTS, "bankrupt_now", lang)
    else:
        price = a.renamed(engine.bankruptcy_price, names, side, entry, size, backing)
        bankruptcy = _price_or(price, lang, "never_bankrupt")

    outputs = {
        "liquidation": _price_or(liquidation, lang, "never"),
        "bankruptcy": bankruptcy,
        "distance": "",
        "rule_distance": fmt.percent(rules.liquidation_move(leverage)),
        "margin": _money(wallet, kind, coin),
        "maint_margin": "",
        "liquidation_fee": "",
        "bracket": "",
        "brackets_source": "",
        "tier_max_leverage": "",
        "leverage_warning": "",
    }
    if tiers:
        outputs.update(_tier_leverage(v, lang, table, basis, leverages, caps, notional))
    if tiers and is_example(table, kind):
        source = engine.EXAMPLE_BRACKETS_SOURCE
        outputs["brackets_source"] = say(TEXTS, "source", lang, source=source)

    distance = None
    immediate = False
    reasons: list[str] = []
    if liquidation is not None:
        distance = rules.target_change(entry, liquidation)
        outputs["distance"] = fmt.signed(fmt.percent(distance), distance)
        immediate = a.liquidated_at_once(side, entry, liquidation)
        # The position's own maintenance margin at liquidation: with a tier table, that of
        # the bracket its value falls in there; under Bybit's convention, valued at entry.
        if tiers:
            index = engine.bracket_at(table, liquidation, size, basis=basis, inclusive_caps=caps)
            rate, amount = table[index][1], engine.maintenance_amounts(table, basis=basis)[index]
            valued_at = liquidation
            outputs["bracket"] = say(
                TEXTS,
                "tier",
                lang,
                n=index + 1,
                rate=fmt.percent(rate),
                amount=_money(amount, kind, coin),
            )
        else:
            rate, amount = a.or_zero(v, "mmr"), a.or_zero(v, "maint_amount")
            valued_at = liquidation if v["convention"] == "binance" else entry
        maint = engine.maintenance_margin(valued_at, size, rate, amount)
        outputs["maint_margin"] = _money(maint, kind, coin)
        if liquidation_fee:
            fee = engine.liquidation_fee_amount(liquidation, size, liquidation_fee)
            outputs["liquidation_fee"] = _money(fee, kind, coin)
        if not math.isclose(maint, 0, abs_tol=1e-12 * max(1.0, notional)):
            reasons.append("reason_maintenance")
        if liquidation_fee:
            reasons.append("reason_liquidation_fee")
        if kind == "inverse":
            reasons.append("reason_inverse")
        if v["margin_mode"] == "cross" and (other_maint or other_upnl):
            reasons.append("reason_cross")
    outputs["rule_gap"] = _gap_sentence(
        lang, leverage=leverage, distance=distance, immediate=immediate, reasons=reasons
    )
    outputs.update(_add_margin(v, lang, wallet, box))
    outputs["work"] = _liquidation_work(v, lang, box, liquidation, outputs["liquidation"])
    return outputs


def _tier_leverage(
    v: Values,
    lang: str,
    table: list[tuple[float, float]],
    basis: str,
    leverages: tuple[float | None, ...],
    caps: bool,
    notional: float,
) -> dict[str, str]:
    """The maximum leverage of the tier the position is in when opened, and a warning when
    the chosen (isolated) leverage is above it; nothing where the table gives none."""
    kind, coin = a.kind(v), a.coin(v)
    engine = a.engine(kind)
    index = engine.bracket_at(
        table, v["entry"], a.engine_size(v, kind), basis=basis, inclusive_caps=caps
    )
    highest = leverages[index] if index < len(leverages) else None
    if highest is None:
        return {}
    shown = {"tier_max_leverage": fmt.leverage(highest)}
    leverage = v["leverage"]
    if v["margin_mode"] == "isolated" and leverage is not None and leverage > highest:
        shown["leverage_warning"] = say(
            TEXTS,
            "warn_tier_leverage",
            lang,
            value=_money(notional, kind, coin),
            n=index + 1,
            max=fmt.leverage(highest),
            leverage=fmt.leverage(leverage),
        )
    return shown


class _Backing(TypedDict, total=False):
    """What backs the position: its leverage (isolated) or the wallet and the others (cross)."""

    leverage: float
    wallet: float
    other_maint: float
    other_upnl: float


def _liquidation_work(
    v: Values, lang: str, tiering: TierBox, liquidation: float | None, shown: str
) -> str:
    """The liquidation price worked through with the card's numbers (see :mod:`app.work`).

    ``liquidation`` is the engine's price, ``shown`` the card's text for it.
    """
    kind, coin = a.kind(v), a.coin(v)
    isolated = v["margin_mode"] == "isolated"
    margin: _Backing = (
        {"leverage": a.required(v, "leverage")}
        if isolated
        else {
            "wallet": a.required(v, "wallet"),
            "other_maint": a.or_zero(v, "other_maint"),
            "other_upnl": a.or_zero(v, "other_upnl"),
        }
    )
    common = (kind, v["side"], v["entry"], a.engine_size(v, kind))
    fee = a.or_zero(v, "liquidation_fee")
    if v["mm_source"] == "tiers":
        chain = worked.liquidation_tiered(
            *common,
            tiering.brackets,
            basis=tiering.basis,
            liquidation_fee=fee,
            inclusive_caps=tiering.inclusive_caps,
            **margin,
        )
    else:
        chain = worked.liquidation(
            *common,
            mmr=a.or_zero(v, "mmr"),
            maint_amount=a.or_zero(v, "maint_amount"),
            convention=v["convention"],
            liquidation_fee=fee,
            **margin,
        )
    found = liquidation is not None
    results = {"LP": w.Result("liquidation", fmt.price)} if found else {}
    chains = [chain]
    # The bankruptcy price from the same margin; under cross margin only where the other
    # positions' P&L is nil (the card then backs the position with the wallet alone).
    if isolated or not margin["other_upnl"]:
        bankrupt = worked.bankruptcy(*common, chain.values["WB"])
        chains.append(bankrupt)
        price = bankrupt.result
        if price is not None and price > 0:
            results["BP"] = w.Result("bankruptcy", fmt.price)
    notes = () if found else (shown,)
    return w.explain(chains, lang, w.units(kind, coin, lang), results, notes)


def _add_margin(v: Values, lang: str, margin: float, tiering: TierBox) -> dict[str, str]:
    """Adding margin to an isolated position: the margin that puts liquidation at a target.

    With a tier table, the target's own bracket sets the maintenance (rate and amount).
    Where added margin pays the fee to close the position (Bybit's unified account, the
    ``added_margin_fee`` its preset fills), it counts as X / (1 - s x fee): the margin
    to add is less than the margin counted, and the new price is the engine's with
    ``added_margin``.
    """
    outputs = {"margin_needed": "", "margin_to_add": "", "new_liquidation": ""}
    target = v["target_liquidation"]
    if target is None or v["margin_mode"] != "isolated":
        return outputs
    kind, coin = a.kind(v), a.coin(v)
    engine = a.engine(kind)
    side, entry, size = v["side"], v["entry"], a.engine_size(v, kind)
    fee = a.or_zero(v, "liquidation_fee")
    close_fee = a.or_zero(v, "added_margin_fee")
    table, basis, _, caps = tiering
    names = {"target": "target_liquidation"}
    if v["mm_source"] == "tiers":
        index = a.renamed(
            engine.bracket_at, names, table, target, size, basis=basis, inclusive_caps=caps
        )
        rate, amount = table[index][1], engine.maintenance_amounts(table, basis=basis)[index]
        convention = "binance"
    else:
        rate, amount = a.or_zero(v, "mmr"), a.or_zero(v, "maint_amount")
        convention = v["convention"]
    needed = a.renamed(
        engine.margin_for_liquidation_price,
        names,
        side,
        entry,
        size,
        rate,
        target,
        amount,
        convention,
        liquidation_fee=fee,
    )
    extra = a.renamed(
        engine.margin_to_add, {"close_fee": "added_margin_fee"}, side, margin, needed, close_fee
    )
    # Margin added counts by the exchange's rule; margin to spare is left where it is.
    wallet, added = (margin, extra) if extra > 0 else (needed, 0.0)
    paid = {"added_margin": added, "close_fee": close_fee}
    if table and v["mm_source"] == "tiers":
        after = engine.liquidation_price_tiered(
            side,
            entry,
            size,
            wallet,
            table,
            liquidation_fee=fee,
            basis=basis,
            inclusive_caps=caps,
            **paid,
        )
    else:
        after = engine.liquidation_price(
            side, entry, size, wallet, rate, amount, 0.0, 0.0, convention, fee, **paid
        )
    # The position's margin after it: what it holds plus what is transferred.
    outputs["margin_needed"] = _money(margin + extra, kind, coin)
    outputs["margin_to_add"] = (
        _money(extra, kind, coin)
        if extra >= 0
        else say(TEXTS, "margin_spare", lang, amount=_money(-extra, kind, coin))
    )
    outputs["new_liquidation"] = _price_or(after, lang, "never")
    return outputs


# --- position size from risk ---------------------------------------------------------


def parse_take_profits(raw: str) -> list[float]:
    """Read a list of take-profit prices.

    Prices are separated by semicolons, whitespace, or commas that do not group
    thousands (a comma followed by exactly three digits and then the end or a non-digit
    groups them); "、" and full-width punctuation work too.

    Raises
    ------
    InputError
        (field ``take_profits``) if a price is not a positive number.

    Examples
    --------
    >>> parse_take_profits("36,000; 38,000")
    [36000.0, 38000.0]
    >>> parse_take_profits("36000 38000, 40,000")
    [36000.0, 38000.0, 40000.0]
    >>> parse_take_profits("")
    []
    """
    cleaned = _THOUSANDS_COMMA.sub("", (raw or "").translate(FULL_WIDTH_PUNCTUATION))
    prices = []
    for token in _TAKE_PROFIT_SEPARATOR.split(cleaned):
        if not token:
            continue
        price = parse_number(token, "take_profits")
        if price <= 0:
            raise InputError("take_profits", "not_positive")
        prices.append(price)
    return prices


def _risk(v: Values, lang: str) -> dict[str, str]:
    """The risk card: the size that loses the chosen risk at the stop, and what it needs."""
    kind, coin = a.kind(v), a.coin(v)
    engine = a.engine(kind)
    side, entry, stop, leverage = v["side"], v["entry"], v["stop"], v["leverage"]
    balance = v["balance"]
    if balance <= 0:
        raise InputError("balance", "not_positive")
    percent = v["risk_unit"] == "percent"
    # The amount risked, the size and the highest leverage as contractcalc._worked works
    # them (shown in "How"); the amount from a percentage is taken from there.
    chains: list[worked.Work] = [worked.risk_amount(balance, v["risk"])] if percent else []
    risk_amount = float(chains[0].values["K"]) if percent else v["risk"]
    if risk_amount >= balance:
        raise InputError("risk", "at_least", limit=100.0 if percent else balance)
    mmr = a.or_zero(v, "mmr")
    open_fee, close_fee = a.or_zero(v, "open_fee"), a.or_zero(v, "close_fee")
    take_profits = parse_take_profits(v["take_profits"])
    contract_size = a.contract_size(v) if kind == "inverse" else 1.0
    size = engine.position_size_for_risk(side, entry, stop, risk_amount, open_fee, close_fee)
    liquidation_fee = a.or_zero(v, "liquidation_fee")
    # A liquidation fee f on top of rate m liquidates where rate m + f alone would
    # (the engine's mark-price convention; see liquidation_price's liquidation_fee);
    # their sum is exact, as the worked formula adds them.
    max_leverage = a.renamed(
        engine.max_leverage_for_stop,
        {"mmr": "liquidation_fee"} if liquidation_fee else {},
        side,
        entry,
        stop,
        Fraction(mmr) + Fraction(liquidation_fee),
    )
    fees = (open_fee, close_fee)
    sized = worked.position_size(
        kind, side, entry, stop, risk_amount, fees, contract_size if kind == "inverse" else None
    )
    chains.extend((sized, worked.stop_leverage(kind, side, entry, stop, mmr, liquidation_fee)))
    show_size = _size_text(kind, coin, contract_size, lang)
    if kind == "inverse":
        # Only whole contracts can be ordered: rounded down, so the loss stays within the
        # risk (contractcalc._worked.whole: an exact count such as 87 never reads 86.999...).
        contracts = int(sized.values["N"])
        if contracts == 0:
            return _no_contract(v, lang, size, contract_size, risk_amount, max_leverage) | {
                "work": _risk_work(chains, v, lang, None)
            }
        shown_size = show_size(contracts)
        size = contracts * contract_size
    else:
        shown_size = show_size(size)
    margin = a.renamed(engine.initial_margin, {"size": "risk"}, entry, size, leverage)
    liquidation = a.renamed(
        engine.liquidation_price,
        {"wallet": "leverage"},
        side,
        entry,
        size,
        margin,
        mmr,
        convention=presets.convention(v["exchange"]),
        liquidation_fee=liquidation_fee,
    )
    break_even = engine.break_even_price(side, entry, open_fee, close_fee)
    # The chart's marks; each valid take-profit adds "TP<n>", n its place in the typed list.
    markers = [
        ("entry", entry, say(TEXTS, "mark_entry", lang)),
        ("stop", stop, say(TEXTS, "mark_stop", lang)),
        ("break_even", break_even, say(TEXTS, "mark_break_even", lang)),
    ]
    if liquidation is not None:
        markers.append(("liquidation", liquidation, say(TEXTS, "mark_liquidation", lang)))

    leverage_warning = ""
    if leverage > max_leverage and liquidation is not None:
        leverage_warning = say(
            TEXTS,
            "warn_leverage",
            lang,
            leverage=fmt.leverage(leverage),
            liquidation=fmt.price(liquidation),
            stop=fmt.price(stop),
            margin=_money(margin, kind, coin),
            max=fmt.leverage_down(max_leverage),
        )
    margin_warning = ""
    if margin > balance:
        margin_warning = say(
            TEXTS,
            "warn_margin",
            lang,
            margin=_money(margin, kind, coin),
            balance=_money(balance, kind, coin),
            max=fmt.leverage_down(max_leverage),
        )

    lines = []
    for number, tp in enumerate(take_profits, start=1):
        if (tp <= entry) if side == "long" else (tp >= entry):
            side_name = say(TEXTS, side, lang)
            lines.append(
                say(TEXTS, "tp_wrong_side", lang, n=number, tp=fmt.price(tp), side=side_name)
            )
            continue
        markers.append(("target", tp, say(TEXTS, "mark_target", lang, n=number)))
        gross = a.renamed(engine.pnl, {"exit": "take_profits"}, side, entry, tp, size)
        # Fees as in position_size_for_risk: each rate on the position's value at its price.
        fees = a.renamed(
            engine.trading_fees, {"exit": "take_profits"}, entry, tp, size, open_fee, close_fee
        )
        reward = gross - fees
        lines.append(
            say(
                TEXTS,
                "reward",
                lang,
                n=number,
                tp=fmt.price(tp),
                reward=fmt.signed(_money(reward, kind, coin), reward),
                rr=fmt.number(reward / risk_amount),
            )
        )

    return {
        "size": shown_size,
        "notional": _money(_value(engine, entry, size), kind, coin),
        "margin": _money(margin, kind, coin),
        "margin_share": fmt.percent(margin / balance),
        "risk_amount": _money(risk_amount, kind, coin),
        "max_leverage": fmt.leverage_down(max_leverage),
        "leverage_warning": leverage_warning,
        "margin_warning": margin_warning,
        "rewards": "\n".join(lines),
        "liquidation": _price_or(liquidation, lang, "never"),
        "chart": payoff_svg(kind, side, entry, size, markers, a.money_unit(kind, coin), lang),
        "work": _risk_work(chains, v, lang, show_size),
    }


def _size_text(kind: str, coin: str, contract_size: float, lang: str) -> w.Formatter:
    """How the risk card shows its size: coins, or a number of whole contracts."""
    if kind == "linear":
        return lambda size: fmt.money(size, coin, decimals=fmt.COIN_DECIMALS)
    return lambda count: say(
        TEXTS,
        "contracts",
        lang,
        contracts=fmt.number(count, 0),
        face=fmt.money(count * contract_size, fmt.FACE),
    )


def _risk_work(
    chains: Sequence[worked.Work], v: Values, lang: str, show_size: w.Formatter | None
) -> str:
    """The risk card's amount, size and highest leverage worked with its numbers.

    ``show_size`` formats the size as the card shows it (None where it shows no size).
    """
    kind, coin = a.kind(v), a.coin(v)
    results = {
        "K": w.Result("risk_amount", lambda value: _money(value, kind, coin)),
        "L_max": w.Result("max_leverage", fmt.leverage_down),
    }
    if show_size is not None:
        results["N" if kind == "inverse" else "Q"] = w.Result("size", show_size)
    return w.explain(chains, lang, w.units(kind, coin, lang), results)


def _no_contract(
    v: Values,
    lang: str,
    size: float,
    contract_size: float,
    risk_amount: float,
    max_leverage: float,
) -> dict[str, str]:
    """The risk card when the risk buys less than one whole inverse contract.

    The loss at the stop is proportional to the size, so one contract loses
    ``risk_amount * contract_size / size``; everything that depends on a position is "".
    """
    kind, coin = a.kind(v), a.coin(v)
    loss = risk_amount * contract_size / size
    return {
        "size": say(
            TEXTS,
            "no_contract",
            lang,
            face=fmt.money(contract_size, fmt.FACE),
            loss=_money(loss, kind, coin),
            risk=_money(risk_amount, kind, coin),
        ),
        "notional": "",
        "margin": "",
        "margin_share": "",
        "risk_amount": _money(risk_amount, kind, coin),
        "max_leverage": fmt.leverage_down(max_leverage),
        "leverage_warning": "",
        "margin_warning": "",
        "rewards": "",
        "liquidation": "",
        "chart": "",
    }


_ON_RATE = "mm_source=rate"
_ON_CROSS = "margin_mode=cross"

CALCULATORS: dict[str, Calculator] = {
    "liquidation": Calculator(
        (
            a.KIND,
            a.COIN,
            a.SIDE_REQUIRED,
            Field("margin_mode", "choice", ("isolated", "cross"), default="isolated"),
            Field("entry", default="30000", unit="price"),
            Field("size", default="1", inverse_default="100", unit="size"),
            a.CONTRACT_SIZE,
            Field("leverage", optional=True, default="20", show="margin_mode=isolated"),
            Field(
                "wallet",
                optional=True,
                default="5000",
                inverse_default="0.5",
                unit="money",
                show=_ON_CROSS,
            ),
            Field("other_maint", optional=True, default="0", unit="money", show=_ON_CROSS),
            Field("other_upnl", optional=True, default="0", unit="money", show=_ON_CROSS),
            Field("mm_source", "choice", ("rate", "tiers"), default="rate"),
            replace(a.MMR, show=_ON_RATE),
            Field("maint_amount", optional=True, default="0", unit="money", show=_ON_RATE),
            Field("convention", "choice", CONVENTIONS, default="binance", show=_ON_RATE),
            a.LIQUIDATION_FEE,
            Field(
                "target_liquidation",
                optional=True,
                default="",
                unit="price",
                show="margin_mode=isolated",
            ),
            # The fee to close that margin added pays for (Bybit's unified account: its
            # taker rate); 0 where margin added counts in full. The preset fills it.
            Field(
                "added_margin_fee",
                "percent",
                optional=True,
                default="0",
                show="margin_mode=isolated",
            ),
            Field(
                "tier_basis",
                "choice",
                (*BASES, ""),  # empty: by value, as before the choice existed
                default="notional",
                show="mm_source=tiers",
            ),
            # Whether a tier's cap belongs to it ("2,000,000 USDT or below", Bybit) or
            # starts the next tier (Binance's floors): which tier the card names exactly
            # at a cap. A choice the preset fills, so a typed table says it too.
            Field(
                "tier_caps",
                "choice",
                (*presets.CAPS, ""),  # empty: the next tier, as before the choice existed
                default="exclusive",
                show="mm_source=tiers",
            ),
            Field(
                "brackets",
                "text",
                default=example_brackets_text("linear"),
                inverse_default=example_brackets_text("inverse"),
                show="mm_source=tiers",
                lines=10,
                normalise=pasted_tiers,
                wide=True,
            ),
        ),
        _liquidation,
        title="t.liquidation",
        outputs=(
            Output("liquidation", "r.liquidation", big=True),
            Output("distance", "r.distance", big=True),
            Output("bankruptcy", "r.bankruptcy"),
            Output("rule_distance", "r.rule_distance"),
            Output("margin", "r.margin"),
            Output("maint_margin", "r.maint_margin"),
            Output("liquidation_fee", "r.liquidation_fee"),
            Output("bracket", "r.bracket", copy=False),
            Output("tier_max_leverage", "r.tier_max_leverage"),
            Output("margin_needed", "r.margin_needed", big=True),
            Output("margin_to_add", "r.margin_to_add"),
            Output("new_liquidation", "r.new_liquidation"),
        ),
        slots=(
            Slot("rule_gap", "why"),
            Slot("leverage_warning", "warning"),
            Slot("brackets_source", "source"),
            Slot("work", "work"),
        ),
        explains=both_kinds(
            "liquidation_price",
            "maintenance_margin",
            "maintenance_amounts",
            "liquidation_price_tiered",
            "bankruptcy_price",
            "margin_for_liquidation_price",
        ),
    ),
    "risk": Calculator(
        (
            a.KIND,
            a.COIN,
            a.SIDE_REQUIRED,
            Field("balance", default="10000", inverse_default="1", unit="money"),
            Field("risk", default="1"),
            Field("risk_unit", "choice", ("percent", "amount"), default="percent"),
            Field("entry", default="30000", unit="price"),
            Field("stop", default="29000", unit="price"),
            Field("take_profits", "text", default="32000; 34000", wide=True),
            Field("leverage", default="20"),
            a.MMR,
            a.LIQUIDATION_FEE,
            a.OPEN_FEE,
            a.CLOSE_FEE,
            a.CONTRACT_SIZE,
            a.EXCHANGE,
        ),
        _risk,
        title="t.risk",
        outputs=(
            Output("size", "r.size", big=True),
            Output("max_leverage", "r.max_leverage", big=True),
            Output("risk_amount", "r.risk_amount"),
            Output("notional", "r.notional"),
            Output("margin", "r.margin_at_leverage"),
            Output("margin_share", "r.margin_share"),
            Output("liquidation", "r.liquidation_at_leverage"),
        ),
        slots=(
            Slot("leverage_warning", "warning"),
            Slot("margin_warning", "warning"),
            Slot("rewards", "rewards"),
            Slot("chart", "chart"),
            Slot("work", "work"),
        ),
        explains=both_kinds(
            "position_size_for_risk", "max_leverage_for_stop", "liquidation_price#0"
        ),
    ),
}
