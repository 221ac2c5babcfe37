from flask import Blueprint, jsonify

from app import db
from app.models import Member
from app.teams import team_name

bp = Blueprint("members", __name__)


@bp.get("/members")
def members():
    rows = []
    for member in db.session.scalars(db.select(Member).order_by(Member.name)):
        rows.append({"name": member.name, "team": team_name(member.team_id)})  # expect: ORM102
    return jsonify(rows)
