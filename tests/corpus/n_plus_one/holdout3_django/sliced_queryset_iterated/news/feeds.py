from django.contrib.syndication.views import Feed

from news.models import Story

LATEST = 20


class LatestStories(Feed):
    title = "Latest"
    link = "/news/"

    def items(self):
        return Story.objects.order_by("-published")[:LATEST]


def homepage_teasers() -> list[str]:
    top = Story.objects.select_related("section").order_by("-published")[:LATEST]
    return [
        f"[{s.section.title}] {s.headline} by {s.byline.get_full_name()}"  # expect: ORM101
        for s in top
    ]
