from flask import Blueprint, jsonify
from sqlalchemy.orm import joinedload

from app import db
from app.models import Project

bp = Blueprint("projects", __name__)


@bp.get("/projects/<int:project_id>")
def project(project_id: int):
    query = db.select(Project).where(Project.id == project_id).options(joinedload(Project.members)).options(joinedload(Project.tasks))  # expect: ORM104
    found = db.session.scalars(query).unique().one_or_none()
    if found is None:
        return jsonify({}), 404
    return jsonify({"members": [m.username for m in found.members], "tasks": [t.title for t in found.tasks]})
