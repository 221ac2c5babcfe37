from django.contrib.auth.models import User


class NewsletterAudience:
    base = User.objects.filter(is_active=True)

    def by_timezone(self) -> dict[str, list[str]]:
        buckets: dict[str, list[str]] = {}
        users = self.base.select_related("profile").filter(profile__newsletter=True)
        for u in users:
            buckets.setdefault(u.profile.timezone, []).append(u.email)
        return buckets
