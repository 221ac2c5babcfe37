"""
Seed the order sources
"""

from yoyo import step

__depends__ = {"20240601_01_add-orders-source"}


def apply_step(conn):
    cursor = conn.cursor()
    cursor.executemany("INSERT INTO order_sources (name) VALUES (%s)", [("web",), ("app",), ("phone",)])


def rollback_step(conn):
    cursor = conn.cursor()
    cursor.execute("DELETE FROM order_sources")


steps = [step(apply_step, rollback_step)]
