import os

from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
TENANT_URLS = {name.removeprefix("TENANT_DB_").lower(): url for name, url in os.environ.items() if name.startswith("TENANT_DB_")}


@app.get("/tenants/{tenant}/report")
def tenant_report(tenant: str):
    engine = create_engine(TENANT_URLS[tenant])  # expect: ORM305
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT status, count(*) FROM orders GROUP BY status")).all()
    return {status: count for status, count in rows}
