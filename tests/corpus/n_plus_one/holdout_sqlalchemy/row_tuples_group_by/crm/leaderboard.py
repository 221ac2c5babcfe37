from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm.models import Deal, Rep, Team


def leaderboard(session: Session) -> list[dict]:
    stmt = (
        select(Rep, func.count(Deal.id).label("n"))
        .join(Rep.deals)
        .group_by(Rep.id)
        .order_by(func.count(Deal.id).desc())
    )
    board = []
    for rep, deal_count in session.execute(stmt):
        board.append({"rep": rep.name, "team": rep.team.name, "deals": deal_count})  # expect: ORM101
    return board


def team_totals(session: Session) -> dict[str, int]:
    stmt = (
        select(Team.name, func.sum(Deal.value_cents))
        .join(Rep, Rep.team_id == Team.id)
        .join(Deal, Deal.rep_id == Rep.id)
        .group_by(Team.name)
    )
    return {name: total or 0 for name, total in session.execute(stmt)}


def rep_rows(session: Session) -> list[str]:
    out = []
    for rep, team in session.execute(select(Rep, Team).join(Rep.team)).tuples():
        out.append(f"{rep.name}@{team.name} ({rep.team_id})")
    return out
