"""The page's cards: every module of this package declares some, found here by itself.

A card module holds its declarations (``CALCULATORS``, card id -> :class:`app.spec.Calculator`),
its compute functions and its texts (``TEXTS``). Adding a card is adding a module here and
placing its id in :data:`app.layout.GROUPS`; nothing else lists cards. The modules are
found with :func:`importlib.resources.files`, which reads a directory or a zip alike
(``pkgutil`` is not in the standard library the page ships).
"""

from __future__ import annotations

import importlib
from importlib import resources
from types import ModuleType

from ..spec import Calculator


def modules() -> tuple[ModuleType, ...]:
    """Every card module of this package, by module name.

    >>> [module.__name__ for module in modules()][:2]
    ['app.cards.account', 'app.cards.compare']
    """
    names = sorted(
        entry.name.removesuffix(".py")
        for entry in resources.files(__name__).iterdir()
        if entry.name.endswith(".py") and not entry.name.startswith("_")
    )
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in names)


def registry() -> dict[str, Calculator]:
    """Every card's declaration by its id; an id declared by two modules raises.

    >>> "liquidation" in registry()
    True
    """
    calculators: dict[str, Calculator] = {}
    for module in modules():
        declared: dict[str, Calculator] = module.CALCULATORS
        clash = calculators.keys() & declared.keys()
        if clash:
            raise ValueError(f"{module.__name__} declares ids already declared: {sorted(clash)}")
        calculators.update(declared)
    return calculators
