import sqlite3
from flask import Flask, request, abort

app = Flask(__name__)


@app.get("/page")
def page():
    limit = request.args.get("limit", "20")
    if not limit.isdigit():
        abort(400)
    conn = sqlite3.connect("app.db")
    rows = conn.execute(f"SELECT id FROM items LIMIT {limit}").fetchall()
    return {"items": rows}
