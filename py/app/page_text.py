"""Chinese for the page's static text, the DOM code's short messages, and the unit labels.

``index.html`` marks each translatable element with ``data-i18n="KEY"`` (its text) or
``data-i18n-label="KEY"`` (its ``aria-label``). The English is what the HTML holds; for
Chinese the DOM code puts :data:`PAGE_TEXT_ZH` ``[KEY]`` in its place. Messages that are
not in the HTML (copy and reset notices) are in :data:`EXTRA_TEXT`, both languages.
"""

from __future__ import annotations

#: Simplified Chinese for every ``data-i18n`` and ``data-i18n-label`` key of ``index.html``.
PAGE_TEXT_ZH: dict[str, str] = {
    # Page
    "title": "合约计算器",
    "tagline": (
        "加密货币合约计算：教程的经验法则与交易所精确公式并排对照。"
        "所有计算都在你的浏览器中完成，输入的内容不会离开本页面。"
    ),
    "foot": (
        "公式依据币安和 Bybit 公开的官方文档；请以你所用交易所实时的维持保证金档位和手续费为准。"
        "不构成投资建议。Python 通过 PyScript 和 Pyodide 在你的浏览器中运行。"
    ),
    # Status
    "s.loading": "正在加载 Python，首次约 7 MB…",
    "s.ready": "就绪：输入时结果实时更新。",
    # Actions and aria-labels
    "a.skip": "跳到计算器",
    "a.settings": "设置",
    "a.share": "复制链接",
    "a.reset": "重置",
    "a.sections": "栏目",
    "a.assumptions": "假设条件",
    "a.remove_fill": "删除这笔成交",
    "a.add_fill": "+ 添加成交",
    # Navigation
    "nav.rules": "教程法则",
    "nav.pnl": "盈亏与收益率",
    "nav.target": "目标价",
    "nav.liquidation": "强平价",
    "nav.risk": "仓位计算",
    "nav.average": "开仓均价",
    "nav.max_open": "最大可开",
    # Headings and notes
    "h.rules": "教程的经验法则与真实结果",
    "n.rules": (
        "每张卡片先严格按教程原话计算经验法则的结果，再按下方的假设条件算出交易所的精确值，"
        "并说明两者为何不同。百分比字段直接填百分数：20% 就填 20。"
    ),
    "h.calculators": "计算器",
    # Card titles
    "t.target_change": "目标涨跌幅",
    "t.target_price": "目标价",
    "t.liquidation_move": "强平距离",
    "t.leverage_for_stop": "按止损幅度定杠杆",
    "t.leverage_for_stop_price": "按止损价定杠杆",
    "t.coin_long_profit": "币本位做多收益",
    "t.coin_short_profit": "币本位做空收益",
    "t.usdt_profit": "U本位收益",
    "t.pnl": "盈亏与收益率",
    "t.target": "按收益率算目标价",
    "t.liquidation": "强平价",
    "t.risk": "按风险算仓位",
    "t.average": "开仓均价",
    "t.max_open": "最大可开仓位",
    # Field labels
    "f.kind": "合约类型",
    "f.coin": "币种",
    "f.lang": "语言",
    "f.side": "方向",
    "f.mmr": "维持保证金率 (%)",
    "f.open_fee": "开仓手续费 (%)",
    "f.close_fee": "平仓手续费 (%)",
    "f.open_price": "开仓价",
    "f.target_price": "目标价",
    "f.change": "价格涨跌幅 (%)",
    "f.leverage": "杠杆 (×)",
    "f.stop_fraction": "止损幅度 (%)",
    "f.stop_price": "止损价",
    "f.principal": "本金",
    "f.principal_usdt": "本金 (USDT)",
    "fm.target_change": "目标价 ÷ 开仓价 − 1",
    "fm.target_price": "开仓价 × (1 + 涨跌幅)",
    "fm.liquidation_move": "1 ÷ 杠杆",
    "fm.leverage_for_stop": "1 ÷ 止损幅度",
    "fm.leverage_for_stop_price": "1 ÷ (1 − 止损价 ÷ 开仓价)",
    "fm.coin_long_profit": "本金 × 杠杆 × 涨幅 × (1 + 涨幅)",
    "fm.coin_short_profit": "本金 × 杠杆 × 跌幅 × (1 − 跌幅)",
    "fm.usdt_profit": "本金 × 杠杆 × 涨跌幅",
    "a.download": "下载离线版",
    "r.contracts": "张数",
    "r.roe_gross": "未计手续费和资金费的收益率",
    "f.exit_reverse": "验算平仓价",
    "r.margin_at_leverage": "当前杠杆下的保证金",
    "r.liquidation_at_leverage": "当前杠杆下的强平价",
    "f.rise": "涨幅 (%)",
    "f.fall": "跌幅 (%)",
    "f.entry": "开仓价",
    "f.exit": "平仓价",
    "f.size": "仓位数量",
    "f.contract_size": "合约面值 (USD)",
    "f.funding_rate": "资金费率 (%)",
    "f.funding_intervals": "资金费结算次数",
    "f.roe": "目标收益率 (%)",
    "f.margin_mode": "保证金模式",
    "f.wallet": "钱包余额",
    "f.other_maint": "其他仓位维持保证金",
    "f.other_upnl": "其他仓位未实现盈亏",
    "f.mm_source": "维持保证金取自",
    "f.maint_amount": "维持保证金速算额",
    "f.convention": "计算口径",
    "f.brackets": "档位：名义价值下限, 维持保证金率 %（每行一档）",
    "f.balance": "账户余额",
    "f.risk": "风险",
    "f.risk_unit": "风险单位",
    "f.stop": "止损价",
    "f.take_profits": "止盈价（多个用 ; 分隔）",
    "f.fill_price": "价格",
    "f.fill_size": "数量",
    "f.price": "价格",
    # Options
    "o.linear": "U本位（正向合约）",
    "o.inverse": "币本位（反向合约）",
    "o.long": "做多",
    "o.short": "做空",
    "o.isolated": "逐仓",
    "o.cross": "全仓",
    "o.rate": "费率 + 速算额",
    "o.tiers": "档位表",
    "o.binance": "Binance（标记价）",
    "o.bybit": "Bybit（开仓价）",
    "o.percent": "余额的 %",
    "o.amount": "金额",
    # Results
    "r.rule": "教程估算",
    "r.exact": "精确值",
    "r.gap": "误差",
    "r.net_pnl": "净盈亏",
    "r.roe": "收益率 (ROE)",
    "r.gross_pnl": "毛盈亏",
    "r.fees": "手续费",
    "r.funding": "资金费",
    "r.initial_margin": "初始保证金",
    "r.notional": "名义价值",
    "r.break_even": "保本价（含手续费）",
    "r.liquidation": "强平价",
    "r.bankruptcy": "破产价",
    "r.target_price": "达到该收益率的价格",
    "r.roe_at_exit": "平仓收益率（未计手续费）",
    "r.distance": "距开仓价",
    "r.rule_distance": "教程的 1 ÷ 杠杆",
    "r.margin": "保证金",
    "r.maint_margin": "强平时的维持保证金",
    "r.bracket": "所在档位",
    "r.size": "仓位大小",
    "r.max_leverage": "最高安全杠杆",
    "r.risk_amount": "风险金额",
    "r.margin_share": "保证金占余额比例",
    "r.average": "开仓均价",
    "r.total_size": "总数量",
    "r.max_size": "最大可开数量",
}

