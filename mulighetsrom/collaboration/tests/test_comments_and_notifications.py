from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from mulighetsrom.collaboration.actions import add_assignment, add_comment
from mulighetsrom.collaboration.models import Assignment, Comment, DigestSetting, Notification
from mulighetsrom.insight.models import Insight
from mulighetsrom.needs.models import Need, Requirement
from mulighetsrom.test import BaseTestCase


class CommentThreadTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.need = Need.objects.create(project=cls.project, ref="B1", statement="Skjermede bogrupper")
        cls.req = Requirement.objects.create(project=cls.project, ref="F1", text="Maks 8", category="functional")
        cls.insight = Insight.objects.create(project=cls.project, statement="Beboerne vil ut i hagen")

    def targets(self) -> list[tuple[str, object, str]]:
        return [
            ("need", self.need, self.url("needs:need_detail", self.need.code)),
            ("requirement", self.req, self.url("needs:requirement_detail", self.req.code)),
            ("insight", self.insight, self.url("insight:insight", self.insight.code)),
        ]

    def test_it_comments_on_needs_requirements_and_insights(self) -> None:
        self.log_in(self.ingrid)
        for kind, target, page_url in self.targets():
            r = self.client.post(self.url("collaboration:comment_add", kind, target.code), {"body": f"Om {kind}"})
            self.assertRedirects(r, page_url + "#comments", fetch_redirect_response=False)
            page = self.client.get(page_url)
            self.assertContains(page, f"Om {kind}")
            self.assertContains(page, "Add comment")
        self.assertEqual(Comment.objects.count(), 3)

    def test_a_viewer_sees_the_thread_but_cannot_comment(self) -> None:
        add_comment(project=self.project, target=self.need, body="Synlig", acting_user=self.ola)
        self.log_in(self.nora)
        page = self.client.get(self.url("needs:need_detail", self.need.code))
        self.assertContains(page, "Synlig")
        self.assertNotContains(page, "Add comment")
        r = self.client.post(self.url("collaboration:comment_add", "need", self.need.code), {"body": "x"})
        self.assertEqual(r.status_code, 403)

    def test_an_outsider_gets_404_and_unknown_kinds_too(self) -> None:
        self.log_in(self.per)
        r = self.client.post(self.url("collaboration:comment_add", "need", self.need.code), {"body": "x"})
        self.assertEqual(r.status_code, 404)
        self.log_in(self.ola)
        r = self.client.post(self.url("collaboration:comment_add", "project", self.need.code), {"body": "x"})
        self.assertEqual(r.status_code, 404)
        r = self.client.post(self.url("collaboration:comment_add", "insight", self.need.code), {"body": "x"})
        self.assertEqual(r.status_code, 404)

    def test_an_object_of_another_project_is_404(self) -> None:
        from mulighetsrom.projects.actions import create_project
        from mulighetsrom.projects.models import Project

        other = create_project(
            project=Project(organization=self.organization, name="Annet", building_type="school"),
            acting_person=self.kari_person,
            acting_user=self.kari,
        )
        need = Need.objects.create(project=other, ref="B1", statement="Annet behov")
        self.log_in(self.kari)
        r = self.client.post(self.url("collaboration:comment_add", "need", need.code), {"body": "x"})
        self.assertEqual(r.status_code, 404)

    def test_a_mention_notifies_and_earlier_commenters_are_told(self) -> None:
        self.log_in(self.ingrid)
        self.client.post(self.url("collaboration:comment_add", "need", self.need.code), {"body": "Første"})
        self.log_in(self.ola)
        self.client.post(self.url("collaboration:comment_add", "need", self.need.code), {"body": "Hva mener @Nora?"})
        nora = Notification.objects.get(user=self.nora)
        self.assertEqual(nora.kind, Notification.Kind.MENTION)
        self.assertEqual(nora.url, self.url("needs:need_detail", self.need.code))
        self.assertEqual(Notification.objects.get(user=self.ingrid).kind, Notification.Kind.COMMENT)
        self.assertFalse(Notification.objects.filter(user=self.ola).exists())


class MyTasksTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.need = Need.objects.create(project=self.project, ref="B1", statement="Behov")
        self.task = add_assignment(
            assignment=Assignment(
                project=self.project, target=self.need, title="Sjekk arealet", assignee=self.ingrid_person,
                due_on=dt.date(2026, 5, 1),
            ),
            acting_user=self.ola,
        )  # fmt: skip
        add_comment(project=self.project, target=self.need, body="Kan @Ingrid se på dette?", acting_user=self.ola)

    def test_it_lists_my_assignments_and_mentions(self) -> None:
        self.log_in(self.ingrid)
        page = self.client.get(reverse("collaboration:my_tasks"))
        self.assertContains(page, "Sjekk arealet")
        self.assertContains(page, "Kan @Ingrid se på dette?")
        self.log_in(self.nora)
        page = self.client.get(reverse("collaboration:my_tasks"))
        self.assertNotContains(page, "Sjekk arealet")
        self.assertContains(page, "No open tasks.")

    def test_it_marks_a_task_done_only_for_the_assignee(self) -> None:
        self.log_in(self.nora)
        r = self.client.post(reverse("collaboration:assignment_done", args=[self.task.code]))
        self.assertEqual(r.status_code, 404)
        self.log_in(self.ingrid)
        self.client.post(reverse("collaboration:assignment_done", args=[self.task.code]))
        self.task.refresh_from_db()
        self.assertIsNotNone(self.task.done_at)
        self.assertContains(self.client.get(reverse("collaboration:my_tasks")), "No open tasks.")

    def test_the_pages_need_a_login(self) -> None:
        r = self.client.get(reverse("collaboration:my_tasks"))
        self.assertEqual(r.status_code, 302)
        r = self.client.get(reverse("collaboration:notifications"))
        self.assertEqual(r.status_code, 302)


class NotificationListTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.need = Need.objects.create(project=self.project, ref="B1", statement="Behov")
        add_comment(project=self.project, target=self.need, body="Hei @Nora", acting_user=self.ola, url="/x/")

    def test_the_header_shows_the_unread_count_and_reading_clears_it(self) -> None:
        self.log_in(self.nora)
        page = self.client.get(reverse("collaboration:notifications"))
        self.assertEqual(page.context["unread_notifications"], 1)
        self.assertContains(page, "Ola mentioned you: Hei @Nora")
        self.client.post(reverse("collaboration:notifications_read"))
        page = self.client.get(reverse("collaboration:notifications"))
        self.assertEqual(page.context["unread_notifications"], 0)

    def test_a_user_sees_only_their_own(self) -> None:
        self.log_in(self.ingrid)
        page = self.client.get(reverse("collaboration:notifications"))
        self.assertNotContains(page, "Hei @Nora")
        self.assertEqual(page.context["unread_notifications"], 0)

    def test_the_digest_setting_is_saved(self) -> None:
        self.log_in(self.nora)
        self.client.post(reverse("collaboration:notifications"), {"assignments": "on"})
        setting = DigestSetting.objects.get(user=self.nora)
        self.assertEqual((setting.mentions, setting.assignments, setting.comments), (False, True, False))


class SendDigestsTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.need = Need.objects.create(project=self.project, ref="B1", statement="Behov")

    def test_by_default_only_direct_mentions_are_mailed(self) -> None:
        add_comment(project=self.project, target=self.need, body="Hei @Nora", acting_user=self.ola, url="/n/")
        add_comment(project=self.project, target=self.need, body="Svar", acting_user=self.nora)  # Ola: a comment
        add_assignment(
            assignment=Assignment(project=self.project, target=self.need, title="Oppgave", assignee=self.ingrid_person),
            acting_user=self.ola,
        )
        call_command("send_digests", "--base-url", "https://m.example", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual([m.to for m in mail.outbox], [["nora@example.org"]])
        self.assertIn("Hei @Nora", mail.outbox[0].body)
        self.assertIn("https://m.example/n/", mail.outbox[0].body)
        self.assertFalse(Notification.objects.filter(digested_at__isnull=True).exists())

    def test_it_follows_the_users_setting_and_sends_nothing_twice(self) -> None:
        DigestSetting.objects.create(user=self.ingrid, mentions=False, assignments=True)
        add_assignment(
            assignment=Assignment(project=self.project, target=self.need, title="Oppgave", assignee=self.ingrid_person),
            acting_user=self.ola,
        )
        add_comment(project=self.project, target=self.need, body="Hei @Ingrid", acting_user=self.ola)
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Oppgave", mail.outbox[0].body)
        self.assertNotIn("Hei @Ingrid", mail.outbox[0].body)
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual(len(mail.outbox), 1)
