import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app(testing: bool = False) -> Flask:
    app = Flask(__name__)
    app.config["TESTING"] = testing
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://" if testing else os.environ["DATABASE_URL"]
    db.init_app(app)
    if app.testing:
        with app.app_context():
            db.create_all()
    return app
