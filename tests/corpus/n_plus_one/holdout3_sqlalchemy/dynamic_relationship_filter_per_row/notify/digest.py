from sqlalchemy.orm import Session

from notify.models import Member, Message


def unread_digest(sess: Session) -> list[str]:
    lines = []
    for member in sess.query(Member).order_by(Member.handle):
        if (unread := member.messages.filter(Message.read.is_(False)).count()) > 0:  # expect: ORM101
            lines.append(f"@{member.handle}: {unread} unread")
    return lines
