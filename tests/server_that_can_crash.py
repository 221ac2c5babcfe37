"""``ormlint server`` as a script, for the server's crash tests: its worker process can really die.

Two ways, as the runner's crash tests have them: the rule ``SegfaultRule`` (engine_rules) kills
its process with a segmentation fault on a call to ``crash_here()``, and the parser's pre-check
is off with the worker's stack at the usual 8 MiB, so a deeply nested file overflows LibCST's
native parser, as one the pre-check does not know would. The worker process is started with
"spawn", which runs this module again (as ``__mp_main__``): the worker has both too.
"""

from engine_rules import SegfaultRule

from ormlint.engine import editor_process, limits, registry

_registered = registry.all_rules()
registry.all_rules = lambda: (*_registered, SegfaultRule)
limits.MAX_DEPTH = 10**9
editor_process.WORKER_STACK = 8 * 1024 * 1024

if __name__ == "__main__":
    from ormlint.engine.server import serve

    serve()
