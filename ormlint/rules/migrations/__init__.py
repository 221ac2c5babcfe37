"""Migrations: reversibility and steps that lock or break a live database."""
