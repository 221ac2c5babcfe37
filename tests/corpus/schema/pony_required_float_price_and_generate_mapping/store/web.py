from flask import Flask, jsonify
from pony.orm import db_session, select

from store.db import Product

app = Flask(__name__)


@app.get("/products")
@db_session
def products():
    return jsonify([{"name": p.name, "price": p.price} for p in select(p for p in Product)])
