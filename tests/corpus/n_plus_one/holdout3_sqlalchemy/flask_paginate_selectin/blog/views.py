from flask import Blueprint, render_template, request
from sqlalchemy.orm import selectinload

from .models import Post, db

bp = Blueprint("blog", __name__)


@bp.route("/")
def index():
    page = request.args.get("page", 1, type=int)
    stmt = db.select(Post).options(selectinload(Post.tags)).order_by(Post.id.desc())
    pagination = db.paginate(stmt, page=page, per_page=20)
    cards = [
        {
            "title": post.title,
            "by": post.author.display_name,
            "tags": [t.name for t in post.tags],
        }
        for post in pagination.items
    ]
    return render_template("index.html", cards=cards, pagination=pagination)
