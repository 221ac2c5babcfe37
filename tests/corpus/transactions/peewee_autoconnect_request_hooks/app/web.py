from flask import Flask, jsonify

from app.models import Note, db

app = Flask(__name__)


@app.before_request
def open_db():
    db.connect(reuse_if_open=True)


@app.teardown_request
def close_db(exc):
    if not db.is_closed():
        db.close()


@app.get("/notes")
def notes():
    return jsonify([n.title for n in Note.select().order_by(Note.id)])


def count_notes() -> int:
    with db.connection_context():
        return Note.select().count()
