import os

SECRET_KEY = os.environ["SECRET_KEY"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "accounts"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "accounts",
        "ATOMIC_REQUESTS": True,
    }
}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
