"""The "Every exchange" card: one position computed under every exchange's preset at once.

One position (side, contract kind and coin from the toolbar, entry, size, leverage,
isolated margin) is computed for each exchange of
:data:`contractcalc.exchanges.EXCHANGES` with that exchange's own figures: its convention
(maintenance valued at the mark or at entry), its liquidation fee, its taker fee, and its
tier table for the coin's contract (:func:`app.presets.coin_tiers`: stored from its API, or
the preset's own). Each row shows the liquidation price and its distance from entry, the
fees to open and close at the taker rate (both at the entry price), the highest leverage
the tier of the position allows where a table gives it, and what is assumed where the
exchange publishes nothing: the maintenance rate typed on the card where it has no table
for the contract, no liquidation fee where its rate is unpublished, no fees where they are.

Rows are sorted by the distance to liquidation (the farthest first) or by the fees (the
lowest first, unpublished last). The table is markup (the card's ``table`` output, shown
as is): every text in it is escaped, and it carries classes only, styled by
static/app.css. Every figure comes from :mod:`contractcalc`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from contractcalc import rules
from contractcalc.exchanges import EXCHANGES, Exchange

from .. import assumptions as a
from .. import format as fmt
from .. import presets
from ..spec import Calculator, Field, Output, Slot, Values, both_kinds
from ..texts import Texts, say

#: The cards' texts: their page texts (a key with a dot: title, labels, options), which
#: :mod:`app.catalogue` gathers for the page, then the phrases their results say.
TEXTS: Texts = {
    "nav.compare": {"en": "Every exchange", "zh": "交易所对比"},
    "t.compare": {"en": "Every exchange", "zh": "各交易所对比"},
    "f.assumed_mmr": {
        "en": "Maint. rate where no table is published (%)",
        "zh": "未公布档位表时的维持保证金率 (%)",
    },
    "f.sort": {"en": "Sort by", "zh": "排序依据"},
    "o.distance": {"en": "Distance to liquidation", "zh": "强平距离"},
    "o.fees": {"en": "Fees", "zh": "手续费"},
    # The phrases.
    "caption": {
        "en": "{side} {size} at {entry}, {leverage} isolated, under each exchange's figures",
        "zh": "{side} {size}，开仓价 {entry}，{leverage} 逐仓，按各交易所的公开数据计算",
    },
    "long": {"en": "Long", "zh": "做多"},
    "short": {"en": "Short", "zh": "做空"},
    "h_exchange": {"en": "Exchange", "zh": "交易所"},
    "h_liquidation": {"en": "Liquidation", "zh": "强平价"},
    "h_distance": {"en": "Distance", "zh": "距离"},
    "h_fees": {"en": "Fees to open and close (taker)", "zh": "开平仓手续费（吃单）"},
    "h_max_leverage": {"en": "Max leverage at this size", "zh": "此仓位的最大杠杆"},
    "h_figures": {"en": "Figures used", "zh": "所用数据"},
    "never": {"en": "never", "zh": "不会强平"},
    "none": {"en": "—", "zh": "—"},
    "over": {"en": "{max} (below your {leverage})", "zh": "{max}（低于你的 {leverage}）"},
    "tiers": {"en": "{symbol} tiers, {as_of}", "zh": "{symbol} 档位，{as_of}"},
    "own_tiers": {"en": "{symbol} tiers, read {as_of}", "zh": "{symbol} 档位，{as_of} 查阅"},
    "assumed_mmr": {
        "en": "no {contract} table: maintenance {rate} assumed",
        "zh": "无 {contract} 档位表：假设维持保证金率 {rate}",
    },
    "no_liquidation_fee": {
        "en": "liquidation fee unpublished: none counted",
        "zh": "强平手续费未公布：未计入",
    },
    "no_fees": {"en": "fees unpublished: not counted", "zh": "手续费未公布：未计入"},
    "and": {"en": "; ", "zh": "；"},
    "note": {
        "en": (
            "Each exchange's convention, liquidation fee, taker fee and tier table for "
            "{contract}, as its preset cites them (choose it in the toolbar to see its "
            "sources); where it publishes no table, the maintenance rate typed above. The "
            "exchanges' live pages win."
        ),
        "zh": (
            "按各交易所预设引用的计算口径、强平手续费、吃单手续费及 {contract} "
            "档位表计算（在工具栏中选择该交易所可查看来源）；未公布档位表的，"
            "使用上方填写的维持保证金率。以交易所实时页面为准。"
        ),
    },
}

SORTS = ("distance", "fees")


@dataclass(frozen=True)
class Row:
    """One exchange's figures for the position, as numbers (None where there is none)."""

    exchange: Exchange
    liquidation: float | None
    distance: float | None
    fees: float | None
    max_leverage: float | None
    figures: tuple[str, ...]


