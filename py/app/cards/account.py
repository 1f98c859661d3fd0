"""The account card: a cross-margin wallet and its positions, liquidated together.

Every figure comes from :mod:`contractcalc.account`; this module only builds the
positions from the card's rows, moves an engine error to the row's cell it names
(``positions[2].entry`` is the cell ``entry_<row>`` of the third position shown), and
formats. Linear (USDT-margined): sizes in coins, money in USDT. Inverse (coin-margined):
one coin's wallet, sizes in USD face value, money in that coin.

The toolbar's exchange sets the convention (maintenance valued at the mark or at entry)
and, through its preset, the card's liquidation fee. Each position's maintenance rate and
amount are its own bracket's: typed in the row, or, with the row's rate left empty and an
exchange chosen, taken from that exchange's tier table for the row's symbol
(:func:`app.presets.symbol_tiers`): the tier the position's value at its mark falls in,
with that tier's amount. Each row says which rate applied; a typed rate always wins.
"""

from __future__ import annotations

import re
from functools import partial
from typing import NamedTuple, TypedDict

from contractcalc import InputError, account, rules
from contractcalc import _worked as worked
from contractcalc.exchanges import EXCHANGES

from .. import assumptions as a
from .. import format as fmt
from .. import presets
from .. import work as w
from ..chart.account import account_svg
from ..spec import Calculator, Field, Output, Slot, Values
from ..texts import Texts, say

#: The cards' texts: their page texts (a key with a dot: title, labels, options), which
#: :mod:`app.catalogue` gathers for the page, then the phrases their results say.
TEXTS: Texts = {
    "nav.account": {"en": "Account", "zh": "全仓账户"},
    "t.account": {"en": "Cross-margin account", "zh": "全仓账户"},
    "f.symbol": {"en": "Symbol", "zh": "合约"},
    "f.mark": {"en": "Mark price", "zh": "标记价格"},
    "f.position_mmr": {"en": "Maint. rate (%)", "zh": "维持保证金率 (%)"},
    "f.position_maint_amount": {"en": "Maint. amount", "zh": "维持保证金速算额"},
    "a.add_position": {"en": "+ Add position", "zh": "+ 添加仓位"},
    "a.remove_position": {"en": "Remove position", "zh": "删除这个仓位"},
    "r.row_liquidation": {"en": "Liquidation price", "zh": "强平价"},
    "r.row_distance": {"en": "From mark", "zh": "距标记价格"},
    "r.row_rate": {"en": "Maint. rate used", "zh": "采用的维持保证金率"},
    "r.equity": {"en": "Equity (margin balance)", "zh": "保证金余额（权益）"},
    "r.margin_ratio": {"en": "Margin ratio", "zh": "保证金率"},
    "r.account_move": {"en": "All prices together to liquidation", "zh": "所有价格同步变动至强平"},
    "r.unrealized_pnl": {"en": "Unrealised PnL", "zh": "未实现盈亏"},
    "r.account_maintenance": {"en": "Maintenance margin", "zh": "维持保证金"},
    "r.account_liquidation_fee": {
        "en": "Liquidation fee at the marks",
        "zh": "按标记价格计的强平手续费",
    },
    "r.free_over_maintenance": {"en": "Loss it can still take", "zh": "还能承受的亏损"},
    # The phrases.
    "no_liquidation": {
        "en": "none: no price of this symbol liquidates the account",
        "zh": "无：此合约的任何价格都不会使账户强平",
    },
    "no_move": {
        "en": "none: no common move liquidates the account",
        "zh": "无：所有价格同步变动不会使账户强平",
    },
    "past": {"en": "already past liquidation", "zh": "已越过强平线"},
    "move": {"en": "{move} (all prices {direction})", "zh": "{move}（所有价格同步{direction}）"},
    "down": {"en": "fall", "zh": "下跌"},
    "up": {"en": "rise", "zh": "上涨"},
    "ratio_past": {"en": "past liquidation (no margin left)", "zh": "已越过强平线（保证金已耗尽）"},
    "past_warning": {
        "en": (
            "Already past liquidation: the margin balance {balance} is at or below the "
            "maintenance requirement {requirement}. An exchange would have closed these "
            "positions already; the prices shown are where the account would be back at the "
            "threshold."
        ),
        "zh": (
            "已越过强平线：保证金余额 {balance} 已不高于维持保证金要求 {requirement}。"
            "交易所此时应已强平这些仓位；下列价格是账户回到强平线所需的价格。"
        ),
    },
    "empty": {
        "en": "No positions: add one to see where the account is liquidated.",
        "zh": "没有仓位：添加仓位后即可看到账户的强平位置。",
    },
    "typed_rate": {"en": "{rate}, as typed", "zh": "{rate}（按输入）"},
    "tier_rate": {
        "en": "{rate} (tier {n} of {symbol}, {name} {as_of}), amount {amount}",
        "zh": "{rate}（{symbol} 第 {n} 档，{name} {as_of}），速算额 {amount}",
    },
    "note": {
        "en": (
            "Cross margin: one wallet backs every position, so one position's loss brings "
            "every other position's liquidation price closer. Each row's liquidation price "
            "moves that symbol alone, every other symbol staying at its mark; the common "
            "move moves every price by the same percentage. With an exchange chosen, a row "
            "whose maintenance rate is left empty takes its symbol's tier on that exchange."
        ),
        "zh": (
            "全仓模式：一个钱包为所有仓位担保，所以一个仓位的亏损会让其他仓位的强平价更近。"
            "每行的强平价只变动该合约的价格，其他合约保持标记价格不变；"
            "同步变动则是所有价格按相同百分比一起变动。选择交易所后，"
            "维持保证金率留空的行采用该交易所此合约的档位。"
        ),
    },
    "work_position": {"en": "Position {n}: {symbol}, {side}", "zh": "仓位 {n}：{symbol}，{side}"},
    "work_account": {"en": "The account", "zh": "账户"},
    "work_symbol": {
        "en": "Liquidation price of {symbol}, every other symbol at its mark",
        "zh": "{symbol} 的强平价（其他合约保持标记价格）",
    },
    "work_move": {"en": "All prices together", "zh": "所有价格同步变动"},
}

