"""Running ormlint: the CLI, discovery, workers, cache, suppressions, fixes and reports."""
