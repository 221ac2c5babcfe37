"""Functions a command-line process runs as its whole job, and ends with.

What such a function leaves open (a connection, a session) is closed by the operating system
when the process exits a moment later: no pool is shared with other requests. That holds only
for the entry point itself (a helper it calls may be called by web code too) and only when
the command does not run until it is stopped (a worker or daemon loop).
"""

from __future__ import annotations

import libcst as cst

from ormlint.index import ProjectIndex
from ormlint.index.commands import command_groups, decorator_call, is_project_group, is_registered_command
from ormlint.orms.commands import COMMANDS
from ormlint.orms.spec import any_matches
from ormlint.syntax.names import ImportTable, dotted_name
from ormlint.syntax.walk import leaves_loop, own_calls, scope_nodes


class EntryPoints:
    """The command-line entry points of one module."""

    def __init__(self, module: cst.Module, imports: ImportTable, path: str, module_name: str = "",
                 index: ProjectIndex | None = None) -> None:
        self._imports = imports
        self._path = path.replace("\\", "/")
        self._module_name = module_name
        self._index = index
        functions = [s for s in module.body if isinstance(s, cst.FunctionDef)]
        self._groups = command_groups(module, imports)
        self._main = self._main_callees(module, {f.name.value for f in functions})

    def runs_until_exit(self, function: cst.FunctionDef, klass: cst.ClassDef | None) -> bool:
        """``function`` (a method of ``klass`` when given) is a command's whole run: called under
        ``if __name__ == "__main__":``, decorated as a click/typer/Flask command (on a group of this
        module or of another one), attached to a group (``cli.add_command(f)``), or the ``handle()``
        (``handle_label()``, ``handle_app_config()``) of a Django management command; and it does
        not loop until it is stopped."""
        if klass is None:
            name = function.name.value
            entry = name in self._main or any(self._is_command(d) for d in function.decorators) \
                or is_registered_command(self._index, f"{self._module_name}.{name}")
        else:
            entry = function.name.value in COMMANDS.django_command_methods and self.is_django_command(klass)
        return entry and not loops_until_stopped(function)

    def _is_command(self, decorator: cst.Decorator) -> bool:
        expr = decorator_call(decorator)
        if any_matches(self._imports.qualify(expr), COMMANDS.decorators):
            return True
        if not isinstance(expr, cst.Attribute) or expr.attr.value not in COMMANDS.group_methods:
            return False
        receiver = expr.value
        if isinstance(receiver, cst.Attribute) and receiver.attr.value == COMMANDS.app_cli:
            return True  # @app.cli.command(): Flask's click group
        name = dotted_name(receiver) or ""
        if name in self._groups:
            return True
        qualified = self._imports.qualify_dotted(name)
        return qualified is not None and is_project_group(self._index, qualified)

    def is_django_command(self, klass: cst.ClassDef) -> bool:
        """``klass`` is a Django management command: every method of it runs in the command's process."""
        if klass.name.value == COMMANDS.django_command_class and COMMANDS.django_command_dir in self._path:
            return True  # Django runs the Command class of management/commands/<name>.py
        return any(COMMANDS.django_command.matches(self._imports.qualify(base.value)) for base in klass.bases)

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
    for node in scope_nodes(function.body):
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
