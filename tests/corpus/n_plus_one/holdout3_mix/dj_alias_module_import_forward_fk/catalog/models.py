from django.db import models as m


class Book(m.Model):
    title = m.CharField(max_length=200)
    isbn = m.CharField(max_length=13, unique=True)
    publisher = m.ForeignKey("publishing.Publisher", on_delete=m.PROTECT, related_name="books")
    published = m.BooleanField(default=False)
