from django.contrib import admin

from .models import Book


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_display = ("title", "is_published", "author_name")
    list_filter = ("is_published",)
    search_fields = ("title",)

    @admin.display(description="Author", ordering="author__name")
    def author_name(self, obj):
        return obj.author.name  # expect: ORM101
