"""A model's ``__str__`` run once per row (ORM101): ``str(obj)`` and ``f"{obj}"`` in a loop, an admin
changelist's ``__str__`` column (Django's default ``list_display``), and the options of a model choice
field, which a rendered form labels with ``str(obj)``."""

from ormlint.rules.queries.lazy_load_in_loop import LazyLoadInLoop

from ormlint.testing import fix_source, lint_source

MODELS = {"lib/models.py": """
    from django.db import models

    class Author(models.Model):
        name = models.CharField(max_length=50)

    class Book(models.Model):
        title = models.CharField(max_length=50)
        author = models.ForeignKey(Author, on_delete=models.CASCADE)

        def __str__(self):
            return f"{self.title} ({self.author.name})"

    class Shelf(models.Model):
        label = models.CharField(max_length=50)

        def __str__(self):
            return self.label
"""}


def lines(code: str, path: str = "lib/views.py") -> list[int]:
    return [f.span.line for f in lint_source(code, LazyLoadInLoop, path=path, files=MODELS)]


def admin_findings(code: str):
    return lint_source(code, LazyLoadInLoop, path="lib/admin.py", files=MODELS)


def test_str_and_f_strings_of_a_row_run_its_str_per_row():
    code = """
from lib.models import Book, Shelf

def titles(str_=str):
    a = [str(b) for b in Book.objects.all()]
    b = ", ".join(f"{b}" for b in Book.objects.all())
    c = [f"{b!r}" for b in Book.objects.all()]
    d = [str(b) for b in Book.objects.select_related("author")]
    e = [str(s) for s in Shelf.objects.all()]
    f = [f"{b.title}" for b in Book.objects.all()]
    return a, b, c, d, e, f
"""
    assert lines(code) == [4, 5]


def test_the_fix_selects_the_relation_str_reads():
    code = "from lib.models import Book\n\ndef titles():\n    return [str(b) for b in Book.objects.all()]\n"
    fixed = fix_source(code, LazyLoadInLoop, path="lib/views.py", files=MODELS)
    assert 'Book.objects.select_related("author").all()' in fixed
    assert lint_source(fixed, LazyLoadInLoop, path="lib/views.py", files=MODELS) == []
    assert fix_source(fixed, LazyLoadInLoop, path="lib/views.py", files=MODELS) == fixed


def test_an_admin_changelist_shows_str_per_row_by_default_or_when_listed():
    code = """
from django.contrib import admin
from lib.models import Book, Shelf

@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    search_fields = ["title"]

class ListedAdmin(admin.ModelAdmin):
    list_display = ("title", "__str__")

class SelectedAdmin(admin.ModelAdmin):
    list_select_related = ["author"]

@admin.register(Shelf)
class ShelfAdmin(admin.ModelAdmin):
    pass

admin.site.register(Book, ListedAdmin)
admin.site.register(Book, SelectedAdmin)
"""
    found = admin_findings(code)
    assert [f.span.line for f in found] == [5, 9]
    assert "row of the `BookAdmin` changelist" in found[0].message
    # no query in the code to add to: the admin's own setting loads the relation for every row
    assert found[0].message.endswith('list "author" in `BookAdmin.list_select_related`')
    assert found[1].message.endswith('list "author" in `ListedAdmin.list_select_related`')


def test_a_changelist_column_reading_a_collection_is_prefetched_in_get_queryset():
    code = """
from django.contrib import admin
from lib.models import Author

@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("name", "titles")

    def titles(self, obj):
        return ", ".join(b.title for b in obj.book_set.all())
"""
    [found] = admin_findings(code)
    assert found.message.endswith('prefetch it in `AuthorAdmin.get_queryset()` '
                                  '(`super().get_queryset(request).prefetch_related("book_set")`)')


