from ormlint.engine.cli import run_main

run_main()
