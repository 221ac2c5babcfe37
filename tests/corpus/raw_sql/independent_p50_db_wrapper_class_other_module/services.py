from database import Database

db = Database("dbname=hr")


def employees_in(department):
    return db.query(f"SELECT id, name FROM employees WHERE department = '{department}'")  # expect: ORM201
