from django.db import models as m


class TimeStamped(m.Model):
    created = m.DateTimeField(auto_now_add=True)
    updated = m.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OwnedMixin(m.Model):
    owner = m.ForeignKey("auth.User", on_delete=m.CASCADE, related_name="+")

    class Meta:
        abstract = True
