"""The builders of structures made from the whole project index (lookup tables, call graphs).

``ProjectIndex.derived(build)`` builds one once per index, when a rule first asks. A builder
marked with :func:`derived_table` is also built by ``ProjectIndex.prime()``: the editor's warm
process builds the index and all of them between requests, for the next request's worker.
"""

from __future__ import annotations

from typing import Callable, TypeVar

Builder = TypeVar("Builder", bound=Callable)
BUILDERS: list[Callable] = []


def derived_table(build: Builder) -> Builder:
    """Register ``build`` (a function or class taking the index) with :data:`BUILDERS`."""
    BUILDERS.append(build)
    return build
