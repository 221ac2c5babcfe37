"""A FastAPI route returning rows: its response model is validated against each returned object, so a
schema field named like a lazy relation loads that relation once per row (ORM101)."""

from n1_models import SQLALCHEMY, SQLMODEL
from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop

from ormlint.testing import fix_source, lint_source

SCHEMAS = {**SQLALCHEMY, **SQLMODEL, "blog/schemas.py": """
    from pydantic import BaseModel, ConfigDict

    class UserOut(BaseModel):
        model_config = ConfigDict(from_attributes=True)
        email: str

    class PostOut(BaseModel):
        model_config = ConfigDict(from_attributes=True)
        title: str
        author: UserOut

    class TitleOut(BaseModel):
        title: str
"""}

ROUTES = """
from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload
from blog.models import Post
from blog.schemas import PostOut, TitleOut

router = APIRouter()

@router.get("/posts", response_model=list[PostOut])
def posts(db: Session = Depends()):
    return db.scalars(select(Post)).all()

@router.get("/posts/annotated")
def posts_annotated(db: Session = Depends()) -> list[PostOut]:
    rows = db.scalars(select(Post).where(Post.title != "")).all()
    return rows

@router.get("/posts/eager", response_model=list[PostOut])
def posts_eager(db: Session = Depends()):
    return db.scalars(select(Post).options(joinedload(Post.author))).all()

@router.get("/posts/{pk}", response_model=PostOut)
def post(pk: int, db: Session = Depends()):
    return db.get(Post, pk)

@router.get("/titles", response_model=list[TitleOut])
def titles(db: Session = Depends()):
    return db.scalars(select(Post)).all()

def not_a_route(db: Session) -> list[PostOut]:
    return db.scalars(select(Post)).all()
"""


def test_each_returned_row_is_validated_against_the_response_model():
    found = lint_source(ROUTES, LazyLoadInLoop, path="blog/api.py", files=SCHEMAS)
    assert [f.span.line for f in found] == [11, 16]
    assert "route `posts` returns (FastAPI validates each against `PostOut`)" in found[0].message
    assert "Post.author" in found[0].message


def test_the_fix_eager_loads_the_relation_and_is_stable():
    fixed = fix_source(ROUTES, LazyLoadInLoop, path="blog/api.py", files=SCHEMAS)
    assert "select(Post).options(joinedload(Post.author))).all()\n\n@router.get(\"/posts/annotated\")" in fixed
    assert lint_source(fixed, LazyLoadInLoop, path="blog/api.py", files=SCHEMAS) == []
    assert fix_source(fixed, LazyLoadInLoop, path="blog/api.py", files=SCHEMAS) == fixed


def test_a_module_that_does_not_use_fastapi_has_no_routes():
    code = ROUTES.replace("from fastapi import APIRouter, Depends", "from flask import Blueprint as APIRouter\nDepends = None")
    assert lint_source(code, LazyLoadInLoop, path="blog/api.py", files=SCHEMAS) == []


def test_a_sqlmodel_public_schema_reading_a_relationship():
    files = {**SCHEMAS, "api/public.py": """
        from typing import Optional
        from sqlmodel import SQLModel

        class TeamPublic(SQLModel):
            name: str

        class HeroPublic(SQLModel):
            id: int

        class HeroPublicWithTeam(HeroPublic):
            team: Optional[TeamPublic] = None
    """}
    code = """
from fastapi import FastAPI
from sqlmodel import Session, select
from api.models import Hero
from api.public import HeroPublic, HeroPublicWithTeam

app = FastAPI()

@app.get("/heroes/", response_model=list[HeroPublicWithTeam])
def read_heroes(session: Session):
    return session.exec(select(Hero)).all()

@app.get("/heroes/plain/", response_model=list[HeroPublic])
def read_plain(session: Session):
    return session.exec(select(Hero)).all()
"""
    found = lint_source(code, LazyLoadInLoop, path="api/routes.py", files=files)
    assert [f.span.line for f in found] == [10] and "Hero.team" in found[0].message
