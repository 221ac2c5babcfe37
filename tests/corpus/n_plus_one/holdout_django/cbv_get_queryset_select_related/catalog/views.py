from django.views.generic import ListView

from catalog import models


class PublishedBooksView(ListView):
    model = models.Book
    template_name = "catalog/published.html"
    context_object_name = "books"

    def get_queryset(self):
        qs = super().get_queryset().published()
        return qs.select_related("author").prefetch_related("tags")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["by_author"] = {}
        for book in ctx["books"]:
            ctx["by_author"].setdefault(book.author.name, []).append(
                [t.label for t in book.tags.all()]
            )
        return ctx
