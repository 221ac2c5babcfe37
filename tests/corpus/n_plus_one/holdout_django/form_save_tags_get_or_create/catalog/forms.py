from django import forms

from catalog.models import Book, Tag


class BookTagsForm(forms.ModelForm):
    tag_names = forms.CharField(required=False, help_text="comma separated")

    class Meta:
        model = Book
        fields = ["title", "is_published"]

    def save(self, commit=True):
        book = super().save(commit=commit)
        names = [n.strip().lower() for n in self.cleaned_data["tag_names"].split(",") if n.strip()]
        tags = []
        for name in names:
            tag, _ = Tag.objects.get_or_create(label=name)  # expect: ORM102
            tags.append(tag)
        book.tags.set(tags)
        return book
