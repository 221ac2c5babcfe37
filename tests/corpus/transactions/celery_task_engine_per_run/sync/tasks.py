import os

from celery import shared_task
from sqlalchemy import create_engine, text


@shared_task
def sync_exchange_rates(rates: dict[str, str]) -> None:
    engine = create_engine(os.environ["RATES_DB_URL"])  # expect: ORM305
    try:
        with engine.begin() as conn:
            for currency, rate in rates.items():
                conn.execute(text("UPDATE rates SET rate = :rate WHERE currency = :currency"), {"rate": rate, "currency": currency})
    finally:
        engine.dispose()
