from flask import Flask, jsonify, request

from .lookup import Directory

app = Flask(__name__)
directory = Directory("people.db")


@app.get("/people")
def people():
    return jsonify(directory.by_name(request.args["name"]))
