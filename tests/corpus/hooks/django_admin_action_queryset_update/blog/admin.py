from django.contrib import admin

from blog.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at"]
    actions = ["publish", "unpublish"]

    @admin.action(description="Publish selected posts")
    def publish(self, request, queryset):
        updated = queryset.update(status="published")  # expect: ORM401
        self.message_user(request, f"{updated} posts published")

    @admin.action(description="Move selected posts back to draft")
    def unpublish(self, request, queryset):
        for post in queryset:
            post.status = "draft"
            post.save()
