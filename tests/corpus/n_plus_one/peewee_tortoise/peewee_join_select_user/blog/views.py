from flask import Blueprint, jsonify

from blog.models import Tweet, User

bp = Blueprint("api", __name__)


@bp.route("/api/timeline")
def timeline():
    query = (
        Tweet.select(Tweet, User)
        .join(User)
        .order_by(Tweet.created.desc())
        .limit(100)
    )
    return jsonify(
        [{"content": t.content, "author": t.user.username, "email": t.user.email} for t in query]
    )


@bp.route("/api/popular")
def popular():
    rows = []
    for tweet in Tweet.select(Tweet, User).join(User).where(Tweet.likes > 10):
        rows.append({"id": tweet.id, "by": tweet.user.username})
    return jsonify(rows)
