"""Raw SQL built from values."""
