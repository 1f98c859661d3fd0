"""Every text the page shows, with its English and its Chinese side by side.

One entry per text: ``KEY: {"en": ..., "zh": ...}``. The page template writes the English
(``data-i18n="KEY"`` marks an element's text, ``data-i18n-label="KEY"`` its ``aria-label``);
static/page.js puts the chosen language in its place (the build embeds the texts the page
shows, and :data:`SCRIPT_TEXTS`, as JSON in the page). The texts a page shows when Python
cannot start are written in every language side by side, each in an element marked
``data-i18n-all="KEY"`` with its ``lang``; static/startup.js shows one of them. Keys start
with what they name: ``t.`` a card's title, ``fm.`` its rule's formula, ``f.`` a field's
label, ``o.`` an option, ``r.`` a result, ``a.`` an action or landmark, ``s.`` the status
line, ``x.`` a message static/page.js shows. ``tests/unit/test_catalogue.py`` proves every
key the page uses is here in both languages and no entry is unused.
"""

from __future__ import annotations

from types import MappingProxyType

from .texts import LANGS, Texts, say

__all__ = ["LANGS", "SCRIPT_TEXTS", "TEXTS", "phrase"]

#: The texts static/page.js says itself: the copy buttons' label and its notices.
SCRIPT_TEXTS = (
    "x.copy",
    "x.copied",
    "x.copy_failed",
    "x.link_copied",
    "x.reset_done",
    "x.row_kept",
)

