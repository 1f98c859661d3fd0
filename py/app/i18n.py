"""The formula package's messages and reasons in every language, and the functions that say them.

:data:`contractcalc.errors.MESSAGES` and :data:`contractcalc.compare.REASONS` own the
English; here each key gets its Chinese, formatted with the same parameters, and
:data:`TEXTS` holds both side by side. String parameters (``side``, ``kind``) come from
closed sets and are translated too (``word.<value>``).
"""

from __future__ import annotations

from collections.abc import Mapping

from contractcalc import InputError
from contractcalc.compare import REASONS, Comparison
from contractcalc.errors import MESSAGES

from .texts import Texts, say, side_by_side

_MESSAGES_ZH: Mapping[str, str] = {
    "empty": "请输入数字。",
    "not_a_number": "请输入数字，例如 1000 或 0.25。",
    "not_finite": "请输入有限的数字（不能是 NaN 或无穷大）。",
    "too_large": "数字的绝对值不能超过 {limit:g}。",
    "not_positive": "必须大于零。",
    "too_small": "不能小于 {limit:g}。",
    "negative": "不能为负数。",
    "below": "必须大于 {limit:g}。",
    "at_least": "必须小于 {limit:g}。",
    "not_integer": "请输入整数。",
    "open_interval": "必须介于 {low:g} 与 {high:g} 之间（不含两端）。",
    "fraction_range": "不能小于 {low:g}，且必须小于 {high:g}。",
    "stop_equals_open": "止损价不能等于开仓价。",
    "stop_wrong_side_long": "多单的止损价必须低于开仓价。",
    "stop_wrong_side_short": "空单的止损价必须高于开仓价。",
    "fall_too_large": "跌幅必须小于 100%。",
    "rise_too_small": "价格不可能下跌 100% 或更多：涨跌幅必须大于 -100%。",
    "side": "请选择“多”或“空”。",
    "choice": "请从选项中选择一项。",
    "convention": "请选择“binance”或“bybit”。",
    "kind": "请选择“U本位”或“币本位”。",
    "basis": (
        "请选择“notional”（按仓位价值）、“size”（按仓位数量）"
        "或“notional_whole”（按仓位价值，整仓同一费率）。"
    ),
    "mmr_plus_fee": (
        "维持保证金率与强平手续费率之和必须小于 1（100%）：强平手续费率须小于 {limit:g}。"
    ),
    "inverse_long_roe_ceiling": (
        "币本位多单在此杠杆下无法达到 {limit:g}% 的收益率：即使价格涨到无穷大，收益率也低于此值。"
    ),
    "price_not_positive": "没有任何正的价格能得到这个结果：目标无法达到。",
    "no_fills": "请至少添加一笔成交。",
    "fill": "每笔成交都需要正的价格和正的数量。",
    "brackets": "档位表无效：{detail}",
    "no_loss_at_stop": "在这样的手续费返佣下，仓位在该止损价不亏损：请把止损价设得更远。",
    "result_out_of_range": "这些输入得出的结果过大或过小，无法显示。",
    "tiers_empty": "请粘贴档位表：交易所 API 返回的 JSON，或每行一个起点和费率。",
    "tiers_too_long": "粘贴的文本太长：最多 {limit:g} 个字符。",
    "tiers_json": "无法读取粘贴的 JSON：格式有误、含有 NaN，或嵌套过深。",
    "tiers_format": (
        "未找到档位列表：请粘贴 Binance leverageBracket（或其网页的 brackets）、Bybit risk-limit、"
        "OKX position-tiers、Bitget query-position-lever 或 KuCoin risk-limit 返回的 JSON，"
        "或起点与费率两列的表格。"
    ),
    "tiers_symbol": "粘贴的 JSON 中没有 {symbol} 的档位。",
    "tiers_linear": "这些档位属于U本位（线性）合约，而非币本位合约。",
    "tiers_inverse": "这些档位属于币本位（反向）合约，而非U本位合约。",
    "tiers_row": "第 {row:g} 行：请给出起点和费率，用制表符、分号或空格分隔。",
    "tiers_number": "第 {row:g} 行：“{text}”不是数字（或大于 1e15）。",
    "tiers_negative": "第 {row:g} 行：起点不能为负数。",
    "tiers_rate": "第 {row:g} 行：维持保证金率必须不小于 0 且小于 100%。",
    "tiers_first_floor": "第一档必须从 0 开始，而不是 {floor:g}。",
    "tiers_order": "第 {row:g} 行：起点必须严格递增：请排序并删除重复行。",
    "tiers_too_many": "最多 {limit:g} 个档位。",
    "tiers_line_fields": (
        "第 {line:g} 行：请填写名义价值下限和维持保证金率，可在其后填写该档最大杠杆，"
        "例如“50,000, 0.5%, 100”。"
    ),
    "tiers_line_floor": "第 {line:g} 行：名义价值下限“{text}”必须是大于或等于 0 的数字。",
    "tiers_line_rate": "第 {line:g} 行：维持保证金率“{text}”必须不小于 0 且小于 100%。",
    "tiers_line_leverage": "第 {line:g} 行：最大杠杆“{text}”必须大于 0。",
    "tiers_line_first": "第 {line:g} 行：第一档的名义价值下限必须为 0。",
    "tiers_line_order": "第 {line:g} 行：每一档的下限都必须高于上一档。",
    "unknown_exchange": "没有交易所“{name}”：请从 {known} 中选择。",
    "unknown_symbol": "没有存储“{name}”的档位表；已存储 {count:g} 个合约，例如 {known}。",
    "no_tier_data": "没有存储该交易所此类合约的档位表。",
    "tier_file": "没有名为“{name}”的档位数据：请写成“<交易所>-<合约类型>”。",
    "tier_text": "请给出档位数据文件的文本；无法获取时不给。",
    "positions": "请以 Position 行的列表给出账户的仓位。",
    "symbol": "请填写合约名称，例如 BTCUSDT。",
    "mark_differs": "同一合约的仓位必须使用相同的标记价格。",
    "average_out_of_reach": (
        "在这个价格加仓无法得到该均价：目标均价必须介于当前开仓均价与加仓价格之间。"
    ),
    "liquidation_wrong_side_long": "多单的强平价必须低于开仓价。",
    "liquidation_wrong_side_short": "空单的强平价必须高于开仓价。",
    "no_margin_for_target": "没有任何不小于零的保证金能使强平价落在这里。",
}

