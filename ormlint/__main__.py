"""The ``ormlint`` command (``python -m ormlint`` and the console script)."""

import sys


def main() -> None:
    """An editor run is answered by the project's warm process when there is one; else it runs here."""
    from ormlint.engine.daemon import run_warm

    status = run_warm(sys.argv[1:])
    if status is not None:
        sys.exit(status)
    from ormlint.engine.cli import run_main

    run_main()


if __name__ == "__main__":
    main()
