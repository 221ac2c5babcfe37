from mysite.settings.base import *  # noqa: F401,F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "test_shop",
        "USER": "test",
        "PASSWORD": "test",
        "HOST": "postgres",
    }
}
