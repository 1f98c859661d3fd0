"""An exchange's published numbers as the page's field texts, and the line that cites them.

Choosing an exchange in the toolbar fills every field it has a figure for, on every card
(fees, maintenance rate, liquidation convention and fee, the tier table of the chosen
contract, an inverse contract's USD size); every field stays editable. The figures and
their sources are those of :data:`contractcalc.exchanges.EXCHANGES`, and a contract's tier
table is the one the exchange's API gave for its symbol
(:func:`contractcalc.exchanges.tier_table`) where one is stored, else the preset's own;
this module only picks the contract and writes them as a person would type them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contractcalc import InputError
from contractcalc.exchanges import (
    CONTRACTS,
    EXCHANGES,
    ContractSizes,
    Exchange,
    symbol_names,
    symbols,
    tier_table,
)

from . import format as fmt
from .texts import Texts, say

#: The toolbar's choice that fills nothing: every field keeps what was typed.
CUSTOM = "custom"
#: The tier-caps choice: "exclusive", a tier starts at its floor, so a cap starts the next
#: tier (Binance's floors); "inclusive", a cap belongs to the tier it ends ("2,000,000
#: USDT or below", Bybit). The engine's ``inclusive_caps``.
CAPS = ("exclusive", "inclusive")

TEXTS: Texts = {
    "lead": {"en": "{name} figures, read {as_of}:", "zh": "{name} 的公开数据（{as_of} 查阅）："},
    "name_bybit": {"en": "Bybit unified trading account", "zh": "Bybit 统一交易账户"},
    "name_bybit_classic": {"en": "Bybit classic account", "zh": "Bybit 经典账户"},
    "convention_binance": {
        "en": "maintenance margin at the mark price",
        "zh": "维持保证金按标记价计算",
    },
    "convention_bybit": {
        "en": "maintenance margin at the entry price",
        "zh": "维持保证金按开仓价计算",
    },
    "liquidation_fee": {"en": "liquidation fee {rate}", "zh": "强平手续费 {rate}"},
    "no_liquidation_fee": {
        "en": "no liquidation fee in its formula",
        "zh": "强平公式不含强平手续费",
    },
    "unknown_liquidation_fee": {
        "en": "a liquidation fee of unpublished rate (left as typed)",
        "zh": "含强平手续费但未公布费率（保留你的输入）",
    },
    "fees": {
        "en": "fees {maker} maker, {taker} taker (taker used to open and close)",
        "zh": "手续费 挂单 {maker}、吃单 {taker}（开平仓均按吃单计）",
    },
    "unknown_fees": {
        "en": "fees not published (left as typed)",
        "zh": "手续费未公布（保留你的输入）",
    },
    "tiers": {
        "en": "{contract} tiers: {count}, by {basis}",
        "zh": "{contract} 档位：{count} 档，按{basis}分档",
    },
    "stored_tiers": {
        "en": "{contract} tiers, {name}, {as_of}: {count}, by {basis}",
        "zh": "{contract} 档位（{name}，{as_of}）：{count} 档，按{basis}分档",
    },
    "caps_inclusive": {
        "en": "each tier's cap in that tier (“X or below”)",
        "zh": "各档上限归入本档（“X 及以下”）",
    },
    "added_margin": {
        "en": (
            "margin X added counts as X ÷ (1 {long} {rate}) on a long, X ÷ (1 {short} "
            "{rate}) on a short (the fee to close at the bankruptcy price it moves)"
        ),
        "zh": (
            "追加的保证金 X 计为 X ÷ (1 {long} {rate})（多单）、X ÷ (1 {short} "
            "{rate})（空单）：含破产价随之移动而变化的平仓手续费"
        ),
    },
    "no_tiers": {
        "en": "no published {contract} tiers (maintenance left as typed)",
        "zh": "未公布 {contract} 档位（维持保证金保留你的输入）",
    },
    "basis_notional": {"en": "position value", "zh": "仓位价值"},
    "basis_size": {"en": "position size", "zh": "仓位数量"},
    "basis_notional_whole": {
        "en": "position value, the tier's rate on the whole position",
        "zh": "仓位价值（整仓按该档费率）",
    },
    "contract_size": {
        "en": "{contract} contract size {size} USD, read {as_of}",
        "zh": "{contract} 合约面值 {size} USD（{as_of} 查阅）",
    },
    "sources": {"en": "Sources:", "zh": "来源："},
}


def contract(kind: str, coin: str) -> str:
    """The contract key of a kind and coin: ``"BTCUSDT"`` (linear) or ``"BTCUSD"`` (inverse).

    >>> contract("linear", "ETH"), contract("inverse", "BTC")
    ('ETHUSDT', 'BTCUSD')
    """
    return f"{coin}USD" if kind == "inverse" else f"{coin}USDT"


@dataclass(frozen=True)
class Tiers:
    """An exchange's maintenance tiers for one contract, as the page uses them.

    ``symbol`` is the exchange's own name for the contract; ``brackets`` the engine's
    ``(floor, rate)`` pairs, with ``basis`` and ``inclusive_caps`` to pass beside them;
    ``max_leverage`` each tier's highest leverage, None where not given. ``as_of`` and
    ``source`` date and cite a table stored from the exchange's API (``stored``); the
    preset's own table is cited by its exchange's sources.
    """

    symbol: str
    brackets: tuple[tuple[float, float], ...]
    max_leverage: tuple[float | None, ...]
    basis: str
    inclusive_caps: bool
    as_of: str
    source: str | None
    stored: bool


def symbol_tiers(key: str, kind: str, symbol: str) -> Tiers | None:
    """The tiers of an exchange's contract named by its symbol, or None if it has none.

    A table stored from the exchange's API (:func:`contractcalc.exchanges.tier_table`;
    case, "-", "_" and "/" ignored) comes first, the symbol's or else another of its
    names (:func:`contractcalc.exchanges.symbol_names`: "BTCUSD" is Binance's
    "BTCUSD_PERP", "ETHUSDT" is Kraken's "PF_ETHUSD"); else
    the preset's own table, whose contract keys are those of
    :data:`contractcalc.exchanges.CONTRACTS`.

    >>> symbol_tiers("binance", "linear", "sol-usdt").symbol
    'SOLUSDT'
    >>> symbol_tiers("binance", "inverse", "BTCUSD").symbol
    'BTCUSD_PERP'
    >>> symbol_tiers("binance", "linear", "NOSUCHUSDT") is None
    True
    """
    exchange = EXCHANGES.get(key)
    kind = kind or "linear"
    if exchange is None or kind not in CONTRACTS.values() or not symbol:
        return None
    if symbols(key, kind):
        for name in symbol_names(kind, symbol):
            try:
                table = tier_table(key, name, kind)
            except InputError:
                continue
            return Tiers(
                symbol=table.symbol,
                brackets=table.brackets,
                max_leverage=table.max_leverage,
                basis=table.basis,
                inclusive_caps=exchange.inclusive_caps,
                as_of=table.as_of,
                source=table.source,
                stored=True,
            )
    name = "".join(char for char in symbol.upper() if char.isalnum())
    own = exchange.tiers.get(name)
    if not own or CONTRACTS.get(name) != kind:
        return None
    return Tiers(
        symbol=name,
        brackets=exchange.brackets[name],
        max_leverage=tuple(tier.max_leverage for tier in own),
        basis=exchange.tier_basis,
        inclusive_caps=exchange.inclusive_caps,
        as_of=exchange.as_of,
        source=None,
        stored=False,
    )


def coin_tiers(key: str, kind: str, coin: str) -> Tiers | None:
    """The tiers of an exchange's perpetual of a coin, or None if it has none.

    The contract is :func:`contract`'s, as the exchange names it (:func:`symbol_tiers`):
    "SOLUSDT", or with a perpetual's suffix ("SOLUSD_PERP" on Binance COIN-M).

    >>> tiers = coin_tiers("binance", "linear", "SOL")
    >>> tiers.symbol, tiers.brackets[0], tiers.max_leverage[0], tiers.as_of
    ('SOLUSDT', (0.0, 0.005), 100.0, '2026-09-08')
    >>> tiers = coin_tiers("binance", "inverse", "SOL")
    >>> tiers.symbol, tiers.brackets[0], tiers.max_leverage[0], tiers.as_of
    ('SOLUSD_PERP', (0.0, 0.01), 50.0, '2026-09-17')
    >>> coin_tiers("binance", "linear", "") is None
    True
    """
    return symbol_tiers(key, kind, contract(kind, coin)) if coin else None


def contract_size(key: str, kind: str, coin: str) -> ContractSizes | None:
    """The sizes and sources of an exchange that gives the coin's inverse contract's size,
    or None (a linear contract, Custom, or no page gave it).

    >>> sizes = contract_size("binance", "inverse", "SOL")
    >>> sizes.usd["SOLUSD"], sizes.as_of
    (10.0, '2026-12-05')
    >>> contract_size("binance", "linear", "SOL") is None
    True
    """
    exchange = EXCHANGES.get(key)
    sizes = exchange.contract_sizes if exchange is not None else None
    if kind != "inverse" or sizes is None or contract(kind, coin) not in sizes.usd:
        return None
    return sizes


def _number_text(number: float) -> str:
    """A number as a field's text, without trailing zeros: 10.0 -> "10"."""
    return f"{round(number, 10):g}"


def _percent_text(rate: float) -> str:
    """A rate as a percent field's text: 0.0005 -> "0.05"."""
    return _number_text(rate * 100)


def tiers_text(
    brackets: Sequence[tuple[float, float]], max_leverage: Sequence[float | None] = ()
) -> str:
    """A tier table as the brackets field takes it: one ``floor, rate %`` a line, and the
    tier's maximum leverage after them where given.

    >>> print(tiers_text([(0.0, 0.004), (50_000.0, 0.005)], (125.0, None)))
    0, 0.4, 125
    50,000, 0.5
    """
    leverages = list(max_leverage) + [None] * (len(brackets) - len(max_leverage))
    return "\n".join(
        f"{fmt.number(floor, 0)}, {_percent_text(rate)}"
        + ("" if leverage is None else f", {_number_text(leverage)}")
        for (floor, rate), leverage in zip(brackets, leverages, strict=False)
    )


def caps_choice(inclusive_caps: bool) -> str:
    """The tier-caps field's text for the engine's ``inclusive_caps``.

    >>> caps_choice(True), caps_choice(False)
    ('inclusive', 'exclusive')
    """
    return CAPS[1] if inclusive_caps else CAPS[0]


def convention(key: str) -> str:
    """The liquidation convention of a toolbar choice ("binance" for Custom)."""
    return EXCHANGES[key].convention if key in EXCHANGES else "binance"


def field_texts(key: str, kind: str, coin: str) -> dict[str, str]:
    """The field texts an exchange sets, by field name; nothing for Custom.

    Fees fill both the opening and the closing fee with the taker rate (a market order
    each way, the cost a trader should plan for). The tier table is the coin's contract's
    (:func:`coin_tiers`: the one stored from the exchange's API, else the preset's). A
    figure the exchange does not publish is left out, so the field keeps what was typed.
    Whether a tier's cap belongs to it (``tier_caps``) and the fee margin added pays for
    (``added_margin_fee``: the taker rate where the exchange counts added margin net of
    it, as Bybit's unified account does, else 0) are set for every exchange. An inverse
    contract's USD size (``contract_size``) is set where the exchange gives the coin's
    (:func:`contract_size`).

    >>> field_texts("bitget", "linear", "BTC")["liquidation_fee"]
    '0.06'
    >>> texts = field_texts("bybit", "linear", "BTC")
    >>> texts["tier_caps"], texts["added_margin_fee"]
    ('inclusive', '0.055')
    >>> field_texts("binance", "inverse", "SOL")["contract_size"]
    '10'
    >>> field_texts("custom", "linear", "BTC")
    {}
    """
    exchange = EXCHANGES.get(key)
    if exchange is None:
        return {}
    texts = {
        "convention": exchange.convention,
        "tier_basis": exchange.tier_basis,
        "tier_caps": caps_choice(exchange.inclusive_caps),
        "added_margin_fee": _percent_text(_added_margin_fee(exchange)),
    }
    if exchange.liquidation_fee is not None:
        texts["liquidation_fee"] = _percent_text(exchange.liquidation_fee)
    if exchange.taker_fee is not None:
        texts["open_fee"] = texts["close_fee"] = _percent_text(exchange.taker_fee)
    tiers = coin_tiers(key, kind, coin)
    if tiers is not None:
        texts["mmr"] = _percent_text(tiers.brackets[0][1])
        texts["maint_amount"] = "0"
        texts["brackets"] = tiers_text(tiers.brackets, tiers.max_leverage)
        texts["mm_source"] = "tiers"
        texts["tier_basis"] = tiers.basis
    sizes = contract_size(key, kind, coin)
    if sizes is not None:
        texts["contract_size"] = _number_text(sizes.usd[contract(kind, coin)])
    return texts


def _added_margin_fee(exchange: Exchange) -> float:
    """The fee rate margin added to a position pays for: the taker rate where the
    exchange says so (:attr:`~contractcalc.exchanges.Exchange.added_margin_close_fee`)."""
    if exchange.added_margin_close_fee and exchange.taker_fee is not None:
        return exchange.taker_fee
    return 0.0


def source_links(urls: tuple[str, ...], lang: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The word that introduces an exchange's sources, and each source as (link text, URL).

    A link is named after its site, a GitHub link after its repository (the stored copies
    of exchanges' data live in several); a site cited twice gets a number.

    >>> word, links = source_links(
    ...     ("https://www.okx.com/a", "https://x.org/b", "https://okx.com/c",
    ...      "https://github.com/freqtrade/freqtrade/blob/3d95/x.json"), "en")
    >>> word, [name for name, _ in links]
    ('Sources:', ['okx.com', 'x.org', 'okx.com (2)', 'github.com/freqtrade/freqtrade'])
    """
    seen: dict[str, int] = {}
    links = []
    for url in urls:
        site = url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")
        if site == "github.com":
            site = "/".join(url.split("://", 1)[-1].split("/")[:3])
        seen[site] = seen.get(site, 0) + 1
        links.append((site if seen[site] == 1 else f"{site} ({seen[site]})", url))
    return say(TEXTS, "sources", lang), tuple(links)


def exchange_name(exchange: Exchange, lang: str) -> str:
    """An exchange's name as the page shows it (Bybit's classic account in each language).

    >>> exchange_name(EXCHANGES["bybit_classic"], "zh"), exchange_name(EXCHANGES["okx"], "zh")
    ('Bybit 经典账户', 'OKX')
    """
    key = f"name_{exchange.key}"
    return say(TEXTS, key, lang) if key in TEXTS else exchange.name


def note(key: str, kind: str, coin: str, lang: str) -> tuple[str, tuple[str, ...]]:
    """The sentence saying what an exchange set and where it comes from, and its sources.

    A tier table stored from the exchange's API is named by its symbol and dated, and its
    source joins the exchange's; so does an inverse contract's size, where the exchange
    gives it. ("", ()) for Custom.

    >>> sentence, sources = note("okx", "linear", "BTC", "en")
    >>> sentence.split(":")[0]
    'OKX figures, read 2026-11-30'
    >>> all(url.startswith("https://") for url in sources)
    True
    """
    exchange: Exchange | None = EXCHANGES.get(key)
    if exchange is None:
        return "", ()
    name = contract(kind, coin)
    parts = [say(TEXTS, f"convention_{exchange.convention}", lang)]
    if exchange.liquidation_fee is None:
        parts.append(say(TEXTS, "unknown_liquidation_fee", lang))
    elif exchange.liquidation_fee:
        parts.append(
            say(TEXTS, "liquidation_fee", lang, rate=fmt.percent(exchange.liquidation_fee, 3))
        )
    else:
        parts.append(say(TEXTS, "no_liquidation_fee", lang))
    if exchange.taker_fee is None:
        parts.append(say(TEXTS, "unknown_fees", lang))
    else:
        maker = "—" if exchange.maker_fee is None else fmt.percent(exchange.maker_fee, 3)
        parts.append(
            say(TEXTS, "fees", lang, maker=maker, taker=fmt.percent(exchange.taker_fee, 3))
        )
    shown = exchange_name(exchange, lang)
    sources = exchange.source
    tiers = coin_tiers(key, kind, coin)
    if tiers is None:
        parts.append(say(TEXTS, "no_tiers", lang, contract=name))
    else:
        count, basis = len(tiers.brackets), say(TEXTS, f"basis_{tiers.basis}", lang)
        if tiers.source is None:
            parts.append(say(TEXTS, "tiers", lang, contract=tiers.symbol, count=count, basis=basis))
        else:
            parts.append(
                say(
                    TEXTS,
                    "stored_tiers",
                    lang,
                    contract=tiers.symbol,
                    name=shown,
                    as_of=tiers.as_of,
                    count=count,
                    basis=basis,
                )
            )
            sources = (*sources, tiers.source)
    sizes = contract_size(key, kind, coin)
    if sizes is not None:
        size = _number_text(sizes.usd[name])
        parts.append(say(TEXTS, "contract_size", lang, contract=name, size=size, as_of=sizes.as_of))
        sources = (*sources, *sizes.source)
    if exchange.inclusive_caps:
        parts.append(say(TEXTS, "caps_inclusive", lang))
    if fee := _added_margin_fee(exchange):
        # X / (1 - s f) on a USDT-margined position, X / (1 + s f) on a coin-margined one.
        long, short = ("+", "−") if kind == "inverse" else ("−", "+")
        rate = fmt.percent(fee, 3)
        parts.append(say(TEXTS, "added_margin", lang, rate=rate, long=long, short=short))
    separator, stop = ("；", "。") if lang == "zh" else ("; ", ".")
    lead = say(TEXTS, "lead", lang, name=shown, as_of=exchange.as_of)
    return f"{lead} {separator.join(parts)}{stop}", tuple(dict.fromkeys(sources))
