from app.models import User


def on_login(user_id: int) -> int:
    user = User.get_by_id(user_id)
    user.login_count += 1  # expect: ORM304
    user.touch()
    user.save()
    return user.login_count
