import os

DATABASE_URL = os.getenv("DATABASE_URL", "postgresql://svc:svc-Fallback-1@pg.prod.example.com/svc")  # expect: ORM503
REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")
