import argparse

from sqlalchemy import create_engine, text


def main() -> None:
    parser = argparse.ArgumentParser(description="Vacuum the given tables")
    parser.add_argument("url")
    parser.add_argument("tables", nargs="+")
    args = parser.parse_args()
    engine = create_engine(args.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for table in args.tables:
            conn.execute(text("SELECT pg_catalog.pg_relation_size(:t)"), {"t": table})
    engine.dispose()


if __name__ == "__main__":
    main()
