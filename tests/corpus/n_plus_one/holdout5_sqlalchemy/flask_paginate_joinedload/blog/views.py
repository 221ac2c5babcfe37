from flask import Blueprint, render_template, request

from blog.ext import db
from blog.models import Author, Post

bp = Blueprint("blog", __name__)
PER_PAGE = 25


@bp.get("/")
def index():
    page = request.args.get("page", 1, type=int)
    query = db.select(Post).options(db.joinedload(Post.author)).order_by(Post.created.desc())
    pagination = db.paginate(query, page=page, per_page=PER_PAGE)
    items = [{"title": p.title, "by": p.author.username} for p in pagination.items]
    return render_template("index.html", items=items, pagination=pagination)


@bp.get("/authors")
def authors():
    rows = db.session.scalars(db.select(Author).options(db.selectinload(Author.posts)))
    return {a.username: [p.title for p in a.posts] for a in rows}
