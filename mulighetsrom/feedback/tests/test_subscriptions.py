"""Subscriptions to the public project page (issue 11, finding 10).

Double opt-in, a rate limit of their own (not shared with survey starts) and one-click unsubscribe
(RFC 8058) in every e-mail.
"""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from mulighetsrom.feedback import actions, subscriptions
from mulighetsrom.feedback.models import Publication, Subscriber
from mulighetsrom.surveys.models import Response
from mulighetsrom.surveys.tests.helpers import make_survey
from mulighetsrom.test import BaseTestCase

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ADDRESS = "a@example.org"


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert match, name
    return match.group(1)


@override_settings(SITE_ROOT="https://example.org", TASKS=IMMEDIATE)
class SubscriptionTestCase(BaseTestCase):
    publication: Publication

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.publication = actions.get_publication(cls.project)
        cls.publication.published_at = timezone.now()
        cls.publication.save()

    def setUp(self) -> None:
        # Public pages set no cookies: a client that enforces CSRF proves the forms work without one.
        self.public = Client(enforce_csrf_checks=True)

    def page_url(self, suffix: str = "") -> str:
        return f"/prosjekt/{self.publication.public_slug}/{suffix}"

    def subscribe(self, email: str = ADDRESS, lang: str = "en", ip: str = "10.0.0.1") -> int:
        if not hasattr(self, "sig"):
            self.sig = hidden(self.public.get(self.page_url(f"?lang={lang}")).content.decode(), "sig")
        sig = self.sig
        with self.captureOnCommitCallbacks(execute=True):
            r = self.public.post(self.page_url(f"subscribe/?lang={lang}"), {"email": email, "sig": sig}, REMOTE_ADDR=ip)
        return r.status_code

    def notify(self) -> int:
        mail.outbox.clear()
        return subscriptions.send_feedback_notices(project_id=self.project.pk)

    def confirmation_link(self) -> str:
        (message,) = mail.outbox
        match = re.search(r"https://example\.org(/prosjekt/\S+/confirm/\S+/)", message.body)
        assert match, message.body
        return match.group(1)

    def test_a_sign_up_is_not_notified_until_it_is_confirmed(self) -> None:
        self.assertEqual(self.subscribe(), 200)
        subscriber = Subscriber.objects.get()
        self.assertIsNone(subscriber.confirmed_at)
        link = self.confirmation_link()
        self.assertEqual(self.notify(), 0)
        self.assertEqual(mail.outbox, [])
        # Following the link shows a button (mail scanners that open links must not confirm)...
        r = self.public.get(link + "?lang=en")
        self.assertContains(r, "Confirm that you want an e-mail")
        self.assertEqual(self.notify(), 0)
        # ... and the button confirms.
        r = self.public.post(link + "?lang=en")
        self.assertContains(r, "You will hear from us")
        self.assertEqual(dict(r.cookies), {})
        self.assertEqual(self.notify(), 1)
        self.assertEqual(mail.outbox[0].to, [ADDRESS])

    def test_the_confirmation_page_says_a_link_is_coming(self) -> None:
        page = self.public.get(self.page_url("?lang=en"))
        with self.captureOnCommitCallbacks(execute=True):
            r = self.public.post(
                self.page_url("subscribe/?lang=en"), {"email": ADDRESS, "sig": hidden(page.content.decode(), "sig")}
            )
        self.assertContains(r, "Check your e-mail")
        self.assertEqual(dict(r.cookies), {})

    def test_the_confirmation_mail_is_in_the_language_of_the_page(self) -> None:
        self.subscribe(lang="en")
        self.assertIn("Confirm here:", mail.outbox[0].body)
        self.assertEqual(Subscriber.objects.get().language, "en")

    def test_signing_up_again_resends_the_link_until_confirmed_then_sends_nothing(self) -> None:
        self.subscribe()
        self.subscribe()
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(Subscriber.objects.count(), 1)
        subscriptions.confirm(subscriber=Subscriber.objects.get())
        mail.outbox.clear()
        self.assertEqual(self.subscribe(), 200)  # the same page: it tells nobody the address is there
        self.assertEqual(mail.outbox, [])

    def test_every_mail_has_an_unsubscribe_link_and_the_one_click_headers(self) -> None:
        self.subscribe()
        subscriber = Subscriber.objects.get()
        leave = f"https://example.org/prosjekt/{self.publication.public_slug}/unsubscribe/{subscriber.token}/"
        confirmation = mail.outbox[0]
        subscriptions.confirm(subscriber=subscriber)
        self.notify()
        notice = mail.outbox[0]
        for message in (confirmation, notice):
            self.assertIn(leave, message.body)
            self.assertEqual(message.extra_headers["List-Unsubscribe"], f"<{leave}>")
            self.assertEqual(message.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
            self.assertIn("List-Unsubscribe-Post: List-Unsubscribe=One-Click", message.message().as_string())

    def test_a_one_click_post_without_cookies_or_csrf_token_unsubscribes(self) -> None:
        self.subscribe()
        subscriber = Subscriber.objects.get()
        subscriptions.confirm(subscriber=subscriber)
        # What a mail program sends (RFC 8058 section 3.2): a POST with this one field, nothing else.
        r = self.public.post(
            self.page_url(f"unsubscribe/{subscriber.token}/"),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        self.assertEqual(r.status_code, 200)
        self.assertEqual(dict(r.cookies), {})
        self.assertFalse(Subscriber.objects.exists())
        self.assertEqual(self.notify(), 0)

    def test_a_get_of_the_unsubscribe_link_only_asks(self) -> None:
        self.subscribe()
        subscriber = Subscriber.objects.get()
        r = self.public.get(self.page_url(f"unsubscribe/{subscriber.token}/?lang=en"))
        self.assertContains(r, "Delete my e-mail address")
        self.assertTrue(Subscriber.objects.exists())

    def test_unconfirmed_sign_ups_expire_after_seven_days(self) -> None:
        self.subscribe()
        link = self.confirmation_link()
        with time_machine.travel(timezone.now() + timedelta(days=8)):
            r = self.public.post(link + "?lang=en")
            self.assertContains(r, "no longer valid", status_code=404)
            self.assertEqual(subscriptions.delete_expired_subscribers(), 1)
        self.assertFalse(Subscriber.objects.exists())

    def test_the_notice_task_deletes_expired_sign_ups_but_keeps_confirmed_ones(self) -> None:
        self.subscribe("old@example.org")
        self.subscribe("kept@example.org")
        subscriptions.confirm(subscriber=Subscriber.objects.get(email="kept@example.org"))
        with time_machine.travel(timezone.now() + timedelta(days=8)):
            self.assertEqual(self.notify(), 1)
        self.assertEqual(list(Subscriber.objects.values_list("email", flat=True)), ["kept@example.org"])

    def test_a_confirmation_link_with_a_wrong_token_or_project_is_404(self) -> None:
        self.subscribe()
        subscriber = Subscriber.objects.get()
        r = self.public.post(self.page_url("confirm/not-a-token/?lang=en"))
        self.assertEqual(r.status_code, 404)
        r = self.public.post(f"/prosjekt/another-slug/confirm/{subscriber.token}/?lang=en")
        self.assertEqual(r.status_code, 404)
        self.assertIsNone(Subscriber.objects.get().confirmed_at)

    @override_settings(SUBSCRIBE_RATE_PER_IP=3)
    def test_sign_ups_from_one_address_are_limited(self) -> None:
        statuses = [self.subscribe(f"p{i}@example.org") for i in range(5)]
        self.assertEqual(statuses, [200, 200, 200, 429, 429])
        self.assertEqual(Subscriber.objects.count(), 3)
        # Another address still gets through.
        self.assertEqual(self.subscribe("q@example.org", ip="10.0.0.2"), 200)

    @override_settings(SUBSCRIBE_RATE_PER_PROJECT=2)
    def test_sign_ups_for_one_project_are_limited(self) -> None:
        statuses = [self.subscribe(f"p{i}@example.org", ip=f"10.0.1.{i}") for i in range(3)]
        self.assertEqual(statuses, [200, 200, 429])

    def test_the_limit_page_is_about_sign_ups(self) -> None:
        with override_settings(SUBSCRIBE_RATE_PER_IP=1):
            self.subscribe()
            page = self.public.get(self.page_url("?lang=en"))
            r = self.public.post(
                self.page_url("subscribe/?lang=en"),
                {"email": "b@example.org", "sig": hidden(page.content.decode(), "sig")},
                REMOTE_ADDR="10.0.0.1",
            )
        self.assertContains(r, "Too many sign-ups right now", status_code=429)

    def test_fifty_sign_ups_from_one_address_do_not_stop_a_survey_start_from_it(self) -> None:
        survey = make_survey(self.project, self.kari)
        for i in range(50):
            self.subscribe(f"flood{i}@example.org", ip="10.9.9.9")
        intro = self.public.get(f"/s/{survey.token}/?lang=en", REMOTE_ADDR="10.9.9.9")
        r = self.public.post(
            f"/s/{survey.token}/start/?lang=en", {"key": hidden(intro.content.decode(), "key")}, REMOTE_ADDR="10.9.9.9"
        )
        self.assertEqual(r.status_code, 303)
        self.assertEqual(Response.objects.filter(survey=survey).count(), 1)
