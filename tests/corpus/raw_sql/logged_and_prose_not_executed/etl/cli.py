import click

HELP = "Select the rows from {table} where the day is {day} and insert them into the warehouse."


@click.command(help=HELP.format(table="staging", day="DAY"))
@click.argument("source")
@click.argument("day")
def load(source: str, day: str) -> None:
    click.echo(f"Will select from staging where source = {source} and day = {day}")
