import os

import pandas as pd
from sqlalchemy import create_engine

engine = create_engine(os.environ["WAREHOUSE_URL"])


def sales_frame(region: str) -> pd.DataFrame:
    return pd.read_sql(f"SELECT day, revenue FROM daily_sales WHERE region = '{region}'", engine)  # expect: ORM201


def sales_frame_safe(region: str) -> pd.DataFrame:
    return pd.read_sql_query("SELECT day, revenue FROM daily_sales WHERE region = %(region)s", engine, params={"region": region})
