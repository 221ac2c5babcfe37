DATABASE_URL = "postgresql+psycopg:///warehouse"
