from django.contrib.postgres.search import SearchVector
from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article


@receiver(post_save, sender=Article)
def update_search_vector(sender, instance, **kwargs):
    # update() on purpose: instance.save() here would send post_save again and recurse.
    # The only hook it skips is this receiver itself, so nothing is lost.
    Article.objects.filter(pk=instance.pk).update(search_vector=SearchVector("title", "body"))
