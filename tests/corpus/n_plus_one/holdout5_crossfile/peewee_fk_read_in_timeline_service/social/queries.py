from social.posts import Tweet as T


def latest(limit=20):
    return T.select().order_by(T.created.desc()).limit(limit)
