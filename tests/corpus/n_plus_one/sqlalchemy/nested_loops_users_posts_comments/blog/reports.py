from sqlalchemy.orm import Session

from blog.models import User


def activity_tree(session: Session) -> list[str]:
    out = []
    for user in session.query(User).filter(User.is_staff.is_(False)).all():
        out.append(user.name)
        for post in user.posts:  # expect: ORM101
            out.append(f"  {post.title}")
            for comment in post.comments:  # expect: ORM101
                out.append(f"    {comment.text[:40]}")
    return out
