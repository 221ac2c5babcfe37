from django.db import models


class User(models.Model):
    email = models.EmailField(unique=True)
    is_staff = models.BooleanField(default=False)


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    bio = models.TextField(blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
