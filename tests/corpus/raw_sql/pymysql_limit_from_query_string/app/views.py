import os

import pymysql
from flask import Flask, jsonify, request

app = Flask(__name__)


def connect():
    return pymysql.connect(host=os.environ["DB_HOST"], user=os.environ["DB_USER"], password=os.environ["DB_PASSWORD"], database="forum")


@app.get("/threads")
def threads():
    page_size = request.args.get("limit", "20")
    conn = connect()
    try:
        with conn.cursor() as cur:
            cur.execute(f"SELECT id, title FROM threads ORDER BY id DESC LIMIT {page_size}")  # expect: ORM201
            return jsonify(cur.fetchall())
    finally:
        conn.close()
