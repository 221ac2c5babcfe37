"""``ormlint server`` end to end: a real LSP client (pytest-lsp) talks to the server process over stdio.

The client announces the capabilities of a real editor (VS Code, Neovim). Each test writes
a small Django project into tmp_path, opens buffers, edits them as an editor would and
reads the diagnostics and code actions the server sends back.
"""

import asyncio
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from ormlint.engine.report import rule_url

pytestmark = pytest.mark.asyncio

CONFIG = """\
[tool.ormlint]
select = ["ORM001", "ORM101", "ORM201", "ORM401", "ORM501"]
extend-exclude = ["legacy/"]
"""
MODELS = """\
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)


class Book(models.Model):
    title = models.CharField(max_length=100)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    price = models.FloatField()
    stock = models.IntegerField(default=0)
"""
SAVE_OVERRIDE = """
    def save(self, *args, **kwargs):
        self.title = self.title.strip() if self.stock else f"{self.title.strip()} (sold out)"
        super().save(*args, **kwargs)
"""  # derives the title from the stock that restock() updates in bulk
VIEWS = """\
from shop.models import Book


def restock():
    Book.objects.filter(stock=0).update(stock=10)


def titles():
    return [book.author.name for book in Book.objects.all()]
"""
RAW = """\
import sqlite3


def find(name):
    conn = sqlite3.connect("app.db")
    sql = "SELECT * FROM users WHERE name = '" + name + "'"
    return conn.execute(sql).fetchall()
"""
ORDERS = """\
from django.db import models


class Order(models.Model):
    total = models.IntegerField()

    def save(self, *args, **kwargs):
        self.total = max(self.total, 0)
        super().save(*args, **kwargs)
"""
CHECKOUT = """\
from shop.orders import Order


def reset():
    Order.objects.all().update(total=0)
"""
GADGETS = """\
from legacy.models import Gadget


def shout():
    Gadget.objects.update(label="X")
"""
LEGACY = """\
from django.db import models


class Gadget(models.Model):
    label = models.CharField(max_length=10)

    def save(self, *args, **kwargs):
        self.label = self.label.upper()
        super().save(*args, **kwargs)
"""
TIMEOUT = 30


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "proj"
    files = {"pyproject.toml": CONFIG, "shop/models.py": MODELS, "shop/views.py": VIEWS, "shop/raw.py": RAW,
             "shop/orders.py": ORDERS, "shop/checkout.py": CHECKOUT, "shop/gadgets.py": GADGETS,
             "legacy/models.py": LEGACY}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def published(client: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
    """Diagnostics, and the buffer version they are for (the stock client keeps only the former)."""
    client.diagnostics[params.uri] = params.diagnostics
    client.published_versions[params.uri] = params.version


def register(client: LanguageClient, params: lsp.RegistrationParams) -> None:
    """Accept a dynamic registration (file watchers), as VS Code and Neovim do."""
    client.registrations.extend(params.registrations)


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    client.published_versions, client.registrations = {}, []
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: published,
                                   lsp.CLIENT_REGISTER_CAPABILITY: register})
    return client


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "ormlint", "server"], client_factory=make_client)


async def start(client: LanguageClient, root: Path, editor: str) -> None:
    params = lsp.InitializeParams(capabilities=client_capabilities(editor), root_uri=root.as_uri(),
                                  workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name="proj")])
    result = await client.initialize_session(params)
    assert result.server_info.name == "ormlint"


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, project):
    await start(lsp_client, project, "visual-studio-code")
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=SERVER)
async def neovim(lsp_client: LanguageClient, project):
    await start(lsp_client, project, "neovim")
    yield
    await lsp_client.shutdown_session()


# -- helpers ----------------------------------------------------------------------------------


