"""Every text the page shows, with its English and its Chinese side by side.

The page-wide texts are declared here; a card's own (its title, its fields' labels and
options, its results' labels: the keys with a dot in its module's ``TEXTS``) are declared in
its module in :mod:`app.cards` and gathered here, so :data:`TEXTS` holds them all.
One entry per text: ``KEY: {"en": ..., "zh": ...}``. The page template writes the English
(``data-i18n="KEY"`` marks an element's text, ``data-i18n-label="KEY"`` its ``aria-label``);
static/page.js puts the chosen language in its place (the build embeds the texts the page
shows, and :data:`SCRIPT_TEXTS`, as JSON in the page). The texts a page shows when Python
cannot start are written in every language side by side, each in an element marked
``data-i18n-all="KEY"`` with its ``lang``; static/startup.js shows one of them. Keys start
with what they name: ``t.`` a card's title, ``fm.`` its rule's formula, ``f.`` a field's
label, ``o.`` an option, ``r.`` a result, ``a.`` an action or landmark, ``s.`` the status
line, ``x.`` a message static/page.js shows. ``tests/unit/app/test_catalogue.py`` proves every
key the page uses is here in both languages and no entry is unused.
"""

from __future__ import annotations

from types import MappingProxyType

from contractcalc.exchanges import EXCHANGES

from . import cards
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


def _followed(lang: str) -> str:
    """The exchanges whose pages the presets follow, each once (Bybit's two accounts are one
    exchange), in the presets' order: what the footer promises.

    >>> _followed("en").startswith("Binance, Bybit, OKX,"), _followed("zh").endswith("和 dYdX")
    (True, True)
    """
    names: dict[str, str] = {}
    for key, exchange in EXCHANGES.items():
        names.setdefault(key.partition("_")[0], exchange.name)
    *most, last = names.values()
    if lang == "zh":
        return f"{'、'.join(most)} 和 {last}"
    return f"{', '.join(most)} and {last}"


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
    "f.leverage": {"en": "Leverage (×)", "zh": "杠杆 (×)"},
    "h.calculators": {"en": "Calculators", "zh": "计算器"},
    "f.entry": {"en": "Entry price", "zh": "开仓价"},
    "f.size": {"en": "Size", "zh": "仓位数量"},
    "f.contract_size": {"en": "Contract size (USD)", "zh": "合约面值 (USD)"},
    "r.notional": {"en": "Notional", "zh": "名义价值"},
    "r.liquidation": {"en": "Liquidation price", "zh": "强平价"},
    "r.bankruptcy": {"en": "Bankruptcy price", "zh": "破产价"},
    "f.wallet": {"en": "Wallet balance", "zh": "钱包余额"},
    "r.margin": {"en": "Margin", "zh": "保证金"},
    "f.liquidation_fee": {"en": "Liquidation fee (%)", "zh": "强平手续费 (%)"},
    "f.exchange": {"en": "Exchange", "zh": "交易所"},
    "o.custom": {"en": "Custom", "zh": "自定义"},
    "o.exchange_bybit": {"en": "Bybit (unified account)", "zh": "Bybit（统一交易账户）"},
    "o.bybit_classic": {"en": "Bybit (classic account)", "zh": "Bybit（经典账户）"},
    "f.balance": {"en": "Balance", "zh": "账户余额"},
    "a.remove_fill": {"en": "Remove fill", "zh": "删除这笔成交"},
    "a.add_fill": {"en": "+ Add fill", "zh": "+ 添加成交"},
    "foot": {
        "en": f"Formulas and exchange presets follow the pages each exchange publishes"
        f" ({_followed('en')}); every preset cites its sources. Check your exchange's live"
        " tiers and fees. Not financial advice. Python runs in your browser, on Pyodide in a"
        " web worker.",
        "zh": f"公式和交易所预设依据各交易所公开发布的页面（{_followed('zh')}），"
        "每个预设都注明出处。请以你所用交易所实时的维持保证金档位和手续费为准。"
        "不构成投资建议。Python 在你的浏览器中运行（Web Worker 中的 Pyodide）。",
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


def _with_the_cards(page_wide: Texts) -> Texts:
    """The page-wide texts and every card module's page texts (its keys with a dot).

    Raises ValueError naming a key two modules declare.
    """
    texts = dict(page_wide)
    for module in cards.modules():
        own: Texts = module.TEXTS
        page = {key: entry for key, entry in own.items() if "." in key}
        clash = texts.keys() & page.keys()
        if clash:
            raise ValueError(f"{module.__name__} declares texts already declared: {sorted(clash)}")
        texts.update(page)
    return texts


#: Every text the page shows, read-only: the page-wide ones and each card's.
TEXTS: Texts = MappingProxyType(_with_the_cards(_TEXTS))


def phrase(key: str, lang: str) -> str:
    """The catalogue's text of ``key`` in ``lang``; a missing key or language raises KeyError.

    >>> phrase("a.reset", "zh")
    '重置'
    """
    return say(TEXTS, key, lang)
