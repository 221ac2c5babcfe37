from flask import Blueprint, render_template

from blog.models import Tweet

bp = Blueprint("timeline", __name__)


@bp.route("/")
def public_timeline():
    entries = []
    for tweet in Tweet.select().order_by(Tweet.created.desc()).limit(50):
        entries.append(
            {
                "content": tweet.content,
                "author": tweet.user.username,  # expect: ORM101
                "email": tweet.user.email,
            }
        )
    return render_template("timeline.html", entries=entries)
