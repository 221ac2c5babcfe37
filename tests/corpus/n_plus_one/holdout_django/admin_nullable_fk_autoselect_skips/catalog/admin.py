from django.contrib import admin

from catalog.models import Book


class BookAdmin(admin.ModelAdmin):
    # "author" is a non-null FK in list_display, so the changelist calls
    # select_related() with no fields; that follows non-null FKs only.
    list_display = ("title", "author", "editor_name")

    def editor_name(self, obj):
        return obj.editor.name if obj.editor_id else "-"  # expect: ORM101


admin.site.register(Book, BookAdmin)
