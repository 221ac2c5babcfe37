"""Migration files: Alembic revisions, Django migrations, yoyo steps."""

from __future__ import annotations

import libcst as cst

from ormlint.index.facts import MigrationFact
from ormlint.names import ImportTable


def extract_migration(path: str, module_name: str, module: cst.Module, imports: ImportTable) -> MigrationFact | None:
    return None


class MigrationRegistry:
    def __init__(self, migrations: list[MigrationFact]) -> None:
        self.migrations = migrations
