import os

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://dev:dev@localhost:5432/app_dev")
ANALYTICS_URL = os.getenv("ANALYTICS_URL", "postgresql+psycopg://postgres:postgres@127.0.0.1/analytics")
CACHE_DSN = os.getenv("CACHE_DSN", "host=::1 dbname=cache user=cache password=cache")
