from accounts.models import Profile, User


def staff_timezones():
    result = {}
    for user in User.objects.filter(is_staff=True):
        result[user.email] = user.profile.timezone  # expect: ORM101
    return result


def profile_emails(bio_keyword):
    matches = Profile.objects.filter(bio__icontains=bio_keyword)
    return sorted({profile.user.email for profile in matches})  # expect: ORM101
