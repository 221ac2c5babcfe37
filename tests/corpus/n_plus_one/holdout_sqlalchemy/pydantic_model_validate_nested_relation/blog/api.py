from flask import Blueprint, jsonify
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from blog.db import db_session
from blog.models import Article
from blog.schemas import ArticleOut, ArticleSummary

bp = Blueprint("articles", __name__)


@bp.get("/articles")
def list_articles():
    articles = db_session.scalars(select(Article).order_by(Article.id)).all()
    payload = [ArticleOut.model_validate(a).model_dump() for a in articles]  # expect: ORM101
    return jsonify(payload)


@bp.get("/articles/eager")
def list_articles_eager():
    articles = db_session.scalars(select(Article).options(joinedload(Article.writer))).all()
    return jsonify([ArticleOut.model_validate(a).model_dump() for a in articles])


@bp.get("/articles/summary")
def list_summaries():
    rows = db_session.scalars(select(Article)).all()
    return jsonify([ArticleSummary.model_validate(a).model_dump() for a in rows])