class Editor:
    """Open buffers, their versions and text, as the client holds them."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    def uri(self, rel: str) -> str:
        return (self.root / rel).as_uri()

    def open(self, rel: str, text: str | None = None) -> str:
        uri = self.uri(rel)
        self.texts[uri] = (self.root / rel).read_text() if text is None else text
        self.versions[uri] = 1
        self.client.diagnostics.pop(uri, None)
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="python", version=1, text=self.texts[uri])))
        return uri

    def change(self, uri: str, text: str) -> None:
        """Replace the whole buffer (as a client with full sync would)."""
        self.texts[uri] = text
        self.versions[uri] += 1
        self.client.diagnostics.pop(uri, None)
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(lsp.DidCloseTextDocumentParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri)))

    async def diagnostics(self, uri: str, until=lambda diagnostics: True) -> list[lsp.Diagnostic]:
        """The diagnostics published for the buffer's current version, once they satisfy ``until``."""

        def current() -> bool:
            published = self.client.diagnostics.get(uri)
            version = self.client.published_versions.get(uri)
            return published is not None and version in (None, self.versions.get(uri)) and until(published)

        async def wait():
            while not current():
                await self.client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            return list(self.client.diagnostics[uri])

        return await asyncio.wait_for(wait(), TIMEOUT)

    async def actions(self, uri: str, diagnostic: lsp.Diagnostic, only=None) -> list[lsp.CodeAction]:
        params = lsp.CodeActionParams(text_document=lsp.TextDocumentIdentifier(uri=uri), range=diagnostic.range,
                                      context=lsp.CodeActionContext(diagnostics=[diagnostic], only=only))
        return await self.client.text_document_code_action_async(params)

    def apply(self, uri: str, action: lsp.CodeAction) -> str:
        """The buffer's text with the action's edits applied (the edits are for this buffer only)."""
        assert list(action.edit.changes) == [uri]
        text = self.texts[uri]
        lines = text.splitlines(keepends=True)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))

        def offset(position: lsp.Position) -> int:  # ASCII sources: UTF-16 units are characters
            return starts[min(position.line, len(lines))] + position.character

        for edit in sorted(action.edit.changes[uri], key=lambda e: offset(e.range.start), reverse=True):
            text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
        return text


def codes(diagnostics: list[lsp.Diagnostic]) -> list[str]:
    return sorted(d.code for d in diagnostics)


def has(*wanted: str):
    return lambda diagnostics: codes(diagnostics) == sorted(wanted)


# -- diagnostics ----------------------------------------------------------------------------------


async def test_diagnostics_on_open_carry_code_link_range_and_related_locations(client, project):
    editor = Editor(client, project)
    models = editor.open("shop/models.py")
    [money] = await editor.diagnostics(models, has("ORM501"))
    assert money.source == "ormlint" and money.severity == lsp.DiagnosticSeverity.Warning
    assert money.code_description.href == rule_url("ORM501")
    assert money.range == lsp.Range(start=lsp.Position(10, 12), end=lsp.Position(10, 31))  # models.FloatField()
    assert "FloatField" in money.message

    raw = editor.open("shop/raw.py")
    [injection] = await editor.diagnostics(raw, has("ORM201"))
    assert injection.severity == lsp.DiagnosticSeverity.Error
    [built] = injection.related_information
    assert built.location.uri == raw and built.location.range.start == lsp.Position(5, 10)
    assert built.message == "SQL built here"


async def test_diagnostics_follow_changes(client, project):
    editor = Editor(client, project)
    views = editor.open("shop/views.py")
    [lazy] = await editor.diagnostics(views, has("ORM101"))
    assert lazy.range.start.line == 8
    editor.change(views, VIEWS.replace("Book.objects.all()", 'Book.objects.select_related("author")'))
    assert await editor.diagnostics(views) == []
    editor.change(views, "\n\n" + VIEWS)  # back, two lines lower
    [moved] = await editor.diagnostics(views, has("ORM101"))
    assert moved.range.start.line == 10


async def test_editing_a_model_updates_the_open_files_that_use_it(client, project):
    editor = Editor(client, project)
    views = editor.open("shop/views.py")
    await editor.diagnostics(views, has("ORM101"))  # Book has no save() override: update() is fine
    models = editor.open("shop/models.py")
    await editor.diagnostics(models, has("ORM501"))

    client.diagnostics.pop(views)
    editor.change(models, MODELS + SAVE_OVERRIDE)  # only the model's buffer changes, nothing is saved
    found = await editor.diagnostics(views, has("ORM101", "ORM401"))
    [bulk] = [d for d in found if d.code == "ORM401"]
    assert bulk.range.start.line == 4 and "Book.save()" in bulk.message

    client.diagnostics.pop(views)
    editor.close(models)  # the file on disk, without the override, counts again
    await editor.diagnostics(views, has("ORM101"))


