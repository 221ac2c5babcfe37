from flask import Flask, jsonify, request

from .repository import EntryRepository

app = Flask(__name__)


@app.get("/titles")
def titles():
    return jsonify(EntryRepository().titles_by(request.args["author"]))
