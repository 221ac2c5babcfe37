from flask import Blueprint, jsonify

from social.models import User

bp = Blueprint("social", __name__)


@bp.route("/leaderboard")
def leaderboard():
    board = []
    for u in User.query.filter_by(active=True).order_by(User.username).all():
        board.append(
            {
                "user": u.username,
                "followers": u.followers.count(),  # expect: ORM101
                "posts": u.posts.count(),  # expect: ORM101
            }
        )
    return jsonify(board)
