"""Thin callbacks, one module per page or shared piece; importing a module registers its callbacks."""

from __future__ import annotations

import importlib
import pkgutil


def register_all() -> None:
    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")
