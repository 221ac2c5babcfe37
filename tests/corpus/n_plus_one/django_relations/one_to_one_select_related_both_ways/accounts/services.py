from accounts.models import Profile, User


def staff_timezones():
    result = {}
    for user in User.objects.select_related("profile").filter(is_staff=True):
        result[user.email] = user.profile.timezone
    return result


def profile_emails(bio_keyword):
    matches = Profile.objects.select_related("user").filter(bio__icontains=bio_keyword)
    return sorted({profile.user.email for profile in matches})
