import typer
from sqlmodel import Session, select

from heroes.db import engine
from heroes.models import Hero, Team

app = typer.Typer()


@app.command()
def roster(min_age: int = 0) -> None:
    with Session(engine) as session:
        heroes = session.exec(select(Hero).where(Hero.age >= min_age)).all()
        for hero in heroes:
            team = hero.team  # expect: ORM101
            typer.echo(f"{hero.name}: {team.name if team else '-'}")


@app.command()
def teams() -> None:
    with Session(engine) as session:
        for team in session.exec(select(Team)):
            names = ", ".join(h.name for h in team.heroes)  # expect: ORM101
            typer.echo(f"{team.name} ({team.headquarters}): {names}")
