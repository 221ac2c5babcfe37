from django.views.generic import ListView

from library.models import Book


class BookList(ListView):
    queryset = Book.objects.select_related("author", "publisher")
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["credits"] = [
            (book.author.name, book.publisher.name) for book in self.object_list
        ]
        return context


class TaggedBookList(ListView):
    def get_queryset(self):
        return Book.objects.prefetch_related("tags").order_by("title")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["labels"] = {}
        for book in self.get_queryset():
            context["labels"][book.pk] = [t.name for t in book.tags.all()]
        return context
