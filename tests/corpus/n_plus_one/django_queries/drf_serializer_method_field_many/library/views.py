from rest_framework.response import Response
from rest_framework.views import APIView

from library.models import Book
from library.serializers import BookSerializer


class BookListView(APIView):
    def get(self, request):
        books = Book.objects.order_by("title")
        serializer = BookSerializer(books, many=True)
        return Response(serializer.data)
