from django.db import models


class Topic(models.Model):
    title = models.CharField(max_length=100)


class Episode(models.Model):
    title = models.CharField(max_length=200)
    listed = models.BooleanField(default=True)
    topics = models.ManyToManyField(Topic, related_name="episodes")


class Channel(models.Model):
    name = models.CharField(max_length=100)
    episodes = models.ManyToManyField(Episode, related_name="channels")

    @property
    def episode_count(self):
        return self.episodes.filter(listed=True).count()

    @property
    def slug(self):
        return self.name.lower().replace(" ", "-")
