"""The rule contract: a rule is a LibCST visitor over one file plus the project index.

This module is all a rule needs from the engine: :class:`Rule` (what a rule declares and
how it reports), :class:`FileContext` (what it sees of the file it checks), the fix types
(:class:`CstFix`, :class:`ImportSpec`), :class:`Related`, :class:`Example` and :class:`Option`.

A rule declares what it is (code, name, family, severity, ORMs, fix safety), documents
itself in its docstring (rendered by ``ormlint explain``) and carries VALID/INVALID
examples that the test suite runs. While visiting it calls :meth:`Rule.report`.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, ClassVar, Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from ormlint.core.config import Config
from ormlint.core.findings import FixSafety, Severity
from ormlint.index import ProjectIndex
from ormlint.syntax.names import ImportTable
from ormlint.syntax.testcode import in_test_scope
from ormlint.syntax.walk import parent_map, positions


@dataclass(frozen=True)
class ImportSpec:
    """An import a fix needs: ``from module import name [as asname]`` or ``import module``."""

    module: str
    name: str | None = None
    asname: str | None = None


@dataclass
class CstFix:
    """A fix expressed on the CST; the engine turns it into text edits."""

    safety: FixSafety
    description: str
    replacements: Sequence[tuple[cst.CSTNode, cst.CSTNode | cst.RemovalSentinel]] = ()
    imports: Sequence[ImportSpec] = ()


@dataclass
class Related:
    """Another place that explains a finding (where the SQL was built, the helper's query, ...)."""

    node: cst.CSTNode
    message: str


@dataclass
class PendingReport:
    node: cst.CSTNode
    message: str
    severity: Severity
    fix: CstFix | None
    related: Sequence[Related]


@dataclass(frozen=True)
class Example:
    """A documented case. ``fixed`` is the expected source after applying the rule's fix."""

    code: str
    path: str = "app/module.py"
    fixed: str | None = None
    files: dict[str, str] = field(default_factory=dict)  # other project files (models elsewhere)
    options: dict[str, Any] = field(default_factory=dict)
    lines: tuple[int, ...] = ()  # INVALID only: the lines findings must start on (all of them)
    message: str = ""  # INVALID only: the message of a finding, or a fragment of it

    @property
    def source(self) -> str:
        return textwrap.dedent(self.code).lstrip("\n")


@dataclass(frozen=True)
class Option:
    """A per-rule option settable under ``[tool.ormlint.<rule-name>]``."""

    kind: type
    default: Any
    help: str


class Rule(cst.CSTVisitor):
    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    family: ClassVar[str] = ""
    severity: ClassVar[Severity] = "warning"
    orms: ClassVar[tuple[str, ...]] = ()
    fix_safety: ClassVar[str] = "none"  # safe | unsafe | none
    summary: ClassVar[str] = ""  # one line, shown in `ormlint rules` and SARIF shortDescription
    # False: the rule runs only when a selector names it exactly (its code or its name);
    # ``ALL`` and code prefixes (``ORM2``) do not turn it on.
    default_enabled: ClassVar[bool] = True
    # The rule runs on a file only when one of these substrings occurs in its text, or one of the ``hints`` of
    # these derived index tables (``ormlint.index.derived``): names of the project's functions that reach what
    # the rule checks from another file (a helper looping over the rows it is handed).
    prefilter: ClassVar[tuple[str, ...]] = ()
    prefilter_tables: ClassVar[tuple[type, ...]] = ()
    # Roles (ormlint.core.roles: test, dev-data, script, migration, ...) where the rule does not
    # report; the engine applies them (test code is recognised inside any file too) and
    # ``[tool.ormlint.skip-roles]`` replaces them per rule. ``core.roles.NON_PRODUCTION``: the usual set.
    skip_roles: ClassVar[frozenset[str]] = frozenset()
    # When not empty: the rule reports only in files with one of these roles (migration rules).
    only_roles: ClassVar[frozenset[str]] = frozenset()
    # Findings point at secrets (password literals): the engine masks string literals in the
    # statement text and marks the findings so that no output prints the reported text.
    reports_secrets: ClassVar[bool] = False
    options: ClassVar[dict[str, Option]] = {}
    VALID: ClassVar[list[str | Example]] = []
    INVALID: ClassVar[list[str | Example]] = []

    def __init__(self, ctx: FileContext) -> None:
        super().__init__()
        self.ctx = ctx
        # The nodes being walked, the current one last; shared by all rules of a walk
        # (whitespace and punctuation nodes are not walked: see ormlint.syntax.walk).
        self.ancestors: list[cst.CSTNode] = []
        self.reports: list[PendingReport] = []

    # -- helpers ---------------------------------------------------------------
    @classmethod
    def option_values(cls, configured: dict[str, Any] | None) -> dict[str, Any]:
        values = {key: opt.default for key, opt in cls.options.items()}
        values.update(configured or {})
        return values

    @property
    def opts(self) -> dict[str, Any]:
        return self.ctx.rule_options(type(self))

    def qualify(self, node: cst.CSTNode | None) -> str | None:
        return self.ctx.imports.qualify(node)

    def in_test_code(self) -> bool:
        """Whether the node being visited sits in a test, a fixture or a set-up/tear-down hook
        (see ``ormlint.syntax.testcode``); cheap: it reads the walk's ancestors."""
        return in_test_scope(self.ancestors, self.ctx.imports)

    def enclosing(self, *types: type) -> cst.CSTNode | None:
        """The innermost ancestor (excluding the current node) of one of ``types``."""
        for node in reversed(self.ancestors[:-1]):
            if isinstance(node, types):
                return node
        return None

    def report(
        self,
        node: cst.CSTNode,
        message: str,
        *,
        fix: CstFix | None = None,
        severity: Severity | None = None,
        related: Sequence[Related] = (),
    ) -> None:
        self.reports.append(PendingReport(node, message, severity or self.severity, fix, tuple(related)))

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")  # dedents the lines after a summary line too


class FileContext:
    """What a rule sees of the file it checks: source, CST, imports, path roles, index, options.

    Expensive LibCST metadata (scopes, qualified names, parents) is computed lazily, once per
    file, only when a rule asks for it; the engine passes the same module to every rule so
    node identity holds across them.
    """

    def __init__(
        self,
        path: str,
        source: str,
        module: cst.Module,
        module_name: str,
        imports: ImportTable,
        roles: frozenset[str],
        index: ProjectIndex,
        config: Config,
        roles_of: Callable[[str], frozenset[str]] | None = None,
    ) -> None:
        self.path = path
        self.source = source
        self.module = module
        self.module_name = module_name
        self.imports = imports
        self.roles = roles
        self.index = index
        self.config = config
        self._roles_of = roles_of
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

    def roles_of(self, path: str) -> frozenset[str]:
        """The roles another file of the project plays by its path (``tests/test_db.py``: ``test``)."""
        return self._roles_of(path) if self._roles_of is not None else frozenset()

    def rule_options(self, rule: type[Rule]) -> dict[str, Any]:
        return rule.option_values(self.config.options_for(rule.name))

    def metadata(self, provider: type) -> Any:
        """A LibCST metadata mapping (node → value) for this file, computed on first use."""
        if provider not in self._metadata and provider is PositionProvider:
            self._metadata[provider] = positions(self.module)
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

    def module_function(self, node: cst.CSTNode) -> cst.FunctionDef | None:
        """The function of the module's body that ``node`` sits in (also through nested functions), if any."""
        outermost = None
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, cst.FunctionDef):
                outermost = ancestor
            elif isinstance(ancestor, cst.ClassDef):
                outermost = None
        return outermost if outermost is not None and self.parent(outermost) is self.module else None

    def in_test_code(self, node: cst.CSTNode) -> bool:
        """Whether ``node`` sits in a test, a fixture or a set-up/tear-down hook, whatever the file."""
        return in_test_scope(self.ancestors(node), self.imports)
