from django.db.models import Avg
from rest_framework import serializers

from library.models import Book, Review


class BookSerializer(serializers.ModelSerializer):
    publisher_name = serializers.SerializerMethodField()
    average_rating = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "title", "publisher_name", "average_rating"]

    def get_publisher_name(self, obj):
        return obj.publisher.name  # expect: ORM101

    def get_average_rating(self, obj):
        return Review.objects.filter(book=obj).aggregate(avg=Avg("rating"))["avg"]  # expect: ORM102
