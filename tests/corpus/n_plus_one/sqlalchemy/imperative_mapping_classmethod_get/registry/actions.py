from sqlalchemy.orm import joinedload

from registry import models
from registry.meta import Session


def followers_of(member_id):
    follows = Session.query(models.Follow).filter(models.Follow.followed_id == member_id).all()
    return [models.Member.get(follow.follower_id) for follow in follows]  # expect: ORM102


def follower_names(member_id):
    follows = Session.query(models.Follow).filter(models.Follow.followed_id == member_id)
    return [follow.follower.name for follow in follows]  # expect: ORM101


def follower_names_joined(member_id):
    follows = Session.query(models.Follow).options(joinedload(models.Follow.follower)).filter(
        models.Follow.followed_id == member_id)
    return [follow.follower.name for follow in follows]


def labels(follows):
    return [models.Member.table_label() + follow.id for follow in follows]
