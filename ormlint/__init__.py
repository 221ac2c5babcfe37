"""ormlint: a static linter for ORM misuse in Python code."""

__version__ = "0.1.0"
