from django.contrib import admin

from catalog.models import Book


class BookAdmin(admin.ModelAdmin):
    # A non-null ForeignKey column in list_display makes the changelist
    # apply select_related(), which joins Book.author.
    list_display = ("title", "author", "author_initials")

    def author_initials(self, obj):
        return "".join(part[0] for part in obj.author.name.split())


admin.site.register(Book, BookAdmin)
