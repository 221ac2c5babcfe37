import argparse
import datetime as dt
import os

import psycopg

from exporter.dump import export_column


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("table")
    parser.add_argument("column")
    args = parser.parse_args()
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        for row in export_column(conn, args.table, args.column, dt.date.today() - dt.timedelta(days=1)):
            print(*row, sep="\t")
