"""Command-line groups and commands a module declares, for the modules that attach commands to them.

A click/typer/Flask CLI often spreads over modules: ``cli.py`` makes the group (``@click.group()
def cli()``, ``app = typer.Typer()``, ``AppGroup("user")``) and ``commands.py`` imports it and
decorates its commands with ``@cli.command()``, or ``cli.py`` attaches a command of another
module with ``cli.add_command(vacuum)``. The index records both, so that the module of a command
knows it is one.
"""

from __future__ import annotations

import libcst as cst

from ormlint.index.derived import derived_table
from ormlint.orms.commands import COMMANDS
from ormlint.orms.spec import any_matches
from ormlint.syntax.names import ImportTable, dotted_name, dotted_suffixes
from ormlint.syntax.walk import own_calls

HINTS = ("click", "typer", "Group", ".group(", "add_command")  # text of files that may declare a group or attach a command


def decorator_call(decorator: cst.Decorator) -> cst.BaseExpression:
    """What a decorator names: ``cli.command`` for ``@cli.command("name")``."""
    return decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator


def command_groups(module: cst.Module, imports: ImportTable) -> frozenset[str]:
    """Module-level names bound to a group: made by a group constructor (``typer.Typer()``,
    ``click.Group()``, ``AppGroup()``) or a function decorated as a group (``@click.group()``, or
    ``@parent.group()`` on a group of this module or an imported one)."""
    names: set[str] = set()
    for statement in module.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call) \
                    and any_matches(imports.qualify(small.value.func), COMMANDS.groups):
                names.update(t.target.value for t in small.targets if isinstance(t.target, cst.Name))
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and any(
                _makes_group(decorator_call(d), imports, names) for d in statement.decorators):
            names.add(statement.name.value)
    return frozenset(names)


def _makes_group(expr: cst.BaseExpression, imports: ImportTable, groups: set[str]) -> bool:
    if any_matches(imports.qualify(expr), COMMANDS.decorators):
        return True
    if not isinstance(expr, cst.Attribute) or expr.attr.value not in COMMANDS.subgroup_methods:
        return False
    receiver = dotted_name(expr.value) or ""
    return receiver in groups or imports.qualify_dotted(receiver) is not None


def registered_commands(module: cst.Module, module_name: str, imports: ImportTable) -> frozenset[str]:
    """Qualified names of the functions this module attaches to a group by a call:
    ``group.add_command(vacuum)``, ``app.command("vacuum")(vacuum)``."""
    names: set[str] = set()
    for call, _ in own_calls(module):
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value in COMMANDS.register_methods and call.args:
            target = call.args[0].value
        elif isinstance(func, cst.Call) and isinstance(func.func, cst.Attribute) \
                and func.func.attr.value in COMMANDS.group_methods and len(call.args) == 1:
            target = call.args[0].value
        else:
            continue
        name = dotted_name(target)
        if name:
            names.add(imports.qualify_dotted(name) or f"{module_name}.{name}")
    return frozenset(names)


def extract_command_facts(module: cst.Module, module_name: str,
                          imports: ImportTable) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Index facts: (groups of this module, qualified commands this module attaches to a group)."""
    groups = tuple(sorted(command_groups(module, imports)))
    registered = tuple(sorted(registered_commands(module, module_name, imports)))
    return groups, registered


@derived_table
def _command_table(index) -> tuple[frozenset[str], frozenset[str]]:
    """Every dotted suffix (with a module part) of the project's groups, and of its attached commands."""
    groups: set[str] = set()
    commands: set[str] = set()
    for facts in index.files.values():
        for name in facts.command_groups:
            groups.update(dotted_suffixes(f"{facts.module}.{name}"))
        for qualified in facts.registered_commands:
            commands.update(dotted_suffixes(qualified))
    return frozenset(groups), frozenset(commands)


def is_project_group(index, qualified: str) -> bool:
    """``module.name`` is a command group declared in another module of the project."""
    return index is not None and qualified in index.derived(_command_table)[0]


def is_registered_command(index, qualified: str) -> bool:
    """``module.function`` (the module named by its path) is attached to a group by some module of the
    project (which names it as imported: ``src.app.jobs.purge`` is attached as ``app.jobs.purge``)."""
    if index is None:
        return False
    attached = index.derived(_command_table)[1]
    return any(suffix in attached for suffix in dotted_suffixes(qualified))
