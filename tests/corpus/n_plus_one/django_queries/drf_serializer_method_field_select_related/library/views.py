from django.db.models import Count
from rest_framework import generics

from library.models import Book
from library.serializers import BookSerializer


class BookListView(generics.ListAPIView):
    serializer_class = BookSerializer
    queryset = Book.objects.select_related("publisher").annotate(num_reviews=Count("reviews"))
