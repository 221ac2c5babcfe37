from ormlint.cli import run_main

run_main()
