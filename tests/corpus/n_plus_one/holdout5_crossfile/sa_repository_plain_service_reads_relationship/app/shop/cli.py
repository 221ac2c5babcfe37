import click

from app.db import SessionLocal
from app.shop.repository import OrderRepository
from app.shop.services import shipping_labels


@click.command()
def labels():
    with SessionLocal() as sess:
        for label in shipping_labels(OrderRepository(sess)):
            click.echo(label)
