from etl.extract import extract


def nightly():
    return extract("SELECT id, total FROM orders WHERE created_at > now() - interval '1 day'", ())
