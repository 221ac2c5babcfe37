"""``ormlint server``: a Language Server on stdin/stdout (pygls + lsprotocol, the ``server`` extra).

Diagnostics are published when a document is opened, changed (after a short pause in
typing) or saved, each with the rule code, a link to the rule's documentation and related
locations. Code actions offer each finding's fix (safe or unsafe, said in the title; only
safe ones are preferred or part of ``source.fixAll.ormlint``, so nothing unsafe is applied
without being chosen) and a ``# noqa: CODE`` comment. The project index lives in an
:class:`~ormlint.engine.editor.EditorProject`: built from the workspace in the background
at start (with progress), updated as buffers change, so editing a model re-checks every
open file that uses it.

All parsing and checking runs in a worker process (ormlint.engine.editor_process), in
order: a file that kills it (a crash in a native parser, the kernel's OOM killer) gets an
ORM001 diagnostic naming the reason, and a fresh worker serves the other documents. The
event loop only converts and sends; one thread of the server waits on the worker.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lsprotocol import types as lsp
from pygls import uris
from pygls.lsp.server import LanguageServer

from ormlint import __version__
from ormlint.core.findings import Finding, Span, TextEdit
from ormlint.engine.editor_process import ProjectProcess
from ormlint.engine.lint import diff_edits
from ormlint.engine.noqa import add_noqa
from ormlint.engine.report import rule_url
from ormlint.engine.source import SourceError, read_source

CHANGE_PAUSE = 0.2  # seconds without typing before a changed buffer is checked
FIX_ALL = f"{lsp.CodeActionKind.SourceFixAll.value}.ormlint"
SEVERITIES = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
              "info": lsp.DiagnosticSeverity.Information}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Worker:
    """One daemon thread that runs submitted calls (on the worker process) in order."""

    def __init__(self) -> None:
        self._calls: queue.Queue = queue.Queue()
        threading.Thread(target=self._run, name="ormlint-worker", daemon=True).start()

    def _run(self) -> None:
        while True:
            call, args, future = self._calls.get()
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(call(*args))
                except BaseException as exc:  # noqa: BLE001 - handed to the awaiting handler
                    future.set_exception(exc)

    def submit(self, call: Callable, *args) -> asyncio.Future:
        future: concurrent.futures.Future = concurrent.futures.Future()
        self._calls.put((call, args, future))
        return asyncio.wrap_future(future)


@dataclass(frozen=True)
class Buffer:
    """An open document as it was when a check was asked for."""

    uri: str
    display: str
    version: int | None
    text: str


class OrmlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("ormlint", __version__)
        self.worker = Worker()
        self.project: ProjectProcess | None = None
        self.ready = asyncio.Event()  # set once the workspace is indexed
        self.pending: dict[str, asyncio.Task] = {}
        self.findings: dict[str, tuple[int | None, list[Finding]]] = {}  # uri → (version, findings) last published

    # -- documents ---------------------------------------------------------------------

    def buffer(self, uri: str) -> Buffer:
        document = self.workspace.get_text_document(uri)
        path = uris.to_fs_path(uri)
        display = self.project.display(Path(path)) if path and self.project else (path or uri)
        return Buffer(uri, display, document.version, document.source)

    def open_buffers(self) -> list[Buffer]:
        return [self.buffer(uri) for uri in list(self.workspace.text_documents)]

    def path_of(self, display: str) -> Path:
        return Path(display) if Path(display).is_absolute() else self.project.root / display

    def text_of(self, display: str) -> str:
        """A related file's text, to place its ranges: the open buffer, else the file on disk."""
        uri = uris.from_fs_path(str(self.path_of(display)))
        if uri in self.workspace.text_documents:
            return self.workspace.get_text_document(uri).source
        try:
            return read_source(self.path_of(display), self.project.config.max_file_bytes)[1].text
        except SourceError:
            return ""

    # -- loading the project -------------------------------------------------------------

    async def load_project(self) -> None:
        """(Re)read the configuration and scan the workspace, then check every open buffer."""
        self.ready.clear()
        if self.project is not None:
            self.project.stop()  # a scan in progress ends
        root = Path(uris.to_fs_path(self.workspace.root_uri) or ".") if self.workspace.root_uri else Path.cwd()
        project = await self.worker.submit(ProjectProcess, root)
        if project.problem:
            self.show(lsp.MessageType.Error, project.problem)
        self.project = project
        report = await self._progress("ormlint: indexing")
        try:
            for problem in await self.worker.submit(project.scan, report):
                self.show(lsp.MessageType.Warning, problem)
        except Exception as exc:  # noqa: BLE001 - open files are still checked against what was read
            self.show(lsp.MessageType.Error, f"indexing {project.root} stopped: {type(exc).__name__}: {exc}")
        finally:
            if report is not None:
                report(None, None)
            self.ready.set()
        await self.check(self.open_buffers(), update=True)

    async def _progress(self, title: str) -> Callable | None:
        """A ``report(done, total)`` for the client's progress bar, callable from the worker
        thread (``None, None`` ends it); None when the client shows no progress."""
        window = self.client_capabilities.window
        if not (window and window.work_done_progress):
            return None
        token = f"ormlint-index-{id(self.project)}"
        try:
            await self.work_done_progress.create_async(token)
        except Exception:  # noqa: BLE001 - a client that refuses simply shows nothing
            return None
        self.work_done_progress.begin(token, lsp.WorkDoneProgressBegin(title=title, percentage=0))
        loop = asyncio.get_running_loop()

        def send(done: int | None, total: int | None) -> None:
            if done is None:
                self.work_done_progress.end(token, lsp.WorkDoneProgressEnd(message="index ready"))
            else:
                value = lsp.WorkDoneProgressReport(message=f"{done}/{total} files", percentage=done * 100 // max(total, 1))
                self.work_done_progress.report(token, value)

        return lambda done, total: loop.call_soon_threadsafe(send, done, total)

    # -- checking ----------------------------------------------------------------------

    def schedule(self, uri: str, pause: float) -> None:
        """Check a buffer after ``pause`` seconds, unless it changes again before then."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.ensure_future(self._check_later(uri, pause))

    async def _check_later(self, uri: str, pause: float) -> None:
        await asyncio.sleep(pause)
        await self.ready.wait()
        if uri not in self.workspace.text_documents:
            return
        self.pending.pop(uri, None)
        target = self.buffer(uri)
        others = [b for b in self.open_buffers() if b.uri != uri]
        if await self.worker.submit(self.project.update, target.display, target.text):
            await self.check([target, *others])  # the index changed: every open file may read it
        else:
            await self.check([target])

    async def check(self, buffers: list[Buffer], update: bool = False) -> None:
        """Check buffers (after taking in their facts, with ``update``) and publish what is still current."""
        project = self.project
        results = await self.worker.submit(_lint_all, project, buffers, update)
        for buffer, (findings, error) in zip(buffers, results):
            if error:
                self.show(lsp.MessageType.Warning, error)
            current = self.workspace.text_documents.get(buffer.uri)
            if current is None or current.version != buffer.version or project is not self.project:
                continue  # stale: a newer check is on its way
            self.publish(buffer, findings)

    def show(self, kind: lsp.MessageType, message: str) -> None:
        self.window_show_message(lsp.ShowMessageParams(type=kind, message=f"ormlint: {message}"))

    def publish(self, buffer: Buffer, findings: list[Finding]) -> None:
        self.findings[buffer.uri] = (buffer.version, findings)
        diagnostics = [self.diagnostic(buffer, f) for f in findings]
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=buffer.uri, version=buffer.version, diagnostics=diagnostics))

    async def current_findings(self, buffer: Buffer) -> list[Finding]:
        """The findings of the buffer's current version: the published ones, else checked now."""
        published = self.findings.get(buffer.uri)
        if published is not None and published[0] == buffer.version:
            return published[1]
        return (await self.worker.submit(_lint_all, self.project, [buffer], True))[0][0]

    # -- conversions ---------------------------------------------------------------------

    def span_range(self, text: str, span: Span) -> lsp.Range:
        lines = _LINE_BREAK.split(text)
        return lsp.Range(start=self._position(lines, span.line - 1, span.column - 1),
                         end=self._position(lines, span.end_line - 1, span.end_column - 1))

    def offset_position(self, text: str, offset: int) -> lsp.Position:
        before = text[:offset]
        breaks = list(_LINE_BREAK.finditer(before))
        line_start = breaks[-1].end() if breaks else 0
        return lsp.Position(line=len(breaks), character=self.workspace.position_codec.client_num_units(before[line_start:]))

    def _position(self, lines: list[str], line: int, column: int) -> lsp.Position:
        if line >= len(lines):
            return lsp.Position(line=len(lines), character=0)
        text = lines[max(line, 0)]
        return lsp.Position(line=max(line, 0), character=self.workspace.position_codec.client_num_units(text[:max(column, 0)]))

    def diagnostic(self, buffer: Buffer, finding: Finding) -> lsp.Diagnostic:
        related = [lsp.DiagnosticRelatedInformation(location=self._location(buffer, r.path, r.span), message=r.message)
                   for r in finding.related]
        return lsp.Diagnostic(
            range=self.span_range(buffer.text, finding.span),
            severity=SEVERITIES[finding.severity],
            code=finding.code,
            code_description=lsp.CodeDescription(href=rule_url(finding.code)),
            source="ormlint",
            message=finding.message,
            related_information=related or None,
        )

    def _location(self, buffer: Buffer, display: str, span: Span) -> lsp.Location:
        if display == buffer.display:
            return lsp.Location(uri=buffer.uri, range=self.span_range(buffer.text, span))
        uri = uris.from_fs_path(str(self.path_of(display)))
        return lsp.Location(uri=uri, range=self.span_range(self.text_of(display), span))

    def text_edits(self, text: str, edits: tuple[TextEdit, ...] | list[TextEdit]) -> list[lsp.TextEdit]:
        return [lsp.TextEdit(range=lsp.Range(start=self.offset_position(text, e.start), end=self.offset_position(text, e.end)),
                             new_text=e.text) for e in edits]

    # -- code actions ----------------------------------------------------------------------

    async def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        if not self.ready.is_set() or params.text_document.uri not in self.workspace.text_documents:
            return []
        buffer = self.buffer(params.text_document.uri)
        findings = await self.current_findings(buffer)
        only = params.context.only
        actions: list[lsp.CodeAction] = []
        if not only or any(lsp.CodeActionKind.QuickFix.value.startswith(k) for k in only):
            for finding in findings:
                diagnostic = self.diagnostic(buffer, finding)
                if _overlaps(diagnostic.range, params.range):
                    actions.extend(self._quick_fixes(buffer, finding, diagnostic))
        if any(f.fix and f.fix.safety == "safe" for f in findings) and (
                not only or any(FIX_ALL.startswith(k) for k in only)):
            fixed = await self.worker.submit(self.project.fix_safe, buffer.display, buffer.text)
            if fixed != buffer.text:
                actions.append(lsp.CodeAction(title="ormlint: apply all safe fixes", kind=FIX_ALL,
                                              edit=self._edit(buffer, diff_edits(buffer.text, fixed))))
        return actions

    def _quick_fixes(self, buffer: Buffer, finding: Finding, diagnostic: lsp.Diagnostic) -> list[lsp.CodeAction]:
        actions = []
        if finding.fix is not None and finding.fix.edits:
            actions.append(lsp.CodeAction(
                title=f"{finding.code}: {finding.fix.description} ({finding.fix.safety} fix)",
                kind=lsp.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                is_preferred=finding.fix.safety == "safe",
                edit=self._edit(buffer, finding.fix.edits)))
        suppressed, added = add_noqa(buffer.text, [finding])
        if added:
            actions.append(lsp.CodeAction(
                title=f"{finding.code}: suppress with `# noqa: {finding.code}`",
                kind=lsp.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                edit=self._edit(buffer, diff_edits(buffer.text, suppressed))))
        return actions

    def _edit(self, buffer: Buffer, edits) -> lsp.WorkspaceEdit:
        return lsp.WorkspaceEdit(changes={buffer.uri: self.text_edits(buffer.text, edits)})


def _lint_all(project: ProjectProcess, buffers: list[Buffer], update: bool) -> list[tuple[list[Finding], str]]:
    """``(findings, internal error)`` of each buffer: a rule that fails on one file, or a worker
    that dies on it, costs that file its diagnostics and says so, nothing more."""
    return [project.lint(buffer.display, buffer.text, update) for buffer in buffers]


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    def key(p: lsp.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def create_server() -> OrmlintServer:
    server = OrmlintServer()

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: OrmlintServer, params: lsp.InitializedParams) -> None:
        watch = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watch and watch.dynamic_registration:
            watchers = [lsp.FileSystemWatcher(glob_pattern=g) for g in ("**/*.py", "**/pyproject.toml", "**/*ormlint.toml")]
            registration = lsp.Registration(id="ormlint-files", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                            register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))
            try:
                await ls.client_register_capability_async(lsp.RegistrationParams(registrations=[registration]))
            except Exception:  # noqa: BLE001 - without file events, saved buffers still update the index
                pass
        await ls.load_project()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: OrmlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: OrmlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, CHANGE_PAUSE)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: OrmlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: OrmlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = ls.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.findings.pop(uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        path = uris.to_fs_path(uri)
        if ls.ready.is_set() and path and await ls.worker.submit(ls.project.close, ls.project.display(Path(path))):
            await ls.check(ls.open_buffers())

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def files_changed(ls: OrmlintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        if not ls.ready.is_set():
            return
        paths = [Path(p) for change in params.changes if (p := uris.to_fs_path(change.uri))]
        if any(p.name == "pyproject.toml" or p.name.endswith("ormlint.toml") for p in paths):
            await ls.load_project()
            return
        changed = False
        for path in paths:
            if path.suffix == ".py":
                changed |= await ls.worker.submit(ls.project.disk_changed, path)
        if changed:
            await ls.check(ls.open_buffers())

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]))
    async def code_action(ls: OrmlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return await ls.code_actions(params)

    return server


def serve() -> None:
    create_server().start_io()
