"""The project index: facts from every file, merged into registries that rules query.

The index pass calls :func:`extract_facts` on each parsed file whose text holds one of
:data:`INDEX_HINTS` (in worker processes); the parent merges the results with
:meth:`ProjectIndex.build`. Each extractor module declares the ``HINTS`` it needs. Rules read
``ctx.index.models``, ``ctx.index.hooks`` and ``ctx.index.migrations``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Callable, Iterable, Sequence, TypeVar

import libcst as cst

from ormlint.core.codec import Codec
from ormlint.index import facts as facts_module
from ormlint.index import (
    call_sites,
    commands,
    constants,
    effects,
    hooks,
    migrations,
    models,
    parameter_reads,
    returns,
    serializers,
    session_expiry,
    sessions,
    sql_helpers,
)
from ormlint.index.call_sites import extract_call_sites
from ormlint.index.commands import extract_command_facts
from ormlint.index.derived import BUILDERS
from ormlint.index.effects import database_settings, email_settings, extract_effects
from ormlint.index.constants import extract_literal_collections, extract_literal_names, extract_sql_templates
from ormlint.index.facts import FileFacts
from ormlint.index.hooks import HookRegistry, extract_handlers, extract_hooks
from ormlint.index.migrations import MigrationRegistry, extract_migration
from ormlint.index.models import ModelRegistry, extract_classes
from ormlint.index.parameter_reads import extract_parameter_reads
from ormlint.index.returns import extract_querying, extract_returns
from ormlint.index.serializers import extract_serializer_usages
from ormlint.index.session_expiry import (
    extract_session_factories,
    extract_session_providers,
)
from ormlint.index.sessions import extract_handle_factories, extract_session_bindings
from ormlint.index.sql_helpers import (
    extract_code_names,
    extract_date_functions,
    extract_sql_builders,
    extract_sql_facts,
)
from ormlint.syntax.names import ImportTable

T = TypeVar("T")
FACTS_CODEC = Codec(facts_module)

# Text a file must contain to hold any fact: the union of what each extractor declares it needs.
INDEX_HINTS: tuple[str, ...] = tuple(dict.fromkeys(
    hint for extractor in (models, hooks, migrations, returns, sessions, session_expiry, serializers, effects,
                           sql_helpers, commands, call_sites, constants, parameter_reads)
    for hint in extractor.HINTS))


def extract_facts(path: str, module_name: str, module: cst.Module, imports: ImportTable,
                  statement_lines: Sequence[int]) -> FileFacts:
    """``statement_lines``: the first line of every statement in source order, from Python's own
    parser (empty when it cannot read the file); the index pass computes no LibCST positions."""
    factories = extract_session_factories(module, imports)
    effects, tasks, deferred = extract_effects(module, module_name, imports)
    helpers, handles = extract_sql_facts(module, module_name, imports)
    groups, registered = extract_command_facts(module, module_name, imports)
    sites, called, eager, routes, calls, shapes = extract_call_sites(module, module_name, imports)
    atomic_requests, replicas = database_settings(module)
    email_backends, outboxes = email_settings(module, module_name)
    return FileFacts(
        path=path,
        module=module_name,
        classes=extract_classes(path, module_name, module, imports),
        hooks=extract_hooks(path, module_name, module, imports, statement_lines),
        handlers=extract_handlers(module_name, module, imports),
        migration=extract_migration(path, module_name, module, imports),
        returns=extract_returns(module, module_name, imports),
        queries=extract_querying(module, module_name, imports),
        sessions=extract_session_bindings(module, imports),
        handle_factories=extract_handle_factories(module, imports),
        session_factories=factories,
        session_providers=extract_session_providers(module, module_name, imports, factories),
        serializer_usages=extract_serializer_usages(module, module_name, imports),
        view_routes=routes,
        effects=effects,
        tasks=tasks,
        deferred_task_classes=deferred,
        atomic_requests=atomic_requests,
        replica_aliases=replicas,
        email_backends=email_backends,
        outbox_backends=outboxes,
        sql_helpers=helpers,
        sql_handles=handles,
        code_names=extract_code_names(module, module_name),
        date_functions=extract_date_functions(module, module_name, imports),
        sql_builders=extract_sql_builders(module, module_name),
        literal_collections=extract_literal_collections(module, module_name),
        literal_names=extract_literal_names(module, module_name),
        sql_templates=extract_sql_templates(module, module_name),
        command_groups=groups,
        registered_commands=registered,
        call_sites=sites,
        called=called,
        eager_paths=eager,
        calls=calls,
        argument_shapes=shapes,
        parameter_reads=extract_parameter_reads(module, module_name, imports),
    )


class ProjectIndex:
    def __init__(self, files: dict[str, FileFacts]) -> None:
        self.files = files
        self.models = ModelRegistry((f for facts in files.values() for f in facts.classes),
                                    modules=(facts.module for facts in files.values()))
        self.hooks = HookRegistry([h for facts in files.values() for h in facts.hooks], self.models,
                                  [h for facts in files.values() for h in facts.handlers])
        self.migrations = MigrationRegistry([f.migration for f in files.values() if f.migration])
        self._digest: str | None = None
        self._derived: dict[Callable, object] = {}

    @classmethod
    def build(cls, facts: Iterable[FileFacts]) -> "ProjectIndex":
        return cls({f.path: f for f in facts})

    def derived(self, build: Callable[["ProjectIndex"], T]) -> T:
        """A structure built from the facts once per index (a lookup table): ``build(index)``."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return self._derived[build]  # type: ignore[return-value]

    def prime(self) -> None:
        """Build now what rules would build when they first ask: each model's ORM, every registered
        derived structure (:mod:`ormlint.index.derived`), the digest."""
        self.models.models()
        for build in BUILDERS:
            self.derived(build)
        self.digest()

    def digest(self) -> str:
        """Changes whenever any fact changes; part of every cached result's key."""
        if self._digest is None:
            ordered = tuple(self.files[p] for p in sorted(self.files))
            text = json.dumps(FACTS_CODEC.encode(ordered, tuple[FileFacts, ...]), separators=(",", ":"))
            self._digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        return self._digest
