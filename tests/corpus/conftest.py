"""The corpus cases are projects to lint, not tests to run: pytest collects nothing here."""

collect_ignore_glob = ["*"]
