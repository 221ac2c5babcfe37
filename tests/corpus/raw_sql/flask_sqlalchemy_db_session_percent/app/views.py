from flask import Blueprint, jsonify, request
from sqlalchemy import text

from app import db

bp = Blueprint("notes", __name__)


@bp.get("/notes")
def notes():
    owner = request.args.get("owner", "")
    rows = db.session.execute(text("SELECT id, title FROM notes WHERE owner = '%s'" % owner)).all()  # expect: ORM201
    return jsonify([{"id": r.id, "title": r.title} for r in rows])
