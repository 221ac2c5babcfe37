from flask import Flask, abort, jsonify

from crm.customers import get_customer

app = Flask(__name__)


@app.get("/customers/<int:customer_id>")
def customer(customer_id: int):
    found = get_customer(customer_id)
    if found is None:
        abort(404)
    return jsonify(found.__dict__)
