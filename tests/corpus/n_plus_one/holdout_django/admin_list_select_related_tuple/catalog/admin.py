from django.contrib import admin

from .models import Book


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_display = ("title", "author_name", "publisher_name")
    list_select_related = ("author", "author__publisher")

    @admin.display(description="Author")
    def author_name(self, obj):
        return obj.author.name

    @admin.display(description="Publisher")
    def publisher_name(self, obj):
        publisher = obj.author.publisher
        return publisher.name if publisher else ""
