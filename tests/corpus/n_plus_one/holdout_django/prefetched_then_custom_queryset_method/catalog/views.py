from django.views.generic import TemplateView

from catalog.models import Author


class AuthorsPageView(TemplateView):
    template_name = "catalog/authors_page.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        authors = Author.objects.prefetch_related("books")
        ctx["authors"] = [
            (a.name, list(a.books.published()))  # expect: ORM101
            for a in authors
        ]
        return ctx