_FEES_ZH = (
    "经验法则忽略了手续费：开仓按仓位价值收取 {open_fee:.3%}，平仓收取 {close_fee:.3%}，"
    "精确值已扣除。"
)

_REASONS_ZH: Mapping[str, str] = {
    "exact": (
        "在这些假设下经验法则是精确的：U本位仓位的盈亏与价格同步变化，且不计手续费和维持保证金。"
    ),
    "fees": _FEES_ZH,
    "inverse_convexity": (
        "币本位{side}以币结算，币的价值按 1/价格 变化：价格变动 {move:.2%} 时，"
        "它赚得的币是开仓价值的 {ret:.2%}，而非 {move:.2%}。"
    ),
    "inverse_convexity_fees": (
        "币本位{side}以币结算，币的价值按 1/价格 变化，并且开仓支付 {open_fee:.3%}、"
        "平仓支付 {close_fee:.3%} 的手续费：价格变动 {move:.2%} 时，"
        "扣费后它赚得的币是开仓价值的 {ret:.2%}。"
    ),
    "unreachable": (
        "没有任何价格能让{kind}{side}赚到开仓价值的 {ret:.2%}：无论价格多少，"
        "扣除手续费后收益都低于 {max_ret:.2%}。"
    ),
    "maintenance": (
        "交易所在剩余保证金降到维持保证金（仓位价值的 {mmr:.2%}）时就强平，而不是等保证金亏完："
        "在 {leverage:g} 倍杠杆下，U本位{side}在价格反向变动 {exact:.2%} 时被强平，"
        "而非 {rule:.2%}。"
    ),
    "inverse_margin": (
        "币本位仓位的保证金是币，币的价值按 1/价格 变化（对多单跌得更快，对空单更慢）："
        "在 {leverage:g} 倍杠杆下，{side}在价格反向变动 {exact:.2%} 后亏光保证金，而非 {rule:.2%}。"
    ),
    "inverse_maintenance": (
        "币本位仓位的保证金是币，币的价值按 1/价格 变化（对多单跌得更快，对空单更慢），"
        "且交易所在维持保证金（仓位价值的 {mmr:.2%}）处强平：在 {leverage:g} 倍杠杆下，"
        "{side}在价格反向变动 {exact:.2%} 时被强平，而非 {rule:.2%}。"
    ),
    "no_liquidation": (
        "在 {leverage:g} 倍杠杆下，保证金足以覆盖{kind}{side}可能的任何亏损，没有价格会触发强平。"
    ),
    "immediate": (
        "在 {leverage:g} 倍杠杆下，初始保证金（仓位价值的 {im:.2%}）不高于维持保证金率 {mmr:.2%}，"
        "仓位一开就会被强平。"
    ),
    "stop_maintenance": (
        "交易所在维持保证金（仓位价值的 {mmr:.2%}）处强平，早于保证金亏完：要让强平价落在距开仓价 "
        "{stop:.2%} 的止损之外，U本位{side}最多只能用 {exact_floor:.4g} 倍杠杆，"
        "而非 {rule_floor:.4g} 倍。"
    ),
    "stop_inverse": (
        "币本位仓位的保证金是币，币的价值按 1/价格 变化，且交易所在维持保证金率 {mmr:.2%} 处强平："
        "要让强平价落在距开仓价 {stop:.2%} 的止损之外，{side}最多只能用 {exact_floor:.4g} 倍杠杆，"
        "而非 {rule_floor:.4g} 倍。"
    ),
    "coin_long": (
        "指南乘以 (1 + 涨幅)，而精确算法是除以它：币本位多单赚 "
        "P × L × r ÷ (1 + r) = {exact:.6g} 个币，"
        "而非 {rule:.6g}；按平仓价计算，这相当于开仓时 P × L × r = {at_exit:.6g} 个币的价值。"
    ),
    "coin_long_fees": (
        "指南乘以 (1 + 涨幅)，而精确算法是除以它，并且忽略了手续费：币本位多单赚 "
        "P × L × r ÷ (1 + r) = {gross:.6g} 个币，扣除 {fees:.6g} 的手续费后为 {exact:.6g}，"
        "而非 {rule:.6g}。"
    ),
    "coin_short": (
        "指南乘以 (1 − 跌幅)，而精确算法是除以它：币本位空单赚 "
        "P × L × f ÷ (1 − f) = {exact:.6g} 个币，"
        "而非 {rule:.6g}；按平仓价计算，这相当于开仓时 P × L × f = {at_exit:.6g} 个币的价值。"
    ),
    "coin_short_fees": (
        "指南乘以 (1 − 跌幅)，而精确算法是除以它，并且忽略了手续费：币本位空单赚 "
        "P × L × f ÷ (1 − f) = {gross:.6g} 个币，扣除 {fees:.6g} 的手续费后为 {exact:.6g}，"
        "而非 {rule:.6g}。"
    ),
    "beyond_margin": (
        "{loss:.6g} 的亏损已不低于全部保证金 {principal:.6g}：交易所会在此之前强平，"
        "所以最多亏掉保证金；两个数字都假设仓位一直未平。"
    ),
}

