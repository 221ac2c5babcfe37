from flask import Flask, jsonify

from .services import timeline

app = Flask(__name__)


@app.route("/timeline")
def timeline_view():
    return jsonify(timeline())
