from flask import Blueprint, request, render_template
from db import get_db

bp = Blueprint("blog", __name__)


@bp.route("/search")
def search():
    q = request.args.get("q", "")
    db = get_db()
    posts = db.execute(f"SELECT id, title, body FROM post WHERE title LIKE '%{q}%'").fetchall()  # expect: ORM201
    return render_template("blog/search.html", posts=posts)
