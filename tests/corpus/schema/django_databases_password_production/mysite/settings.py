import os

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": "Sh0p-Pr0d-Db!",  # expect: ORM503
        "HOST": "shop-db.cluster-abc123.eu-west-1.rds.amazonaws.com",
        "PORT": "5432",
    }
}
