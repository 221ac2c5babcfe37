from sqlalchemy import func, select
from sqlalchemy.orm import Session

from blog.models import Comment, Post, User


def import_comments(session: Session, payload: list[dict]) -> int:
    imported = 0
    for item in payload:
        post = session.get(Post, item["post_id"])  # expect: ORM102
        if post is None:
            continue
        duplicate = session.scalar(
            select(Comment.id).where(Comment.post_id == post.id, Comment.text == item["text"])
        )
        if duplicate:
            continue
        session.add(Comment(post_id=post.id, text=item["text"]))
        imported += 1
    session.commit()
    return imported


def staff_post_counts(session: Session, names: list[str]) -> dict[str, int]:
    counts = {}
    for name in names:
        user = session.query(User).filter(User.name == name, User.is_staff.is_(True)).first()  # expect: ORM102
        if user is None:
            continue
        counts[name] = session.execute(
            select(func.count(Post.id)).where(Post.author_id == user.id)
        ).scalar_one()
    return counts