_POSITION_FIELD = re.compile(r"^positions\[(?P<index>\d+)\]\.(?P<column>\w+)$")


def _on_row(error: InputError, rows: list[Row]) -> InputError:
    """An engine error on ``positions[i].<field>`` moved to the row's cell ``<field>_<row>``."""
    match = _POSITION_FIELD.match(error.field)
    if match is None or int(match["index"]) >= len(rows):
        return error
    cell = f"{match['column']}_{rows[int(match['index'])]['row']}"
    return InputError(cell, error.code, **error.params)


class Row(TypedDict):
    """A position row as :func:`app.spec.parse_rows` reads it, with its index."""

    row: int
    symbol: str
    side: str
    size: float
    entry: float
    mark: float
    mmr: float | None
    maint_amount: float | None


class Rate(NamedTuple):
    """A row's maintenance rate and amount, and the tier they come from (None if typed)."""

    mmr: float
    maint_amount: float
    tier: int | None = None
    tiers: presets.Tiers | None = None


def typed_rate(row: Row) -> Rate:
    """The rate and amount typed in a row (an empty amount is 0)."""
    amount, mmr = row["maint_amount"], row["mmr"]
    if mmr is None:
        raise InputError(f"mmr_{row['row']}", "empty")
    return Rate(mmr, 0.0 if amount is None else amount)


def row_rate(row: Row, exchange: str, kind: str) -> Rate:
    """The row's typed rate, else its symbol's tier on the chosen exchange at its mark.

    Raises
    ------
    InputError
        (the row's ``mmr`` cell, code ``empty``) when the rate is empty and the exchange
        has no table for the symbol.
    """
    if row["mmr"] is not None:
        return typed_rate(row)
    tiers = presets.symbol_tiers(exchange, kind, row["symbol"])
    if tiers is None:
        raise InputError(f"mmr_{row['row']}", "empty")
    engine = a.engine(kind)
    mark, size = row["mark"], row["size"]
    cell = {"price": f"mark_{row['row']}", "size": f"size_{row['row']}"}
    index = a.renamed(
        engine.bracket_at,
        cell,
        tiers.brackets,
        mark,
        size,
        basis=tiers.basis,
        inclusive_caps=tiers.inclusive_caps,
    )
    amount = engine.maintenance_amounts(tiers.brackets, basis=tiers.basis)[index]
    return Rate(tiers.brackets[index][1], amount, index, tiers)


def positions(rows: list[Row], rates: list[Rate] | None = None) -> list[account.Position]:
    """The engine's positions from the card's parsed rows (symbols uppercased), each with
    its rate (:func:`row_rate`; the typed one by default)."""
    rates = rates if rates is not None else [typed_rate(row) for row in rows]
    return [
        account.Position(
            symbol=row["symbol"].strip().upper(),
            side=row["side"],
            entry=row["entry"],
            size=row["size"],
            mark=row["mark"],
            mmr=rate.mmr,
            maint_amount=rate.maint_amount,
        )
        for row, rate in zip(rows, rates, strict=True)
    ]


