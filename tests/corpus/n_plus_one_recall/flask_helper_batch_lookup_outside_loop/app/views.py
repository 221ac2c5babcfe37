from flask import Blueprint, jsonify

from app import db
from app.models import Member
from app.teams import team_names

bp = Blueprint("members", __name__)


@bp.get("/members")
def members():
    people = db.session.scalars(db.select(Member).order_by(Member.name)).all()
    names = team_names({m.team_id for m in people})
    return jsonify([{"name": m.name, "team": names.get(m.team_id, "-")} for m in people])
