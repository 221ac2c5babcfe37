from django.views.generic import ListView

from catalog.models import Author


class AuthorDirectoryView(ListView):
    template_name = "catalog/authors.html"
    paginate_by = 50

    def get_queryset(self):
        return Author.objects.order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["book_counts"] = {
            author.pk: author.books.count()  # expect: ORM101
            for author in context["object_list"]
        }
        return context