#: Messages the DOM code shows that are not in the HTML, in English and Chinese.
EXTRA_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "copy": "Copy",
        "copied": "Copied",
        "link_copied": "Link copied: it reopens this calculation",
        "copy_failed": "Copy failed: select the text and copy it",
        "reset_done": "All fields reset to the examples",
        "row_kept": "Keep at least one fill",
    },
    "zh": {
        "copy": "复制",
        "copied": "已复制",
        "link_copied": "链接已复制：打开即可还原本次计算",
        "copy_failed": "复制失败：请选中文字手动复制",
        "reset_done": "所有字段已恢复为示例值",
        "row_kept": "至少保留一笔成交",
    },
}


def units(kind: str, coin: str, lang: str) -> dict[str, str]:
    """The unit labels shown next to field labels, keyed by ``data-unit``.

    money, price and size (a coin quantity, or contracts); face is a fill's size on the
    average-entry card: coins, or USD face value for coin-margined contracts.

    ``kind`` is ``"linear"`` (USDT-margined) or ``"inverse"`` (coin-margined); ``lang`` is
    ``"en"`` or ``"zh"``, English for any other. An unknown kind raises :class:`ValueError`.

    >>> units("linear", "ETH", "en")
    {'money': '(USDT)', 'price': '(USDT)', 'size': '(ETH)', 'face': '(ETH)'}
    >>> units("inverse", "BTC", "zh")
    {'money': '(BTC)', 'price': '(USD)', 'size': '(张)', 'face': '(USD)'}
    """
    if kind == "linear":
        return {"money": "(USDT)", "price": "(USDT)", "size": f"({coin})", "face": f"({coin})"}
    if kind == "inverse":
        contracts = "(张)" if lang == "zh" else "(contracts)"
        return {"money": f"({coin})", "price": "(USD)", "size": contracts, "face": "(USD)"}
    raise ValueError(f"unknown contract kind: {kind!r}")
