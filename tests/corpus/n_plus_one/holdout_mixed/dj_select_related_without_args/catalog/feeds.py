from django.contrib.syndication.views import Feed

from catalog.models import Book


class NewBooksFeed(Feed):
    title = "New books"
    link = "/books/new/"

    def items(self):
        # select_related() with no arguments follows every non-null FK:
        # author (and author.publisher), genre and publisher are all NOT NULL
        return Book.objects.select_related().filter(status="published").order_by("-id")[:30]

    def item_title(self, item):
        return item.title


def feed_summary() -> list[str]:
    summary = []
    for book in Book.objects.select_related().filter(status="published")[:30]:
        summary.append(f"{book.title} by {book.author.name} ({book.author.publisher.name}) - {book.genre.slug}")
    return summary
