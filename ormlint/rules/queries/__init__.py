"""N+1 rules: lazy loads and queries once per row."""
