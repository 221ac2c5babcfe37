import os

import psycopg2
from flask import g

DSN = os.environ["DATABASE_URL"]


def get_conn():
    if "conn" not in g:
        g.conn = psycopg2.connect(DSN)
    return g.conn
