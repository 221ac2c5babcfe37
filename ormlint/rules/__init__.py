"""The rules: one module per rule, discovered by :mod:`ormlint.engine.registry`."""
