from shop.models import Customer, db


def customers_in_city(city: str):
    cursor = db.execute_sql("SELECT id, name FROM customer WHERE city = '{}'".format(city))  # expect: ORM201
    return cursor.fetchall()


def rich_customers(min_credit):
    return list(Customer.select().where(Customer.credit >= min_credit))
