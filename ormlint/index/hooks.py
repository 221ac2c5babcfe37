"""Save/delete hooks of models: overridden methods, signal receivers, mapper events."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from ormlint.index.facts import HookFact
from ormlint.names import ImportTable

if TYPE_CHECKING:
    from ormlint.index.models import ModelRegistry


def extract_hooks(path: str, module_name: str, module: cst.Module, imports: ImportTable) -> tuple[HookFact, ...]:
    return ()


class HookRegistry:
    def __init__(self, hooks: list[HookFact], models: "ModelRegistry") -> None:
        self.hooks = hooks
        self.models = models
