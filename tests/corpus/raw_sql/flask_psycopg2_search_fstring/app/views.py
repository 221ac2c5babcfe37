from flask import Blueprint, jsonify, request

from app.db import get_conn

bp = Blueprint("products", __name__)


@bp.get("/products/search")
def search_products():
    term = request.args.get("q", "")
    with get_conn().cursor() as cur:
        cur.execute(f"SELECT id, name, price FROM products WHERE name ILIKE '%{term}%' ORDER BY name")  # expect: ORM201
        rows = cur.fetchall()
    return jsonify([{"id": r[0], "name": r[1], "price": str(r[2])} for r in rows])


@bp.get("/products/<int:product_id>")
def product_detail(product_id):
    with get_conn().cursor() as cur:
        cur.execute("SELECT id, name, price FROM products WHERE id = %s", (product_id,))
        row = cur.fetchone()
    return jsonify({"id": row[0], "name": row[1], "price": str(row[2])})
