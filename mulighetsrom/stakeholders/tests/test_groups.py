from __future__ import annotations

from typing import Any

from mulighetsrom.projects.models import ProjectEvent
from mulighetsrom.stakeholders.models import EngagementEntry, StakeholderGroup
from mulighetsrom.test import BaseTestCase


class GroupCreateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.log_in(self.ola)

    def post(self, **changes: Any):
        data = {"name": "Frivillige", "category": "external", "approximate_size": "", "description": ""}
        data.update(changes)
        return self.client.post(self.url("stakeholders:group_create"), data)

    def test_it_adds_a_group(self) -> None:
        r = self.post(is_main_user_group="on", approximate_size="25")
        self.assertRedirects(r, self.url("stakeholders:groups"), fetch_redirect_response=False)
        group = StakeholderGroup.objects.get(project=self.project, name="Frivillige")
        self.assertTrue(group.is_main_user_group)
        self.assertEqual(group.approximate_size, 25)
        self.assertTrue(
            ProjectEvent.objects.filter(project=self.project, verb="added", object_label="Frivillige").exists()
        )

    def test_it_rejects_a_duplicate_name_with_a_message(self) -> None:
        before = StakeholderGroup.objects.filter(project=self.project).count()
        r = self.post(name=" beboere ")
        self.assertContains(r, "The project already has a stakeholder group with this name.")
        self.assertEqual(StakeholderGroup.objects.filter(project=self.project).count(), before)

    def test_it_allows_a_name_used_in_another_project(self) -> None:
        self.assertEqual(self.post(name="Frivillige").status_code, 302)
        from mulighetsrom.projects import actions
        from mulighetsrom.projects.models import Project

        other = actions.create_project(
            project=Project(organization=self.organization, name="Ny skole", building_type="school"),
            acting_person=self.ola_person,
            acting_user=self.ola,
        )
        r = self.client.post(
            self.url("stakeholders:group_create").replace(self.project.slug, other.slug),
            {"name": "Frivillige", "category": "external"},
        )
        self.assertEqual(r.status_code, 302)

    def test_it_rejects_too_long_text(self) -> None:
        r = self.post(description="z" * 2001)
        self.assertContains(r, "at most 2000 characters")
        self.assertFalse(StakeholderGroup.objects.filter(name="Frivillige").exists())

    def test_it_forbids_contributors(self) -> None:
        self.log_in(self.ingrid)
        self.assertEqual(self.post().status_code, 403)
        self.assertFalse(StakeholderGroup.objects.filter(name="Frivillige").exists())


class GroupEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.log_in(self.ola)
        self.group = StakeholderGroup.objects.get(project=self.project, name="Pårørende")

    def test_it_saves_changes(self) -> None:
        r = self.client.post(
            self.url("stakeholders:group_edit", self.group.code),
            {"name": "Pårørende og venner", "category": "relatives", "approximate_size": "150"},
        )
        self.assertEqual(r.status_code, 302)
        self.group.refresh_from_db()
        self.assertEqual((self.group.name, self.group.approximate_size), ("Pårørende og venner", 150))

    def test_it_rejects_the_name_of_another_group(self) -> None:
        r = self.client.post(
            self.url("stakeholders:group_edit", self.group.code), {"name": "Beboere", "category": "relatives"}
        )
        self.assertContains(r, "The project already has a stakeholder group with this name.")
        self.group.refresh_from_db()
        self.assertEqual(self.group.name, "Pårørende")

    def test_it_hides_groups_of_other_projects(self) -> None:
        from mulighetsrom.projects import actions
        from mulighetsrom.projects.models import Project

        other = actions.create_project(
            project=Project(organization=self.other_organization, name="Andreby skole", building_type="school"),
            acting_person=self.eva.persons.get(),
            acting_user=self.eva,
        )
        foreign = other.stakeholder_groups.first()
        r = self.client.post(self.url("stakeholders:group_edit", foreign.code), {"name": "X", "category": "other"})
        self.assertEqual(r.status_code, 404)
        r = self.client.post(self.url("stakeholders:group_delete", foreign.code))
        self.assertEqual(r.status_code, 404)
        self.assertTrue(StakeholderGroup.objects.filter(pk=foreign.pk).exists())


class GroupDeleteTestCase(BaseTestCase):
    def test_it_deletes_the_group_and_its_plan_entries(self) -> None:
        group = StakeholderGroup.objects.get(project=self.project, name="Pårørende")
        EngagementEntry.objects.create(group=group, phase=self.phases[2], level="consult")
        other = StakeholderGroup.objects.get(project=self.project, name="Beboere")
        EngagementEntry.objects.create(group=other, phase=self.phases[2], level="involve")
        self.log_in(self.ola)
        r = self.client.post(self.url("stakeholders:group_delete", group.code), follow=True)
        self.assertContains(r, "The stakeholder group “Pårørende” was deleted.")
        self.assertFalse(StakeholderGroup.objects.filter(pk=group.pk).exists())
        self.assertFalse(EngagementEntry.objects.filter(group_id=group.pk).exists())
        self.assertTrue(EngagementEntry.objects.filter(group=other).exists())
        self.assertTrue(
            ProjectEvent.objects.filter(project=self.project, verb="deleted", object_label="Pårørende").exists()
        )


class GroupListTestCase(BaseTestCase):
    def test_it_lists_groups_main_groups_first_with_warnings(self) -> None:
        self.log_in(self.nora)
        r = self.client.get(self.url("stakeholders:groups"))
        names = [g.name for g in r.context["groups"]]
        self.assertEqual(names[:2], ["Ansatte", "Beboere"])
        self.assertContains(r, "Engagement warnings")
        self.assertContains(r, "Eldreråd has no planned involvement.")
        self.assertNotContains(r, self.url("stakeholders:group_create"))
