from rest_framework import serializers

from library.models import Book


class BookSerializer(serializers.ModelSerializer):
    publisher_name = serializers.SerializerMethodField()
    review_count = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "title", "publisher_name", "review_count"]

    def get_publisher_name(self, obj):
        return obj.publisher.name

    def get_review_count(self, obj):
        return getattr(obj, "num_reviews", 0)
