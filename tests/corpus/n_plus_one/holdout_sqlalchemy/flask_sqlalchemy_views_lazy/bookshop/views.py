from flask import Blueprint, render_template

from .extensions import db
from .models import Author, Book

bp = Blueprint("books", __name__)


@bp.route("/books")
def book_list():
    books = db.session.scalars(db.select(Book).order_by(Book.title)).all()
    rows = [(b.title, b.author.name) for b in books]  # expect: ORM101
    return render_template("books/list.html", rows=rows)


@bp.route("/authors/<int:author_id>/ratings")
def author_ratings(author_id: int):
    author = db.get_or_404(Author, author_id)
    ratings = {}
    for book in Book.query.filter_by(author_id=author.id).all():
        stars = [r.stars for r in book.reviews]  # expect: ORM101
        ratings[book.title] = sum(stars) / len(stars) if stars else None
    return render_template("authors/ratings.html", author=author, ratings=ratings)
