from accounts.models import Member
from profiles.models import Profile


def digest_recipients() -> list[str]:
    out: list[str] = []
    for member in Member.objects.filter(is_active=True).iterator(chunk_size=500):
        try:
            profile = member.profile  # expect: ORM101
        except Profile.DoesNotExist:
            continue
        if profile.wants_digest:
            out.append(f"{member.first_name} <{member.email}>")
    return out
