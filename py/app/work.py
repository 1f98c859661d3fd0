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
from .format import FACE, QUOTE
from .texts import Texts, say

#: Symbol names shown as another letter.
_GREEK = {"Delta": "Δ"}
#: Units worded here (``unit.<unit>``); the others are currencies.
_WORDED_UNITS = ("rate", "percent", "multiple", "sign")
#: Every key of :data:`TEXTS` this module says: each symbol's meaning, each worded unit and
#: each case contractcalc._worked declares (``tests/unit/app/test_worked.py`` checks they match).
KEYS: frozenset[str] = frozenset(
    {"legend", "case", "steps", "coin"}
    | {f"symbol.{symbol.meaning}" for symbol in SYMBOLS.values()}
    | {f"unit.{unit}" for unit in _WORDED_UNITS}
    | {f"case.{case}" for case in CASES}
)

#: The worked formulas' words: headings, each symbol's meaning, units and cases.
TEXTS: Texts = {
    "legend": {"en": "Symbols", "zh": "符号说明"},
    "case": {"en": "Which formula applies, and why", "zh": "适用哪个公式，为什么"},
    "steps": {"en": "Worked with the numbers on this card", "zh": "代入本卡片的数字逐步计算"},
    "coin": {"en": "coin", "zh": "币"},
    "unit.rate": {"en": "a fraction: 0.4% is 0.004", "zh": "小数：0.4% 写作 0.004"},
    "unit.percent": {"en": "a fraction, shown as a percentage", "zh": "小数，结果以百分比显示"},
    "unit.multiple": {"en": "a multiple: 20 for 20×", "zh": "倍数：20 倍写作 20"},
    "unit.sign": {"en": "+1 for a long, −1 for a short", "zh": "多单为 +1，空单为 −1"},
    "symbol.entry": {"en": "entry price", "zh": "开仓价"},
    "symbol.exit": {"en": "exit price", "zh": "平仓价"},
    "symbol.quantity": {"en": "position size in coins", "zh": "仓位数量（币）"},
    "symbol.face": {
        "en": "position size as USD face value (contracts × contract size)",
        "zh": "仓位面值（张数 × 每张面值）",
    },
    "symbol.leverage": {"en": "leverage", "zh": "杠杆倍数"},
    "symbol.sign": {"en": "side", "zh": "方向"},
    "symbol.mmr": {"en": "maintenance margin rate", "zh": "维持保证金率"},
    "symbol.liquidation_fee": {"en": "liquidation fee rate", "zh": "强平手续费率"},
    "symbol.maint_amount": {
        "en": "maintenance amount (Binance “cum”)",
        "zh": "维持保证金速算额（币安 cum）",
    },
    "symbol.wallet": {
        "en": "the position's margin (isolated) or the wallet balance (cross)",
        "zh": "仓位保证金（逐仓）或钱包余额（全仓）",
    },
    "symbol.initial_margin": {"en": "initial margin", "zh": "初始保证金"},
    "symbol.other_maint": {
        "en": "maintenance margin of the other positions",
        "zh": "其他仓位的维持保证金",
    },
    "symbol.other_upnl": {
        "en": "unrealised P&L of the other positions",
        "zh": "其他仓位的未实现盈亏",
    },
    "symbol.backing": {
        "en": "the margin that backs the position, plus the maintenance amount",
        "zh": "支撑该仓位的保证金，加上维持保证金速算额",
    },
    "symbol.liquidation": {"en": "liquidation price", "zh": "强平价"},
    "symbol.pnl": {
        "en": "gross P&L, before fees and funding",
        "zh": "毛盈亏（未扣手续费和资金费）",
    },
    "symbol.open_fee": {"en": "opening fee rate", "zh": "开仓手续费率"},
    "symbol.close_fee": {"en": "closing fee rate", "zh": "平仓手续费率"},
    "symbol.fees": {"en": "trading fees", "zh": "交易手续费"},
    "symbol.funding_rate": {"en": "funding rate per interval", "zh": "每期资金费率"},
    "symbol.intervals": {"en": "number of funding intervals", "zh": "资金费期数"},
    "symbol.funding": {
        "en": "funding paid (negative: received)",
        "zh": "支付的资金费（负数为收取）",
    },
    "symbol.net_pnl": {"en": "net P&L", "zh": "净盈亏"},
    "symbol.roe": {"en": "return on the initial margin (ROE)", "zh": "收益率（相对初始保证金）"},
    "symbol.open_price": {"en": "open price", "zh": "开仓价"},
    "symbol.target_price": {"en": "target price", "zh": "目标价"},
    "symbol.stop_price": {"en": "stop-loss price", "zh": "止损价"},
    "symbol.change": {"en": "price change", "zh": "价格涨跌幅"},
    "symbol.net_return": {
        "en": "net return on the position's value at entry",
        "zh": "相对开仓价值的净收益率",
    },
    "symbol.ratio": {"en": "target price over open price", "zh": "目标价与开仓价之比"},
    "symbol.stop_distance": {
        "en": "distance from the open price to the stop",
        "zh": "开仓价到止损价的距离",
    },
    "symbol.principal": {"en": "principal (margin put up)", "zh": "本金（投入的保证金）"},
    "symbol.rise": {"en": "price rise", "zh": "涨幅"},
    "symbol.fall": {"en": "price fall", "zh": "跌幅"},
    "symbol.unit_liquidation": {
        "en": "liquidation price for an entry price of 1",
        "zh": "开仓价为 1 时的强平价",
    },
    "symbol.change_guide": {
        "en": "price change, by the guide's rule",
        "zh": "价格涨跌幅（教程法则）",
    },
    "symbol.change_exact": {
        "en": "net return, exactly, signed like the change",
        "zh": "精确净收益率（正负号与涨跌幅一致）",
    },
    "symbol.target_guide": {"en": "target price, by the guide's rule", "zh": "目标价（教程法则）"},
    "symbol.target_exact": {"en": "target price, exactly", "zh": "目标价（精确）"},
    "symbol.move_guide": {
        "en": "adverse move to liquidation, by the guide's rule",
        "zh": "至强平的反向波动（教程法则）",
    },
    "symbol.move_exact": {
        "en": "adverse move to liquidation, exactly",
        "zh": "至强平的反向波动（精确）",
    },
    "symbol.leverage_guide": {"en": "leverage, by the guide's rule", "zh": "杠杆（教程法则）"},
    "symbol.leverage_exact": {"en": "highest safe leverage, exactly", "zh": "最高安全杠杆（精确）"},
    "symbol.profit_guide": {"en": "profit, by the guide's rule", "zh": "盈利（教程法则）"},
    "symbol.profit_exact": {"en": "profit after fees, exactly", "zh": "扣除手续费后的盈利（精确）"},
    "symbol.bankruptcy": {
        "en": "bankruptcy price: where the loss uses up the margin",
        "zh": "破产价：亏损耗尽保证金的价格",
    },
    "symbol.break_even": {
        "en": "break-even price: the exit at which the P&L pays both fees",
        "zh": "保本价：盈亏恰好抵消开平仓手续费的平仓价",
    },
    "symbol.balance": {"en": "available balance", "zh": "可用余额"},
    "symbol.contract_size": {
        "en": "contract size: the USD face value of one contract",
        "zh": "合约面值：每张合约的美元面值",
    },
    "symbol.contracts": {"en": "number of whole contracts", "zh": "整张合约数"},
    "symbol.ordered_face": {
        "en": "face value of the whole contracts (N × C)",
        "zh": "整张合约的面值（N × C）",
    },
    "symbol.risk_percent": {
        "en": "risk per trade, in percent of the balance (1 for 1%)",
        "zh": "每笔风险占余额的百分数（1 表示 1%）",
    },
    "symbol.risk_amount": {
        "en": "amount you risk losing at the stop",
        "zh": "止损时愿意亏损的金额",
    },
    "symbol.max_leverage": {
        "en": "highest leverage whose liquidation lies at or beyond the stop",
        "zh": "强平价不早于止损价的最高杠杆",
    },
    "symbol.row_price": {"en": "price of fill i", "zh": "第 i 笔成交的价格"},
    "symbol.row_quantity": {
        "en": "size on row i (fill or position i) in coins",
        "zh": "第 i 行（第 i 笔成交或第 i 个仓位）的数量，以币计",
    },
    "symbol.row_face": {
        "en": "size on row i (fill or position i) as USD face value",
        "zh": "第 i 行（第 i 笔成交或第 i 个仓位）的美元面值",
    },
    "symbol.row_sign": {"en": "side of position i", "zh": "第 i 个仓位的方向"},
    "symbol.row_entry": {"en": "entry price of position i", "zh": "第 i 个仓位的开仓价"},
    "symbol.row_mark": {
        "en": "mark price of position i's symbol",
        "zh": "第 i 个仓位所属合约的标记价格",
    },
    "symbol.row_mmr": {
        "en": "maintenance margin rate of position i's bracket",
        "zh": "第 i 个仓位所在档位的维持保证金率",
    },
    "symbol.row_maint_amount": {
        "en": "maintenance amount of position i's bracket",
        "zh": "第 i 个仓位所在档位的维持保证金速算额",
    },
    "symbol.row_upnl": {
        "en": "unrealised P&L of position i at its mark",
        "zh": "第 i 个仓位按标记价格计的未实现盈亏",
    },
    "symbol.row_maint": {"en": "maintenance margin of position i", "zh": "第 i 个仓位的维持保证金"},
    "symbol.row_value": {
        "en": "value of position i at its mark",
        "zh": "第 i 个仓位按标记价格计的价值",
    },
    "symbol.average": {"en": "average entry price", "zh": "开仓均价"},
    "symbol.add_price": {"en": "price of the fill to add", "zh": "补仓价格"},
    "symbol.target_average": {"en": "average entry price wanted", "zh": "目标均价"},
    "symbol.add_quantity": {"en": "size to add, in coins", "zh": "需补仓数量（币）"},
    "symbol.add_face": {"en": "size to add, as USD face value", "zh": "需补仓面值（美元）"},
    "symbol.new_average": {"en": "average entry price after adding", "zh": "补仓后的开仓均价"},
    "symbol.new_quantity": {"en": "size after adding, in coins", "zh": "补仓后的总数量（币）"},
    "symbol.new_face": {
        "en": "size after adding, as USD face value",
        "zh": "补仓后的总面值（美元）",
    },
    "symbol.upnl": {"en": "unrealised P&L of all positions", "zh": "所有仓位的未实现盈亏"},
    "symbol.margin_balance": {
        "en": "margin balance: wallet plus unrealised P&L (the account's equity)",
        "zh": "保证金余额：钱包余额加未实现盈亏（账户权益）",
    },
    "symbol.maintenance": {
        "en": "maintenance margin of all positions",
        "zh": "所有仓位的维持保证金",
    },
    "symbol.account_fee": {
        "en": "liquidation fee on all positions at their marks",
        "zh": "所有仓位按标记价格计的强平手续费",
    },
    "symbol.margin_ratio": {
        "en": "margin ratio: the requirement over the margin balance; liquidated at 100%",
        "zh": "保证金率：维持保证金要求除以保证金余额；达到 100% 即强平",
    },
    "symbol.headroom": {
        "en": "loss the account can still take before it is liquidated",
        "zh": "账户在强平前还能承受的亏损",
    },
    "symbol.price_factor": {
        "en": "the factor every mark price is multiplied by",
        "zh": "所有标记价格同乘的倍数",
    },
    "symbol.tier_floor": {
        "en": "floor of the tier the position's value reaches",
        "zh": "仓位价值到达的档位下限",
    },
    "case.isolated": {
        "en": "Isolated margin: only this position's own margin backs it.",
        "zh": "逐仓：只有该仓位自己的保证金为它担保。",
    },
    "case.cross": {
        "en": (
            "Cross margin: the whole wallet backs the position, less the other positions' "
            "maintenance margin (TMM), plus their unrealised P&L (UPNL)."
        ),
        "zh": (
            "全仓：整个钱包为该仓位担保，减去其他仓位的维持保证金（TMM），"
            "加上它们的未实现盈亏（UPNL）。"
        ),
    },
    "case.linear": {
        "en": (
            "USDT-margined (linear): the size is in coins; margin and P&L are in USDT and "
            "move in step with the price."
        ),
        "zh": "U本位（正向合约）：仓位以币计；保证金和盈亏以 USDT 计，与价格同步变化。",
    },
    "case.inverse": {
        "en": (
            "Coin-margined (inverse): the size is USD face value; margin and P&L are in "
            "coin, whose worth moves as 1/price."
        ),
        "zh": (
            "币本位（反向合约）：仓位以美元面值计；保证金和盈亏以币计，币的价值按 1/价格 变化。"
        ),
    },
    "case.mark": {
        "en": (
            "Maintenance margin valued at the liquidation price (Binance's convention, used "
            "by most exchanges)."
        ),
        "zh": "维持保证金按强平价计算（币安的算法，多数交易所采用）。",
    },
    "case.entry": {
        "en": "Maintenance margin valued at the entry price (Bybit's isolated convention).",
        "zh": "维持保证金按开仓价计算（Bybit 逐仓的算法）。",
    },
    "case.fee": {
        "en": (
            "A liquidation fee f of the position's value at the liquidation price is kept on "
            "top of the maintenance margin, so liquidation comes earlier."
        ),
        "zh": ("交易所在维持保证金之外还按强平价下的仓位价值收取强平手续费 f，所以强平来得更早。"),
    },
    "case.tiers": {
        "en": (
            "Tier table: the bracket that applies is the one whose range holds the "
            "position's value at the liquidation price; m and cum are that bracket's rate "
            "and maintenance amount (the card's tier row)."
        ),
        "zh": (
            "档位表：适用的档位是强平价下仓位价值所在的那一档；m 和 cum "
            "是该档的维持保证金率和速算额（见卡片上的档位一行）。"
        ),
    },
    "case.tier_size": {
        "en": (
            "This table picks the bracket by the position's size (OKX), so its rate applies "
            "to the whole position with no maintenance amount."
        ),
        "zh": "该档位表按仓位数量选档（OKX），所以该档费率适用于整个仓位，没有速算额。",
    },
    "case.fees": {
        "en": (
            "Trading fees: f_o of the position's value at entry to open, f_c of its value at "
            "the exit to close."
        ),
        "zh": "交易手续费：开仓按开仓价值的 f_o，平仓按平仓价值的 f_c。",
    },
    "case.no_fees": {"en": "No trading fees entered.", "zh": "未输入交易手续费。"},
    "case.long_from_target": {
        "en": "The target is above the open price, so this is a long (s = +1).",
        "zh": "目标价高于开仓价，所以是多单（s = +1）。",
    },
    "case.short_from_target": {
        "en": "The target is below the open price, so this is a short (s = −1).",
        "zh": "目标价低于开仓价，所以是空单（s = −1）。",
    },
    "case.long_from_change": {
        "en": "The change is not negative, so this is a long (s = +1).",
        "zh": "涨跌幅不为负，所以是多单（s = +1）。",
    },
    "case.short_from_change": {
        "en": "The change is negative, so this is a short (s = −1).",
        "zh": "涨跌幅为负，所以是空单（s = −1）。",
    },
    "case.long_from_stop": {
        "en": "The stop is below the open price, so this is a long (s = +1).",
        "zh": "止损价低于开仓价，所以是多单（s = +1）。",
    },
    "case.short_from_stop": {
        "en": "The stop is above the open price, so this is a short (s = −1).",
        "zh": "止损价高于开仓价，所以是空单（s = −1）。",
    },
    "case.funding": {
        "en": (
            "Funding: rate r for each of n intervals, on the position's value at the entry "
            "price (taken as the mark); with a positive rate longs pay shorts."
        ),
        "zh": (
            "资金费：共 n 期，每期费率 r，按开仓价（视作标记价格）下的仓位价值计算；"
            "费率为正时多单付给空单。"
        ),
    },
    "case.guide": {
        "en": "The guide's rule, as the guide writes it: no fees, no maintenance margin.",
        "zh": "教程的法则，按教程原文计算：不计手续费，也不计维持保证金。",
    },
    "case.unit_entry": {
        "en": (
            "The move does not depend on the price or the size, so it is worked at an entry "
            "price of 1 and a size of 1, with the initial margin 1/L as the margin."
        ),
        "zh": (
            "波动幅度与价格和仓位大小无关，所以按开仓价 1、数量 1 计算，保证金为初始保证金 1/L。"
        ),
    },
    "case.bankruptcy": {
        "en": (
            "Bankruptcy price: where the loss has used up the margin WB exactly (equity "
            "zero), with no maintenance margin or fee."
        ),
        "zh": "破产价：亏损恰好耗尽保证金 WB（权益为零）的价格，不计维持保证金和手续费。",
    },
    "case.break_even": {
        "en": (
            "Break-even price: the exit at which the gross P&L pays the fee to open (f_o of "
            "the value at entry) and the fee to close (f_c of the value at the exit)."
        ),
        "zh": (
            "保本价：毛盈亏恰好支付开仓手续费（开仓价值的 f_o）和平仓手续费（平仓价值的 f_c）"
            "的平仓价。"
        ),
    },
    "case.order_cost": {
        "en": (
            "The order costs its initial margin (its value over L) plus the opening fee f_o "
            "on its value; the largest size spends the whole balance on both."
        ),
        "zh": (
            "下单成本是初始保证金（仓位价值除以 L）加上按仓位价值收取的开仓手续费 f_o；"
            "最大可开仓位正好用完余额。"
        ),
    },
    "case.whole_contracts": {
        "en": (
            "Only whole contracts can be ordered: the face value over the contract size, "
            "rounded down (⌊ ⌋)."
        ),
        "zh": "只能按整张下单：面值除以每张面值，向下取整（⌊ ⌋）。",
    },
    "case.stop_loss": {
        "en": (
            "The size is the one whose loss at the stop, with the fee to open at the entry "
            "and the fee to close at the stop, is exactly the risk K."
        ),
        "zh": (
            "仓位大小使得在止损价平仓时的亏损（含按开仓价计的开仓手续费和按止损价计的平仓手续"
            "费）恰好等于风险金额 K。"
        ),
    },
    "case.stop_leverage": {
        "en": (
            "Isolated margin, the initial margin as the margin: the highest leverage whose "
            "liquidation price lies at or beyond the stop, so the stop is reached first."
        ),
        "zh": ("逐仓、以初始保证金为保证金：强平价不早于止损价的最高杠杆，这样先触发的是止损。"),
    },
    "case.average_linear": {
        "en": (
            "USDT-margined fills are quantities of coin: the average is the mean of the "
            "prices weighted by quantity (Σ adds over every fill i)."
        ),
        "zh": "U本位的成交以币计：均价是按数量加权的价格平均（Σ 对每一笔成交 i 求和）。",
    },
    "case.average_inverse": {
        "en": (
            "Coin-margined fills are USD face values: the average is the total face value "
            "over the coins the fills are worth at their prices (a harmonic mean; Σ adds "
            "over every fill i)."
        ),
        "zh": (
            "币本位的成交以美元面值计：均价是总面值除以各笔成交按其价格折合的币数之和（调和平"
            "均；Σ 对每一笔成交 i 求和）。"
        ),
    },
    "case.add_fill": {
        "en": (
            "Adding to the position (补仓): the average after adding a size at P_add is set "
            "equal to T_avg and solved for that size."
        ),
        "zh": "补仓：令在 P_add 补入后的均价等于 T_avg，解出补仓数量。",
    },
    "case.account_marks": {
        "en": (
            "Cross margin: one wallet WB backs every position, each valued at its symbol's "
            "mark price; the account is liquidated when its margin balance falls to the "
            "maintenance margin of all positions (plus the liquidation fee)."
        ),
        "zh": (
            "全仓：一个钱包 WB 为所有仓位担保，每个仓位按其合约的标记价格计价；"
            "保证金余额跌至所有仓位的维持保证金（加强平手续费）时，账户被强平。"
        ),
    },
    "case.account_symbol": {
        "en": (
            "A symbol's liquidation price moves that symbol alone: every other position "
            "stays at its mark and counts through TMM (its maintenance margin and fee) and "
            "UPNL (its unrealised P&L), as on the liquidation card."
        ),
        "zh": (
            "某合约的强平价只变动该合约的价格：其他仓位保持标记价格，通过 "
            "TMM（它们的维持保证金和手续费）和 UPNL（它们的未实现盈亏）计入，"
            "与强平价卡片相同。"
        ),
    },
    "case.hedge": {
        "en": (
            "Hedge mode: the positions of one symbol share its price, so their terms are "
            "added together."
        ),
        "zh": "双向持仓：同一合约的仓位共用一个价格，所以它们的各项相加。",
    },
    "case.account_move": {
        "en": (
            "All prices together: every mark is multiplied by the same t = 1 + Δ; the "
            "account is liquidated at the t where its margin balance meets the requirement."
        ),
        "zh": (
            "所有价格同步：每个标记价格乘以相同的 t = 1 + Δ；"
            "保证金余额等于维持保证金要求时的 t 即为强平点。"
        ),
    },
    "case.tier_floor": {
        "en": (
            "This table applies a tier's rate to the whole position, so the maintenance "
            "margin jumps at each floor; where no tier's own formula gives a price inside "
            "the tier, the position is liquidated as its value reaches the floor at which "
            "the requirement jumps above the equity."
        ),
        "zh": (
            "该档位表把所在档的费率用于整个仓位，所以维持保证金在每个档位下限处跳变；"
            "若没有哪一档的公式给出落在本档内的价格，"
            "则仓位在价值到达使维持保证金要求跳过权益的那个下限时被强平。"
        ),
    },
}

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


