from django.views.generic import ListView

from library.models import Author, Book


class PublishedBookList(ListView):
    template_name = "library/published.html"

    def get_queryset(self):
        return Book.objects.filter(published__isnull=False)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bylines"] = [f"{b.title} by {b.author.name}" for b in self.get_queryset()]  # expect: ORM101
        return context


class AuthorList(ListView):
    model = Author
    queryset = Author.objects.order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["imprints"] = [a.publisher.name for a in self.object_list if a.publisher_id]  # expect: ORM101
        return context
