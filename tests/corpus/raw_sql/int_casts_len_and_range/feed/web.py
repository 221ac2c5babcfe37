import sqlite3

from flask import Flask, jsonify, request

from feed.queries import page

app = Flask(__name__)


@app.get("/entries")
def entries():
    conn = sqlite3.connect("feed.db")
    try:
        return jsonify(page(conn, request.args.get("limit", "20"), request.args.get("offset", "0")))
    finally:
        conn.close()
