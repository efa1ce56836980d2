"""Each domain's callbacks (`callbacks/domains/<name>.py`): the traces of its map layers for any open page,
its wall callback(s). Importing this package registers them."""

from __future__ import annotations

import importlib
from types import ModuleType

from data.domains.registry import ordered_names


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{name}") for name in ordered_names()]


def module(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


modules()