def _rate_text(rate: Rate, exchange: str, unit: str, lang: str) -> str:
    """Which rate a row used: as typed, or its tier's on the exchange."""
    shown = fmt.percent(rate.mmr)
    if rate.tiers is None or rate.tier is None:
        return say(TEXTS, "typed_rate", lang, rate=shown)
    return say(
        TEXTS,
        "tier_rate",
        lang,
        rate=shown,
        n=rate.tier + 1,
        symbol=rate.tiers.symbol,
        name=EXCHANGES[exchange].name,
        as_of=rate.tiers.as_of,
        amount=fmt.amount(rate.maint_amount, unit),
    )


def _account(v: Values, lang: str) -> dict[str, str]:
    kind, coin = a.kind(v), a.coin(v)
    unit = a.money_unit(kind, coin)
    rows: list[Row] = v["rows"]
    wallet = v["wallet"]
    rates = [row_rate(row, v["exchange"], kind) for row in rows]
    book = positions(rows, rates)
    options = a.terms(v)
    try:
        state = account.summary(kind, wallet, book, **options)
        prices = account.liquidation_prices(kind, wallet, book, **options)
        move = account.liquidation_move(kind, wallet, book, **options)
    except InputError as error:
        raise _on_row(error, rows) from error

    requirement = state.maintenance_margin + state.liquidation_fee
    past = state.liquidated_now
    outputs: dict[str, str] = {
        "equity": fmt.amount(state.margin_balance, unit),
        "unrealized_pnl": fmt.signed(fmt.amount(state.unrealized_pnl, unit), state.unrealized_pnl),
        "maintenance": fmt.amount(state.maintenance_margin, unit),
        "liquidation_fee": fmt.amount(state.liquidation_fee, unit) if state.liquidation_fee else "",
        "margin_ratio": (
            say(TEXTS, "ratio_past", lang)
            if state.margin_ratio is None
            else fmt.percent(state.margin_ratio)
        ),
        "free": fmt.signed(
            fmt.amount(state.free_over_maintenance, unit), min(state.free_over_maintenance, 0)
        ),
        "move": "",
        "warning": "",
        "note": say(TEXTS, "note", lang) if book else say(TEXTS, "empty", lang),
        "chart": "",
    }
    if past:
        outputs["warning"] = say(
            TEXTS,
            "past_warning",
            lang,
            balance=fmt.amount(state.margin_balance, unit),
            requirement=fmt.amount(requirement, unit),
        )
    if book:
        if move is None:
            outputs["move"] = say(TEXTS, "no_move", lang)
        elif past:
            outputs["move"] = say(TEXTS, "past", lang)
        else:
            outputs["move"] = _move(move, lang)
        # The narrow drawing for phones, the wide one for the full-width card on a wide
        # screen; the stylesheet shows one of them.
        outputs["chart"] = "".join(
            # Past liquidation, the move back to the threshold is not a liquidation to mark.
            account_svg(
                kind, wallet, book, None if past else move, unit, lang, wide=wide, **options
            )
            for wide in (False, True)
        )
    shown = {"MR": state.margin_ratio is not None, "Delta": not past and move is not None}
    outputs["work"] = _work(v, lang, book, rows, outputs, shown)
    for row, position, price, rate in zip(rows, book, prices, rates, strict=True):
        index = row["row"]
        outputs[f"rate_{index}"] = _rate_text(rate, v["exchange"], unit, lang)
        if price is None:
            outputs[f"liquidation_{index}"] = say(TEXTS, "no_liquidation", lang)
            outputs[f"distance_{index}"] = ""
            continue
        # To the tick of the prices typed in the row, as the exchange shows it.
        decimals = fmt.typed_decimals(position.entry, position.mark)
        outputs[f"liquidation_{index}"] = fmt.price(price, decimals)
        if past:
            outputs[f"distance_{index}"] = say(TEXTS, "past", lang)
        else:
            distance = rules.target_change(position.mark, price)
            outputs[f"distance_{index}"] = fmt.signed(fmt.percent(distance), distance)
    return outputs