def exchange_row(exchange: Exchange, v: Values, margin: float, lang: str) -> Row:
    """The position under one exchange's figures.

    Isolated ``margin`` (the card's leverage's); the exchange's tier table for the coin's
    contract where one exists (its own basis and caps), else the card's assumed rate.
    """
    kind, coin = a.kind(v), a.coin(v)
    engine = a.engine(kind)
    side, entry = v["side"], v["entry"]
    size = a.engine_size(v, kind)
    names = {"wallet": "leverage", "mmr": "assumed_mmr"}
    position = (side, entry, size, margin)  # isolated: the margin is the wallet
    fee = exchange.liquidation_fee or 0.0
    figures: list[str] = []
    tiers = presets.coin_tiers(exchange.key, kind, coin)
    highest = None
    if tiers is None:
        liquidation = a.renamed(
            engine.liquidation_price,
            names,
            *position,
            v["assumed_mmr"],
            convention=exchange.convention,
            liquidation_fee=fee,
        )
        contract = presets.contract(kind, coin)
        rate = fmt.percent(v["assumed_mmr"])
        figures.append(say(TEXTS, "assumed_mmr", lang, contract=contract, rate=rate))
    else:
        liquidation = a.renamed(
            engine.liquidation_price_tiered,
            names,
            *position,
            tiers.brackets,
            liquidation_fee=fee,
            basis=tiers.basis,
            convention=exchange.convention,
            inclusive_caps=tiers.inclusive_caps,
        )
        index = engine.bracket_at(
            tiers.brackets, entry, size, basis=tiers.basis, inclusive_caps=tiers.inclusive_caps
        )
        highest = tiers.max_leverage[index]
        key = "tiers" if tiers.stored else "own_tiers"
        figures.append(say(TEXTS, key, lang, symbol=tiers.symbol, as_of=tiers.as_of))
    if exchange.liquidation_fee is None:
        figures.append(say(TEXTS, "no_liquidation_fee", lang))
    fees = None
    if exchange.taker_fee is None:
        figures.append(say(TEXTS, "no_fees", lang))
    else:
        taker = exchange.taker_fee
        fees = engine.trading_fees(entry, entry, size, taker, taker)
    distance = None if liquidation is None else rules.target_change(entry, liquidation)
    return Row(exchange, liquidation, distance, fees, highest, tuple(figures))


def sorted_rows(rows: list[Row], side: str, by: str) -> list[Row]:
    """Rows by distance to liquidation, the farthest first (never liquidated first, one
    already past liquidation last), or by fees, the lowest first (unpublished last)."""
    if by == "fees":
        return sorted(rows, key=lambda row: math.inf if row.fees is None else row.fees)
    sign = -1 if side == "long" else 1  # a long's liquidation lies below its entry

    def against(row: Row) -> float:
        return -math.inf if row.distance is None else -sign * row.distance

    return sorted(rows, key=against)


def _cell(content: str, tag: str = "td", classes: str = "") -> str:
    attributes = f' class="{classes}"' if classes else ""
    scope = ' scope="row"' if tag == "th" else ""
    return f"<{tag}{scope}{attributes}>{escape(content)}</{tag}>"


