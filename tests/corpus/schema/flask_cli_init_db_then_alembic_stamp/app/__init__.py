import os

import click
from alembic import command
from alembic.config import Config
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    db.init_app(app)

    @app.cli.command("init-db")
    def init_db() -> None:
        """Create the schema of an empty database and mark it as migrated to the latest revision."""
        db.create_all()
        command.stamp(Config("alembic.ini"), "head")
        click.echo("Initialised the database.")

    return app
