import os

SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-dev-key")
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes"]