def table(rows: list[Row], v: Values, lang: str) -> str:
    """The rows as an HTML table, every text escaped, classes only."""
    kind, coin = a.kind(v), a.coin(v)
    unit = a.money_unit(kind, coin)
    size = a.engine_size(v, kind)
    shown_size = (
        fmt.money(size, fmt.FACE) if kind == "inverse" else fmt.money(size, coin, fmt.COIN_DECIMALS)
    )
    caption = say(
        TEXTS,
        "caption",
        lang,
        side=say(TEXTS, v["side"], lang),
        size=shown_size,
        entry=fmt.price(v["entry"]),
        leverage=fmt.leverage(v["leverage"]),
    )
    headings = ("exchange", "liquidation", "distance", "fees", "max_leverage", "figures")
    head = "".join(
        f'<th scope="col">{escape(say(TEXTS, f"h_{name}", lang))}</th>' for name in headings
    )
    none = say(TEXTS, "none", lang)
    decimals = fmt.price_decimals(
        v["entry"], *(row.liquidation for row in rows if row.liquidation is not None)
    )
    body = []
    for row in rows:
        chosen = row.exchange.key == v["exchange"]
        if row.liquidation is None or row.distance is None:
            liquidation, distance = say(TEXTS, "never", lang), none
        else:
            liquidation = fmt.price(row.liquidation, decimals)
            distance = fmt.signed(fmt.percent(row.distance), row.distance)
        if row.fees is None:
            fees = none
        elif kind == "inverse":
            fees = fmt.coin(row.fees, unit)
        else:
            fees = fmt.money(row.fees, unit)
        over = row.max_leverage is not None and v["leverage"] > row.max_leverage
        if row.max_leverage is None:
            highest = none
        elif over:
            highest = say(
                TEXTS,
                "over",
                lang,
                max=fmt.leverage(row.max_leverage),
                leverage=fmt.leverage(v["leverage"]),
            )
        else:
            highest = fmt.leverage(row.max_leverage)
        cells = (
            _cell(presets.exchange_name(row.exchange, lang), "th"),
            _cell(liquidation, classes="compare-number"),
            _cell(distance, classes="compare-number"),
            _cell(fees, classes="compare-number"),
            _cell(highest, classes="compare-number compare-over" if over else "compare-number"),
            _cell(say(TEXTS, "and", lang).join(row.figures) or none),
        )
        row_class = ' class="compare-chosen"' if chosen else ""
        body.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    return (
        f'<table class="compare"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _compare(v: Values, lang: str) -> dict[str, str]:
    kind, coin = a.kind(v), a.coin(v)
    engine = a.engine(kind)
    size = a.engine_size(v, kind)
    margin = engine.initial_margin(v["entry"], size, v["leverage"])
    notional = engine.initial_margin(v["entry"], size, 1)
    rows = [exchange_row(exchange, v, margin, lang) for exchange in EXCHANGES.values()]
    unit = a.money_unit(kind, coin)
    money = fmt.coin if kind == "inverse" else fmt.money
    return {
        "margin": money(margin, unit),
        "notional": money(notional, unit),
        "table": table(sorted_rows(rows, v["side"], v["sort"]), v, lang),
        "note": say(TEXTS, "note", lang, contract=presets.contract(kind, coin)),
    }


CALCULATORS: dict[str, Calculator] = {
    "compare": Calculator(
        (
            a.KIND,
            a.COIN,
            a.SIDE_REQUIRED,
            Field("entry", default="30000", unit="price"),
            Field("size", default="1", inverse_default="300", unit="size"),
            a.CONTRACT_SIZE,
            Field("leverage", default="20"),
            Field("assumed_mmr", "percent", default="0.5"),
            Field("sort", "choice", SORTS, default="distance"),
            a.EXCHANGE,
        ),
        _compare,
        title="t.compare",
        outputs=(
            Output("margin", "r.margin"),
            Output("notional", "r.notional"),
        ),
        slots=(
            Slot("table", "chart", after=True),
            Slot("note", "note", after=True),
        ),
        explains=both_kinds("liquidation_price#0", "liquidation_price_tiered", "trading_fees"),
        wide=True,
    ),
}