#: Every error message and reason, English and Chinese, with the same ``{params}``; and
#: the words of the closed sets of string parameters.
TEXTS: Texts = {
    **side_by_side(MESSAGES, zh=_MESSAGES_ZH),
    **side_by_side(REASONS, zh=_REASONS_ZH),
    "word.long": {"en": "long", "zh": "多单"},
    "word.short": {"en": "short", "zh": "空单"},
    "word.linear": {"en": "linear", "zh": "U本位"},
    "word.inverse": {"en": "inverse", "zh": "币本位"},
}


def message(error: InputError, lang: str) -> str:
    """An input error's message in the language ("en" or "zh").

    >>> message(InputError("leverage", "not_positive"), "zh")
    '必须大于零。'
    >>> message(InputError("leverage", "too_small", limit=1), "en")
    'Must be at least 1.'
    """
    return say(TEXTS, error.code, lang, **error.params)


#: The parameters of a reason whose values are words of a closed set, said in the language.
_WORDED = ("side", "kind")


def reason(comparison: Comparison, lang: str) -> str:
    """Why a rule of thumb and the exact value differ, as one sentence in the language.

    >>> from contractcalc import compare
    >>> reason(compare.liquidation_move(20, side="long", mmr=0.004), "zh")  # doctest: +ELLIPSIS
    '交易所...在 20 倍杠杆下，U本位多单在价格反向变动 4.62% 时被强平，而非 5.00%。'
    """
    params = {
        key: say(TEXTS, f"word.{value}", lang) if key in _WORDED else value
        for key, value in comparison.params.items()
    }
    return say(TEXTS, comparison.reason, lang, **params)
