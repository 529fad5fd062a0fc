"""Access ends when membership ends: a person who left the team sees none of the project's text.

Issue 11, finding 7: "My tasks" showed comment text from projects the user had left, and a former
member could complete an assignment. Every query below goes through projects/access.py.
"""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from mulighetsrom.collaboration.actions import add_assignment, add_comment, send_digests
from mulighetsrom.collaboration.models import Assignment, DigestSetting, Notification
from mulighetsrom.needs.models import Need
from mulighetsrom.projects import actions as project_actions
from mulighetsrom.projects.access import get_access, in_visible_projects, visible_projects
from mulighetsrom.projects.models import Membership, Project
from mulighetsrom.test import BaseTestCase

SECRET_COMMENT = "Tomteprisen er 41 millioner, @Ola"
SECRET_TASK = "Forhandle tomtekjøpet konfidensielt"


class FormerMemberTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.need = Need.objects.create(project=cls.project, ref="B1", statement="Skjermede bogrupper")

    def setUp(self) -> None:
        # Kari gives Ola (editor) a task and mentions him; both reach My tasks and his notifications.
        self.assignment = add_assignment(
            assignment=Assignment(project=self.project, target=self.need, title=SECRET_TASK, assignee=self.ola_person),
            acting_user=self.kari,
        )
        add_comment(project=self.project, target=self.need, body=SECRET_COMMENT, acting_user=self.kari)
        DigestSetting.objects.create(user=self.ola, mentions=True, assignments=True, comments=True)

    def leave(self) -> None:
        membership = Membership.objects.get(project=self.project, person=self.ola_person, left_at__isnull=True)
        project_actions.remove_member(membership=membership, acting_user=self.kari)

    def test_a_member_sees_the_task_and_the_mention(self) -> None:
        # The control: without this, the tests below could pass on a page that never shows anything.
        self.log_in(self.ola)
        page = self.client.get(reverse("collaboration:my_tasks"))
        self.assertContains(page, SECRET_TASK)
        self.assertContains(page, "Tomteprisen er 41 millioner")
        notifications = self.client.get(reverse("collaboration:notifications"))
        self.assertContains(notifications, "Tomteprisen er 41 millioner")
        self.assertEqual(notifications.context["unread_notifications"], 2)

    def test_my_tasks_hides_tasks_and_mentions_from_a_project_the_user_left(self) -> None:
        self.leave()
        self.log_in(self.ola)
        page = self.client.get(reverse("collaboration:my_tasks"))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, SECRET_TASK)
        self.assertNotContains(page, "Tomteprisen")
        self.assertNotContains(page, self.project.name)

    def test_a_former_member_cannot_complete_the_assignment(self) -> None:
        self.leave()
        self.log_in(self.ola)
        r = self.client.post(reverse("collaboration:assignment_done", args=[self.assignment.code]))
        self.assertEqual(r.status_code, 404)
        self.assignment.refresh_from_db()
        self.assertIsNone(self.assignment.done_at)

    def test_a_member_can_complete_the_assignment(self) -> None:
        self.log_in(self.ola)
        r = self.client.post(reverse("collaboration:assignment_done", args=[self.assignment.code]))
        self.assertRedirects(r, reverse("collaboration:my_tasks"), fetch_redirect_response=False)
        self.assignment.refresh_from_db()
        self.assertIsNotNone(self.assignment.done_at)

    def test_notifications_and_the_unread_count_hide_a_project_the_user_left(self) -> None:
        self.leave()
        self.log_in(self.ola)
        page = self.client.get(reverse("collaboration:notifications"))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, "Tomteprisen")
        self.assertNotContains(page, SECRET_TASK)
        self.assertEqual(page.context["unread_notifications"], 0)

    def test_the_digest_does_not_mail_text_from_a_project_the_user_left(self) -> None:
        self.leave()
        send_digests()
        self.assertEqual([m for m in mail.outbox if "ola@example.org" in m.to], [])
        # Marked digested all the same: rejoining later does not mail old news.
        self.assertFalse(Notification.objects.filter(user=self.ola, digested_at__isnull=True).exists())

    def test_the_digest_mails_a_current_member(self) -> None:
        send_digests()
        (message,) = [m for m in mail.outbox if "ola@example.org" in m.to]
        self.assertIn("Tomteprisen er 41 millioner", message.body)

    def test_a_deactivated_person_loses_access_like_a_former_member(self) -> None:
        self.ola_person.is_active = False
        self.ola_person.save(update_fields=["is_active"])
        self.log_in(self.ola)
        self.assertNotContains(self.client.get(reverse("collaboration:my_tasks")), SECRET_TASK)
        r = self.client.post(reverse("collaboration:assignment_done", args=[self.assignment.code]))
        self.assertEqual(r.status_code, 404)

    def test_the_project_pages_are_404_for_a_former_member(self) -> None:
        self.leave()
        self.log_in(self.ola)
        self.assertEqual(self.client.get(self.url("needs:need_detail", self.need.code)).status_code, 404)
        self.assertEqual(self.client.get(reverse("dashboard:project", args=[self.project.slug])).status_code, 404)


class VisibleProjectsTestCase(BaseTestCase):
    """The one rule, read three ways: visible_projects, Project.objects.visible_to and get_access agree."""

    def assert_sees(self, user: object, expected: bool) -> None:
        self.assertEqual(visible_projects(user).filter(pk=self.project.pk).exists(), expected)
        self.assertEqual(Project.objects.visible_to(user).filter(pk=self.project.pk).exists(), expected)
        self.assertEqual(get_access(user, self.project) is not None, expected)

    def test_members_and_the_organization_admin_see_the_project(self) -> None:
        for user in (self.kari, self.ola, self.ingrid, self.nora):
            self.assert_sees(user, True)

    def test_outsiders_do_not(self) -> None:
        self.assert_sees(self.per, False)
        self.assert_sees(self.eva, False)

    def test_a_former_member_does_not(self) -> None:
        Membership.objects.filter(person=self.nora_person).update(left_at="2026-01-01T00:00:00Z")
        self.assert_sees(self.nora, False)

    def test_an_organization_admin_who_is_deactivated_does_not(self) -> None:
        # Kari is owner and admin; deactivating her person record ends both.
        self.kari_person.is_active = False
        self.kari_person.save(update_fields=["is_active"])
        self.assert_sees(self.kari, False)

    def test_in_visible_projects_follows_a_path_to_the_project(self) -> None:
        need = Need.objects.create(project=self.project, ref="B9", statement="x")
        self.assertEqual(list(in_visible_projects(Need.objects.all(), self.nora)), [need])
        self.assertEqual(list(in_visible_projects(Need.objects.all(), self.per)), [])
