import os

TORTOISE_ORM = {
    "connections": {"default": os.environ["DATABASE_URL"]},
    "apps": {"shop": {"models": ["shop.models"], "default_connection": "default"}},
}