async def test_the_index_comes_from_the_workspace_on_disk_minus_excludes(client, project):
    editor = Editor(client, project)
    checkout = editor.open("shop/checkout.py")
    [bulk] = await editor.diagnostics(checkout, has("ORM401"))  # Order.save() is in a file never opened
    assert "shop/orders.py:7" in bulk.message
    gadgets = editor.open("shop/gadgets.py")
    assert await editor.diagnostics(gadgets) == []  # legacy/ is excluded: its save() is not indexed
    legacy = editor.open("legacy/models.py")
    assert await editor.diagnostics(legacy) == []  # and an excluded file gets no diagnostics
    # The client was shown the indexing as progress, from start to end.
    [(token, reports)] = client.progress_reports.items()
    assert reports[0].kind == "begin" and reports[0].title == "ormlint: indexing" and reports[-1].kind == "end"


async def test_files_changed_on_disk_update_the_index(client, project):
    editor = Editor(client, project)
    views = editor.open("shop/views.py")
    await editor.diagnostics(views, has("ORM101"))
    # The server asked for file events (before indexing, so by now).
    assert [r.method for r in client.registrations] == [lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    client.diagnostics.pop(views)
    (project / "shop/models.py").write_text(MODELS + SAVE_OVERRIDE)  # a checkout, another tool
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=(project / "shop/models.py").as_uri(), type=lsp.FileChangeType.Changed)]))
    await editor.diagnostics(views, has("ORM101", "ORM401"))


# -- code actions -----------------------------------------------------------------------------------


async def test_a_code_action_applies_a_safe_fix(client, project):
    editor = Editor(client, project)
    views = editor.open("shop/views.py")
    [lazy] = await editor.diagnostics(views, has("ORM101"))
    actions = await editor.actions(views, lazy)
    [fix] = [a for a in actions if a.title.endswith("(safe fix)")]
    assert fix.title == 'ORM101: add .select_related("author") (safe fix)'
    assert fix.is_preferred and fix.kind == lsp.CodeActionKind.QuickFix and fix.diagnostics[0].code == "ORM101"
    fixed = editor.apply(views, fix)
    assert fixed == VIEWS.replace("Book.objects.all()", 'Book.objects.select_related("author").all()')
    cst.parse_module(fixed)
    editor.change(views, fixed)
    assert await editor.diagnostics(views) == []

    # The same edit as one source.fixAll action, which holds safe fixes only.
    editor.change(views, VIEWS)
    [lazy] = await editor.diagnostics(views, has("ORM101"))
    [fix_all] = await editor.actions(views, lazy, only=[lsp.CodeActionKind.SourceFixAll])
    assert fix_all.kind == "source.fixAll.ormlint" and editor.apply(views, fix_all) == fixed


async def test_unsafe_fixes_are_offered_never_preferred_nor_part_of_fix_all(client, project):
    editor = Editor(client, project)
    models = editor.open("shop/models.py")
    [money] = await editor.diagnostics(models, has("ORM501"))
    [fix] = [a for a in await editor.actions(models, money) if "fix)" in a.title]
    assert fix.title.endswith("(unsafe fix)") and not fix.is_preferred
    assert "DecimalField" in editor.apply(models, fix)
    assert not await editor.actions(models, money, only=[lsp.CodeActionKind.SourceFixAll])


async def test_the_noqa_action_suppresses_the_finding(client, project):
    editor = Editor(client, project)
    models = editor.open("shop/models.py")
    [money] = await editor.diagnostics(models, has("ORM501"))
    [noqa] = [a for a in await editor.actions(models, money) if "noqa" in a.title]
    assert noqa.title == "ORM501: suppress with `# noqa: ORM501`" and not noqa.is_preferred
    suppressed = editor.apply(models, noqa)
    assert suppressed == MODELS.replace("models.FloatField()", "models.FloatField()  # noqa: ORM501")
    editor.change(models, suppressed)
    assert await editor.diagnostics(models) == []


