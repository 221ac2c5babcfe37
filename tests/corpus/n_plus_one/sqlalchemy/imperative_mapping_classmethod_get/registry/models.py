from sqlalchemy import Column, ForeignKey, Table, Text
from sqlalchemy.orm import backref, relationship

from registry.meta import Session, mapper_registry, metadata

member_table = Table(
    "member", metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text),
)
follow_table = Table(
    "follow", metadata,
    Column("id", Text, primary_key=True),
    Column("follower_id", ForeignKey("member.id")),
    Column("followed_id", ForeignKey("member.id")),
)


class DomainObject:
    @classmethod
    def get(cls, reference):
        query = Session.query(cls)
        query = query.filter(cls.id == reference)
        return query.first()

    @classmethod
    def table_label(cls):
        return cls.__name__.lower()


class Member(DomainObject):
    pass


class Follow(DomainObject):
    pass


mapper_registry.map_imperatively(Member, member_table)
mapper_registry.map_imperatively(Follow, follow_table, properties={
    "follower": relationship(Member, foreign_keys=[follow_table.c.follower_id],
                             backref=backref("following", cascade="all, delete-orphan")),
})
