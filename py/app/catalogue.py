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
    # The worked formulas of each card's "How this is computed" (app.work).
    "w.legend": {"en": "Symbols", "zh": "符号说明"},
    "w.case": {"en": "Which formula applies, and why", "zh": "适用哪个公式，为什么"},
    "w.steps": {"en": "Worked with the numbers on this card", "zh": "代入本卡片的数字逐步计算"},
    "w.coin": {"en": "coin", "zh": "币"},
    "w.u.rate": {"en": "a fraction: 0.4% is 0.004", "zh": "小数：0.4% 写作 0.004"},
    "w.u.percent": {"en": "a fraction, shown as a percentage", "zh": "小数，结果以百分比显示"},
    "w.u.multiple": {"en": "a multiple: 20 for 20×", "zh": "倍数：20 倍写作 20"},
    "w.u.sign": {"en": "+1 for a long, −1 for a short", "zh": "多单为 +1，空单为 −1"},
    "w.s.entry": {"en": "entry price", "zh": "开仓价"},
    "w.s.exit": {"en": "exit price", "zh": "平仓价"},
    "w.s.quantity": {"en": "position size in coins", "zh": "仓位数量（币）"},
    "w.s.face": {
        "en": "position size as USD face value (contracts × contract size)",
        "zh": "仓位面值（张数 × 每张面值）",
    },
    "w.s.leverage": {"en": "leverage", "zh": "杠杆倍数"},
    "w.s.sign": {"en": "side", "zh": "方向"},
    "w.s.mmr": {"en": "maintenance margin rate", "zh": "维持保证金率"},
    "w.s.liquidation_fee": {"en": "liquidation fee rate", "zh": "强平手续费率"},
    "w.s.maint_amount": {
        "en": "maintenance amount (Binance “cum”)",
        "zh": "维持保证金速算额（币安 cum）",
    },
    "w.s.wallet": {
        "en": "the position's margin (isolated) or the wallet balance (cross)",
        "zh": "仓位保证金（逐仓）或钱包余额（全仓）",
    },
    "w.s.initial_margin": {"en": "initial margin", "zh": "初始保证金"},
    "w.s.other_maint": {
        "en": "maintenance margin of the other positions",
        "zh": "其他仓位的维持保证金",
    },
    "w.s.other_upnl": {"en": "unrealised P&L of the other positions", "zh": "其他仓位的未实现盈亏"},
    "w.s.backing": {
        "en": "the margin that backs the position, plus the maintenance amount",
        "zh": "支撑该仓位的保证金，加上维持保证金速算额",
    },
    "w.s.liquidation": {"en": "liquidation price", "zh": "强平价"},
    "w.s.pnl": {"en": "gross P&L, before fees and funding", "zh": "毛盈亏（未扣手续费和资金费）"},
    "w.s.open_fee": {"en": "opening fee rate", "zh": "开仓手续费率"},
    "w.s.close_fee": {"en": "closing fee rate", "zh": "平仓手续费率"},
    "w.s.fees": {"en": "trading fees", "zh": "交易手续费"},
    "w.s.funding_rate": {"en": "funding rate per interval", "zh": "每期资金费率"},
    "w.s.intervals": {"en": "number of funding intervals", "zh": "资金费期数"},
    "w.s.funding": {"en": "funding paid (negative: received)", "zh": "支付的资金费（负数为收取）"},
    "w.s.net_pnl": {"en": "net P&L", "zh": "净盈亏"},
    "w.s.roe": {"en": "return on the initial margin (ROE)", "zh": "收益率（相对初始保证金）"},
    "w.s.open_price": {"en": "open price", "zh": "开仓价"},
    "w.s.target_price": {"en": "target price", "zh": "目标价"},
    "w.s.stop_price": {"en": "stop-loss price", "zh": "止损价"},
    "w.s.change": {"en": "price change", "zh": "价格涨跌幅"},
    "w.s.net_return": {
        "en": "net return on the position's value at entry",
        "zh": "相对开仓价值的净收益率",
    },
    "w.s.ratio": {"en": "target price over open price", "zh": "目标价与开仓价之比"},
    "w.s.stop_distance": {
        "en": "distance from the open price to the stop",
        "zh": "开仓价到止损价的距离",
    },
    "w.s.principal": {"en": "principal (margin put up)", "zh": "本金（投入的保证金）"},
    "w.s.rise": {"en": "price rise", "zh": "涨幅"},
    "w.s.fall": {"en": "price fall", "zh": "跌幅"},
    "w.s.unit_liquidation": {
        "en": "liquidation price for an entry price of 1",
        "zh": "开仓价为 1 时的强平价",
    },
    "w.s.change_guide": {"en": "price change, by the guide's rule", "zh": "价格涨跌幅（教程法则）"},
    "w.s.change_exact": {
        "en": "net return, exactly, signed like the change",
        "zh": "精确净收益率（正负号与涨跌幅一致）",
    },
    "w.s.target_guide": {"en": "target price, by the guide's rule", "zh": "目标价（教程法则）"},
    "w.s.target_exact": {"en": "target price, exactly", "zh": "目标价（精确）"},
    "w.s.move_guide": {
        "en": "adverse move to liquidation, by the guide's rule",
        "zh": "至强平的反向波动（教程法则）",
    },
    "w.s.move_exact": {
        "en": "adverse move to liquidation, exactly",
        "zh": "至强平的反向波动（精确）",
    },
    "w.s.leverage_guide": {"en": "leverage, by the guide's rule", "zh": "杠杆（教程法则）"},
    "w.s.leverage_exact": {"en": "highest safe leverage, exactly", "zh": "最高安全杠杆（精确）"},
    "w.s.profit_guide": {"en": "profit, by the guide's rule", "zh": "盈利（教程法则）"},
    "w.s.profit_exact": {"en": "profit after fees, exactly", "zh": "扣除手续费后的盈利（精确）"},
    "w.s.bankruptcy": {
        "en": "bankruptcy price: where the loss uses up the margin",
        "zh": "破产价：亏损耗尽保证金的价格",
    },
    "w.s.break_even": {
        "en": "break-even price: the exit at which the P&L pays both fees",
        "zh": "保本价：盈亏恰好抵消开平仓手续费的平仓价",
    },
    "w.s.balance": {"en": "available balance", "zh": "可用余额"},
    "w.s.contract_size": {
        "en": "contract size: the USD face value of one contract",
        "zh": "合约面值：每张合约的美元面值",
    },
    "w.s.contracts": {"en": "number of whole contracts", "zh": "整张合约数"},
    "w.s.ordered_face": {
        "en": "face value of the whole contracts (N × C)",
        "zh": "整张合约的面值（N × C）",
    },
    "w.s.risk_percent": {
        "en": "risk per trade, in percent of the balance (1 for 1%)",
        "zh": "每笔风险占余额的百分数（1 表示 1%）",
    },
    "w.s.risk_amount": {"en": "amount you risk losing at the stop", "zh": "止损时愿意亏损的金额"},
    "w.s.max_leverage": {
        "en": "highest leverage whose liquidation lies at or beyond the stop",
        "zh": "强平价不早于止损价的最高杠杆",
    },
    "w.s.row_price": {"en": "price of fill i", "zh": "第 i 笔成交的价格"},
    "w.s.row_quantity": {
        "en": "size on row i (fill or position i) in coins",
        "zh": "第 i 行（第 i 笔成交或第 i 个仓位）的数量，以币计",
    },
    "w.s.row_face": {
        "en": "size on row i (fill or position i) as USD face value",
        "zh": "第 i 行（第 i 笔成交或第 i 个仓位）的美元面值",
    },
    "w.s.row_sign": {"en": "side of position i", "zh": "第 i 个仓位的方向"},
    "w.s.row_entry": {"en": "entry price of position i", "zh": "第 i 个仓位的开仓价"},
    "w.s.row_mark": {
        "en": "mark price of position i's symbol",
        "zh": "第 i 个仓位所属合约的标记价格",
    },
    "w.s.row_mmr": {
        "en": "maintenance margin rate of position i's bracket",
        "zh": "第 i 个仓位所在档位的维持保证金率",
    },
    "w.s.row_maint_amount": {
        "en": "maintenance amount of position i's bracket",
        "zh": "第 i 个仓位所在档位的维持保证金速算额",
    },
    "w.s.row_upnl": {
        "en": "unrealised P&L of position i at its mark",
        "zh": "第 i 个仓位按标记价格计的未实现盈亏",
    },
    "w.s.row_maint": {"en": "maintenance margin of position i", "zh": "第 i 个仓位的维持保证金"},
    "w.s.row_value": {
        "en": "value of position i at its mark",
        "zh": "第 i 个仓位按标记价格计的价值",
    },
    "w.s.average": {"en": "average entry price", "zh": "开仓均价"},
    "w.s.add_price": {"en": "price of the fill to add", "zh": "补仓价格"},
    "w.s.target_average": {"en": "average entry price wanted", "zh": "目标均价"},
    "w.s.add_quantity": {"en": "size to add, in coins", "zh": "需补仓数量（币）"},
    "w.s.add_face": {"en": "size to add, as USD face value", "zh": "需补仓面值（美元）"},
    "w.s.new_average": {"en": "average entry price after adding", "zh": "补仓后的开仓均价"},
    "w.s.new_quantity": {"en": "size after adding, in coins", "zh": "补仓后的总数量（币）"},
    "w.s.new_face": {"en": "size after adding, as USD face value", "zh": "补仓后的总面值（美元）"},
    "w.s.upnl": {"en": "unrealised P&L of all positions", "zh": "所有仓位的未实现盈亏"},
    "w.s.margin_balance": {
        "en": "margin balance: wallet plus unrealised P&L (the account's equity)",
        "zh": "保证金余额：钱包余额加未实现盈亏（账户权益）",
    },
    "w.s.maintenance": {"en": "maintenance margin of all positions", "zh": "所有仓位的维持保证金"},
    "w.s.account_fee": {
        "en": "liquidation fee on all positions at their marks",
        "zh": "所有仓位按标记价格计的强平手续费",
    },
    "w.s.margin_ratio": {
        "en": "margin ratio: the requirement over the margin balance; liquidated at 100%",
        "zh": "保证金率：维持保证金要求除以保证金余额；达到 100% 即强平",
    },
    "w.s.headroom": {
        "en": "loss the account can still take before it is liquidated",
        "zh": "账户在强平前还能承受的亏损",
    },
    "w.s.price_factor": {
        "en": "the factor every mark price is multiplied by",
        "zh": "所有标记价格同乘的倍数",
    },
    "w.s.tier_floor": {
        "en": "floor of the tier the position's value reaches",
        "zh": "仓位价值到达的档位下限",
    },
    "w.c.isolated": {
        "en": "Isolated margin: only this position's own margin backs it.",
        "zh": "逐仓：只有该仓位自己的保证金为它担保。",
    },
    "w.c.cross": {
        "en": "Cross margin: the whole wallet backs the position, less the other positions' maintenance margin (TMM), plus their unrealised P&L (UPNL).",
        "zh": "全仓：整个钱包为该仓位担保，减去其他仓位的维持保证金（TMM），加上它们的未实现盈亏（UPNL）。",
    },
    "w.c.linear": {
        "en": "USDT-margined (linear): the size is in coins; margin and P&L are in USDT and move in step with the price.",
        "zh": "U本位（正向合约）：仓位以币计；保证金和盈亏以 USDT 计，与价格同步变化。",
    },
    "w.c.inverse": {
        "en": "Coin-margined (inverse): the size is USD face value; margin and P&L are in coin, whose worth moves as 1/price.",
        "zh": "币本位（反向合约）：仓位以美元面值计；保证金和盈亏以币计，币的价值按 1/价格 变化。",
    },
    "w.c.mark": {
        "en": "Maintenance margin valued at the liquidation price (Binance's convention, used by most exchanges).",
        "zh": "维持保证金按强平价计算（币安的算法，多数交易所采用）。",
    },
    "w.c.entry": {
        "en": "Maintenance margin valued at the entry price (Bybit's isolated convention).",
        "zh": "维持保证金按开仓价计算（Bybit 逐仓的算法）。",
    },
    "w.c.fee": {
        "en": "A liquidation fee f of the position's value at the liquidation price is kept on top of the maintenance margin, so liquidation comes earlier.",
        "zh": "交易所在维持保证金之外还按强平价下的仓位价值收取强平手续费 f，所以强平来得更早。",
    },
    "w.c.tiers": {
        "en": "Tier table: the bracket that applies is the one whose range holds the position's value at the liquidation price; m and cum are that bracket's rate and maintenance amount (the card's tier row).",
        "zh": "档位表：适用的档位是强平价下仓位价值所在的那一档；m 和 cum 是该档的维持保证金率和速算额（见卡片上的档位一行）。",
    },
    "w.c.tier_size": {
        "en": "This table picks the bracket by the position's size (OKX), so its rate applies to the whole position with no maintenance amount.",
        "zh": "该档位表按仓位数量选档（OKX），所以该档费率适用于整个仓位，没有速算额。",
    },
    "w.c.fees": {
        "en": "Trading fees: f_o of the position's value at entry to open, f_c of its value at the exit to close.",
        "zh": "交易手续费：开仓按开仓价值的 f_o，平仓按平仓价值的 f_c。",
    },
    "w.c.no_fees": {"en": "No trading fees entered.", "zh": "未输入交易手续费。"},
    "w.c.long_from_target": {
        "en": "The target is above the open price, so this is a long (s = +1).",
        "zh": "目标价高于开仓价，所以是多单（s = +1）。",
    },
    "w.c.short_from_target": {
        "en": "The target is below the open price, so this is a short (s = −1).",
        "zh": "目标价低于开仓价，所以是空单（s = −1）。",
    },
    "w.c.long_from_change": {
        "en": "The change is not negative, so this is a long (s = +1).",
        "zh": "涨跌幅不为负，所以是多单（s = +1）。",
    },
    "w.c.short_from_change": {
        "en": "The change is negative, so this is a short (s = −1).",
        "zh": "涨跌幅为负，所以是空单（s = −1）。",
    },
    "w.c.long_from_stop": {
        "en": "The stop is below the open price, so this is a long (s = +1).",
        "zh": "止损价低于开仓价，所以是多单（s = +1）。",
    },
    "w.c.short_from_stop": {
        "en": "The stop is above the open price, so this is a short (s = −1).",
        "zh": "止损价高于开仓价，所以是空单（s = −1）。",
    },
    "w.c.funding": {
        "en": "Funding: rate r for each of n intervals, on the position's value at the entry price (taken as the mark); with a positive rate longs pay shorts.",
        "zh": "资金费：共 n 期，每期费率 r，按开仓价（视作标记价格）下的仓位价值计算；费率为正时多单付给空单。",
    },
    "w.c.guide": {
        "en": "The guide's rule, as the guide writes it: no fees, no maintenance margin.",
        "zh": "教程的法则，按教程原文计算：不计手续费，也不计维持保证金。",
    },
    "w.c.unit_entry": {
        "en": "The move does not depend on the price or the size, so it is worked at an entry price of 1 and a size of 1, with the initial margin 1/L as the margin.",
        "zh": "波动幅度与价格和仓位大小无关，所以按开仓价 1、数量 1 计算，保证金为初始保证金 1/L。",
    },
    "w.c.bankruptcy": {
        "en": "Bankruptcy price: where the loss has used up the margin WB exactly (equity zero), with no maintenance margin or fee.",
        "zh": "破产价：亏损恰好耗尽保证金 WB（权益为零）的价格，不计维持保证金和手续费。",
    },
    "w.c.break_even": {
        "en": "Break-even price: the exit at which the gross P&L pays the fee to open (f_o of the value at entry) and the fee to close (f_c of the value at the exit).",
        "zh": "保本价：毛盈亏恰好支付开仓手续费（开仓价值的 f_o）和平仓手续费（平仓价值的 f_c）的平仓价。",
    },
    "w.c.order_cost": {
        "en": "The order costs its initial margin (its value over L) plus the opening fee f_o on its value; the largest size spends the whole balance on both.",
        "zh": "下单成本是初始保证金（仓位价值除以 L）加上按仓位价值收取的开仓手续费 f_o；最大可开仓位正好用完余额。",
    },
    "w.c.whole_contracts": {
        "en": "Only whole contracts can be ordered: the face value over the contract size, rounded down (⌊ ⌋).",
        "zh": "只能按整张下单：面值除以每张面值，向下取整（⌊ ⌋）。",
    },
    "w.c.stop_loss": {
        "en": "The size is the one whose loss at the stop, with the fee to open at the entry and the fee to close at the stop, is exactly the risk K.",
        "zh": "仓位大小使得在止损价平仓时的亏损（含按开仓价计的开仓手续费和按止损价计的平仓手续费）恰好等于风险金额 K。",
    },
    "w.c.stop_leverage": {
        "en": "Isolated margin, the initial margin as the margin: the highest leverage whose liquidation price lies at or beyond the stop, so the stop is reached first.",
        "zh": "逐仓、以初始保证金为保证金：强平价不早于止损价的最高杠杆，这样先触发的是止损。",
    },
    "w.c.average_linear": {
        "en": "USDT-margined fills are quantities of coin: the average is the mean of the prices weighted by quantity (Σ adds over every fill i).",
        "zh": "U本位的成交以币计：均价是按数量加权的价格平均（Σ 对每一笔成交 i 求和）。",
    },
    "w.c.average_inverse": {
        "en": "Coin-margined fills are USD face values: the average is the total face value over the coins the fills are worth at their prices (a harmonic mean; Σ adds over every fill i).",
        "zh": "币本位的成交以美元面值计：均价是总面值除以各笔成交按其价格折合的币数之和（调和平均；Σ 对每一笔成交 i 求和）。",
    },
    "w.c.add_fill": {
        "en": "Adding to the position (补仓): the average after adding a size at P_add is set equal to T_avg and solved for that size.",
        "zh": "补仓：令在 P_add 补入后的均价等于 T_avg，解出补仓数量。",
    },
    "w.c.account_marks": {
        "en": "Cross margin: one wallet WB backs every position, each valued at its symbol's mark price; the account is liquidated when its margin balance falls to the maintenance margin of all positions (plus the liquidation fee).",
        "zh": "全仓：一个钱包 WB 为所有仓位担保，每个仓位按其合约的标记价格计价；保证金余额跌至所有仓位的维持保证金（加强平手续费）时，账户被强平。",
    },
    "w.c.account_symbol": {
        "en": "A symbol's liquidation price moves that symbol alone: every other position stays at its mark and counts through TMM (its maintenance margin and fee) and UPNL (its unrealised P&L), as on the liquidation card.",
        "zh": "某合约的强平价只变动该合约的价格：其他仓位保持标记价格，通过 TMM（它们的维持保证金和手续费）和 UPNL（它们的未实现盈亏）计入，与强平价卡片相同。",
    },
    "w.c.hedge": {
        "en": "Hedge mode: the positions of one symbol share its price, so their terms are added together.",
        "zh": "双向持仓：同一合约的仓位共用一个价格，所以它们的各项相加。",
    },
    "w.c.account_move": {
        "en": "All prices together: every mark is multiplied by the same t = 1 + Δ; the account is liquidated at the t where its margin balance meets the requirement.",
        "zh": "所有价格同步：每个标记价格乘以相同的 t = 1 + Δ；保证金余额等于维持保证金要求时的 t 即为强平点。",
    },
    "w.c.tier_floor": {
        "en": "This table applies a tier's rate to the whole position, so the maintenance margin jumps at each floor; where no tier's own formula gives a price inside the tier, the position is liquidated as its value reaches the floor at which the requirement jumps above the equity.",
        "zh": "该档位表把所在档的费率用于整个仓位，所以维持保证金在每个档位下限处跳变；若没有哪一档的公式给出落在本档内的价格，则仓位在价值到达使维持保证金要求跳过权益的那个下限时被强平。",
    },
    "w.position": {"en": "Position {n}: {symbol}, {side}", "zh": "仓位 {n}：{symbol}，{side}"},
    "w.account": {"en": "The account", "zh": "账户"},
    "w.symbol": {
        "en": "Liquidation price of {symbol}, every other symbol at its mark",
        "zh": "{symbol} 的强平价（其他合约保持标记价格）",
    },
    "w.move": {"en": "All prices together", "zh": "所有价格同步变动"},
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