# -- bad input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("source, line, message", [
    ("x = 1\ndef broken(:\n    pass\n", 1, "syntax error: invalid syntax"),
    ("x = " + "(" * 1500 + "1" + ")" * 1500 + "\n", 0, "syntax error: too many nested parentheses"),
    ("f = " + "lambda: " * 5000 + "1\n", 0, "not checked: too deeply nested for Python's own parser (MemoryError)"),
    # Python reads these; LibCST's native parser would overflow the server's stack on them.
    ("x = " + " and ".join(["a"] * 8000) + "\n", 0,
     "not checked: nested more than 1000 levels deep (ormlint's parser would overflow its stack)"),
    ("import " + ".".join(["a"] * 8000) + "\n", 0,
     "not checked: nested more than 1000 levels deep (ormlint's parser would overflow its stack)"),
    ("x = 1\n" * 300_000, 0, "not checked: too large to parse (more than 200,000 tokens, max-file-tokens)"),
], ids=["syntax-error", "nested-parentheses", "nested-lambdas", "and-chain", "dotted-import", "too-many-tokens"])
# (short ids: the test id is in the environment the server's worker process is spawned with)
async def test_unparsable_files_give_orm001_and_the_server_lives_on(client, project, source, line, message):
    editor = Editor(client, project)
    broken = editor.open("shop/broken.py", source)
    [error] = await editor.diagnostics(broken, has("ORM001"))
    assert error.range.start.line == line and error.message == message
    models = editor.open("shop/models.py")
    await editor.diagnostics(models, has("ORM501"))  # still serving


async def test_a_neovim_client_without_progress_support_gets_the_same(neovim, project):
    editor = Editor(neovim, project)
    views = editor.open("shop/views.py")
    await editor.diagnostics(views, has("ORM101"))



# -- a worker that dies -------------------------------------------------------------------------------

CRASHING = ClientServerConfig(server_command=[sys.executable, str(Path(__file__).parent / "server_that_can_crash.py")],
                              client_factory=make_client)
CRASH = "from shop.models import Book\n\n\ndef boom():\n    crash_here()\n"
DEEP = "class Deep:\n    pass\n\n\nx = " + " and ".join(["a"] * 8000) + "\n"  # overflows an 8 MiB stack in LibCST


@pytest_lsp.fixture(config=CRASHING)
async def crashing(lsp_client: LanguageClient, project):
    (project / "pyproject.toml").write_text(CONFIG.replace('"ORM501"]', '"ORM501", "ORM995"]'))
    (project / "shop/deep.py").write_text(DEEP)  # on disk only: the worker dies indexing it
    await start(lsp_client, project, "visual-studio-code")
    yield
    await lsp_client.shutdown_session()


async def test_a_file_that_kills_the_worker_gets_orm001_and_the_server_serves_on(crashing, project):
    editor = Editor(crashing, project)
    # Indexing went on past the file on disk that killed the worker: Order.save() is indexed.
    checkout = editor.open("shop/checkout.py")
    await editor.diagnostics(checkout, has("ORM401"))
    [indexing] = [m.message for m in crashing.messages if "deep.py" in m.message]
    assert indexing == ("ormlint: shop/deep.py: not indexed: the worker process died while reading it "
                        "(killed by SIGSEGV)")
    # An unsaved buffer's facts (a save() override) are in the index before the crash...
    models = editor.open("shop/models.py", MODELS + SAVE_OVERRIDE)
    views = editor.open("shop/views.py")
    await editor.diagnostics(views, has("ORM101", "ORM401"))

    crash = editor.open("shop/crash.py", CRASH)
    [died] = await editor.diagnostics(crash, has("ORM001"))
    assert died.message == "not checked: the worker process died while checking it (killed by SIGSEGV)"
    assert died.range.start == lsp.Position(0, 0)

    # ...and after it, in the fresh worker: every other buffer is served as before.
    editor.change(views, "\n" + VIEWS)
    [_, bulk] = await editor.diagnostics(views, has("ORM101", "ORM401"))
    assert "Book.save()" in bulk.message and bulk.range.start.line == 5
    crashing.diagnostics.pop(crash)
    shelf = "\n\nclass Shelf(models.Model):\n    label = models.CharField(max_length=10)\n"
    editor.change(models, MODELS + SAVE_OVERRIDE + shelf)  # a new model: every open buffer is checked again
    await editor.diagnostics(models, has("ORM501"))
    [again] = await editor.diagnostics(crash, has("ORM001"))  # the same text: still not checked
    assert again.message == died.message

    editor.change(crash, CRASH.replace("crash_here()", "Book.objects.filter(stock=0).update(stock=1)"))
    [bulk] = await editor.diagnostics(crash, has("ORM401"))  # the fixed text is checked
    assert bulk.range.start.line == 4
