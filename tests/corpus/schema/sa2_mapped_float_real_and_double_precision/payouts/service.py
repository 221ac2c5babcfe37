from sqlalchemy import func, select
from sqlalchemy.orm import Session

from payouts.models import Payout


def total_paid(session: Session, seller_id: int) -> float:
    return session.scalar(select(func.sum(Payout.payout)).where(Payout.seller_id == seller_id)) or 0.0