def _work(
    v: Values,
    lang: str,
    book: list[account.Position],
    rows: list[Row],
    outputs: dict[str, str],
    shown: dict[str, bool],
) -> str:
    """The account worked with its numbers: each position, the account, each symbol's
    liquidation price and the common move (contractcalc._worked), ending in the card's
    outputs wherever the card shows a number (``outputs``: the card's texts so far;
    ``shown`` says whether it shows the margin ratio, MR, and the move, Delta)."""
    kind, coin = a.kind(v), a.coin(v)
    unit = a.money_unit(kind, coin)
    symbols = list(dict.fromkeys(position.symbol for position in book))
    groups = [
        [index for index, position in enumerate(book, start=1) if position.symbol == symbol]
        for symbol in symbols
    ]
    positions, totals, prices, move = worked.account(
        kind,
        v["wallet"],
        [
            worked.Row(
                1 if p.side == "long" else -1, p.size, p.entry, p.mark, p.mmr, p.maint_amount
            )
            for p in book
        ],
        groups,
        presets.convention(v["exchange"]),
        a.rate(v, "liquidation_fee"),
    )
    # Imported here: the catalogue gathers the card modules' page texts as it loads.
    from ..catalogue import phrase

    blocks = [
        w.Block(
            chain,
            say(
                TEXTS,
                "work_position",
                lang,
                n=index,
                symbol=position.symbol,
                side=phrase(f"o.{position.side}", lang),
            ),
        )
        for index, (chain, position) in enumerate(zip(positions, book, strict=True), start=1)
    ]
    money = [
        ("U", "unrealized_pnl", lambda value: fmt.signed(fmt.amount(value, unit), value)),
        ("MB", "equity", lambda value: fmt.amount(value, unit)),
        ("MM", "maintenance", lambda value: fmt.amount(value, unit)),
        ("LF", "liquidation_fee", lambda value: fmt.amount(value, unit)),
        ("H", "free", lambda value: fmt.signed(fmt.amount(value, unit), min(value, 0))),
    ]
    results = {name: w.Result(output, show) for name, output, show in money if outputs[output]}
    if shown["MR"]:
        results["MR"] = w.Result("margin_ratio", fmt.percent)
    blocks.append(w.Block(totals, say(TEXTS, "work_account", lang), results))
    for symbol, members, chain in zip(symbols, groups, prices, strict=True):
        first = rows[members[0] - 1]
        name = f"liquidation_{first['row']}"
        position = book[members[0] - 1]
        decimals = fmt.typed_decimals(position.entry, position.mark)
        price = chain.result
        found = price is not None and price > 0
        results = {"LP": w.Result(name, partial(fmt.price, decimals=decimals))} if found else {}
        heading = say(TEXTS, "work_symbol", lang, symbol=symbol)
        blocks.append(w.Block(chain, heading, results))
    if book:
        result = {"Delta": w.Result("move", lambda value: _move(value, lang))}
        blocks.append(
            w.Block(move, say(TEXTS, "work_move", lang), result if shown["Delta"] else {})
        )
    return w.explain(blocks, lang, w.units(kind, coin, lang), {})


def _move(move: float, lang: str) -> str:
    """The common move of every price, with its direction in words."""
    direction = say(TEXTS, "down" if move < 0 else "up", lang)
    return say(TEXTS, "move", lang, move=fmt.signed(fmt.percent(move), move), direction=direction)


CALCULATORS: dict[str, Calculator] = {
    "account": Calculator(
        (
            a.KIND,
            a.COIN,
            Field("wallet", default="3000", inverse_default="0.1", unit="money"),
            a.LIQUIDATION_FEE,
            a.EXCHANGE,
        ),
        _account,
        rows=(
            Field("symbol", "text", keyboard="text", max_length=24),
            a.SIDE_REQUIRED,
            Field("size", unit="coins"),
            Field("entry", unit="price"),
            Field("mark", unit="price"),
            Field("mmr", "percent", optional=True, label="f.position_mmr"),
            Field("maint_amount", optional=True, label="f.position_maint_amount", unit="money"),
        ),
        row_defaults=(
            ("BTCUSDT", "long", "1", "30000", "29000", "0.4", "0"),
            ("ETHUSDT", "short", "10", "2000", "2100", "0.5", "0"),
        ),
        inverse_row_defaults=(
            ("BTCUSD", "long", "30000", "30000", "29000", "0.4", "0"),
            ("BTCUSD_QUARTER", "short", "10000", "31000", "30500", "0.4", "0"),
        ),
        row_outputs=(
            Output("liquidation", "r.row_liquidation", copy=False),
            Output("distance", "r.row_distance", copy=False),
            Output("rate", "r.row_rate", copy=False),
        ),
        add_row="a.add_position",
        remove_row="a.remove_position",
        title="t.account",
        outputs=(
            Output("equity", "r.equity", big=True, signed=True),
            Output("margin_ratio", "r.margin_ratio", big=True),
            Output("move", "r.account_move", big=True),
            Output("unrealized_pnl", "r.unrealized_pnl", signed=True),
            Output("maintenance", "r.account_maintenance"),
            Output("liquidation_fee", "r.account_liquidation_fee"),
            Output("free", "r.free_over_maintenance", signed=True),
        ),
        slots=(
            Slot("warning", "warning"),
            Slot("chart", "chart"),
            Slot("note", "note", after=True),
            Slot("work", "work"),
        ),
        explains=(
            "account.summary",
            "account.liquidation_prices",
            "account.liquidation_move",
        ),
        wide=True,
    ),
}
