from sqlmodel import Session, select

from league.models import Club, Player


def top_scorers(session: Session, limit: int = 10) -> list[str]:
    players = session.exec(select(Player).order_by(Player.goals.desc()).limit(limit)).all()
    return [f"{p.name} ({p.club.name})" for p in players if p.club_id]  # expect: ORM101


def club_goals(session: Session) -> dict[str, int]:
    totals = {}
    for club in session.exec(select(Club)):
        totals[club.name] = sum(p.goals for p in club.players)  # expect: ORM101
    return totals
