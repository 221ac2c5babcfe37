"""Bulk writes that skip model hooks."""
