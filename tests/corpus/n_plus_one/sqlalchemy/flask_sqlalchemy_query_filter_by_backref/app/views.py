from flask import Blueprint, render_template

from app.extensions import db
from app.models import Post, User

bp = Blueprint("blog", __name__)


@bp.route("/")
def index():
    posts = Post.query.filter_by(published=True).order_by(Post.created_at.desc()).all()
    rows = []
    for post in posts:
        rows.append({"title": post.title, "author": post.author.username})  # expect: ORM101
    return render_template("index.html", rows=rows)


@bp.route("/authors")
def authors():
    data = []
    for user in db.session.scalars(db.select(User).order_by(User.username)):
        published = [p for p in user.posts if p.published]  # expect: ORM101
        data.append({"username": user.username, "published": len(published)})
    return render_template("authors.html", authors=data)
