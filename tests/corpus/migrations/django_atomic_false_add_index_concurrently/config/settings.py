import os

DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ.get("DB_NAME", "blog")}}
INSTALLED_APPS = ["django.contrib.postgres", "blog"]
