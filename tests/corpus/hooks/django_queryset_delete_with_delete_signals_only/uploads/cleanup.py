import datetime as dt

from django.utils import timezone

from uploads.models import Upload


def purge_old_uploads(days: int = 30) -> int:
    # QuerySet.delete() still sends pre_delete/post_delete for every row it deletes.
    deleted, _ = Upload.objects.filter(created__lt=timezone.now() - dt.timedelta(days=days)).delete()
    return deleted
