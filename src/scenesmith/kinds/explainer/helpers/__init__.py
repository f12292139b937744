"""More functions for topics' `derived` expressions, one module per family of topics.

Each module here exports `HELPERS: dict[str, callable]`; `collected()` merges them (a name may be
defined once). The core helpers live in `parameters.HELPERS`.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Any


@cache
def collected() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for module in pkgutil.iter_modules(__path__):
        helpers = getattr(importlib.import_module(f"{__name__}.{module.name}"), "HELPERS", {})
        clash = set(found) & set(helpers)
        if clash:
            raise RuntimeError(f"topic helpers defined twice: {sorted(clash)} (in {module.name})")
        found.update(helpers)
    return found
