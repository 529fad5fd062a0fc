"""Subscriptions to a project's public page: double opt-in, its own rate limit, one-click unsubscribe.

A sign-up is stored unconfirmed and mailed one confirmation link; only confirmed subscribers get
notices; sign-ups never confirmed are deleted after `Subscriber.CONFIRM_WITHIN`. Every e-mail, the
confirmation too, carries an unsubscribe link in the body and the `List-Unsubscribe` and
`List-Unsubscribe-Post` headers of RFC 8058, so a mail program can offer "unsubscribe" with one click.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mulighetsrom.feedback.models import Publication, Subscriber
from mulighetsrom.projects.models import Project
from mulighetsrom.surveys.models import PUBLIC_LANGUAGES, RateBucket

# Sign-ups per client address and per project in RATE_WINDOW. Buckets of their own, apart from the
# survey-start buckets: a flood of sign-ups from one address must not close a survey for it.
# Settings SUBSCRIBE_RATE_PER_IP and SUBSCRIBE_RATE_PER_PROJECT override them.
RATE_WINDOW = timedelta(hours=1)
IP_CAPACITY = 5
PROJECT_CAPACITY = 200


def _ip_key(ip: str) -> str:
    # Only a keyed hash of the address is stored, never the address itself.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:subscribe:{ip}".encode()).hexdigest()[:40]
    return f"subscribe-ip:{digest}"


def check_subscribe_rate_limits(*, project: Project, ip: str) -> bool:
    """True if one more sign-up from `ip` for `project` is allowed now (and the tokens are taken)."""
    per_ip = getattr(settings, "SUBSCRIBE_RATE_PER_IP", IP_CAPACITY)
    per_project = getattr(settings, "SUBSCRIBE_RATE_PER_PROJECT", PROJECT_CAPACITY)
    return RateBucket.authorize_all(
        [(_ip_key(ip), per_ip), (f"subscribe-project:{project.pk}", per_project)], RATE_WINDOW
    )


def delete_expired_subscribers(*, now: datetime | None = None) -> int:
    deleted, _rows = Subscriber.objects.expired(now or timezone.now()).delete()
    return deleted


def subscribe(*, project: Project, email: str, language: str = "nb") -> Subscriber:
    """Store a sign-up unconfirmed and mail it a confirmation link (on commit, as a background task).

    Signing up again before confirming sends the link again; a confirmed address gets nothing, and
    the page the visitor sees is the same either way, so it tells nobody whether an address is there.
    """
    from mulighetsrom.feedback.tasks import send_subscription_confirmation

    delete_expired_subscribers()
    email = email.strip().lower()
    language = language if language in PUBLIC_LANGUAGES else "nb"
    try:
        with transaction.atomic():
            subscriber = Subscriber.objects.create(project=project, email=email, language=language)
    except IntegrityError:
        subscriber = Subscriber.objects.get(project=project, email=email)
    if not subscriber.is_confirmed:
        subscriber_id = subscriber.pk
        transaction.on_commit(lambda: send_subscription_confirmation.enqueue(subscriber_id))
    return subscriber


def subscriber_for_link(*, public_slug: str, token: str) -> Subscriber | None:
    """The subscriber a confirmation or unsubscribe link names; None for unknown or expired links."""
    subscriber = (
        Subscriber.objects.select_related("project")
        .filter(token=token, project__publication__public_slug=public_slug)
        .first()
    )
    if subscriber is None or Subscriber.objects.expired(timezone.now()).filter(pk=subscriber.pk).exists():
        return None
    return subscriber


def confirm(*, subscriber: Subscriber) -> None:
    """Confirm a sign-up (idempotent: the first confirmation time is kept)."""
    Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now())


def unsubscribe(*, token: str) -> bool:
    """Delete the address behind `token`. True if there was one."""
    deleted, _rows = Subscriber.objects.filter(token=token).delete()
    return deleted > 0


# E-mail -----------------------------------------------------------------------------------------


def _absolute(name: str, *args: str) -> str:
    return settings.SITE_ROOT + reverse(name, args=args)


def unsubscribe_url(subscriber: Subscriber, publication: Publication) -> str:
    return _absolute("feedback_public:unsubscribe", publication.public_slug, subscriber.token)


def _message(subscriber: Subscriber, publication: Publication, subject: str, body: str) -> EmailMessage:
    """One e-mail to one subscriber, with the RFC 8058 one-click unsubscribe headers."""
    leave = unsubscribe_url(subscriber, publication)
    return EmailMessage(
        subject,
        body,
        None,
        [subscriber.email],
        headers={"List-Unsubscribe": f"<{leave}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def send_confirmation(*, subscriber_id: int) -> bool:
    """Mail the confirmation link. False if the sign-up is gone or already confirmed."""
    subscriber = Subscriber.objects.select_related("project").filter(pk=subscriber_id).first()
    publication = Publication.objects.filter(project_id=subscriber.project_id).first() if subscriber else None
    if subscriber is None or subscriber.is_confirmed or publication is None:
        return False
    project = subscriber.project.name
    link = _absolute("feedback_public:confirm", publication.public_slug, subscriber.token)
    with translation.override(subscriber.language):
        subject = _("Confirm that you want news from %(project)s") % {"project": project}
        body = _(
            "Someone, probably you, asked for an e-mail when new feedback is published for %(project)s.\n\n"
            "Confirm here: %(link)s\n\n"
            "If it was not you, ignore this message. Nothing is sent before the address is confirmed, "
            "and it is deleted after 7 days.\n\n"
            "Delete the address now: %(leave)s"
        ) % {"project": project, "link": link, "leave": unsubscribe_url(subscriber, publication)}
    _message(subscriber, publication, subject, body).send()
    return True


def send_feedback_notices(*, project_id: int) -> int:
    """E-mail every confirmed subscriber that new feedback is published. Returns the number sent.

    Also deletes the sign-ups that expired unconfirmed: the task runs at every publication.
    """
    delete_expired_subscribers()
    publication = Publication.objects.select_related("project").filter(project_id=project_id).first()
    if publication is None or not publication.is_published:
        return 0
    page = _absolute("feedback_public:project", publication.public_slug)
    messages = []
    for subscriber in Subscriber.objects.confirmed().filter(project_id=project_id):
        with translation.override(subscriber.language):
            subject = _("New feedback: %(project)s") % {"project": publication.project.name}
            body = _("New feedback is published for %(project)s:\n%(page)s\n\nStop these messages: %(leave)s") % {
                "project": publication.project.name,
                "page": page,
                "leave": unsubscribe_url(subscriber, publication),
            }
        messages.append(_message(subscriber, publication, subject, body))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
