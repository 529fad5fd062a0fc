from django.http import HttpRequest

from mulighetsrom.collaboration.models import Notification


def notifications(request: HttpRequest) -> dict[str, object]:
    """The number of unread notifications, for the header (one query, only for a logged-in user)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count()}
