"""What a rule sees of the file it checks: source, CST, imports, path roles, index, options.

Expensive LibCST metadata (scopes, qualified names, parents) is computed lazily, once per
file, only when a rule asks for it; the engine passes the same module to every rule so
node identity holds across them.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING, Any

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from ormlint.config import Config
from ormlint.names import ImportTable
from ormlint.walk import parent_map

if TYPE_CHECKING:
    from ormlint.index import ProjectIndex
    from ormlint.rule import Rule


class FileContext:
    def __init__(
        self,
        path: str,
        source: str,
        module: cst.Module,
        module_name: str,
        imports: ImportTable,
        roles: frozenset[str],
        index: "ProjectIndex",
        config: Config,
    ) -> None:
        self.path = path
        self.source = source
        self.module = module
        self.module_name = module_name
        self.imports = imports
        self.roles = roles
        self.index = index
        self.config = config
        self._wrapper: MetadataWrapper | None = None
        self._metadata: dict[type, Any] = {}
        self._parents: dict[cst.CSTNode, cst.CSTNode] | None = None
        # Fix machinery's per-file memo: the import edits of each set of imports a fix adds.
        self.import_edits: dict[tuple, tuple] = {}

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset in ``source`` of each line's first character (line 1 at index 0)."""
        return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", self.source)]

    def qualify(self, node: cst.CSTNode | None) -> str | None:
        return self.imports.qualify(node)

    def rule_options(self, rule: type["Rule"]) -> dict[str, Any]:
        return rule.option_values(self.config.options_for(rule.name))

    def metadata(self, provider: type) -> Any:
        """A LibCST metadata mapping (node → value) for this file, computed on first use."""
        if provider not in self._metadata and provider is PositionProvider:
            self._metadata[provider] = _positions(self.module)
        if provider not in self._metadata:
            if self._wrapper is None:
                self._wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._metadata[provider] = self._wrapper.resolve(provider)
        return self._metadata[provider]

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        if self._parents is None:
            self._parents = parent_map(self.module)
        return self._parents.get(node)

    def ancestors(self, node: cst.CSTNode):
        current = self.parent(node)
        while current is not None:
            yield current
            current = self.parent(current)


def _positions(module: cst.Module) -> dict[cst.CSTNode, Any]:
    """PositionProvider's mapping from its code generation alone.

    Resolving it through a MetadataWrapper also walks the whole tree for batchable
    providers first, which costs as much again; fall back to that if LibCST changes.
    """
    provider = PositionProvider()
    try:
        provider._gen_impl(module)
        return provider._computed
    except AttributeError:  # pragma: no cover - a LibCST without these internals
        return MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