def test_a_model_choice_field_labels_each_option_with_str():
    code = """
from django import forms
from lib.models import Book, Shelf

class LoanForm(forms.Form):
    book = forms.ModelChoiceField(queryset=Book.objects.all())
    books = forms.ModelMultipleChoiceField(queryset=Book.objects.select_related("author"))
    shelf = forms.ModelChoiceField(queryset=Shelf.objects.all())
    other = forms.ChoiceField(choices=[])
"""
    found = lint_source(code, LazyLoadInLoop, path="lib/forms.py", files=MODELS)
    assert [f.span.line for f in found] == [5]
    assert "once per option of the `ModelChoiceField`" in found[0].message


def test_a_class_another_registry_registers_has_no_changelist():
    code = """
from registry.sites import site
from registry.base import PeopleRegistry
from lib.models import Book

class BookRegistry(PeopleRegistry):
    version = "1.0"
    fields = [name for name in ("title",)]  # the rule runs on the module

site.register(Book, BookRegistry)
"""
    assert lint_source(code, LazyLoadInLoop, path="lib/app_registry.py", files=MODELS) == []


def test_options_a_form_never_renders_are_not_per_row():
    code = """
from django import forms
from lib.models import Book

class HiddenForm(forms.Form):
    book = forms.ModelChoiceField(queryset=Book.objects.all(), widget=forms.HiddenInput)
    books = forms.ModelMultipleChoiceField(queryset=Book.objects.all(), widget=forms.MultipleHiddenInput())

class ReplacedForm(forms.Form):
    book = forms.ModelChoiceField(queryset=Book.objects.all())
    other = forms.ModelChoiceField(queryset=Book.objects.all())
    empty = forms.ModelChoiceField(queryset=Book.objects.none())

    def __init__(self, *args, author=None, books=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["book"] = forms.ModelChoiceField(queryset=Book.objects.filter(author=author))
        self.fields["other"].queryset = books
"""
    found = lint_source(code, LazyLoadInLoop, path="lib/forms.py", files=MODELS)
    assert [f.span.line for f in found] == [15]  # the replacement's options are rendered


def test_an_admin_derived_from_another_admin_may_inherit_its_list_display():
    code = """
from django.contrib import admin
from rbac.admin import RoleAssignmentAdmin
from lib.models import Book

class BaseAdmin(admin.ModelAdmin):
    list_display = ("title",)

@admin.register(Book)
class BookAdmin(BaseAdmin):
    pass

class LibraryAdmin(RoleAssignmentAdmin):
    pass

admin.site.register(Book, LibraryAdmin)
"""
    assert admin_findings(code) == []


def test_a_changelist_of_twenty_rows_a_page_is_short():
    code = """
from django.contrib import admin
from lib.models import Book

@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_per_page = 20

class LongAdmin(admin.ModelAdmin):
    list_per_page = 200

admin.site.register(Book, LongAdmin)
"""
    assert [f.span.line for f in admin_findings(code)] == [8]


def test_callables_a_changelist_lists_and_library_admins_that_keep_the_default_column():
    """``list_display = ("title", author_name)``: a function of the module taking the row runs per row;
    two columns reading the same relation load it once (the row object is shared). An admin derived from
    django-reversion's ``VersionAdmin`` still shows ``__str__``; one from an unknown base may set its own
    ``list_display``."""
    code = """
from django.contrib import admin
from reversion.admin import VersionAdmin
from lib.models import Book
from project.admin import BaseAdmin

@admin.display(description="Author")
def author_name(obj):
    return obj.author.name

def author_initial(obj):
    return obj.author.name[:1]

class ListedAdmin(admin.ModelAdmin):
    list_display = ("title", author_name, author_initial)

@admin.register(Book)
class BookVersions(VersionAdmin):
    search_fields = ["title"]

class Based(BaseAdmin):
    search_fields = ["title"]

admin.site.register(Book, ListedAdmin)
admin.site.register(Book, Based)
"""
    found = admin_findings(code)
    assert [f.span.line for f in found] == [8, 17]
    assert "(the admin calls `author_name` for each row" in found[0].message
    assert found[1].message.endswith('list "author" in `BookVersions.list_select_related`')