_TEXTS: dict[str, dict[str, str]] = {
    "a.skip": {"en": "Skip to the calculators", "zh": "跳到计算器"},
    "title": {"en": "Contract Calculator", "zh": "合约计算器"},
    "tagline": {
        "en": "Crypto futures math: the guide's rules of thumb beside the exact exchange formulas. Everything runs in your browser; nothing you type leaves this page.",
        "zh": "加密货币合约计算：教程的经验法则与交易所精确公式并排对照。所有计算都在你的浏览器中完成，输入的内容不会离开本页面。",
    },
    "a.settings": {"en": "Settings", "zh": "设置"},
    "f.kind": {"en": "Contract", "zh": "合约类型"},
    "o.linear": {"en": "USDT-margined (linear)", "zh": "U本位（正向合约）"},
    "o.inverse": {"en": "Coin-margined (inverse)", "zh": "币本位（反向合约）"},
    "f.coin": {"en": "Coin", "zh": "币种"},
    "f.lang": {"en": "Language", "zh": "语言"},
    "a.how": {"en": "How this is computed", "zh": "计算方法"},
    "a.source": {"en": "Source:", "zh": "来源："},
    "a.download": {"en": "Download for offline use", "zh": "下载离线版"},
    "a.share": {"en": "Copy link", "zh": "复制链接"},
    "a.reset": {"en": "Reset", "zh": "重置"},
    "s.loading": {
        "en": "Loading Python, about 7 MB the first time…",
        "zh": "正在加载 Python，首次约 7 MB…",
    },
    "s.ready": {"en": "Ready: results update as you type.", "zh": "就绪：输入时结果实时更新。"},
    "s.pending": {
        "en": "Edited while the calculator loads: these results are for the previous inputs and update once it is ready.",
        "zh": "计算器加载期间已修改输入：下列结果仍对应修改前的输入，加载完成后自动更新。",
    },
    # Shown, in both languages side by side, when Python cannot start (static/startup.js).
    "s.failed": {
        "en": "This copy cannot compute: Python could not start here.",
        "zh": "此副本无法计算：Python 未能在这里启动。",
    },
    "s.examples": {
        "en": "The results below are only the examples for the default inputs; they do not follow your edits.",
        "zh": "下方结果只是默认输入的示例，不会随你的修改而变化。",
    },
    "s.example": {
        "en": "Example for the default inputs, not computed here",
        "zh": "默认输入的示例，并非在此计算",
    },
    "s.offline_at": {
        "en": "Pages saved with “Save as” cannot compute. For a copy that computes offline, download the single file and open it from disk:",
        "zh": "用“另存为”保存的网页无法计算。要离线计算，请下载单文件版本，并从本地打开：",
    },
    "s.offline_where": {
        "en": "Pages saved with “Save as” cannot compute. For a copy that computes offline, use “Download for offline use” on the site this page came from: it saves contract-calculator.html, one file that computes when opened from disk.",
        "zh": "用“另存为”保存的网页无法计算。要离线计算，请在本页面来源的网站上点击“下载离线版”：它会保存 contract-calculator.html，这个单文件从本地打开即可计算。",
    },
    "a.sections": {"en": "Sections", "zh": "栏目"},
    "nav.rules": {"en": "Guide's rules", "zh": "教程法则"},
    "nav.pnl": {"en": "PnL & ROE", "zh": "盈亏与收益率"},
    "nav.target": {"en": "Target", "zh": "目标价"},
    "nav.liquidation": {"en": "Liquidation", "zh": "强平价"},
    "nav.risk": {"en": "Position size", "zh": "仓位计算"},
    "nav.average": {"en": "Average entry", "zh": "开仓均价"},
    "nav.max_open": {"en": "Max size", "zh": "最大可开"},
    "nav.account": {"en": "Account", "zh": "全仓账户"},
    "nav.compare": {"en": "Every exchange", "zh": "交易所对比"},
    "h.rules": {"en": "The guide's rules, and the truth", "zh": "教程的经验法则与真实结果"},
    "n.rules": {
        "en": "Each card computes the guide's rule of thumb exactly as stated, then the exact exchange value under the assumptions below, and says why they differ. Percent fields take percent: type 20 for 20%.",
        "zh": "每张卡片先严格按教程原话计算经验法则的结果，再按下方的假设条件算出交易所的精确值，并说明两者为何不同。百分比字段直接填百分数：20% 就填 20。",
    },
    "a.assumptions": {"en": "Assumptions", "zh": "假设条件"},
    "f.side": {"en": "Side", "zh": "方向"},
    "o.long": {"en": "Long", "zh": "做多"},
    "o.short": {"en": "Short", "zh": "做空"},
    "f.mmr": {"en": "Maintenance rate (%)", "zh": "维持保证金率 (%)"},
    "f.open_fee": {"en": "Opening fee (%)", "zh": "开仓手续费 (%)"},
    "f.close_fee": {"en": "Closing fee (%)", "zh": "平仓手续费 (%)"},
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
    "f.leverage": {"en": "Leverage (×)", "zh": "杠杆 (×)"},
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
    "h.calculators": {"en": "Calculators", "zh": "计算器"},
    "t.pnl": {"en": "PnL and ROE", "zh": "盈亏与收益率"},
    "f.entry": {"en": "Entry price", "zh": "开仓价"},
    "f.exit": {"en": "Exit price", "zh": "平仓价"},
    "f.size": {"en": "Size", "zh": "仓位数量"},
    "f.contract_size": {"en": "Contract size (USD)", "zh": "合约面值 (USD)"},
    "f.funding_rate": {"en": "Funding rate (%)", "zh": "资金费率 (%)"},
    "f.funding_intervals": {"en": "Funding intervals", "zh": "资金费结算次数"},
    "r.net_pnl": {"en": "Net PnL", "zh": "净盈亏"},
    "r.roe": {"en": "ROE", "zh": "收益率 (ROE)"},
    "r.gross_pnl": {"en": "Gross PnL", "zh": "毛盈亏"},
    "r.roe_gross": {"en": "ROE before fees and funding", "zh": "未计手续费和资金费的收益率"},
    "r.fees": {"en": "Fees", "zh": "手续费"},
    "r.funding": {"en": "Funding", "zh": "资金费"},
    "r.initial_margin": {"en": "Initial margin", "zh": "初始保证金"},
    "r.notional": {"en": "Notional", "zh": "名义价值"},
    "r.break_even": {"en": "Break-even (fees)", "zh": "保本价（含手续费）"},
    "r.liquidation": {"en": "Liquidation price", "zh": "强平价"},
    "r.bankruptcy": {"en": "Bankruptcy price", "zh": "破产价"},
    "t.target": {"en": "Target price from ROE", "zh": "按收益率算目标价"},
    "f.roe": {"en": "Target ROE (%)", "zh": "目标收益率 (%)"},
    "f.exit_reverse": {"en": "Check an exit price", "zh": "验算平仓价"},
    "r.target_price": {"en": "Price for that ROE", "zh": "达到该收益率的价格"},
    "r.roe_at_exit": {"en": "ROE at exit (before fees)", "zh": "平仓收益率（未计手续费）"},
    "t.liquidation": {"en": "Liquidation price", "zh": "强平价"},
    "f.margin_mode": {"en": "Margin mode", "zh": "保证金模式"},
    "o.isolated": {"en": "Isolated", "zh": "逐仓"},
    "o.cross": {"en": "Cross", "zh": "全仓"},
    "f.wallet": {"en": "Wallet balance", "zh": "钱包余额"},
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
        "en": "Tiers: floor, rate %, and optionally max leverage (one per line), or paste the tiers JSON of Binance, Bybit, OKX, Bitget or KuCoin's API",
        "zh": "档位：下限, 维持保证金率 %, 可选的最大杠杆（每行一档），也可粘贴币安、Bybit、OKX、Bitget 或 KuCoin 接口返回的档位 JSON",
    },
    "r.distance": {"en": "Distance from entry", "zh": "距开仓价"},
    "r.rule_distance": {"en": "Guide's 1 ÷ leverage", "zh": "教程的 1 ÷ 杠杆"},
    "r.margin": {"en": "Margin", "zh": "保证金"},
    "r.maint_margin": {"en": "Maintenance margin at liquidation", "zh": "强平时的维持保证金"},
    "f.target_liquidation": {
        "en": "Add margin: target liquidation price",
        "zh": "追加保证金：目标强平价",
    },
    "r.margin_needed": {"en": "Margin for that liquidation price", "zh": "达到该强平价所需保证金"},
    "r.margin_to_add": {"en": "Margin to add", "zh": "需追加的保证金"},
    "r.new_liquidation": {"en": "New liquidation price", "zh": "追加后的强平价"},
    "r.liquidation_fee": {"en": "Liquidation fee at liquidation", "zh": "强平时的强平手续费"},
    "f.liquidation_fee": {"en": "Liquidation fee (%)", "zh": "强平手续费 (%)"},
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
    "f.exchange": {"en": "Exchange", "zh": "交易所"},
    "o.custom": {"en": "Custom", "zh": "自定义"},
    "o.exchange_bybit": {"en": "Bybit (unified account)", "zh": "Bybit（统一交易账户）"},
    "o.bybit_classic": {"en": "Bybit (classic account)", "zh": "Bybit（经典账户）"},
    "r.bracket": {"en": "Bracket", "zh": "所在档位"},
    "r.tier_max_leverage": {"en": "Max leverage at this size", "zh": "此仓位的最大杠杆"},
    "t.risk": {"en": "Position size from risk", "zh": "按风险算仓位"},
    "f.balance": {"en": "Balance", "zh": "账户余额"},
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
    "t.average": {"en": "Average entry price", "zh": "开仓均价"},
    "f.fill_price": {"en": "Price", "zh": "价格"},
    "f.fill_size": {"en": "Size", "zh": "数量"},
    "a.remove_fill": {"en": "Remove fill", "zh": "删除这笔成交"},
    "a.add_fill": {"en": "+ Add fill", "zh": "+ 添加成交"},
    "r.average": {"en": "Average entry", "zh": "开仓均价"},
    "r.total_size": {"en": "Total size", "zh": "总数量"},
    "f.add_price": {"en": "Add to position at price", "zh": "补仓价格"},
    "f.target_average": {"en": "Target average entry", "zh": "目标开仓均价"},
    "r.add_size": {"en": "Size to add", "zh": "需补仓数量"},
    "r.new_average": {"en": "New average entry", "zh": "补仓后开仓均价"},
    "r.new_total": {"en": "New total size", "zh": "补仓后总数量"},
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
    "t.compare": {"en": "Every exchange", "zh": "各交易所对比"},
    "f.assumed_mmr": {
        "en": "Maint. rate where no table is published (%)",
        "zh": "未公布档位表时的维持保证金率 (%)",
    },
    "f.sort": {"en": "Sort by", "zh": "排序依据"},
    "o.distance": {"en": "Distance to liquidation", "zh": "强平距离"},
    "o.fees": {"en": "Fees", "zh": "手续费"},
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
    "t.max_open": {"en": "Max open size", "zh": "最大可开仓位"},
    "f.price": {"en": "Price", "zh": "价格"},
    "r.max_size": {"en": "Max size", "zh": "最大可开数量"},
    "r.contracts": {"en": "Contracts", "zh": "张数"},
    "foot": {
        "en": "Formulas follow Binance's and Bybit's published documentation; check your exchange's live brackets and fees. Not financial advice. Python runs in your browser, on Pyodide in a web worker.",
        "zh": "公式依据币安和 Bybit 公开的官方文档；请以你所用交易所实时的维持保证金档位和手续费为准。不构成投资建议。Python 在你的浏览器中运行（Web Worker 中的 Pyodide）。",
    },
    "x.copy": {"en": "Copy", "zh": "复制"},
    "x.copied": {"en": "Copied", "zh": "已复制"},
    "x.link_copied": {
        "en": "Link copied: it reopens this calculation",
        "zh": "链接已复制：打开即可还原本次计算",
    },
    "x.copy_failed": {
        "en": "Copy failed: select the text and copy it",
        "zh": "复制失败：请选中文字手动复制",
    },
    "x.reset_done": {"en": "All fields reset to the examples", "zh": "所有字段已恢复为示例值"},
    "x.row_kept": {
        "en": "The last row was emptied, not removed",
        "zh": "最后一行已清空（保留空行）",
    },
}

#: The catalogue, read-only.
TEXTS: Texts = MappingProxyType(_TEXTS)


def phrase(key: str, lang: str) -> str:
    """The catalogue's text of ``key`` in ``lang``; a missing key or language raises KeyError.

    >>> phrase("a.reset", "zh")
    '重置'
    """
    return say(TEXTS, key, lang)