def units(kind: str, coin: str | None, lang: str) -> dict[str, str]:
    """The unit of each kind of symbol, for the legend (empty where it has none).

    ``coin`` is the coin's name, or None for a card that names no coin: "coin" is said.
    """
    if coin is None:
        coin = say(TEXTS, "coin", lang)
    return {
        "price": FACE if kind == "inverse" else QUOTE,
        "money": a.money_unit(kind, coin),
        "size": a.size_unit(kind, coin),
        "count": "",
        **{unit: say(TEXTS, f"unit.{unit}", lang) for unit in _WORDED_UNITS},
    }


def legend(symbols: Sequence[str], unit_words: Mapping[str, str], lang: str) -> str:
    """The ``<dl>`` of the symbols: each one's MathML and its words with its unit.

    A row's symbol (``U_2``) is listed once, as its row symbol (``U_i``).
    """
    items = []
    for name in dict.fromkeys(family(name) for name in symbols):
        entry = SYMBOLS[name]
        words = say(TEXTS, f"symbol.{entry.meaning}", lang)
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
    parts = [f'<p class="work-title">{escape(say(TEXTS, "legend", lang))}</p>']
    parts.append(legend(tuple(symbols), unit_words, lang))
    if cases:
        parts.append(f'<p class="work-title">{escape(say(TEXTS, "case", lang))}</p>')
        parts.append(
            '<ul class="work-case">'
            + "".join(f"<li>{escape(say(TEXTS, f'case.{key}', lang))}</li>" for key in cases)
            + "</ul>"
        )
    parts.append(f'<p class="work-title">{escape(say(TEXTS, "steps", lang))}</p>')
    for block in blocks:
        if block.heading:
            parts.append(f'<p class="work-sub">{escape(block.heading)}</p>')
        shown = {**results, **block.results}
        for line in block.chain.lines:
            parts.append(_line(line.name, line.steps, line.value, shown.get(line.name)))
    parts.extend(f'<p class="work-note">{escape(note)}</p>' for note in notes)
    return f'<div class="work-body">{"".join(parts)}</div>'
