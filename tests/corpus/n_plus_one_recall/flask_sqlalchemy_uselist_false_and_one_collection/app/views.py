from flask import Blueprint, jsonify
from sqlalchemy.orm import joinedload

from app.models import User

bp = Blueprint("users", __name__)


@bp.get("/users")
def users():
    found = User.query.options(joinedload(User.roles), joinedload(User.team)).limit(50).all()
    return jsonify([
        {"email": u.email, "bio": u.profile.bio if u.profile else "", "roles": [r.name for r in u.roles],
         "team": u.team.name if u.team else None}
        for u in found
    ])
