from sqlalchemy import event

from forum.models import Thread
from forum.search import reindex_thread


def _reindex(mapper, connection, target):
    reindex_thread(target.id)


event.listen(Thread, "after_update", _reindex)
