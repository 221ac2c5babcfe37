from flask import Blueprint, render_template
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import Post, User

bp = Blueprint("blog", __name__)


@bp.route("/")
def index():
    posts = Post.query.options(joinedload(Post.author)).filter_by(published=True).all()
    rows = [{"title": p.title, "author": p.author.username} for p in posts]
    return render_template("index.html", rows=rows)


@bp.route("/authors")
def authors():
    stmt = db.select(User).options(selectinload(User.posts)).order_by(User.username)
    data = []
    for user in db.session.scalars(stmt):
        data.append({"username": user.username, "posts": len(user.posts)})
    return render_template("authors.html", authors=data)


@bp.route("/by-user/<int:user_id>")
def by_user(user_id: int):
    posts = db.session.execute(db.select(Post.id, Post.title, Post.user_id).filter_by(user_id=user_id)).all()
    return render_template("by_user.html", posts=[{"id": r.id, "title": r.title, "uid": r.user_id} for r in posts])
