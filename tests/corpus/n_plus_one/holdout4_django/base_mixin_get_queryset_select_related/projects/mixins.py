from django.contrib.auth.mixins import LoginRequiredMixin


class OrgScopedMixin(LoginRequiredMixin):
    """Restrict to the user's organisation and join what every task page shows."""

    def get_queryset(self):
        qs = super().get_queryset()
        return qs.filter(project__org_id=self.request.user.profile.org_id).select_related(
            "project", "project__owner"
        )
