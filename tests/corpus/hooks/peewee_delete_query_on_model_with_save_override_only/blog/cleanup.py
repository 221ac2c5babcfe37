from blog.models import Draft


def drop_untitled() -> int:
    return Draft.delete().where(Draft.title == "").execute()
