import os

TORTOISE_ORM = {
    "connections": {"default": os.environ.get("DATABASE_URL", "asyncpg://localhost:5432/catalog")},
    "apps": {"models": {"models": ["app.models"], "default_connection": "default"}},
}
