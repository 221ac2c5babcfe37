TORTOISE_ORM = {
    "connections": {
        "default": "postgres://api:Gx2!api-prod@pg-primary.example.net:5432/api",  # expect: ORM503
        "replica": {
            "engine": "tortoise.backends.asyncpg",
            "credentials": {"host": "pg-replica.example.net", "port": 5432, "user": "api_ro", "password": "ro-9vQ", "database": "api"},  # expect: ORM503
        },
    },
    "apps": {"models": {"models": ["app.models"], "default_connection": "default"}},
}
