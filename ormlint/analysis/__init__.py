"""Analyses several rules share: N+1 queries, SQL in strings, handle release, transactions, money names."""
