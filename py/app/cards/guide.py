"""The guide's rules as cards: the rule's value, the exact value, the gap, and why they differ.

Each card reads the rule's own fields plus the assumptions the exact math needs (see
:mod:`app.assumptions`; empty ones mean none) and shows four outputs:

* ``result``: the rule's value, as the guide states it;
* ``exact``: the exact value of the same quantity from :mod:`contractcalc.compare`, in
  the same format, or a phrase where none exists ("never liquidated");
* ``gap``: exact minus rule, in percentage points for percentages, × for leverage,
  amounts for prices and profits ("" when there is no exact value);
* ``why``: one sentence on the difference, in the page's language;
* ``work``: the guide's formula with the card's numbers, then the exact one, then
  where they part (the ``why`` sentence), drawn by :mod:`app.work` from
  :mod:`contractcalc._worked`.

A price card shows its two prices and their gap with one count of decimals; a leverage
card shows both leverages rounded down to 0.01, in its numbers and in its sentence (a
highest safe leverage must never read higher than it is), and the gap between the two
values as shown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from types import MappingProxyType

from contractcalc import _worked as worked
from contractcalc import compare

from .. import assumptions as a
from .. import format as fmt
from .. import i18n
from .. import work as w
from ..spec import Calculator, Compute, Field, Output, Slot, Values
from ..texts import Texts, say

#: The cards' texts: their page texts (a key with a dot: title, labels, options), which
#: :mod:`app.catalogue` gathers for the page, then the phrases their results say.
TEXTS: Texts = {
    "t.target_change": {"en": "Target change", "zh": "目标涨跌幅"},
    "fm.target_change": {"en": "target ÷ open − 1", "zh": "目标价 ÷ 开仓价 − 1"},
    "f.open_price": {"en": "Open price", "zh": "开仓价"},
    "f.target_price": {"en": "Target price", "zh": "目标价"},
    "r.rule": {"en": "Guide's rule", "zh": "教程估算"},
    "r.exact": {"en": "Exact", "zh": "精确值"},
    "r.gap": {"en": "Gap", "zh": "误差"},
    "t.target_price": {"en": "Target price", "zh": "目标价"},
    "fm.target_price": {"en": "open × (1 + change)", "zh": "开仓价 × (1 + 涨跌幅)"},
    "f.change": {"en": "Price change (%)", "zh": "价格涨跌幅 (%)"},
    "t.liquidation_move": {"en": "Liquidation move", "zh": "强平距离"},
    "fm.liquidation_move": {"en": "1 ÷ leverage", "zh": "1 ÷ 杠杆"},
    "t.leverage_for_stop": {"en": "Leverage for a stop-loss", "zh": "按止损幅度定杠杆"},
    "fm.leverage_for_stop": {"en": "1 ÷ stop-loss %", "zh": "1 ÷ 止损幅度"},
    "f.stop_fraction": {"en": "Stop-loss distance (%)", "zh": "止损幅度 (%)"},
    "t.leverage_for_stop_price": {"en": "Leverage for a stop price", "zh": "按止损价定杠杆"},
    "fm.leverage_for_stop_price": {
        "en": "1 ÷ (1 − stop ÷ open)",
        "zh": "1 ÷ (1 − 止损价 ÷ 开仓价)",
    },
    "f.stop_price": {"en": "Stop price", "zh": "止损价"},
    "t.coin_long_profit": {"en": "Coin-margined long profit", "zh": "币本位做多收益"},
    "fm.coin_long_profit": {
        "en": "principal × leverage × rise × (1 + rise)",
        "zh": "本金 × 杠杆 × 涨幅 × (1 + 涨幅)",
    },
    "f.principal": {"en": "Principal", "zh": "本金"},
    "f.rise": {"en": "Rise (%)", "zh": "涨幅 (%)"},
    "t.coin_short_profit": {"en": "Coin-margined short profit", "zh": "币本位做空收益"},
    "fm.coin_short_profit": {
        "en": "principal × leverage × fall × (1 − fall)",
        "zh": "本金 × 杠杆 × 跌幅 × (1 − 跌幅)",
    },
    "f.fall": {"en": "Fall (%)", "zh": "跌幅 (%)"},
    "t.usdt_profit": {"en": "USDT-margined profit", "zh": "U本位收益"},
    "fm.usdt_profit": {"en": "principal × leverage × change", "zh": "本金 × 杠杆 × 涨跌幅"},
    "f.principal_usdt": {"en": "Principal (USDT)", "zh": "本金 (USDT)"},
    # The phrases.
    "pp": {"en": "{value} pp", "zh": "{value} 个百分点"},
    "never_liquidated": {"en": "never liquidated", "zh": "不会被强平"},
    "out_of_reach": {"en": "no price reaches it", "zh": "没有价格能达到"},
}

Formatter = Callable[[float], str]


def _change(value: float) -> str:
    return fmt.signed(fmt.percent(value), value)


def _points(value: float) -> str:
    """A difference of two percentages, as signed percentage points (without the unit)."""
    return fmt.gain(fmt.percent(value).removesuffix("%"), value)


def _amount(value: float) -> str:
    return fmt.gain(fmt.number(value), value)


def _usdt(value: float) -> str:
    return fmt.gain(fmt.money(value, fmt.QUOTE), value)


def _work(
    chains: tuple[worked.Work, worked.Work],
    outputs: dict[str, str],
    lang: str,
    kind: str,
    show: Formatter,
    *,
    exact_shown: bool = True,
) -> str:
    """The card's two formulas worked: the guide's, then the exact one, then why they part.

    ``exact_shown`` is False where the card shows no exact number (a phrase instead, or
    0 for a position liquidated at once): the exact chain is then worked without ending
    in the card's result, and the card's phrase is said after it.
    """
    guide, exact = chains
    results = {guide.lines[-1].name: w.Result("result", show)}
    notes = [outputs["why"]]
    if exact_shown:
        results[exact.lines[-1].name] = w.Result("exact", show)
    else:
        notes.insert(0, outputs["exact"])
    unit_words = w.units(kind, None, lang)
    return w.explain(chains, lang, unit_words, results, notes)


def _outputs(
    comparison: compare.Comparison,
    lang: str,
    show: Formatter,
    gap: Formatter,
    *,
    points: bool = False,
    missing: str = "",
    chains: tuple[worked.Work, worked.Work] | None = None,
    kind: str = "linear",
) -> dict[str, str]:
    """The outputs of a rule card from its Comparison, and its worked formulas."""
    if comparison.exact is None or comparison.gap is None:
        exact, difference = say(TEXTS, missing, lang), ""
    else:
        exact, difference = show(comparison.exact), gap(comparison.gap)
        if points:
            difference = say(TEXTS, "pp", lang, value=difference)
    outputs = {
        "result": show(comparison.rule),
        "exact": exact,
        "gap": difference,
        "why": i18n.reason(comparison, lang),
    }
    if chains is not None:
        immediate = comparison.reason == "immediate"
        shown = comparison.exact is not None and not immediate
        outputs["work"] = _work(chains, outputs, lang, kind, show, exact_shown=shown)
    return outputs


def _fees(v: Values) -> dict[str, float]:
    return {"open_fee": a.rate(v, "open_fee"), "close_fee": a.rate(v, "close_fee")}


def _target_change(v: Values, lang: str) -> dict[str, str]:
    kind, fees = a.kind(v), _fees(v)
    c = compare.target_change(v["open_price"], v["target_price"], kind=kind, **fees)
    chains = worked.rule_target_change(v["open_price"], v["target_price"], kind, *fees.values())
    return _outputs(c, lang, _change, _points, points=True, chains=chains, kind=kind)


def _target_price(v: Values, lang: str) -> dict[str, str]:
    kind, fees = a.kind(v), _fees(v)
    c = compare.target_price(v["open_price"], v["change"], kind=kind, **fees)
    chains = worked.rule_target_price(v["open_price"], v["change"], kind, *fees.values())
    decimals = fmt.price_decimals(*(p for p in (c.rule, c.exact) if p is not None))

    def show(value: float) -> str:
        return fmt.price(value, decimals)

    def gap(value: float) -> str:
        return fmt.gain(fmt.price(value, decimals), value)

    return _outputs(c, lang, show, gap, missing="out_of_reach", chains=chains, kind=kind)


def _liquidation_move(v: Values, lang: str) -> dict[str, str]:
    kind, side, mmr = a.kind(v), a.side(v), a.rate(v, "mmr")
    c = compare.liquidation_move(v["leverage"], kind=kind, side=side, mmr=mmr)
    chains = worked.rule_liquidation_move(v["leverage"], kind, side, mmr)
    return _outputs(
        c,
        lang,
        fmt.percent,
        _points,
        points=True,
        missing="never_liquidated",
        chains=chains,
        kind=kind,
    )


def _leverage_outputs(
    c: compare.Comparison, lang: str, chains: tuple[worked.Work, worked.Work], kind: str
) -> dict[str, str]:
    """A stop-leverage card: both leverages rounded down, the gap between them as shown."""
    if c.exact is None:  # never for a stop leverage; kept for the type checker
        return _outputs(c, lang, fmt.leverage_down, fmt.leverage, chains=chains, kind=kind)
    difference = fmt.floor_leverage(c.exact) - fmt.floor_leverage(c.rule)
    # The sentence names both leverages too: with them rounded down, as on the card.
    floored = {"exact": c.params["exact_floor"], "rule": c.params["rule_floor"]}
    shown = dataclasses.replace(c, params=MappingProxyType({**c.params, **floored}))
    outputs = {
        "result": fmt.leverage_down(c.rule),
        "exact": fmt.leverage_down(c.exact),
        "gap": fmt.gain(fmt.leverage(difference), difference),
        "why": i18n.reason(shown, lang),
    }
    outputs["work"] = _work(chains, outputs, lang, kind, fmt.leverage_down)
    return outputs


def _leverage_for_stop(v: Values, lang: str) -> dict[str, str]:
    kind, side, mmr = a.kind(v), a.side(v), a.rate(v, "mmr")
    c = compare.leverage_for_stop(v["stop_fraction"], kind=kind, side=side, mmr=mmr)
    chains = worked.rule_leverage_for_stop(v["stop_fraction"], kind, side, mmr)
    return _leverage_outputs(c, lang, chains, kind)


def _leverage_for_stop_price(v: Values, lang: str) -> dict[str, str]:
    kind, mmr = a.kind(v), a.rate(v, "mmr")
    c = compare.leverage_for_stop_price(v["open_price"], v["stop_price"], kind=kind, mmr=mmr)
    chains = worked.rule_leverage_for_stop_price(v["open_price"], v["stop_price"], kind, mmr)
    return _leverage_outputs(c, lang, chains, kind)


def _coin_long_profit(v: Values, lang: str) -> dict[str, str]:
    args = (v["principal"], v["leverage"], v["rise"])
    c = compare.coin_long_profit(*args, **_fees(v))
    chains = worked.rule_coin_long_profit(*args, *_fees(v).values())
    return _outputs(c, lang, _amount, _amount, chains=chains, kind="inverse")


def _coin_short_profit(v: Values, lang: str) -> dict[str, str]:
    args = (v["principal"], v["leverage"], v["fall"])
    c = compare.coin_short_profit(*args, **_fees(v))
    chains = worked.rule_coin_short_profit(*args, *_fees(v).values())
    return _outputs(c, lang, _amount, _amount, chains=chains, kind="inverse")


def _usdt_profit(v: Values, lang: str) -> dict[str, str]:
    args = (v["principal"], v["leverage"], v["change"])
    c = compare.usdt_profit(*args, side=a.side(v), **_fees(v))
    chains = worked.rule_usdt_profit(*args, a.side(v), *_fees(v).values())
    return _outputs(c, lang, _usdt, _usdt, chains=chains)


_FEE_FIELDS = (a.OPEN_FEE, a.CLOSE_FEE)
_WHY = (Slot("why", "why"), Slot("work", "work"))
_LEVERAGE = Field("leverage", default="50")


def _card(
    card_id: str, fields: tuple[Field, ...], compute: Compute, *, profit: bool = False
) -> Calculator:
    """A rule card: the guide's formula, the rule beside the exact value, and why they part.

    Only a ``profit`` card's two results are coloured as a gain or a loss: the other rules
    give a price, a price move or a leverage, and the gap says how far the guide is off,
    neither of which is good or bad by its sign.
    """
    outputs = (
        Output("result", "r.rule", big=True, signed=profit),
        Output("exact", "r.exact", big=True, signed=profit),
        Output("gap", "r.gap", copy=False),
    )
    return Calculator(
        fields,
        compute,
        title=f"t.{card_id}",
        formula=f"fm.{card_id}",
        outputs=outputs,
        slots=_WHY,
        explains=(f"rules.{card_id}", f"compare.{card_id}"),
    )


def _price(name: str, default: str) -> Field:
    return Field(name, default=default, unit="price")


CALCULATORS: dict[str, Calculator] = {
    "target_change": _card(
        "target_change",
        (_price("open_price", "1000"), _price("target_price", "1200"), a.KIND, *_FEE_FIELDS),
        _target_change,
    ),
    "target_price": _card(
        "target_price",
        (
            _price("open_price", "1000"),
            Field("change", "percent", default="20"),
            a.KIND,
            *_FEE_FIELDS,
        ),
        _target_price,
    ),
    "liquidation_move": _card(
        "liquidation_move",
        (Field("leverage", default="20"), a.KIND, a.SIDE, a.MMR),
        _liquidation_move,
    ),
    "leverage_for_stop": _card(
        "leverage_for_stop",
        (Field("stop_fraction", "percent", default="10"), a.KIND, a.SIDE, a.MMR),
        _leverage_for_stop,
    ),
    "leverage_for_stop_price": _card(
        "leverage_for_stop_price",
        (_price("open_price", "20000"), _price("stop_price", "15000"), a.KIND, a.MMR),
        _leverage_for_stop_price,
    ),
    "coin_long_profit": _card(
        "coin_long_profit",
        (
            Field("principal", default="1000"),
            _LEVERAGE,
            Field("rise", "percent", default="10"),
            *_FEE_FIELDS,
        ),
        _coin_long_profit,
        profit=True,
    ),
    "coin_short_profit": _card(
        "coin_short_profit",
        (
            Field("principal", default="1000"),
            _LEVERAGE,
            Field("fall", "percent", default="10"),
            *_FEE_FIELDS,
        ),
        _coin_short_profit,
        profit=True,
    ),
    "usdt_profit": _card(
        "usdt_profit",
        (
            Field("principal", label="f.principal_usdt", default="1000"),
            _LEVERAGE,
            Field("change", "percent", default="2"),
            a.SIDE,
            *_FEE_FIELDS,
        ),
        _usdt_profit,
        profit=True,
    ),
}

#: The assumptions every rule card shares, shown once above them.
SHARED: tuple[Field, ...] = (a.SIDE, a.MMR, a.OPEN_FEE, a.CLOSE_FEE)
