from sqlalchemy.orm import Session

from accounts.repository import UserRepository
from mail import send_mail

SUBJECT = "Your weekly digest"


def send_weekly_digest(session: Session) -> int:
    repo = UserRepository(session)
    sent = 0
    for user in repo.list_active():
        if user.profile is None or not user.profile.wants_digest:  # expect: ORM101
            continue
        send_mail(user.email, SUBJECT, f"Hello {user.profile.display_name}")
        sent += 1
    return sent
