from flask import Blueprint, render_template, request
from sqlalchemy.orm import joinedload, selectinload

from .extensions import db
from .models import Author, Book

bp = Blueprint("books", __name__)
PER_PAGE = 25


@bp.route("/books")
def book_list():
    page = request.args.get("page", 1, type=int)
    stmt = db.select(Book).options(joinedload(Book.author), selectinload(Book.reviews)).order_by(Book.title)
    pagination = db.paginate(stmt, page=page, per_page=PER_PAGE)
    rows = [(b.title, b.author.name, len(b.reviews)) for b in pagination.items]
    return render_template("books/list.html", rows=rows, pagination=pagination)


@bp.route("/authors")
def author_index():
    authors = Author.query.options(selectinload(Author.books)).order_by(Author.name).all()
    return render_template(
        "authors/index.html",
        authors=[(a.name, [b.title for b in a.books]) for a in authors],
    )


@bp.route("/books/ids")
def book_ids():
    return {"ids": [(b.id, b.author_id) for b in db.session.scalars(db.select(Book))]}
