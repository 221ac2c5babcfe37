"""Schema: money columns, schema sync at runtime, credentials in code."""
