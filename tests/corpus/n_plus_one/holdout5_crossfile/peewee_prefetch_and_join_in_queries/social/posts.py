import datetime

import peewee as pw

from social.core import BaseModel
from social.users import User


class Tweet(BaseModel):
    user = pw.ForeignKeyField(User, backref="tweets")
    content = pw.TextField()
    created = pw.DateTimeField(default=datetime.datetime.now)
