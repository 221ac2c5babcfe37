from sqlalchemy import select
from sqlalchemy.orm import Session

from blog.models import Post, User


def post_list(session: Session) -> list[str]:
    lines = []
    for row in session.execute(select(Post).order_by(Post.id)).all():
        lines.append(f"{row.Post.title} by {row.Post.author.name}")  # expect: ORM101
    return lines


def post_list_joined(session: Session) -> list[str]:
    lines = []
    # the User entity is loaded by this very statement; post.author is found in the
    # identity map without SQL
    for post, user in session.execute(select(Post, User).join(Post.author)):
        lines.append(f"{post.title} by {user.name} ({post.author.id})")
    return lines
