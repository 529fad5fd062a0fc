"""The invitation a visitor opened, kept in the session between the link and the sign-up form."""

from __future__ import annotations

from django.http import HttpRequest

from mulighetsrom.accounts.models import Invitation

SESSION_KEY = "mr_invitation"


def remember(request: HttpRequest, invitation: Invitation) -> None:
    request.session[SESSION_KEY] = invitation.pk


def pending_invitation(request: HttpRequest) -> Invitation | None:
    """The still-pending invitation this visitor opened, if any."""
    session = getattr(request, "session", None)
    pk = session.get(SESSION_KEY) if session is not None else None
    if pk is None:
        return None
    return Invitation.objects.pending().select_related("organization").filter(pk=pk).first()


def forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
