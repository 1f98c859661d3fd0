"""Exchange presets, and a reader for the tier tables traders paste.

:data:`EXCHANGES` holds, for each exchange, what its own pages say about liquidation:
whether the maintenance margin is valued at the mark price or at entry (the
``convention`` of :func:`contractcalc.linear.liquidation_price`), whether a fee is added
to the maintenance requirement at liquidation, its regular (non-VIP) fees, what picks a
maintenance tier, the BTC and ETH perpetual tiers where a table was found, and what one
inverse contract is worth in USD where a page says (:class:`ContractSizes`). Every
figure names its page in :attr:`Exchange.source` and the day it was read in
:attr:`Exchange.as_of` (a contract size in its own :class:`ContractSizes`); where a
figure comes from a third-party copy of the exchange's page, :attr:`Exchange.notes` says
so. A figure that no stored page gave is ``None``, and
an exchange without a published table has no entry in :attr:`Exchange.brackets`: nothing
here is guessed. Exchanges change their tiers and fees often; the live page wins.

:func:`parse_tiers` (from :mod:`contractcalc.tier_tables`, re-exported here) reads what
a trader pastes or types: the JSON an exchange's public API returns, or a typed table.

:func:`symbols` and :func:`tier_table` give every symbol's own table as the exchange's
API returned it on a given day, stored in the package and read only when asked for
(:mod:`contractcalc.tier_data`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING

from . import _exact as ex
from .errors import InputError
from .tier_tables import MAX_TIERS, MAX_TIERS_TEXT, ParsedTiers, parse_tiers

if TYPE_CHECKING:
    from .tier_data import TierTable

__all__ = [
    "CONTRACTS",
    "EXCHANGES",
    "MAX_TIERS",
    "MAX_TIERS_TEXT",
    "ContractSizes",
    "Exchange",
    "ParsedTiers",
    "Tier",
    "maintenance_rate",
    "maintenance_rate_for_max_leverage",
    "parse_tiers",
    "symbol_names",
    "symbols",
    "tier_table",
]

#: The contract keys of :attr:`Exchange.brackets`, and which engine module each needs.
#: "BTCUSDT" and "ETHUSDT" are the linear perpetuals (USDT-margined; on Hyperliquid and
#: dYdX, which settle in USDC, the USDC-margined BTC and ETH perpetuals); "BTCUSD" is
#: the BTC coin-margined (inverse) perpetual.
CONTRACTS: Mapping[str, str] = MappingProxyType(
    {"BTCUSDT": "linear", "ETHUSDT": "linear", "BTCUSD": "inverse"}
)


_AS_OF = "2026-11-30"
#: The day the presets' sources were read again (issue 22), where a preset was.
_REREAD = "2026-12-04"
#: The day the inverse contracts' sizes were read.
_SIZES_READ = "2026-12-05"


@dataclass(frozen=True)
class Tier:
    """One maintenance tier: from ``floor`` up, the rate ``mmr`` applies.

    Parameters
    ----------
    floor : float
        Lower edge of the tier, in the exchange's :attr:`Exchange.tier_basis` unit.
    mmr : float
        Maintenance margin rate as a fraction (0.004 means 0.4%).
    max_leverage : float or None, default None
        Highest leverage the tier allows, where the page gives it.
    """

    floor: float
    mmr: float
    max_leverage: float | None = None


@dataclass(frozen=True)
class ContractSizes:
    """What one coin-margined (inverse) contract is worth, in USD, where a page says.

    Parameters
    ----------
    usd : mapping of str to float
        USD face value of one contract by contract key, the coin's name and "USD"
        (``"BTCUSD"``, ``"SOLUSD"``: :data:`CONTRACTS`' naming, whatever the exchange
        calls the symbol); a coin no page gave is absent.
    source : tuple of str
        The pages that give them, as https URLs.
    as_of : str
        ISO date they were read.

    Examples
    --------
    >>> sizes = EXCHANGES["binance"].contract_sizes
    >>> sizes.usd["BTCUSD"], sizes.usd["SOLUSD"], sizes.as_of
    (100.0, 10.0, '2026-12-05')
    """

    usd: Mapping[str, float]
    source: tuple[str, ...]
    as_of: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "usd", MappingProxyType(dict(self.usd)))


@dataclass(frozen=True, eq=False)
class Exchange:
    """What one exchange publishes about liquidation, fees and maintenance tiers.

    Parameters
    ----------
    key : str
        The key in :data:`EXCHANGES`.
    name : str
        The exchange's name.
    convention : {"binance", "bybit"}
        "binance" if the exchange values the maintenance margin at the mark
        (liquidation) price, "bybit" if at the entry price; see
        :func:`contractcalc.linear.liquidation_price`.
    liquidation_fee : float or None
        Rate of the position's value at the liquidation price that the exchange adds to
        the maintenance requirement (the engine's ``liquidation_fee``); 0 if its
        published formula adds none, None if it adds one whose rate no stored page gave.
    maker_fee, taker_fee : float or None
        Regular-tier fee rates as fractions; None where no stored page gave them.
    tier_basis : {"notional", "size", "notional_whole"}
        What picks a tier and how its rate applies; see :data:`contractcalc.BASES`:
        the position's value with maintenance amounts that keep maintenance continuous
        ("notional"), its size ("size", the rate on the whole position), or its value
        with the rate on the whole position and nothing deducted ("notional_whole").
    tiers : mapping of str to tuple of Tier
        Published tier tables by contract key (see :data:`CONTRACTS`); a contract
        without a published table is absent.
    max_leverage : mapping of str to float
        Highest leverage per contract, where a page gives it.
    source : tuple of str
        Every page used, as https URLs.
    as_of : str
        ISO date the pages were read.
    notes : str
        What each figure rests on, what could not be found, and earlier readings that a
        newer page replaced, with their dates.
    inclusive_caps : bool, default False
        Whether a tier's cap belongs to it ("2,000,000 USDT or below"), as the
        engine's ``inclusive_caps``; False where a tier starts at its floor.
    added_margin_close_fee : bool, default False
        Whether margin added to an isolated position also pays the fee to close it at
        the bankruptcy price it moves, so that it counts as X / (1 - s x taker fee)
        (Bybit's unified account): pass the taker fee as the engine's ``close_fee``
        with ``added_margin``.
    contract_sizes : ContractSizes or None, default None
        USD face value of one inverse contract per coin, with the pages that give it;
        None where no stored page gave one.

    Attributes
    ----------
    brackets : mapping of str to tuple of (float, float)
        :attr:`tiers` as the engine takes them: ``(floor, mmr)`` pairs, for
        :func:`contractcalc.linear.liquidation_price_tiered` (``"BTCUSDT"``,
        ``"ETHUSDT"``) and :func:`contractcalc.inverse.liquidation_price_tiered`
        (``"BTCUSD"``), with ``basis=tier_basis`` and ``inclusive_caps``.

    Examples
    --------
    >>> EXCHANGES["hyperliquid"].brackets["BTCUSDT"]
    ((0.0, 0.0125), (150000000.0, 0.025))
    >>> EXCHANGES["bitget"].convention, EXCHANGES["bitget"].liquidation_fee
    ('binance', 0.0006)
    """

    key: str
    name: str
    convention: str
    liquidation_fee: float | None
    maker_fee: float | None
    taker_fee: float | None
    tier_basis: str
    tiers: Mapping[str, tuple[Tier, ...]]
    max_leverage: Mapping[str, float]
    source: tuple[str, ...]
    as_of: str
    notes: str
    inclusive_caps: bool = False
    added_margin_close_fee: bool = False
    contract_sizes: ContractSizes | None = None
    brackets: Mapping[str, tuple[tuple[float, float], ...]] = field(init=False)

    def __post_init__(self) -> None:
        tiers = MappingProxyType(dict(self.tiers))
        object.__setattr__(self, "tiers", tiers)
        object.__setattr__(self, "max_leverage", MappingProxyType(dict(self.max_leverage)))
        pairs = {
            key: tuple((tier.floor, tier.mmr) for tier in table) for key, table in tiers.items()
        }
        object.__setattr__(self, "brackets", MappingProxyType(pairs))


def maintenance_rate_for_max_leverage(max_leverage: float) -> float:
    """Hyperliquid's maintenance rate: half the initial margin rate at the maximum leverage.

    Parameters
    ----------
    max_leverage : float
        The asset's (or tier's) maximum leverage; above 0.5.

    Returns
    -------
    float
        The maintenance margin rate as a fraction.

    Raises
    ------
    InputError
        (field ``max_leverage``) if it is not a number above 0.5.

    Notes
    -----
    Hyperliquid, "Margin tiers": maintenance_margin_rate(tier n) = (initial margin rate at
    the maximum leverage of tier n) / 2, so

    .. math:: m = \\frac{1}{2 L_\\max}

    Examples
    --------
    Hyperliquid's own example, 20x, and BTC's 40x:

    >>> maintenance_rate_for_max_leverage(20)
    0.025
    >>> maintenance_rate_for_max_leverage(40)
    0.0125
    """
    leverage = ex.positive("max_leverage", max_leverage)
    if leverage <= Fraction(1, 2):
        raise InputError("max_leverage", "below", limit=0.5)
    return ex.to_float(1 / (2 * leverage))


def maintenance_rate(exchange: str | Exchange, contract: str) -> float:
    """The maintenance rate of a small position: the first tier's rate.

    Parameters
    ----------
    exchange : str or Exchange
        A key of :data:`EXCHANGES`, or an :class:`Exchange`.
    contract : str
        A key of :data:`CONTRACTS`.

    Returns
    -------
    float
        The rate of the exchange's lowest tier for that contract. For Hyperliquid, which
        has no tier table, it is :func:`maintenance_rate_for_max_leverage` of the
        contract's maximum leverage (its presets are built that way).

    Raises
    ------
    InputError
        (field ``exchange``, code ``choice``) for an unknown exchange; (field
        ``contract``, code ``choice``) for an unknown contract or one without a
        published table on that exchange.

    Examples
    --------
    >>> maintenance_rate("hyperliquid", "BTCUSDT")
    0.0125
    """
    if isinstance(exchange, Exchange):
        preset = exchange
    elif isinstance(exchange, str) and exchange in EXCHANGES:
        preset = EXCHANGES[exchange]
    else:
        raise InputError("exchange", "choice")
    if not isinstance(contract, str) or contract not in preset.brackets:
        raise InputError("contract", "choice")
    return preset.brackets[contract][0][1]


# --- the presets ------------------------------------------------------------------------
# Every URL below was read on 2026-11-30 (stored copies), and every preset's sources again
# on 2026-12-04 (issue 22) for a newer page: each preset's as_of and notes say what that
# changed. A comment says why each convention was chosen; "unsourced" means no stored
# page gave the figure.

_BINANCE_FAQ_USDM = "https://www.binance.com/en-NG/support/faq/b3c689c1f50a44cabb3a84e663b81d93"
#: Binance's website answer to GET .../bapi/futures/v1/friendly/future/common/brackets
#: (every USDⓈ-M symbol's brackets, unsigned), compacted on 2026-09-08 by a public project
#: (futures-trainer, its tools/fetch-brackets.mjs) to each USDT and USDC symbol's rows of
#: floor, cap, rate, cum and maximum leverage, field names dropped (read 2026-12-05); the
#: source of contractcalc/tiers/binance-linear.json.
_BINANCE_USDM_BRACKETS = (
    "https://github.com/q3579338/futures-trainer/blob/"
    "69e93c66ec96a166198d447bb11e5dc80983cea5/public/brackets.json"
)

# Binance COIN-M contract sizes. Its FAQ "Coin-Margined Futures Contract Specifications"
# (read 2026-12-05): "The contract multiplier for BTC coin-margined contracts is 100 USD.
# Meanwhile, altcoin contracts have a multiplier of 10 USD." Per pair, contractSize in GET
# https://dapi.binance.com/dapi/v1/exchangeInfo as fetched 2026-09-16 in a public copy
# (contractSizeUsd, read 2026-12-05): BTCUSD 100 (its perpetual and quarterlies), the
# other 19 pairs 10.
_BINANCE_COINM_SPECS = "https://www.binance.com/en/support/faq/a4470430e3164c13932be8967961aede"
_BINANCE_COINM_EXCHANGE_INFO = (
    "https://github.com/ychcb0521/veil-of-ignorance/blob/"
    "b3ac37a2a1ffa174df85a5d429b6d5166372b7d9/src/data/binanceLeverageTiers.json"
)
_BINANCE_COINM_ALTCOINS = (
    "AAVE", "ADA", "AVAX", "BCH", "BNB", "DOGE", "DOT", "ETC", "ETH", "FIL",
    "LINK", "LTC", "NEAR", "SOL", "SUI", "TRX", "UNI", "XLM", "XRP",
)  # fmt: skip

# Binance: the USDⓈ-M FAQ's LP = (WB - TMM + UPNL + cum - Side*Q*EP) / (Q*MMR - Side*Q)
# values the maintenance margin Q*LP*MMR - cum at the liquidation (mark) price, with no
# fee term: convention "binance", liquidation fee 0.
_BINANCE = Exchange(
    key="binance",
    name="Binance",
    convention="binance",
    liquidation_fee=0.0,
    maker_fee=0.0002,
    taker_fee=0.0005,
    tier_basis="notional",
    # Every USDⓈ-M and COIN-M symbol's table is stored (contractcalc/tiers/binance-linear.json,
    # binance-inverse.json): the preset carries none of its own.
    tiers={},
    max_leverage={},
    source=(
        _BINANCE_USDM_BRACKETS,
        "https://www.binance.com/en/support/announcement/86cf9aa472574b8cb2e05bb751c2a9a6",
        _BINANCE_FAQ_USDM,
        "https://www.binance.com/en-ZA/support/faq/binance-futures-fee-structure-fee-calculations-360033544231",
        "https://babianfox.com/en/kb/binance-futures-fee/",
        "https://www.binance.com/en/futures/trading-rules/perpetual/portfolio-margin/notional-limit",
    ),
    as_of=_REREAD,
    notes=(
        "USDⓈ-M tiers: every USDT- and USDC-margined symbol's table (915) as Binance's "
        "own website answered GET https://www.binance.com/bapi/futures/v1/friendly/future/"
        "common/brackets, its latest change 2026-09-06, in a derived public copy of "
        "2026-09-08 (futures-trainer's public/brackets.json: field names dropped, "
        "Binance's numbers, read 2026-12-05; stored as contractcalc/tiers/binance-linear."
        "json). BTCUSDT from 0 to 300,000 USDT at 0.4% and 150x, 12 tiers. Until "
        "2026-12-05 the tables were freqtrade's copy of the leverage-bracket API of "
        "2024-10-24 (349 symbols; BTCUSDT 125x to 50,000), and until 2026-12-04 BTCUSDT "
        "followed the table announced for 2021-03-18 (10 tiers, 250,000 at "
        "1%). COIN-M tiers: every COIN-M symbol's table as Binance's own website "
        "answered GET https://www.binance.com/bapi/futures/v1/friendly/delivery/common/"
        "brackets on 2026-09-17, unedited (a public copy: komekome898-web/trade, stored "
        "as contractcalc/tiers/binance-inverse.json), floors in the coin; Binance last "
        "changed them on 2026-05-11 and 12 (the perpetuals) and 2026-06-26 (the "
        "December quarterlies). The June and September 2026 quarterlies it still listed "
        "are left out, delivered by 2026-12-05. Until 2026-12-05 BTCUSD held the COIN-M "
        "leverage FAQ's 9 tiers (2.5% from 20 BTC; Binance's answer has 10, 2.5% from "
        "25 BTC). Maintenance margin = notional x rate - maintenance amount (Binance's "
        "trading-rules page, read 2026-12-04). Regular USDⓈ-M fees 0.02%/0.05%: the "
        "stored copy of Binance's fee FAQ does not carry the table's figures, so they are "
        "read from a third-party copy of it (babianfox.com), unchanged on 2026-12-04. "
        "COIN-M contract sizes (read 2026-12-05): 100 USD for BTCUSD and 10 USD for each "
        "other pair, from Binance's contract-specifications FAQ and, pair by pair, its "
        "exchangeInfo answer of 2026-09-16 (a public copy: ychcb0521/veil-of-ignorance)."
    ),
    contract_sizes=ContractSizes(
        usd={"BTCUSD": 100.0, **{f"{coin}USD": 10.0 for coin in _BINANCE_COINM_ALTCOINS}},
        source=(_BINANCE_COINM_SPECS, _BINANCE_COINM_EXCHANGE_INFO),
        as_of=_SIZES_READ,
    ),
)

_BYBIT_UTA_PAGE = (
    "https://www.bybit.com/en/help-center/article/"
    "Liquidation-Price-Calculation-under-Isolated-Mode-Unified-Trading-Account"
)
_BYBIT_RISK_LIMIT_API = "https://bybit-exchange.github.io/docs/v5/market/risk-limit"
_BYBIT_FEES = "https://refeshop.com/fanyong/futuojituan/2015/1112/277.html"
#: "Introduction to Inverse Perpetual Contract" (read 2026-12-05): "Trader A buys 10,000
#: contracts when the BTC price is $23,000, the equivalent BTC for $10,000": a BTCUSD
#: contract is 1 USD. Both accounts trade the same inverse contracts.
_BYBIT_INVERSE_SIZES = ContractSizes(
    usd={"BTCUSD": 1.0},
    source=("https://www.bybit.com/kk-KZ/help-center/article/What-is-Inverse-Contract",),
    as_of=_SIZES_READ,
)

# Bybit, Unified Trading Account (the account most Bybit traders now hold): "Liquidation
# Price Calculation under Isolated Mode (Unified Trading Account)", last updated
# 2026-05-27, read 2026-12-04 (stored copy on kbybit.com, Bybit's mirror domain; its
# USDT section from a verbatim quotation of it). USDT long:
# LP = [E x Q - E x Q / L - X / (1 - taker) - MM deduction] / (Q - Q x MMR): maintenance
# valued at the liquidation (mark) price, convention "binance", no liquidation fee in
# the formula; margin X added to the position counts as X / (1 - side x taker). Its
# example: 1 BTC long at 40,000 USDT, 50x, 3,000 USDT added, MMR 0.5%, taker 0.055%
# -> 36,380.25 USDT. Risk-limit caps are "X or below" (inclusive).
_BYBIT = Exchange(
    key="bybit",
    name="Bybit",
    convention="binance",
    liquidation_fee=0.0,
    maker_fee=0.0002,
    taker_fee=0.00055,
    tier_basis="notional",
    tiers={},
    max_leverage={},
    source=(
        _BYBIT_UTA_PAGE,
        "https://www.kbybit.com/en/help-center/article/Liquidation-Price-Calculation-under-Isolated-Mode-Unified-Trading-Account",
        _BYBIT_RISK_LIMIT_API,
        _BYBIT_FEES,
    ),
    as_of=_REREAD,
    notes=(
        "Unified Trading Account, isolated margin, from Bybit's page last updated "
        "2026-05-27: maintenance margin at the mark price (its worked USDT example, "
        "36,380.25, is reproduced only so), margin added to a position divided by "
        "(1 - side x taker fee), and an estimated fee to close counted in both initial "
        "and maintenance margin, so it cancels in the liquidation price. Until "
        "2026-11-30 this preset followed the classic-account 'Liquidation Price (USDT "
        "Contract)' pages (maintenance at entry, read 2026-11-30); that reading is now "
        "the 'bybit_classic' preset. Risk limits are by position value with an MM "
        "deduction, each cap included in its tier ('2,000,000 USDT or below'); no "
        "stored page gave a whole table. Fees 0.02%/0.055% are from a third-party copy "
        "of Bybit's fee article (refeshop.com)."
    ),
    inclusive_caps=True,
    added_margin_close_fee=True,
    contract_sizes=_BYBIT_INVERSE_SIZES,
)

# Bybit, classic account: "Liquidation Price (USDT Contract)": LP = Entry - (IM - MM)/Size
# with MM = Size * Entry * MMR - deduction, the maintenance margin valued at entry:
# convention "bybit". Its isolated formula adds no fee; Bybit reserves the fee to close
# at the bankruptcy price in the position margin instead (order cost), which is the
# engine's max_open_size(close_fee=...) and a smaller wallet, not a liquidation fee.
_BYBIT_CLASSIC = replace(
    _BYBIT,
    key="bybit_classic",
    name="Bybit classic account",
    convention="bybit",
    source=(
        "https://testnet.bybit.com/en-US/help-center/s/article/Liquidation-Price-USDT-Contract",
        "https://help.bybit.com/hc/en-us/articles/900000181046-Liquidation-Price-USDT-Contract-",
        "https://help.bybit.com/hc/en-us/articles/360039261334-How-to-calculate-Liquidation-Price-Inverse-Contract-",
        _BYBIT_RISK_LIMIT_API,
        _BYBIT_FEES,
    ),
    as_of=_AS_OF,
    notes=(
        "Bybit's classic (non-unified) account, from the older 'Liquidation Price (USDT "
        "Contract)' and inverse pages, read 2026-11-30: maintenance valued at entry. "
        "Risk-limit tiers (riskLimitValue caps, each included in its tier, with an MM "
        "deduction, so by notional) are published per symbol by the API; no stored page "
        "gave a BTCUSDT, ETHUSDT or BTCUSD table. Fees 0.02%/0.055% are from a "
        "third-party copy of Bybit's fee article (refeshop.com)."
    ),
    added_margin_close_fee=False,
)

# OKX: "Tiered maintenance margin ratio rules": liquidation when equity falls to
# maintenance margin plus liquidation fee, both on the position value at the mark price
# (isolated: (margin + PnL) / (face value x contracts x mark x (tier rate + fee rate))):
# convention "binance", and the liquidation fee is the taker fee rate. Tiers are by
# position size in contracts (GET /api/v5/public/position-tiers minSz/maxSz): "size".
_OKX = Exchange(
    key="okx",
    name="OKX",
    convention="binance",
    liquidation_fee=0.0005,
    maker_fee=0.0002,
    taker_fee=0.0005,
    tier_basis="size",
    tiers={},
    max_leverage={},
    source=(
        "https://okx.huicker.com/fr-fr/help/v-tiered-maintenance-margin-ratio-rules",
        "https://open-lib.com/11556.html",
        "https://www.okx.com/docs-v5/en/#public-data-rest-api-get-position-tiers",
        "https://www.okx.com/fees",
        "https://www.kdj.com/Cryptocurrency-Encyclopedia/Contract/trading-fees-okx-perpetual-swaps.html",
        "https://coinmoss.com/okex/2655.html",
    ),
    as_of=_AS_OF,
    notes=(
        "The tier rules were read on a copy of OKX's help page (okx.huicker.com, "
        "updated 2025-05-16) and a summary (open-lib.com). okx.com/fees showed spot "
        "rates only; the perpetual rates 0.02%/0.05% are from a third-party page "
        "(kdj.com, 2025-08-12), and that liquidation is charged at the user's taker rate "
        "from a copy of OKEx's perpetual fee rules (coinmoss.com). Tiers come per "
        "instrument family from the API (sizes in contracts: pass the contract value to "
        "parse_tiers); no table was stored. Each tier's maxSz belongs to it: the API's "
        "next tier starts just above it (minSz 4000.0001 after maxSz 4000 in a sample "
        "response), so caps are inclusive."
    ),
    inclusive_caps=True,
    # "Perpetual swaps" (read 2026-12-05): the crypto-margined BTCUSD perpetual's
    # "Contract Size 100USD"; other coins' sizes are not on the page.
    contract_sizes=ContractSizes(
        usd={"BTCUSD": 100.0},
        source=("https://www.okx.com/help/7053456733325",),
        as_of=_SIZES_READ,
    ),
)

# Bitget: "Estimated liquidation price" (isolated): LP = (margin - size*entry*dir) /
# (size * (MMR + TakerFeeRatio - dir)): maintenance and the taker fee both valued at the
# liquidation price: convention "binance", liquidation fee = taker fee. "Bitget futures:
# Tiered maintenance margin explained" (2025-05-26, read 2026-12-04): maintenance margin
# = position value x MMR, position value at the current (mark) price, the tier by that
# value: the tier's rate on the whole position, nothing deducted ("notional_whole").
_BITGET = Exchange(
    key="bitget",
    name="Bitget",
    convention="binance",
    liquidation_fee=0.0006,
    maker_fee=0.0002,
    taker_fee=0.0006,
    tier_basis="notional_whole",
    tiers={},
    max_leverage={},
    source=(
        "https://bitget.com/asia/support/articles/12560603808759",
        "https://bitget.com/ph/support/articles/4552737163033",
        "https://bitget.cloud/support/articles/12560603811573",
        "https://bitget.fit/api-doc/contract/position/Get-Query-Position-Lever",
        "https://www.bitgetapp.com/support/articles/12560603777225",
    ),
    as_of=_REREAD,
    notes=(
        "Fees 0.02%/0.06% from Bitget's fee article example and its FAQ (bitget.cloud). "
        "Position tiers are by value in USDT (API startUnit/endUnit), each tier's rate "
        "on the whole position ('Tiered maintenance margin explained', 2025-05-26; "
        "until 2026-11-30 read as by value with deductions, which no Bitget page gives). "
        "No table is stored here."
    ),
)

# Gate: LP = (entry -/+ margin / multiplier / size) / [1 -/+ (MMR + taker rate)]:
# maintenance and the taker fee valued at the liquidation price: convention "binance",
# liquidation fee = taker fee (0.075% in the same reply). The formula deducts nothing
# from the tier's rate on the whole position: "notional_whole".
_GATE = Exchange(
    key="gate",
    name="Gate",
    convention="binance",
    liquidation_fee=0.00075,
    maker_fee=None,
    taker_fee=0.00075,
    tier_basis="notional_whole",
    tiers={},
    max_leverage={},
    source=(
        "https://www.gatenode.pro/post/status/3870211",
        "https://gate.tv/en/help/futures/perpetual/22159/liquidation-process",
    ),
    as_of=_AS_OF,
    notes=(
        "The formula and the 0.075% taker rate are from a Gate support reply of "
        "2023-07-02 on Gate's own community site; Gate's help article 'Calculation of "
        "liquidation price' was not in the stored pages. Its formula applies the "
        "maintenance rate to the whole position with nothing deducted, so tiers are "
        "read that way (until 2026-11-30: by value with deductions). Maker fee and tiers "
        "unsourced."
    ),
)

# KuCoin: since 2025-05-22 (isolated formula update) the maintenance margin uses the
# mark price and a liquidation fee (mark x size x multiplier x liquidation fee rate) is
# added: LP = (notional - margin) / [size x multiplier x (1 - side x MMR - side x fee)]:
# convention "binance". The fee rate's value was not on the stored pages. "KuCoin Futures
# Risk Limit Level FAQ" (read 2026-12-04): the level follows the position value, the
# level's maintenance rate applies to the whole position (no deduction in any KuCoin
# formula): "notional_whole"; "when the limit amount (also the position value) is
# 500,000 USDT, the risk limit level would be 1": caps inclusive.
_KUCOIN = Exchange(
    key="kucoin",
    name="KuCoin",
    convention="binance",
    liquidation_fee=None,
    maker_fee=None,
    taker_fee=None,
    tier_basis="notional_whole",
    tiers={},
    max_leverage={},
    source=(
        "https://www.kucoin.com/support/26694703491737",
        "https://www.kucoin.com/announcement/update-to-the-isolated-margin-calculation-formula",
        "https://www.kucoin.com/support/4408061803033",
        "https://kucoin.com/docs/rest/futures-trading/risk-limit/get-futures-risk-limit-level",
        "https://kucoin.com/es/support/35233217061785",
        "https://www.kucoin.com/support/4415900765977",
    ),
    as_of=_REREAD,
    notes=(
        "The older help page (4408061803033) values maintenance at the holding price "
        "(the 'bybit' convention); the 2025-05-22 update replaced it with the mark "
        "price. Risk-limit levels are by position value, each limit amount included in "
        "its level, and KuCoin applies the level's rate to the whole position without a "
        "deduction (until 2026-11-30 this preset's tiers were read by value with "
        "deductions, which moved a large long's liquidation further away than KuCoin "
        "computes it). No tier table or fee schedule stored."
    ),
    inclusive_caps=True,
    # "What is Futures" (read 2026-12-05): long 5 XBT at 5,000 USD "is long 5 * 5,000 =
    # 25,000 Futures", profit "25,000 * 1 * (1/5,000 - 1/6,000)": the inverse XBTUSDM
    # perpetual's contract is 1 USD.
    contract_sizes=ContractSizes(
        usd={"BTCUSD": 1.0},
        source=("https://kucoin.zendesk.com/hc/en-us/articles/360026120733-What-is-Futures-",),
        as_of=_SIZES_READ,
    ),
)

# MEXC: "Liquidation in Futures" (MEXC blog): maintenance margin = entry x size x MMR,
# liquidation price = (MM - position margin + entry x size) / size: maintenance at entry:
# convention "bybit". A later announcement adds "liquidation fees" to the maintenance
# margin without giving their rate. MM = entry x size x MMR deducts nothing: the tier's
# rate on the whole position, "notional_whole" (the tier fixed by the value at entry).
_MEXC = Exchange(
    key="mexc",
    name="MEXC",
    convention="bybit",
    liquidation_fee=None,
    maker_fee=0.0,
    taker_fee=0.0002,
    tier_basis="notional_whole",
    tiers={},
    max_leverage={},
    source=(
        "https://blog.mexc.fm/liquidation-in-futures-2",
        "https://www.mexc.co/hu-HU/announcements/tag/futures-19?page=605",
        "https://www.mexc.com/en-GB/learn/article/how-to-use-mx-token-for-mexc-trading-fee-discounts-get-up-to-50-off/1",
    ),
    as_of=_AS_OF,
    notes=(
        "Fees 0%/0.02% from MEXC's learn article of 2025-09-02 (an earlier one, "
        "2024-01-13, gives 0.01% taker). Its maintenance formula deducts nothing, so "
        "tiers are read on the whole position (until 2026-11-30: with deductions). No "
        "tier table stored."
    ),
)

# Phemex: USDT-M isolated "Est. Liq Price" = (OpenValue - posBalance - mmAmount) /
# (0.9994 - MMR) / size for a long: maintenance and a 0.06% fee valued at the liquidation
# price: convention "binance", liquidation fee 0.06%. Its position balance also holds the
# fee to close at the bankruptcy price. (Phemex's inverse page values maintenance at the
# open value, the "bybit" convention; this preset follows the USDT-M page.)
_PHEMEX = Exchange(
    key="phemex",
    name="Phemex",
    convention="binance",
    liquidation_fee=0.0006,
    maker_fee=0.0001,
    taker_fee=0.0006,
    tier_basis="notional",
    tiers={},
    max_leverage={},
    source=(
        "https://phemex.com/help-center/liq-price-for-USDTM",
        "https://phemex.com/help-center/liquidation-price",
        "https://phemex.com/help-center/legerage-IM-MM-USDTM",
        "https://phemex.com/help-center/Order-Cost-USDT-Contract",
        "https://phemex.com/de/help-center/Phemex-Future-fee-structure-and-calculation",
        "https://phemex.com/user-guides/how-are-trading-fees-calculated",
        "https://phemex.com/help-center/phemex-futures-liquidation-protocol",
    ),
    as_of=_REREAD,
    notes=(
        "Fees 0.01% maker, 0.06% taker for contracts from Phemex's fee-structure page "
        "and user guide (read 2026-12-04), the 0.06% its liquidation page charges; "
        "until 2026-12-04 the fees were left unset (read 2026-11-30), as the order-cost "
        "page's example uses 0.055%. The liquidation-protocol page (read 2026-12-04) "
        "prices liquidation at the mark price. The BTCUSDT tiers are by value with "
        "maintenance amounts (2,000,000 at 0.50%, then 0.75%), but only those two tiers "
        "were stored, so no table is kept."
    ),
    # "Perpetual contracts" introduction (Japanese, read 2026-12-05): in a BTC-based
    # contract "each contract is worth 1 USD of bitcoin (1 USD / current BTC price)".
    contract_sizes=ContractSizes(
        usd={"BTCUSD": 1.0},
        source=("https://testnet.phemex.com/ja/contract/introduction",),
        as_of=_SIZES_READ,
    ),
)

# BitMEX: no stored BitMEX page gives a liquidation-price formula; BitMEX marks
# positions at the fair (mark) price, and "binance" (maintenance at mark) is assumed.
_BITMEX = Exchange(
    key="bitmex",
    name="BitMEX",
    convention="binance",
    liquidation_fee=None,
    maker_fee=None,
    taker_fee=None,
    tier_basis="notional",
    tiers={},
    max_leverage={},
    source=(
        "https://www.bitmex.com/app/liquidation",
        "https://testnet.bitmex.com/app/liquidation",
        "https://www.bitmex.com/app/riskLimitsExamples",
        "https://blog.bitmex.com/maintenance-margin-change-for-xbt-inverse-futures",
    ),
    as_of=_REREAD,
    notes=(
        "Convention assumed, not published: the liquidation page (read 2026-12-04) says "
        "positions are marked at the fair price and points to the risk-limits page for "
        "the maintenance margin, with no formula. XBTUSD's base maintenance margin is "
        "0.50% on the risk-limit examples page (undated); the newest change found, "
        "BitMEX's blog of 2024-03-19, sets 0.5% for the XBT inverse futures, not the "
        "perpetual. No table is kept. Fees unsourced."
    ),
    # "Inverse Perpetuals Guide" (read 2026-12-05): XBTUSD "Multiplier 1 USD", "USD
    # Contract Value 1 USD".
    contract_sizes=ContractSizes(
        usd={"BTCUSD": 1.0},
        source=("https://www.bitmex.com/app/inversePerpetualsGuide",),
        as_of=_SIZES_READ,
    ),
)

# Deribit: maintenance margin = 1% + position size in BTC x 0.005% of the position
# (2022-01-11 change); it grows with every BTC, so it is no tier table. The 0.75%
# liquidation fee is taken out of that margin when liquidating, not added to it:
# liquidation fee 0. Maintenance is on the position's current value: "binance".
_DERIBIT = Exchange(
    key="deribit",
    name="Deribit",
    convention="binance",
    liquidation_fee=0.0,
    maker_fee=0.0,
    taker_fee=0.0005,
    tier_basis="size",
    tiers={},
    max_leverage={"BTCUSD": 50.0},
    source=(
        "https://support.deribit.com/hc/en-us/articles/25944826427293-11-January-2022",
        "https://support.deribit.com/hc/en-us/articles/25944738177565-Linear-Perpetual",
        "https://support.deribit.com/hc/en-us/articles/25944746248989-Fees",
    ),
    as_of=_REREAD,
    notes=(
        "BTC maintenance margin 1% + 0.005% per BTC of position (initial 2% + 0.005%), "
        "50x at most for standard margin: a rate that rises continuously with size, "
        "which a tier table cannot hold. Fees 0.00% maker, 0.05% taker for BTC futures "
        "and perpetual from Deribit's support page 'Fees' (read 2026-12-04); until "
        "2026-12-04 unset (an older deribit.com fee page gave the perpetual a 0.025% "
        "maker rebate and 0.075% taker fee)."
    ),
    # "Contract Specifications" (read 2026-12-05): BTC futures "Contract size US $10";
    # the API reference's public/get_contract_size answers 10 for BTC-PERPETUAL.
    contract_sizes=ContractSizes(
        usd={"BTCUSD": 10.0},
        source=(
            "https://www.deribit.com/docs/contract-specifications/",
            "https://docs.deribit.com/api-reference/market-data/public-get_contract_size",
        ),
        as_of=_SIZES_READ,
    ),
)

# Kraken: "Equity Protection Process" (last updated 2026-03-17, read 2026-12-04): long
# 1,000 contracts (USD) of Bitcoin-Dollar at 8,000, margin 0.01 BTC, maintenance margin
# 0.00125 BTC (1% of 0.125 BTC): "the price at which you will be liquidated is 7481".
# 1000 x 1.01 / (0.01 + 0.125) = 7481.48 values maintenance at the mark: convention
# "binance" (at entry it would be 7,476.64). Levels are by position size in contracts
# (1 contract = 1 USD for the inverse Bitcoin-Dollar perpetual): "size".
_KRAKEN = Exchange(
    key="kraken",
    name="Kraken",
    convention="binance",
    liquidation_fee=None,
    maker_fee=None,
    taker_fee=None,
    tier_basis="size",
    # Every market's levels are stored (contractcalc/tiers/kraken-*.json).
    tiers={},
    max_leverage={"BTCUSD": 50.0},
    source=(
        "https://support.kraken.com/hc/en-us/articles/15579128794772-Inverse-Futures-Margin-Schedule-Maximum-Leverage",
        "https://support.kraken.com/hc/en-us/articles/360022632452-Multi-Collateral-Futures-Margin-Schedule-Maximum-Leverage",
        "https://support.kraken.com/hc/en-us/articles/360022835671-Equity-Protection-Process",
    ),
    as_of=_REREAD,
    notes=(
        "Convention from the Equity Protection Process example (liquidated at 7481: "
        "maintenance at the mark price); until 2026-11-30 this preset valued maintenance "
        "at entry after the margin schedule's 'based on the value of the collateral "
        "currency at entry price', read 2026-11-30, which gives 7,476.64 there. "
        "Maximum position 75,000,000 contracts. Margin levels: Kraken's own GET "
        "https://futures.kraken.com/derivatives/api/v3/instruments answer as ccxt stored "
        "it (commit 3802e1a2, at ccxt 4.4.14, a release of 2024-10-03 to 07), every market it "
        "holds: PF_XBTUSD, PF_ETHUSD, PF_LTCUSD, PF_FTMUSD, PF_PEPEUSD, PF_DOGEUSD "
        "(multi-collateral, levels by position value in USD) and PI_XBTUSD (inverse, by "
        "contracts of 1 USD); the levels for professional clients (marginLevels), not the "
        "retail ones (retail clients may no longer trade). Until 2026-12-05 this preset "
        "held the inverse margin schedule's BTCUSD table, the same 8 levels as PI_XBTUSD. "
        "The pages do not say whether a level's rate applies to the whole position; the "
        "tables assume it does. Fees unsourced."
    ),
    # The same example (read 2026-12-05): 1,000 contracts at 8000 are worth "0.125 BTC
    # (1000 / 8000)": a Bitcoin-Dollar contract is 1 USD.
    contract_sizes=ContractSizes(
        usd={"BTCUSD": 1.0},
        source=(
            "https://support.kraken.com/hc/en-us/articles/360022835671-Equity-Protection-Process",
        ),
        as_of=_SIZES_READ,
    ),
)

# Hyperliquid: an account is liquidated when its equity falls below maintenance margin
# x open notional (valued at the mark price): convention "binance". "Margin tiers" (read
# 2026-12-04): maintenance_margin = notional x rate - deduction, the rate half the initial
# margin rate at the tier's maximum leverage, the deduction making maintenance continuous
# (the engine's maintenance amounts): "notional". Mainnet BTC: 0-150M 40x, >150M 20x;
# ETH: 0-100M 25x, >100M 15x (USDC notional). A bound is its upper tier's lower bound
# (API lowerBound), so caps are not inclusive.
_HYPERLIQUID_TIERS = {"BTCUSDT": ((0.0, 40.0), (150_000_000.0, 20.0)),
                      "ETHUSDT": ((0.0, 25.0), (100_000_000.0, 15.0))}  # fmt: skip
_HYPERLIQUID = Exchange(
    key="hyperliquid",
    name="Hyperliquid",
    convention="binance",
    liquidation_fee=0.0,
    maker_fee=None,
    taker_fee=None,
    tier_basis="notional",
    tiers={
        contract: tuple(
            Tier(floor, maintenance_rate_for_max_leverage(leverage), leverage)
            for floor, leverage in table
        )
        for contract, table in _HYPERLIQUID_TIERS.items()
    },
    max_leverage={contract: table[0][1] for contract, table in _HYPERLIQUID_TIERS.items()},
    source=(
        "https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers",
        "https://docs.trade.xyz/trading/margin-and-leverage",
        "https://docs.byreal.io/products/perp/risk-and-liquidation",
    ),
    as_of=_REREAD,
    notes=(
        "USDC-margined. Every mainnet tier of BTC (40x to 150M USDC, 20x above) and ETH "
        "(25x to 100M, 15x above) from Hyperliquid's 'Margin tiers' page, with its "
        "maintenance deduction; until 2026-11-30 the preset held the first tier only "
        "(40x and 25x from a front end, docs.byreal.io). Fees unsourced."
    ),
)

# dYdX: the L2 (v3) contract specs give BTC-USD and ETH-USD a 5% initial and 3%
# maintenance margin requirement, liquidation at the index (mark) price: convention
# "binance", no fee in the requirement. dYdX Chain (v4) sets per-market fractions that
# the stored pages did not list.
_DYDX = Exchange(
    key="dydx",
    name="dYdX",
    convention="binance",
    liquidation_fee=0.0,
    maker_fee=None,
    taker_fee=None,
    tier_basis="notional",
    tiers={
        "BTCUSDT": (Tier(0.0, 0.03, 20.0),),
        "ETHUSDT": (Tier(0.0, 0.03, 20.0),),
    },
    max_leverage={"BTCUSDT": 20.0, "ETHUSDT": 20.0},
    source=(
        "https://help.dydx.exchange/en/articles/4800587-l2-perpetual-contract-specs",
        "https://help.dydx.trade/en/articles/166994-selecting-a-market-on-dydx-chain",
        "https://help.dydx.exchange/en/articles/8587243-default-margin-calculations-on-dydx-chain",
    ),
    as_of=_REREAD,
    notes=(
        "USDC-margined. The figures are dYdX v3 (L2) specs. dYdX Chain's 'Default margin "
        "calculations' (read 2026-12-04) keeps a fixed maintenance fraction per market, "
        "liquidates when the margin fraction exceeds it (valued at the oracle price) and "
        "may charge a liquidation fee of 1.5% from what is left, not added to the "
        "requirement; it gives no per-market fractions, so the v3 figures stay. Fees "
        "unsourced."
    ),
)

#: Every preset, by key. Read-only.
EXCHANGES: Mapping[str, Exchange] = MappingProxyType(
    {
        preset.key: preset
        for preset in (
            _BINANCE,
            _BYBIT,
            _BYBIT_CLASSIC,
            _OKX,
            _BITGET,
            _GATE,
            _KUCOIN,
            _MEXC,
            _PHEMEX,
            _BITMEX,
            _DERIBIT,
            _KRAKEN,
            _HYPERLIQUID,
            _DYDX,
        )
    }
)


# --- reading pasted tiers ---------------------------------------------------------------


# --- stored tables ----------------------------------------------------------------------


#: What an exchange adds to a pair's name for its perpetual: Binance COIN-M's "BTCUSD_PERP",
#: OKX's "BTC-USD-SWAP".
PERPETUAL_SUFFIXES = ("_PERP", "-SWAP")
#: Kraken Futures' names: "PF_<base>USD" (multi-collateral, linear), "PI_<base>USD"
#: (inverse), bitcoin as XBT.
KRAKEN_PREFIXES: Mapping[str, str] = MappingProxyType({"linear": "PF_", "inverse": "PI_"})
KRAKEN_ASSETS: Mapping[str, str] = MappingProxyType({"BTC": "XBT"})


def symbol_names(kind: str, pair: str) -> tuple[str, ...]:
    """The names a pair's contract may have on an exchange, to look its stored table up by.

    Parameters
    ----------
    kind : {"linear", "inverse"}
        The kind of contract.
    pair : str
        The pair as a trader writes it: "ETHUSDT", "BTCUSD".

    Returns
    -------
    tuple of str
        The pair itself, its perpetual's names (:data:`PERPETUAL_SUFFIXES`) and Kraken's
        name for it (:data:`KRAKEN_PREFIXES`, :data:`KRAKEN_ASSETS`), in that order.

    Raises
    ------
    InputError
        (field ``kind``) for an unknown kind; (field ``symbol``) if the pair is not text.

    Examples
    --------
    >>> symbol_names("linear", "ETHUSDT")
    ('ETHUSDT', 'ETHUSDT_PERP', 'ETHUSDT-SWAP', 'PF_ETHUSD')
    >>> symbol_names("inverse", "BTCUSD")[-1]
    'PI_XBTUSD'
    """
    if not isinstance(kind, str) or kind not in CONTRACTS.values():
        raise InputError("kind", "kind")
    if not isinstance(pair, str):
        raise InputError("symbol", "symbol")
    names = [pair, *(pair + suffix for suffix in PERPETUAL_SUFFIXES)]
    letters = "".join(char for char in pair.upper() if char.isalnum())
    base = letters.removesuffix("USDT") if letters.endswith("USDT") else letters.removesuffix("USD")
    if base and base != letters:
        names.append(f"{KRAKEN_PREFIXES[kind]}{KRAKEN_ASSETS.get(base, base)}USD")
    return tuple(names)


def symbols(key: str, kind: str = "linear") -> tuple[str, ...]:
    """The exchange's own symbol names that have a stored tier table, sorted.

    Parameters
    ----------
    key : str
        A key of :data:`EXCHANGES`.
    kind : {"linear", "inverse"}, default "linear"
        The kind of contract.

    Returns
    -------
    tuple of str
        Sorted; empty if nothing is stored for that exchange and kind.

    Raises
    ------
    InputError
        (field ``exchange``, code ``unknown_exchange``) for an unknown exchange, its
        message listing the keys; (field ``kind``) for an unknown kind.

    Notes
    -----
    The first call for an exchange and kind reads its data file
    (``contractcalc/tiers/<key>-<kind>.json``); later calls reuse it.

    Examples
    --------
    >>> names = symbols("binance")
    >>> len(names) >= 200, "SOLUSDT" in names, names == tuple(sorted(names))
    (True, True, True)
    """
    from . import tier_data

    return tier_data.symbols(key, kind)


def tier_table(key: str, symbol: str, kind: str = "linear") -> TierTable:
    """One symbol's maintenance tiers as its exchange's API gave them, dated and sourced.

    Parameters
    ----------
    key : str
        A key of :data:`EXCHANGES`.
    symbol : str
        The exchange's name for the contract, one of :func:`symbols`; case, "-", "_"
        and "/" are ignored when no name matches exactly ("sol-usdt" is "SOLUSDT").
    kind : {"linear", "inverse"}, default "linear"
        The kind of contract.

    Returns
    -------
    TierTable
        ``brackets`` ((floor, rate) pairs for
        :func:`contractcalc.linear.liquidation_price_tiered` or
        :func:`contractcalc.inverse.liquidation_price_tiered`, with ``basis``),
        ``max_leverage`` (one per tier), ``basis``, ``as_of`` (ISO date) and ``source``
        (URL).

    Raises
    ------
    InputError
        (field ``symbol``, code ``unknown_symbol``) for a symbol without a stored table,
        its message naming the nearest stored symbols and how many there are; (field
        ``symbol``, code ``no_tier_data``) if nothing is stored for the exchange and
        kind; (field ``exchange``, code ``unknown_exchange``) for an unknown exchange;
        (field ``kind``) for an unknown kind.

    Notes
    -----
    With basis "notional" (Binance), the tier is the one the position's value at the
    liquidation price falls in and its maintenance amount is
    :math:`cum_n = cum_{n-1} + floor_n (m_n - m_{n-1})`, which the engine derives from
    the brackets; Binance's own ``cum`` figures agree with it for every stored table.

    Examples
    --------
    Binance's SOLUSDT, as its website answered on 2026-09-08 (a derived public copy):

    >>> table = tier_table("binance", "SOLUSDT")
    >>> table.brackets[:2], table.max_leverage[:2], table.basis
    (((0.0, 0.005), (50000.0, 0.0065)), (100.0, 75.0), 'notional')
    >>> table.as_of
    '2026-09-08'
    >>> tier_table("binance", "SOLUSD")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    contractcalc.errors.InputError: symbol: No tier table ... “SOLUSD”; ... SOLUSDC, SOLUSDT, ...
    """
    from . import tier_data

    return tier_data.table(key, symbol, kind)
