import os

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "app",
        "PASSWORD": "Zq9settings",
        "HOST": "db",
    }
}
DB_PASSWORD = os.getenv("DB_PASSWORD", "Zq9env")
