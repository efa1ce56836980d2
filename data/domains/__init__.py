"""The city's data domains, one folder each (`data/domains/<name>/`), registered by name.

`domain_names()` lists the folders without importing them (the store needs only the names: one engine and
one data version per domain); `data.domains.registry` imports each folder's `SPEC`.
"""

from __future__ import annotations

import pkgutil
from functools import cache


@cache
def domain_names() -> tuple[str, ...]:
    """Every domain folder's name, sorted."""
    return tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if m.ispkg))
