from sqlalchemy.engine import Engine


def stock_report(engine: Engine, warehouse: str | None, sku_prefix: str | None):
    sql = "SELECT sku, quantity FROM stock WHERE quantity > 0"
    if warehouse:
        sql += f" AND warehouse = '{warehouse}'"
    if sku_prefix:
        sql += " AND sku LIKE '" + sku_prefix + "%'"
    with engine.connect() as conn:
        return conn.exec_driver_sql(sql).all()  # expect: ORM201
