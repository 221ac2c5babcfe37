"""What makes a function a command-line entry point: click/typer commands, Flask CLI commands and
Django management commands. Such a function runs once in a process that ends with it."""

from __future__ import annotations

from dataclasses import dataclass

from ormlint.orms.spec import Names


@dataclass(frozen=True)
class CommandFrameworks:
    decorators: tuple[Names, ...]  # decorators that make a function a command: @click.command()
    groups: tuple[Names, ...]  # objects whose command()/group()/callback() methods do: typer.Typer()
    group_methods: frozenset[str]  # @cli.command(), @app.callback()
    subgroup_methods: frozenset[str]  # @cli.group(): a group of its own
    register_methods: frozenset[str]  # cli.add_command(vacuum): attaches a command made elsewhere
    app_cli: str  # Flask's ``app.cli`` / ``blueprint.cli``: a click group
    django_command: Names  # the base class of a Django management command
    django_command_methods: tuple[str, ...]  # the methods Django runs for the command
    django_command_dir: str  # where Django loads commands from: <app>/management/commands/<name>.py
    django_command_class: str  # the class Django loads from such a module
    django_arguments_method: str  # the method declaring the command's options: add_arguments(self, parser)
    argument_method: str  # argparse's parser.add_argument(...)
    # argparse actions whose value the code gives: a bool, a count, a constant
    constant_actions: frozenset[str]
    # progress bars a command wraps around what it iterates, handing back the same items: ``tqdm(rows)``
    progress_wrappers: tuple[Names, ...]
    progress_keywords: tuple[str, ...]  # ... naming what they wrap: ``track(sequence=rows)``


COMMANDS = CommandFrameworks(
    decorators=(Names("click", ("command", "group")), Names("typer", ("command",))),
    groups=(Names("click", ("Group", "group", "command", "MultiCommand", "CommandCollection")),
            Names("typer", ("Typer",)), Names("flask.cli", ("AppGroup", "FlaskGroup"))),
    group_methods=frozenset({"command", "group", "callback"}),
    subgroup_methods=frozenset({"group"}),
    register_methods=frozenset({"add_command"}),
    app_cli="cli",
    django_command=Names("django.core.management", ("BaseCommand", "AppCommand", "LabelCommand")),
    django_command_methods=("handle", "handle_label", "handle_app_config"),
    django_command_dir="/management/commands/",
    django_command_class="Command",
    django_arguments_method="add_arguments",
    argument_method="add_argument",
    constant_actions=frozenset({"store_true", "store_false", "count", "store_const"}),
    progress_wrappers=(Names("tqdm", ("tqdm",)), Names("rich.progress", ("track",)),
                       Names("alive_progress", ("alive_it",)), Names("progressbar", ("progressbar",))),
    progress_keywords=("iterable", "sequence", "it"),
)
