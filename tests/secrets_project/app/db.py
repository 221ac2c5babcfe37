import psycopg2
import pymysql
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from fastapi import FastAPI
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from app.models import Account, Author, Book

app = FastAPI()


def leak_url():
    conn = psycopg2.connect("postgresql://app:Zq9url@db/prod")
    cur = conn.cursor()
    cur.execute("SELECT 1")
    conn.close()


def leak_dsn():
    conn = psycopg2.connect("host=db user=app password=Zq9dsn dbname=prod")
    cur = conn.cursor()
    cur.execute("SELECT 1")
    conn.close()


def leak_kwargs():
    conn = psycopg2.connect(host="db", user="app", password="Zq9kw")
    cur = conn.cursor()
    cur.execute("SELECT 1")
    conn.close()


def leak_passwd():
    conn = pymysql.connect(host="db", user="app", passwd="Zq9passwd")
    cur = conn.cursor()
    cur.execute("SELECT 1")
    conn.close()


def leak_session():
    session = Session(create_engine("postgresql://app:Zq9session@db/prod"))
    session.execute("SELECT 1")
    session.commit()
    session.close()


@app.get("/users/{uid}")
def per_request(uid: int):
    engine = create_engine("postgresql://app:Zq9route@db/prod")
    with Session(engine) as session:
        return session.get(Account, uid)


def sync_schema():
    SQLModel.metadata.create_all(create_engine("postgresql://app:Zq9sync@db/prod"))


def injection(name):
    conn = psycopg2.connect("postgresql://app:Zq9inj@db/prod")
    with conn:
        cur = conn.cursor()
        cur.execute("UPDATE users SET password = 'Zq9sqlvalue' WHERE name = '" + name + "'")
        cur.execute(f"ALTER USER {name} WITH PASSWORD 'Zq9alter' VALID UNTIL '{name}'")


def swallowed(user):
    with transaction.atomic():
        try:
            Account.objects.create(pk=user)
        except IntegrityError:
            pass
        user.save()


def side_effect(account):
    with transaction.atomic():
        account.save()
        send_mail("s", "b", "a@b.c", ["d@e.f"], auth_user="app", auth_password="Zq9mail")


def lost_update(pk, amount):
    acct = Account.objects.get(pk=pk)
    acct.balance -= amount
    acct.save()


def lazy():
    for book in Book.objects.filter(title__startswith="A"):
        print(book.author.name)


def per_row(rows):
    for row in rows:
        Author.objects.get(name=row["name"])


def bulk(rows):
    Account.objects.bulk_create([Account(**row) for row in rows])
