import contextvars

_user = contextvars.ContextVar("user", default="system")


def current_user() -> str:
    return _user.get()
