import os

import psycopg2
from flask import Flask, jsonify, request

from orders.repo import orders_by_ids

app = Flask(__name__)


@app.get("/orders")
def list_orders():
    ids = [int(x) for x in request.args.getlist("id")]
    with psycopg2.connect(os.environ["DATABASE_URL"]) as conn:
        return jsonify([dict(row) for row in orders_by_ids(conn, ids)])
