from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from accounts.models import User


def public_profiles(sess: Session) -> list[dict]:
    users = sess.scalars(select(User).options(selectinload(User.profile))).all()
    out = []
    for u in users:
        if (p := u.profile) is None:
            continue
        # Profile.user is a many-to-one to a User already in the identity map
        out.append({"email": p.user.email, "bio": p.bio})
    return out
