"""The formulas a card's "How this is computed" shows, taken from contractcalc's docstrings.

Each engine function states its formula in the Notes section of its numpydoc docstring as
LaTeX (``.. math::``); this module takes those out, converts them to MathML (which every
current browser renders natively), and finds the pages they come from (the URLs the
function's and its module's docstrings cite). Build time only: nothing here is shipped.
"""

from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from latex2mathml.converter import convert

#: The catalogue key of each explained module's heading, and the contract kind it is for.
MODULES: dict[str, tuple[str, str | None]] = {
    "rules": ("r.rule", None),
    "compare": ("r.exact", None),
    "linear": ("o.linear", "kind=linear"),
    "inverse": ("o.inverse", "kind=inverse"),
    "account": ("t.account", None),
}

_URL = re.compile(r"https?://[^\s)\"'>]+")
#: A cited page's name as the docstrings write it: who, then its title in quotes.
_TITLE = re.compile(r'[A-Z][^"\n]*?"[^"]+"')
_SECTION = re.compile(r"^(?P<title>\w[\w ]*)\n-{3,}$", re.M)


@dataclass(frozen=True)
class Block:
    """One module's part of a card's explanation: heading key, visibility, MathML, sources.

    ``sources`` are (name, URL) pairs of the pages the module cites.
    """

    title: str
    show: str | None
    formulas: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]


def _notes(doc: str) -> str:
    """The Notes section of a numpydoc docstring ("" if it has none)."""
    sections = list(_SECTION.finditer(doc))
    for index, section in enumerate(sections):
        if section["title"] == "Notes":
            end = sections[index + 1].start() if index + 1 < len(sections) else len(doc)
            return doc[section.end() : end]
    return ""


def math_blocks(doc: str) -> list[str]:
    """The LaTeX of every ``.. math::`` directive in a docstring's Notes, in order.

    >>> notes = "Notes\\n-----\\n.. math:: a = b\\n\\nand\\n\\n.. math::\\n    c = d,\\n    e\\n"
    >>> math_blocks(notes)
    ['a = b', 'c = d, e']
    >>> math_blocks("Notes\\n-----\\n.. math:: x = 1, \\\\qquad y = 2\\n")
    ['x = 1', 'y = 2']
    """
    blocks: list[str] = []
    lines = _notes(doc).splitlines()
    for index, line in enumerate(lines):
        if not line.startswith(".. math::"):
            continue
        parts = [line.removeprefix(".. math::").strip()]
        for following in lines[index + 1 :]:
            if following and not following.startswith(" "):
                break
            parts.append(following.strip())
        formula = " ".join(part for part in parts if part)
        # Formulas side by side (``a, \\qquad b``) go one under the other: phones are narrow.
        blocks.extend(part.strip().rstrip(",").strip() for part in formula.split("\\qquad"))
    return blocks


def sources(function: object) -> tuple[tuple[str, str], ...]:
    """The pages a function's module cites, as (name, URL), in the module's order.

    The module docstrings list their sources after ``Sources:``, one item each, as
    ``- Who "Title" (what it gives), URL``; the name is who and the quoted title, or the
    item's words before its first parenthesis where nothing is quoted.
    """
    module = inspect.getmodule(function)
    text = " ".join((inspect.getdoc(module) or "").split()).partition("Sources:")[2]
    found: dict[str, str] = {}
    start = 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;")
        before = text[start : match.start()]
        titles = _TITLE.findall(before)
        words = before.rpartition("- ")[2].partition(" (")[0].strip(" ,;")
        found.setdefault(url, titles[-1] if titles else words or host(url))
        start = match.end()
    return tuple((name, url) for url, name in found.items())


def mathml(latex: str) -> str:
    """Display MathML for a LaTeX formula, focusable: a long one scrolls sideways in its box
    (static/app.css), and a keyboard must reach what scrolls.

    >>> mathml("x")[:40]
    '<math tabindex="0" xmlns="http://www.w3.'
    """
    return convert(latex, display="block").replace("<math ", '<math tabindex="0" ', 1)


def explain(names: tuple[str, ...]) -> tuple[Block, ...]:
    """The blocks for a card's ``explains``: ``"module.function"`` or ``"module.function#n"``."""
    by_module: dict[str, tuple[list[str], dict[tuple[str, str], None]]] = {}
    for name in names:
        path, _, pick = name.partition("#")
        module_name, function_name = path.split(".")
        if module_name not in MODULES:
            raise ValueError(f"{name}: explain only {', '.join(MODULES)} functions")
        function = getattr(importlib.import_module(f"contractcalc.{module_name}"), function_name)
        latex = math_blocks(inspect.getdoc(function) or "")
        if not latex:
            raise ValueError(f"{name}: its docstring's Notes state no formula")
        if pick:
            latex = [latex[int(pick)]]
        formulas, urls = by_module.setdefault(module_name, ([], {}))
        formulas.extend(mathml(block) for block in latex)
        urls.update(dict.fromkeys(sources(function)))
    return tuple(
        Block(MODULES[module][0], MODULES[module][1], tuple(formulas), tuple(urls))
        for module, (formulas, urls) in by_module.items()
    )


def host(url: str) -> str:
    """A short name for a link: the site without "www.".

    >>> host("https://www.binance.com/en/support/faq/abc")
    'binance.com'
    """
    return urlsplit(url).netloc.removeprefix("www.")
