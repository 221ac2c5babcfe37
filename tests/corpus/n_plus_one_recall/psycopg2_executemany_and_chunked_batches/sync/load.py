from collections.abc import Iterator

INSERT = "INSERT INTO prices (sku, amount) VALUES (%s, %s) ON CONFLICT (sku) DO UPDATE SET amount = EXCLUDED.amount"


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def load_prices(conn, rows: list[tuple[str, str]]) -> None:
    with conn.cursor() as cur:
        cur.executemany(INSERT, rows)
    conn.commit()


def fetch_prices(conn, skus: list[str]) -> dict[str, str]:
    prices = {}
    with conn.cursor() as cur:
        for batch in chunks(skus, 1000):
            cur.execute("SELECT sku, amount FROM prices WHERE sku = ANY(%s)", (batch,))
            prices.update(cur.fetchall())
    return prices
