import os
import sys

import psycopg2

from reports.lines import order_lines_report


def main() -> None:
    with psycopg2.connect(os.environ["DATABASE_URL"]) as conn:
        for order_id, lines in order_lines_report(conn, [int(a) for a in sys.argv[1:]]).items():
            print(order_id, lines)
