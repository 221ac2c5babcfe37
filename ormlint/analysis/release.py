"""Database handles that must be released: what acquires one, and whether a function releases it.

The acquisition table maps each library's acquiring call to a :class:`Kind` (how the handle
is released, whether ``with`` releases it). :class:`ReleaseAnalysis` follows one handle
through one function's statements with a small abstract interpreter: each path carries a
state (held, released, committed, moved) through branches, loops, ``try``/``except``/
``finally`` and ``with``, and the analysis reports the paths that leave the function, or
raise out of it, while the handle is still held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import libcst as cst

from ormlint.orms import database_error_names
from ormlint.orms.dbapi import EXECUTE_METHODS
from ormlint.orms.handles import Kind
from ormlint.syntax.names import dotted_name
from ormlint.syntax.walk import SCOPES, own_calls, scope_nodes, walk_scope

# --- the release analysis ----------------------------------------------------------------------

HELD, FREE, COMMITTED, MOVED = "held", "free", "committed", "moved"
IDLE = "idle"  # a lazy handle (``Kind.lazy``) not used yet: it holds nothing
States = frozenset[str]

_BORROWERS = frozenset({"print", "len", "str", "repr", "id", "type", "isinstance", "hasattr", "getattr", "bool", "vars"})
# Logger methods: the logging package reports its own failures (Handler.handleError) instead of raising.
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})
_BORROWING_METHODS = frozenset({"read_sql", "read_sql_query", "read_sql_table", "to_sql"}) | _LOG_METHODS \
    | EXECUTE_METHODS
_SAFE_BUILTINS = frozenset({"getattr", "hasattr", "isinstance", "len", "bool", "id", "type", "print"})
_CATCH_ALL = frozenset({"Exception", "BaseException"})
_DB_ERRORS = database_error_names()  # a handler for these catches what a database call raises
_OWNER_FINISHES = frozenset({"commit", "rollback"})  # on the owner: end the transaction begun on it
_OWNER_ENDS = _OWNER_FINISHES | {"close"}  # closing the owner ends it too, rolling it back
_OWNER_BOOKKEEPING = _OWNER_ENDS | {"begin", "in_transaction", "get_transaction"}  # run no statement
# Run a function in another thread: ``threading.Thread(target=f, args=(...))``, and executor methods
# with the number of positional arguments before the function (``loop.run_in_executor(pool, f, ...)``).
_THREAD_CLASSES = frozenset({"Thread", "Timer"})
_EXECUTOR_METHODS = {"submit": 0, "run_in_executor": 1}


@dataclass
class Leak:
    reason: str  # early_exit | never | some_paths | exception | yield | loop
    line_node: cst.CSTNode | None = None
    exit_word: str = ""


@dataclass
class _Frame:
    kind: str  # try | handlers | release | owner (releases on exceptions only) | loop
    catches_all: bool = False
    final: Callable[[str], States] | None = None
    exc: set[str] = field(default_factory=set)
    breaks: set[str] = field(default_factory=set)
    continues: set[str] = field(default_factory=set)


@dataclass
class Handle:
    """One acquired handle: ``name`` is a local variable, or a dotted global (``db``) for statement forms."""

    name: str
    kind: Kind
    start: cst.CSTNode  # the statement (small statement or With) that acquires it
    local: bool = True  # a local variable: passing/storing/returning it moves ownership
    parent: str | None = None  # the connection/session a transaction was begun on
    release_check: Callable[[cst.Call], bool] | None = None  # extra release form (set_autocommit(True))
    # A transaction on a connection/session this function releases: an exception (or closing the owner)
    # rolls it back, which is right; only leaving normally without commit or rollback drops its writes.
    owner_released: bool = False


class ReleaseAnalysis:
    """Follows one handle through one function and returns the first way it leaks, or None."""

    def __init__(self, function: cst.FunctionDef, handle: Handle, callables: Callables, fixture: bool,
                 qualify: Callable[[cst.CSTNode], str | None] = dotted_name) -> None:
        self.function = function
        self.qualify = qualify  # a called name as imported (``register`` -> ``zope.sqlalchemy.register``)
        self.handle = handle
        self.callables = callables
        self.fixture = fixture  # a pytest fixture: the code after `yield` always runs
        self.frames: list[_Frame] = []
        self.recording = True
        self.leaks: list[Leak] = []
        self.exempt: set[cst.CSTNode] = set()
        self.releases_somewhere = False
        # Some path returns or stores the handle, or starts a thread with it: someone else owns it there
        # (passing it to a call this file cannot see into leaves ownership open, and does not count).
        self.handed_over = False
        self._closures: dict[str, str] | None = None  # see _thread_closures
        self.cleanup_depth = 0  # inside an except or finally body: cleanup code, its own errors are not tracked
        self._order: dict[int, int] | None = None  # node id -> position in the function, computed on first use

    # -- entry ---------------------------------------------------------------------------------
    def run(self) -> Leak | None:
        self.releases_somewhere = any(
            (isinstance(node, cst.BaseSmallStatement) and self._effects(node)[1])
            or (isinstance(node, cst.With) and any(self._with_item_releases(item) for item in node.items))
            for node in scope_nodes(self.function.body, into_scopes=True)
        )
        self._mark_gap()
        end = self._block(self.function.body.body, frozenset({FREE}))
        if HELD in end:
            self._leak(Leak("some_paths" if self.releases_somewhere else "never"))
        order = ("loop", "early_exit", "yield", "never", "some_paths", "exception")
        for reason in order:
            for leak in self.leaks:
                if leak.reason == reason:
                    return leak
        return None

    def releases_in(self, node: cst.CSTNode) -> bool:
        """Whether ``node`` holds a call that releases the handle."""
        return any(isinstance(n, cst.Call) and self._release_call(n) for n in scope_nodes(node))

    def first_release(self) -> cst.CSTNode | None:
        """The first call (or registered cleanup) in the function that releases the handle."""
        for node in scope_nodes(self.function.body, into_scopes=True):
            if isinstance(node, cst.Call) and self._release_call(node):
                return node
            if isinstance(node, cst.WithItem) and self._with_item_releases(node):
                return node.item
        return None

    def _leak(self, leak: Leak) -> None:
        if self.recording and (not self.handle.owner_released or self._owner_used_before(leak.line_node)):
            self.leaks.append(leak)

    def _owner_used_before(self, node: cst.CSTNode | None) -> bool:
        """A statement ran on the transaction's connection/session between ``begin()`` and ``node`` (None: the
        end): leaving before any, nothing is lost when closing the owner rolls the transaction back."""
        if self._order is None:
            self._order = {id(n): i for i, (n, _) in enumerate(walk_scope(self.function.body, into_scopes=True))}
        start = self._order.get(id(self.handle.start), -1)
        end = self._order.get(id(node), len(self._order)) if node is not None else len(self._order)
        parent = self.handle.parent
        return any(
            start < self._order[id(n)] < end
            for n in scope_nodes(self.function.body, into_scopes=True)
            if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and dotted_name(n.func.value) == parent
            and n.func.attr.value not in _OWNER_BOOKKEEPING
        )

    def _mark_gap(self) -> None:
        """Simple statements between the acquisition and a try/with that releases it cannot leak it.

        Strictly an exception there leaks; in practice ``cur = conn.cursor()`` before the
        ``try`` is the normal shape and reporting it would bury the real leaks.
        """
        block = self._block_of(self.handle.start)
        if block is None:
            return
        index = next(i for i, s in enumerate(block) if s is self.handle.start or self.handle.start in _children_of(s))
        gap: list[cst.CSTNode] = []
        for stmt in block[index + 1:]:
            if isinstance(stmt, cst.SimpleStatementLine):
                if any(isinstance(s, (cst.Return, cst.Raise)) for s in stmt.body):
                    return
                gap.append(stmt)
                continue
            if self._protects(stmt):
                self.exempt.update(gap)
            return

    def _protects(self, stmt: cst.BaseStatement) -> bool:
        if isinstance(stmt, cst.Try):
            if stmt.finalbody is not None and HELD not in self._sandbox(stmt.finalbody.body.body, HELD):
                return True
            return any(self._catches_all(h) and any(self._release_call(c) for c, _ in own_calls(h.body))
                       for h in stmt.handlers)
        if isinstance(stmt, cst.With):
            return any(self._with_item_releases(item) for item in stmt.items)
        return False

    def _block_of(self, start: cst.CSTNode) -> Sequence[cst.BaseStatement] | None:
        for node in scope_nodes(self.function.body):
            if isinstance(node, cst.IndentedBlock) and any(
                stmt is start or start in _children_of(stmt) for stmt in node.body
            ):
                return node.body
        return None

    def _sandbox(self, statements: Sequence[cst.BaseStatement], state: str) -> States:
        saved = (self.recording, self.frames)
        self.recording, self.frames = False, []
        try:
            return self._block(statements, frozenset({state}))
        finally:
            self.recording, self.frames = saved

    # -- statements ------------------------------------------------------------------------------
    def _block(self, statements: Sequence[cst.BaseStatement], states: States) -> States:
        for stmt in statements:
            if not states:
                return states
            states = self._statement(stmt, states)
        return states

    def _statement(self, stmt: cst.BaseStatement, states: States) -> States:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if not states:
                    break
                states = self._small(small, states, exempt=stmt in self.exempt)
            return states
        if isinstance(stmt, cst.If):
            return self._if(stmt, states)
        if isinstance(stmt, (cst.For, cst.While)):
            return self._loop(stmt, states)
        if isinstance(stmt, cst.Try):
            return self._try(stmt, states)
        if isinstance(stmt, cst.With):
            return self._with(stmt, states)
        if isinstance(stmt, cst.Match):
            self._expression(stmt.subject, states)
            result = set(states)
            for case in stmt.cases:
                result |= self._block(case.body.body, states)
            return frozenset(result)
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            return self._transfer_if_captured(stmt, states)
        return states

    def _transfer_if_captured(self, node: cst.CSTNode, states: States) -> States:
        if isinstance(node, cst.FunctionDef) and node.name.value in self._thread_closures():
            return states  # what it does with the handle happens where a thread starts it
        if self.handle.local and any(refers_to(n, a, self.handle.name)
                                     for n, a in walk_scope(node, into_scopes=True)):
            self.handed_over = True
            return _replace(states, {HELD: MOVED, COMMITTED: MOVED, IDLE: MOVED})
        return states

    def _thread_closures(self) -> dict[str, str]:
        """Functions nested here that capture the handle and are only ever started in another thread
        (``Thread(target=work)``), with what each does with it: "release", "move" or "borrow"."""
        if self._closures is None:
            self._closures = {}
            if self.handle.local:
                nested = [n for n in scope_nodes(self.function.body) if isinstance(n, cst.FunctionDef)
                          and any(refers_to(x, a, self.handle.name) for x, a in walk_scope(n.body, into_scopes=True))]
                for function in nested:
                    name = function.name.value
                    uses = [(n, a) for n, a in walk_scope(self.function.body) if refers_to(n, a, name)]
                    if uses and all(self._started_in_thread(n, a) for n, a in uses):
                        self._closures[name] = _parameter_effect(function, self.handle.name, self.handle.kind)
        return self._closures

    @staticmethod
    def _started_in_thread(node: cst.CSTNode, ancestors: tuple[cst.CSTNode, ...]) -> bool:
        call = next((a for a in reversed(ancestors) if isinstance(a, cst.Call)), None)
        started = _thread_function(call) if call is not None else None
        return started is not None and started[0] is node

    def _closure_effect(self, call: cst.Call) -> str | None:
        """What the closure ``call`` starts in another thread does with the handle."""
        started = _thread_function(call)
        if started is None or not isinstance(started[0], cst.Name):
            return None
        return self._thread_closures().get(started[0].value)

    def _small(self, small: cst.BaseSmallStatement, states: States, exempt: bool = False) -> States:
        if small is self.handle.start:
            if HELD in states:
                self._leak(Leak("loop", small))
            return frozenset({IDLE if self.handle.kind.lazy else HELD})
        if isinstance(small, cst.Return):
            if small.value is not None:
                states = self._first_use(small.value, states)
                may_raise, release, _, _ = self._effects(small.value)
                if self._returns_handle(small.value):
                    self.handed_over = True
                    states = _replace(states, {HELD: FREE, COMMITTED: FREE})
                elif may_raise and not exempt:
                    self._raise_point(states, small)
                if release:
                    states = _replace(states, {HELD: FREE, COMMITTED: FREE})
            self._exit("return", states, small)
            return frozenset()
        if isinstance(small, cst.Raise):
            self._raise_point(states, small, explicit=True)
            return frozenset()
        if isinstance(small, (cst.Break, cst.Continue)):
            self._jump(small, states)
            return frozenset()
        return self._apply(small, states, exempt)

    def _first_use(self, node: cst.CSTNode, states: States) -> States:
        """A lazy handle holds what it acquires from the first statement that uses it on: one that mentions
        it otherwise than in a call of a method that acquires nothing (``Kind.idle_methods``: ``configure``,
        ``add``) or in a function defined there (run later, if ever), or handed to a function that acquires
        nothing (``Kind.idle_takers``: ``zope.sqlalchemy.register(session, ...)``)."""
        if IDLE not in states:
            return states
        kind = self.handle.kind
        for current, ancestors in walk_scope(node):
            if not (isinstance(current, cst.Name) and current.value == self.handle.name):
                continue
            parent = ancestors[-1] if ancestors else None
            call = ancestors[-2] if len(ancestors) >= 2 else None
            idle_method = isinstance(parent, cst.Attribute) and parent.value is current and isinstance(call, cst.Call) \
                and call.func is parent and parent.attr.value in kind.idle_methods
            idle_taker = isinstance(parent, cst.Arg) and isinstance(call, cst.Call) and bool(kind.idle_takers) \
                and self.qualify(call.func) in kind.idle_takers
            if not (idle_method or idle_taker):
                return _replace(states, {IDLE: HELD})
        return states

    def _apply(self, node: cst.CSTNode, states: States, exempt: bool = False) -> States:
        used_first = self._first_use(node, states)
        first_use, states = used_first != states, used_first
        may_raise, release, moved, used = self._effects(node)
        yields = [n for n in scope_nodes(node) if isinstance(n, cst.Yield)]
        if yields and not self.fixture:
            self._raise_point(states, node, via_yield=True)
        elif may_raise and (not release or first_use and release == "soft") and not exempt:
            self._raise_point(states, node)  # a first use that commits (``add(); commit()``) may fail holding it
        if release == "soft":
            states = _replace(states, {HELD: COMMITTED})
        elif release:
            states = _replace(states, {HELD: FREE, COMMITTED: FREE, MOVED: FREE})
        if moved:
            states = _replace(states, {HELD: MOVED, COMMITTED: MOVED})
        elif used:
            states = _replace(states, {COMMITTED: HELD})
        return states

    def _expression(self, node: cst.CSTNode | None, states: States) -> States:
        return states if node is None else self._apply(node, states)

    def _if(self, stmt: cst.If, states: States) -> States:
        states = self._expression(stmt.test, states)
        when_true, when_false = self._narrow(stmt.test, states)
        body_end = self._block(stmt.body.body, when_true)
        if isinstance(stmt.orelse, cst.If):
            return frozenset(body_end | self._if(stmt.orelse, when_false))
        if isinstance(stmt.orelse, cst.Else):
            return frozenset(body_end | self._block(stmt.orelse.body.body, when_false))
        if HELD in when_false and HELD not in body_end and body_end != when_true and self._inspects_handle(stmt.test):
            # `if not db.is_closed(): db.close()`, `if conn.closed == 0: conn.close()`: the test
            # says whether there is anything to release.
            when_false = _replace(when_false, {HELD: FREE})
        return frozenset(body_end | when_false)

    def _inspects_handle(self, test: cst.BaseExpression) -> bool:
        name = self.handle.name
        for node in scope_nodes(test):
            if dotted_name(node) == name:
                return True
            if isinstance(node, cst.SimpleString) and node.evaluated_value == name:
                return True  # 'conn' in locals()
        return False

    def _narrow(self, test: cst.BaseExpression, states: States) -> tuple[States, States]:
        """`if conn:` / `if conn is not None:`: the other branch holds nothing."""
        name = self.handle.name
        none_state = frozenset({FREE}) if states else states
        if dotted_name(test) == name:
            return states, none_state
        if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not) and dotted_name(test.expression) == name:
            return none_state, states
        if isinstance(test, cst.Comparison) and dotted_name(test.left) == name and len(test.comparisons) == 1:
            target = test.comparisons[0]
            if isinstance(target.comparator, cst.Name) and target.comparator.value == "None":
                if isinstance(target.operator, cst.IsNot):
                    return states, none_state
                if isinstance(target.operator, cst.Is):
                    return none_state, states
        return states, states

    def _loop(self, stmt: cst.For | cst.While, states: States) -> States:
        header = stmt.iter if isinstance(stmt, cst.For) else stmt.test
        states = self._expression(header, states)
        frame = _Frame("loop")
        self.frames.append(frame)
        entry = states
        body_end: States = frozenset()
        for _ in range(2):  # a second pass sees the states the first iteration leaves behind
            body_end = self._block(stmt.body.body, entry)
            entry = frozenset(entry | body_end | frame.continues)
        self.frames.pop()
        infinite = isinstance(stmt, cst.While) and isinstance(stmt.test, cst.Name) and stmt.test.value == "True"
        after = frozenset() if infinite else entry
        if stmt.orelse is not None:
            after = self._block(stmt.orelse.body.body, after)
        return frozenset(after | frame.breaks)

    def _try(self, stmt: cst.Try, states: States) -> States:
        final = self._final_map(stmt.finalbody.body.body) if stmt.finalbody is not None else None
        catches_all = any(self._catches_all(h) for h in stmt.handlers)
        frame = _Frame("try", catches_all=catches_all, final=final)
        self.frames.append(frame)
        body_end = self._block(stmt.body.body, states)
        frame.kind = "handlers"  # raising from here on only passes through the finally
        result = set(self._block(stmt.orelse.body.body, body_end) if stmt.orelse is not None else body_end)
        entry = frozenset(frame.exc)
        self.cleanup_depth += 1
        for handler in stmt.handlers:
            if entry:
                result |= self._block(handler.body.body, entry)
        self.frames.pop()
        if stmt.finalbody is not None and result:
            result = set(self._block(stmt.finalbody.body.body, frozenset(result)))
            if self._contains_release(stmt.finalbody.body.body):
                result = set(_replace(frozenset(result), {HELD: FREE, COMMITTED: FREE}))
        self.cleanup_depth -= 1
        return frozenset(result)

    def _catches_all(self, handler: cst.ExceptHandler) -> bool:
        if handler.type is None:
            return True
        types = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
        for element in types:
            value = element.value if isinstance(element, cst.Element) else element
            name = dotted_name(value)
            last = name.rsplit(".", 1)[-1] if name else ""
            if last in _CATCH_ALL or last in _DB_ERRORS:
                return True
        return False

    def _final_map(self, statements: Sequence[cst.BaseStatement]) -> Callable[[str], States]:
        cache: dict[str, States] = {}

        trusted = self._contains_release(statements)

        def mapping(state: str) -> States:
            if state not in cache:
                if state not in (HELD, COMMITTED):
                    cache[state] = frozenset({state})
                elif trusted:
                    cache[state] = frozenset({FREE})
                else:
                    cache[state] = self._sandbox(statements, state)
            return cache[state]

        return mapping

    def _contains_release(self, statements: Sequence[cst.BaseStatement]) -> bool:
        """A `finally` that releases the handle on some branch is trusted to release it: its
        conditions (`if not self.as_sql:`) usually mirror the ones the acquisition was under."""
        return any(
            (isinstance(node, cst.Call) and self._release_call(node) is True)
            or (isinstance(node, cst.WithItem) and self._with_item_releases(node))
            for stmt in statements for node in scope_nodes(stmt)
        )

    def _with(self, stmt: cst.With, states: States) -> States:
        if stmt is self.handle.start:  # `with sqlite3.connect(...) as conn:` leaves it open
            if HELD in states:
                self._leak(Leak("loop", stmt))
            return self._block(stmt.body.body, frozenset({HELD}))
        for item in stmt.items:
            states = self._expression(item.item, states)
        if self.handle.owner_released and any(
                item.asname is not None and dotted_name(item.asname.name) == self.handle.parent for item in stmt.items):
            # ``with engine.connect() as conn:`` around ``conn.begin()``: an exception leaving it closes the
            # connection, rolling the transaction back (leaving it otherwise uncommitted still loses writes)
            self.frames.append(_Frame("owner", final=_released))
            end = self._block(stmt.body.body, states)
            self.frames.pop()
            return end
        if not any(self._with_item_releases(item) for item in stmt.items):
            return self._block(stmt.body.body, states)
        self.frames.append(_Frame("release", final=_released))
        end = self._block(stmt.body.body, states)
        self.frames.pop()
        return _replace(end, {HELD: FREE, COMMITTED: FREE})

    def _with_item_releases(self, item: cst.WithItem) -> bool:
        value = item.item.expression if isinstance(item.item, cst.Await) else item.item
        if dotted_name(value) == self.handle.name:
            return self.handle.kind.with_releases
        if isinstance(value, cst.Call) and dotted_name(value.func) in ("closing", "contextlib.closing"):
            return any(dotted_name(arg.value) == self.handle.name for arg in value.args)
        return False

    # -- exits -----------------------------------------------------------------------------------
    def _through(self, state: str, frames: Iterable[_Frame]) -> States:
        """The states a normal exit (return, break, continue) leaves through ``frames``."""
        current = frozenset({state})
        for frame in frames:
            if frame.final is not None and frame.kind != "owner":
                current = frozenset(s for c in current for s in frame.final(c))
        return current

    def _exit(self, word: str, states: States, node: cst.CSTNode) -> None:
        for state in states:
            if HELD in self._through(state, reversed(self.frames)):
                self._leak(Leak("early_exit", node, word))

    def _jump(self, node: cst.Break | cst.Continue, states: States) -> None:
        passed: list[_Frame] = []
        for frame in reversed(self.frames):
            if frame.kind == "loop":
                for state in states:
                    target = frame.breaks if isinstance(node, cst.Break) else frame.continues
                    target.update(self._through(state, passed))
                return
            passed.append(frame)

    def _raise_point(self, states: States, node: cst.CSTNode, explicit: bool = False, via_yield: bool = False) -> None:
        if self.cleanup_depth and not explicit:
            return
        for state in states:
            current = frozenset({state})
            for frame in reversed(self.frames):
                if frame.kind == "try":
                    frame.exc.update(current)
                    if frame.catches_all:
                        break
                if frame.final is not None:
                    current = frozenset(s for c in current for s in frame.final(c))
            else:
                if HELD in current and not self.handle.owner_released:
                    if explicit:
                        self._leak(Leak("early_exit", node, "raise"))
                    elif via_yield:
                        self._leak(Leak("yield", node))
                    elif self.releases_somewhere:
                        self._leak(Leak("exception", node))

    # -- what a statement does to the handle -----------------------------------------------------
    def _effects(self, node: cst.CSTNode) -> tuple[bool, bool | str, bool, bool]:
        """(may raise, releases ("soft" for a commit), moves ownership, uses the handle)."""
        name, kind = self.handle.name, self.handle.kind
        may_raise = full = soft = moved = used = False
        for current, ancestors in walk_scope(node, into_scopes=True):
            in_scope = any(isinstance(a, SCOPES) for a in ancestors)
            if isinstance(current, (cst.Await, cst.Raise, cst.Assert)) and not in_scope:
                may_raise = True
            if isinstance(current, cst.Call) and not in_scope and not _cannot_raise(current) \
                    and not any(isinstance(a, cst.Call) and _is_logging(a) for a in ancestors):
                may_raise = True
            if isinstance(current, cst.Call):
                moved = moved or self._closure_effect(current) == "move" or self._stores_what_keeps(current, ancestors)
                which = self._release_call(current)
                full = full or which is True
                soft = soft or which == "soft"
                if not which and isinstance(current.func, cst.Attribute) and dotted_name(current.func.value) == name:
                    used = True
            elif isinstance(current, cst.Attribute) and dotted_name(current.value) == name \
                    and current.attr.value in kind.releases \
                    and not (ancestors and isinstance(ancestors[-1], cst.Call) and ancestors[-1].func is current):
                full = True  # registered to run later: addCleanup(conn.close), stack.callback(conn.close)
            elif self.handle.local and ancestors and refers_to(current, ancestors, name):
                moved = moved or in_scope or self._bare_use_moves(current, ancestors)
        return may_raise, (True if full else "soft" if soft else False), moved, used

    def _release_call(self, call: cst.Call) -> bool | str:
        handle, kind = self.handle, self.handle.kind
        func = call.func
        if isinstance(func, cst.Attribute):
            receiver = dotted_name(func.value)
            method = func.attr.value
            if receiver == handle.name:
                if method in kind.releases:
                    return True
                if method in kind.soft_releases:
                    return "soft"
            if handle.parent and receiver == handle.parent and method in _OWNER_ENDS \
                    and not (handle.owner_released and method not in _OWNER_FINISHES):
                return True
            if method in kind.arg_releases and call.args and dotted_name(call.args[0].value) == handle.name:
                return True
        if handle.release_check is not None and handle.release_check(call):
            return True
        if handle.local:
            for index, arg in enumerate(call.args):
                if dotted_name(arg.value) == handle.name:
                    effect = self.callables.effect(call, index, arg, kind)
                    if effect in ("release", "soft"):
                        return True if effect == "release" else "soft"
            if "release" in (self.callables.handoff_effect(call, handle.name, kind), self._closure_effect(call)):
                return True
        return False

    def _bare_use_moves(self, name: cst.Name, ancestors: tuple[cst.CSTNode, ...]) -> bool:
        parent = ancestors[-1]
        if isinstance(parent, cst.Attribute) and parent.value is name:
            return False
        if isinstance(parent, cst.Call) and parent.func is name:
            return False
        if isinstance(parent, (cst.Comparison, cst.ComparisonTarget, cst.UnaryOperation, cst.BooleanOperation,
                               cst.If, cst.While, cst.IfExp, cst.Del, cst.AssignTarget, cst.Yield,
                               cst.Return, cst.FormattedStringExpression)):
            return False
        if isinstance(parent, cst.Arg) and len(ancestors) >= 2 and isinstance(ancestors[-2], cst.Call):
            call = ancestors[-2]
            index = next(i for i, a in enumerate(call.args) if a is parent)
            handoff = self.callables.handoff_effect(call, self.handle.name, self.handle.kind)
            self.handed_over |= handoff == "move"
            return (handoff or self.callables.effect(call, index, parent, self.handle.kind)) == "move"
        thread = next((a for a in reversed(ancestors) if isinstance(a, cst.Call)), None)
        handoff = self.callables.handoff_effect(thread, self.handle.name, self.handle.kind) if thread else None
        if handoff is not None:
            self.handed_over |= handoff == "move"
            return handoff == "move"
        if isinstance(parent, cst.WithItem):
            return False
        self.handed_over = True  # stored (an attribute, a container, a global) or returned inside a value
        return True

    def _returns_handle(self, value: cst.BaseExpression) -> bool:
        """The returned value is the handle, or holds it (a tuple, a wrapper built around it), or is
        made from it and keeps it (``return conn.cursor()``, ``cur = conn.cursor(); ...; return cur``)."""
        names = {self.handle.name, *self._kept_in()}
        if any(current_is(value, n) for n in names) or self._keeps_handle(value):
            return True
        for current, ancestors in walk_scope(value, into_scopes=True):
            if not ancestors:
                continue
            if any(refers_to(current, ancestors, n) for n in names) and self._bare_use_moves(current, ancestors):
                return True
            if self._keeps_handle(current) and not isinstance(ancestors[-1], cst.Attribute):
                return True
        return False

    def _keeps_handle(self, node: cst.CSTNode) -> bool:
        """``conn.cursor()``, ``Session()`` of a registry: a call on the handle whose result keeps the handle."""
        if not isinstance(node, cst.Call):
            return False
        if self.handle.kind.kept_by_call and dotted_name(node.func) == self.handle.name:
            return True
        return isinstance(node.func, cst.Attribute) and node.func.attr.value in self.handle.kind.kept_by \
            and dotted_name(node.func.value) == self.handle.name

    def _stores_what_keeps(self, call: cst.Call, ancestors: tuple[cst.CSTNode, ...]) -> bool:
        """``self.session = Session()``, ``self.cur = conn.cursor()``: what keeps the handle is stored in an
        attribute, an item or a global, whose owner now holds the handle."""
        if not (self.handle.local and ancestors and self._keeps_handle(call)):
            return False
        parent = ancestors[-1]
        targets = [t.target for t in parent.targets] if isinstance(parent, cst.Assign) else \
            [parent.target] if isinstance(parent, cst.AnnAssign) and parent.value is call else []
        stored = any(isinstance(t, (cst.Attribute, cst.Subscript))
                     or isinstance(t, cst.Name) and declared_global(self.function, t.value) for t in targets)
        self.handed_over |= stored
        return stored

    def _kept_in(self) -> set[str]:
        """Local names bound to a result that keeps the handle (``cur = conn.cursor()``)."""
        return {target.target.value
                for node in scope_nodes(self.function.body) if isinstance(node, cst.Assign)
                and self._keeps_handle(node.value)
                for target in node.targets if isinstance(target.target, cst.Name)}


def _cannot_raise(call: cst.Call) -> bool:
    """Builtins that do not fail on a handle, and logging calls (with the message they format)."""
    return dotted_name(call.func) in _SAFE_BUILTINS or _is_logging(call)


def _is_logging(call: cst.Call) -> bool:
    func = call.func
    return isinstance(func, cst.Attribute) and func.attr.value in _LOG_METHODS \
        and "log" in (dotted_name(func.value) or "").rsplit(".", 1)[-1].lower()


def refers_to(node: cst.CSTNode, ancestors: Sequence[cst.CSTNode], name: str) -> bool:
    """``node`` is a use of the variable ``name`` (not an attribute, keyword or parameter name)."""
    if not current_is(node, name):
        return False
    if not ancestors:
        return True
    parent = ancestors[-1]
    if isinstance(parent, cst.Attribute) and parent.attr is node:
        return False
    if isinstance(parent, cst.Arg) and parent.keyword is node:
        return False
    return not isinstance(parent, (cst.Param, cst.FunctionDef, cst.ClassDef, cst.ImportAlias))


def declared_global(function: cst.FunctionDef, name: str) -> bool:
    """``global name`` (or ``nonlocal``) in ``function``: assigning the name stores outside the function."""
    return any(isinstance(n, (cst.Global, cst.Nonlocal)) and any(x.name.value == name for x in n.names)
               for n in scope_nodes(function.body))


def current_is(node: cst.CSTNode, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name


def _children_of(stmt: cst.CSTNode) -> Sequence[cst.CSTNode]:
    return stmt.body if isinstance(stmt, cst.SimpleStatementLine) else ()


def _released(state: str) -> States:
    """Leaving a `with` that releases the handle."""
    return frozenset({FREE}) if state in (HELD, COMMITTED) else frozenset({state})


def _replace(states: States, mapping: dict[str, str]) -> States:
    return frozenset(mapping.get(s, s) for s in states)


# --- calls that receive the handle ---------------------------------------------------------------

class Callables:
    """What a call does with a handle passed to it: release it, move it, or just borrow it.

    Functions of this module and methods of the enclosing class are read: one that closes
    its parameter releases the handle, one that stores, returns or passes it on takes it.
    A call we cannot see into takes it (ownership is ambiguous, so the handle is not
    reported), except well-known borrowers (``print``, ``pandas.read_sql``, logging, ...).
    """

    def __init__(self, module: cst.Module, klass: cst.ClassDef | None) -> None:
        self.functions: dict[str, cst.FunctionDef] = {
            s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)
        }
        self.methods: dict[str, cst.FunctionDef] = {}
        if klass is not None:
            self.methods = {
                s.name.value: s for s in klass.body.body if isinstance(s, cst.FunctionDef)
            }

    def effect(self, call: cst.Call, index: int, arg: cst.Arg, kind: Kind) -> str:
        """"release", "move" or "borrow"."""
        callee = dotted_name(call.func) or ""
        last = callee.rsplit(".", 1)[-1]
        if last in kind.arg_releases:
            return "release"
        if callee in _BORROWERS or last in _BORROWING_METHODS:
            return "borrow"
        target = None
        if "." not in callee:
            target = self.functions.get(callee)
        elif callee.startswith(("self.", "cls.")) and callee.count(".") == 1:
            target = self.methods.get(last)
        if target is None:
            return "move"
        parameter = _parameter_for(target, index, arg, bound=callee.startswith(("self.", "cls.")))
        if parameter is None:
            return "move"
        return _parameter_effect(target, parameter, kind)

    def handoff_effect(self, call: cst.Call, name: str, kind: Kind) -> str | None:
        """What the function ``call`` runs in another thread does with the handle ``name`` handed to it
        (``Thread(target=work, args=(conn,))``, ``executor.submit(work, conn)``,
        ``loop.run_in_executor(None, work, conn)``): "release", "move" or "borrow"; None when ``call``
        starts no such function with it, "move" when that function is not one this file defines."""
        handed = _handed_to_thread(call, name)
        if handed is None:
            return None
        function, position, keyword = handed
        callee = dotted_name(function) or ""
        bound = callee.startswith(("self.", "cls.")) and callee.count(".") == 1
        target = self.methods.get(callee.split(".", 1)[1]) if bound else self.functions.get(callee)
        if target is None:
            return "move"
        params = [*target.params.posonly_params, *target.params.params][1 if bound else 0:]
        parameter = keyword or (params[position].name.value if position < len(params) else None)
        return _parameter_effect(target, parameter, kind) if parameter else "move"


def _thread_function(call: cst.Call) -> tuple[cst.BaseExpression, cst.BaseExpression | None, cst.BaseExpression | None] | None:
    """(the function, its positional arguments, its keyword arguments) where ``call`` runs a
    function in another thread: ``Thread(target=f, args=(...), kwargs={...})``, ``executor.submit(f, ...)``."""
    callee = (dotted_name(call.func) or "").rsplit(".", 1)[-1]
    if callee in _THREAD_CLASSES:
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        function = keywords.get("target")
        return (function, keywords.get("args"), keywords.get("kwargs")) if function is not None else None
    if callee in _EXECUTOR_METHODS:
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        skip = _EXECUTOR_METHODS[callee]
        if len(positional) <= skip:
            return None
        return positional[skip], cst.Tuple([cst.Element(v) for v in positional[skip + 1:]]), None
    return None


def _handed_to_thread(call: cst.Call, name: str) -> tuple[cst.BaseExpression, int, str | None] | None:
    """(the function, the position or keyword of its parameter) where ``call`` runs a function in
    another thread with the variable ``name`` among its arguments."""
    started = _thread_function(call)
    if started is None:
        return None
    function, arguments, named = started
    if isinstance(arguments, (cst.Tuple, cst.List)):
        for position, element in enumerate(arguments.elements):
            if current_is(element.value, name):
                return function, position, None
    if isinstance(named, cst.Dict):
        for element in named.elements:
            if isinstance(element, cst.DictElement) and current_is(element.value, name) \
                    and isinstance(element.key, cst.SimpleString):
                return function, 0, str(element.key.evaluated_value)
    return None


def _parameter_for(function: cst.FunctionDef, index: int, arg: cst.Arg, bound: bool) -> str | None:
    params = [*function.params.posonly_params, *function.params.params]
    if bound and params:
        params = params[1:]
    if arg.keyword is not None:
        return arg.keyword.value
    if arg.star:
        return None
    return params[index].name.value if index < len(params) else None


def _parameter_effect(function: cst.FunctionDef, parameter: str, kind: Kind) -> str:
    """"release", "move" or "borrow" for what ``function`` does with its ``parameter``; "soft" when it
    borrows it and ends its transaction (``session.commit()``), as such a call in the caller would."""
    effect = "borrow"
    for node, ancestors in walk_scope(function.body, into_scopes=True):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and (
            (dotted_name(node.func.value) == parameter and node.func.attr.value in kind.releases)
            or (node.func.attr.value in kind.arg_releases and node.args and current_is(node.args[0].value, parameter))
        ):
            return "release"
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and effect == "borrow" \
                and dotted_name(node.func.value) == parameter and node.func.attr.value in kind.soft_releases:
            effect = "soft"
        if ancestors and refers_to(node, ancestors, parameter):
            parent = ancestors[-1]
            if not (isinstance(parent, cst.Attribute) and parent.value is node):
                effect = "move"
    return effect
