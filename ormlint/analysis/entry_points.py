"""Functions a command-line process runs as its whole job, and ends with.

What such a function leaves open (a connection, a session) is closed by the operating system
when the process exits a moment later: no pool is shared with other requests. That holds only
for the entry point itself (a helper it calls may be called by web code too) and only when
the command does not run until it is stopped (a worker or daemon loop).
"""

from __future__ import annotations

import libcst as cst

from ormlint.orms.commands import COMMANDS
from ormlint.orms.spec import any_matches
from ormlint.syntax.names import ImportTable, dotted_name
from ormlint.syntax.walk import leaves_loop, own_calls, walk_scope


class EntryPoints:
    """The command-line entry points of one module."""

    def __init__(self, module: cst.Module, imports: ImportTable, path: str) -> None:
        self._imports = imports
        self._path = path.replace("\\", "/")
        functions = [s for s in module.body if isinstance(s, cst.FunctionDef)]
        self._groups = self._group_names(module, functions)
        self._main = self._main_callees(module, {f.name.value for f in functions})

    def runs_until_exit(self, function: cst.FunctionDef, klass: cst.ClassDef | None) -> bool:
        """``function`` (a method of ``klass`` when given) is a command's whole run: called under
        ``if __name__ == "__main__":``, decorated as a click/typer/Flask command, or the ``handle()``
        (``handle_label()``, ``handle_app_config()``) of a Django management command; and it does
        not loop until it is stopped."""
        if klass is None:
            entry = function.name.value in self._main or any(self._is_command(d) for d in function.decorators)
        else:
            entry = function.name.value in COMMANDS.django_command_methods and self._is_django_command(klass)
        return entry and not loops_until_stopped(function)

    def _is_command(self, decorator: cst.Decorator) -> bool:
        expr = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
        if any_matches(self._imports.qualify(expr), COMMANDS.decorators):
            return True
        if not isinstance(expr, cst.Attribute) or expr.attr.value not in COMMANDS.group_methods:
            return False
        receiver = expr.value
        if isinstance(receiver, cst.Attribute) and receiver.attr.value == COMMANDS.app_cli:
            return True  # @app.cli.command(): Flask's click group
        return dotted_name(receiver) in self._groups

    def _is_django_command(self, klass: cst.ClassDef) -> bool:
        if klass.name.value == COMMANDS.django_command_class and COMMANDS.django_command_dir in self._path:
            return True  # Django runs the Command class of management/commands/<name>.py
        return any(COMMANDS.django_command.matches(self._imports.qualify(base.value)) for base in klass.bases)

    def _group_names(self, module: cst.Module, functions: list[cst.FunctionDef]) -> frozenset[str]:
        """Module names bound to a click/typer group: ``app = typer.Typer()``, ``@click.group() def cli()``."""
        names: set[str] = set()
        for statement in module.body:
            for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
                if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call) \
                        and any_matches(self._imports.qualify(small.value.func), COMMANDS.groups):
                    names.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))
        self._groups = frozenset(names)  # what the decorators below may name
        return self._groups | {f.name.value for f in functions if any(self._is_command(d) for d in f.decorators)}

    @staticmethod
    def _main_callees(module: cst.Module, functions: set[str]) -> frozenset[str]:
        """Module functions the ``if __name__ == "__main__":`` block calls: the script's own run."""
        names: set[str] = set()
        for statement in module.body:
            if isinstance(statement, cst.If) and is_main_guard(statement.test):
                names.update(dotted_name(c.func) or "" for c, _ in own_calls(statement.body))
        return frozenset(names & functions)


def loops_until_stopped(function: cst.FunctionDef) -> bool:
    """A ``while`` loop that sleeps between rounds (even one a signal or a flag breaks), or a
    ``while True:`` loop that nothing but an exception leaves (no ``break`` or ``return`` of its
    own): a worker, a daemon, a scheduler that runs until it is stopped, however long the process
    lives. A ``while True:`` prompt or retry loop that breaks out ends."""
    for node, _ in walk_scope(function.body):
        if not isinstance(node, cst.While):
            continue
        if any((dotted_name(c.func) or "").rsplit(".", 1)[-1] == "sleep" for c, _ in own_calls(node.body)):
            return True
        test = node.test
        forever = (isinstance(test, cst.Name) and test.value == "True") \
            or (isinstance(test, cst.Integer) and test.value != "0")
        if forever and not leaves_loop(node.body):
            return True
    return False


def is_main_guard(test: cst.BaseExpression) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1
            and isinstance(test.comparisons[0].operator, cst.Equal)):
        return False
    sides = (test.left, test.comparisons[0].comparator)
    return any(isinstance(side, cst.Name) and side.value == "__name__" for side in sides) and any(
        isinstance(side, cst.SimpleString) and side.evaluated_value == "__main__" for side in sides)
