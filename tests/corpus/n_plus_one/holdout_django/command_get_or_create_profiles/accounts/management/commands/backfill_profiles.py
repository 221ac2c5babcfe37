from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.models import Profile

User = get_user_model()


class Command(BaseCommand):
    help = "Create a Profile for every user that lacks one"

    def handle(self, *args, **options):
        created = 0
        for user in User.objects.filter(is_active=True).iterator(chunk_size=1000):
            _, was_created = Profile.objects.get_or_create(user=user)  # expect: ORM102
            created += int(was_created)
        self.stdout.write(self.style.SUCCESS(f"{created} profiles created"))
