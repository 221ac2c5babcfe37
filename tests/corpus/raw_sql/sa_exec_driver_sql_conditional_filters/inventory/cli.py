import os
import sys

from sqlalchemy import create_engine

from inventory.queries import stock_report


def main() -> None:
    engine = create_engine(os.environ["INVENTORY_DB"])
    for sku, quantity in stock_report(engine, sys.argv[1] if len(sys.argv) > 1 else None, None):
        print(f"{sku}\t{quantity}")
