from django.http import HttpRequest

from mulighetsrom.collaboration.models import Notification
from mulighetsrom.projects.access import in_visible_projects


def notifications(request: HttpRequest) -> dict[str, object]:
    """The number of unread notifications in projects the user can still see, for the header (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = in_visible_projects(Notification.objects.filter(user=user, read_at__isnull=True), user)
    return {"unread_notifications": unread.count()}
