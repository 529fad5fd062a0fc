from __future__ import annotations

from typing import Any

from mulighetsrom.accounts.models import Person, Unit
from mulighetsrom.projects import actions
from mulighetsrom.projects.models import BuildingType, Membership, Project, ProjectEvent, Role
from mulighetsrom.test import BaseTestCase


class TeamTestCase(BaseTestCase):
    def test_it_groups_members_by_unit(self) -> None:
        self.log_in(self.nora)
        r = self.client.get(self.url("projects:team"))
        groups = {g.unit.name: [m.person.name for m in g.members] for g in r.context["coverage"].groups}
        self.assertEqual(groups["Pleie og omsorg"], ["Ingrid", "Ola"])
        self.assertEqual(groups["Eiendom"], ["Kari"])
        self.assertNotContains(r, self.url("projects:member_add"))

    def test_it_warns_about_expected_units_missing_from_the_team(self) -> None:
        self.log_in(self.kari)
        r = self.client.get(self.url("projects:team"))
        self.assertEqual(r.context["coverage"].missing_kinds, ["planning", "it"])
        self.assertContains(r, "IT and digitalisation (DigIt) is not on the team")
        self.assertNotContains(r, "Health and care (Pleie og omsorg) is not on the team")

    def test_it_warns_until_someone_from_the_unit_joins(self) -> None:
        project = actions.create_project(
            project=Project(
                organization=self.organization, name="Nytt sykehjem", building_type=BuildingType.NURSING_HOME
            ),
            acting_person=self.kari_person,
            acting_user=self.kari,
        )
        self.log_in(self.kari)
        url = self.url("projects:team").replace(self.project.slug, project.slug)
        self.assertContains(self.client.get(url), "Health and care (Pleie og omsorg) is not on the team")
        actions.add_member(
            project=project, person=self.ola_person, role=Role.VIEWER, function="other", acting_user=self.kari
        )
        r = self.client.get(url)
        self.assertNotContains(r, "Health and care (Pleie og omsorg) is not on the team")
        self.assertContains(r, "IT and digitalisation (DigIt) is not on the team")

    def test_it_follows_the_organizations_expected_units(self) -> None:
        self.log_in(self.kari)
        self.client.post("/org/expected-units/", {"nursing_home": ["property", "health_care"]})
        r = self.client.get(self.url("projects:team"))
        self.assertEqual(r.context["coverage"].missing_kinds, [])
        self.assertContains(r, "All units a project of this building type normally needs are represented.")

    def test_it_leaves_out_members_who_left(self) -> None:
        membership = Membership.objects.get(project=self.project, person=self.ola_person)
        actions.remove_member(membership=membership, acting_user=self.kari)
        self.log_in(self.kari)
        r = self.client.get(self.url("projects:team"))
        names = [m.person.name for m in r.context["members"]]
        self.assertNotIn("Ola", names)
        self.assertIn("Ingrid", names)


class MemberAddTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.log_in(self.kari)
        self.add_url = self.url("projects:member_add")

    def test_it_adds_a_person_from_the_organization(self) -> None:
        r = self.client.post(self.add_url, {"person": self.per_person.pk, "role": "editor", "function": "welfare_tech"})
        self.assertRedirects(r, self.url("projects:team"), fetch_redirect_response=False)
        membership = Membership.objects.get(project=self.project, person=self.per_person, left_at__isnull=True)
        self.assertEqual(membership.role, Role.EDITOR)
        self.assertTrue(ProjectEvent.objects.filter(project=self.project, verb="added", object_label="Per").exists())
        # Per can now open the project, and the DigIt warning is gone.
        r = self.client.get(self.url("projects:team"))
        self.assertNotIn("it", r.context["coverage"].missing_kinds)
        self.log_in(self.per)
        self.assertEqual(self.client.get(self.url("dashboard:project")).status_code, 200)

    def test_it_offers_only_people_not_on_the_team(self) -> None:
        r = self.client.get(self.add_url)
        offered = set(r.context["form"].fields["person"].queryset.values_list("name", flat=True))
        self.assertEqual(offered, {"Per"})

    def test_it_refuses_someone_already_on_the_team(self) -> None:
        r = self.client.post(self.add_url, {"person": self.ola_person.pk, "role": "viewer", "function": "other"})
        self.assertContains(r, "That person cannot be added")
        self.assertEqual(Membership.objects.filter(project=self.project, person=self.ola_person).count(), 1)

    def test_it_refuses_a_person_from_another_organization(self) -> None:
        eva = Person.objects.get(user=self.eva)
        r = self.client.post(self.add_url, {"person": eva.pk, "role": "viewer", "function": "other"})
        self.assertContains(r, "That person cannot be added")
        self.assertFalse(Membership.objects.filter(person=eva, project=self.project).exists())

    def test_it_refuses_an_inactive_person(self) -> None:
        Person.objects.filter(pk=self.per_person.pk).update(is_active=False)
        r = self.client.post(self.add_url, {"person": self.per_person.pk, "role": "viewer", "function": "other"})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Membership.objects.filter(person=self.per_person).exists())

    def test_it_adds_a_member_who_left_again(self) -> None:
        membership = Membership.objects.get(project=self.project, person=self.ola_person)
        actions.remove_member(membership=membership, acting_user=self.kari)
        r = self.client.post(self.add_url, {"person": self.ola_person.pk, "role": "viewer", "function": "other"})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Membership.objects.filter(project=self.project, person=self.ola_person).count(), 2)


class MemberEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.log_in(self.kari)
        self.kari_membership = Membership.objects.get(project=self.project, person=self.kari_person)
        self.ola_membership = Membership.objects.get(project=self.project, person=self.ola_person)

    def edit(self, membership: Membership, **data: Any):
        return self.client.post(self.url("projects:member_edit", membership.code), {"function": "other", **data})

    def test_it_changes_a_role(self) -> None:
        r = self.edit(self.ola_membership, role="owner", function="project_owner")
        self.assertEqual(r.status_code, 302)
        self.ola_membership.refresh_from_db()
        self.assertEqual((self.ola_membership.role, self.ola_membership.function), ("owner", "project_owner"))

    def test_it_cannot_demote_the_last_owner(self) -> None:
        r = self.edit(self.kari_membership, role="editor")
        self.assertContains(r, "The project must keep at least one owner.")
        self.kari_membership.refresh_from_db()
        self.assertEqual(self.kari_membership.role, Role.OWNER)

    def test_it_can_demote_an_owner_when_another_remains(self) -> None:
        Membership.objects.filter(pk=self.ola_membership.pk).update(role=Role.OWNER)
        r = self.edit(self.kari_membership, role="editor")
        self.assertEqual(r.status_code, 302)
        self.kari_membership.refresh_from_db()
        self.assertEqual(self.kari_membership.role, Role.EDITOR)

    def test_it_does_not_count_an_owner_whose_person_is_inactive(self) -> None:
        Membership.objects.filter(pk=self.ola_membership.pk).update(role=Role.OWNER)
        Person.objects.filter(pk=self.ola_person.pk).update(is_active=False)
        r = self.edit(self.kari_membership, role="editor")
        self.assertContains(r, "The project must keep at least one owner.")

    def test_it_hides_memberships_of_people_who_left(self) -> None:
        actions.remove_member(membership=self.ola_membership, acting_user=self.kari)
        self.assertEqual(self.edit(self.ola_membership, role="viewer").status_code, 404)


class MemberRemoveTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.log_in(self.kari)
        self.kari_membership = Membership.objects.get(project=self.project, person=self.kari_person)
        self.ola_membership = Membership.objects.get(project=self.project, person=self.ola_person)

    def remove(self, membership: Membership):
        return self.client.post(self.url("projects:member_remove", membership.code), follow=True)

    def test_it_removes_a_member_who_then_loses_access(self) -> None:
        r = self.remove(self.ola_membership)
        self.assertContains(r, "Ola was removed from the team.")
        self.ola_membership.refresh_from_db()
        self.assertIsNotNone(self.ola_membership.left_at)
        self.assertTrue(ProjectEvent.objects.filter(project=self.project, verb="removed", object_label="Ola").exists())
        self.log_in(self.ola)
        self.assertEqual(self.client.get(self.url("dashboard:project")).status_code, 404)
        self.assertEqual(self.client.get(self.url("stakeholders:engagement")).status_code, 404)

    def test_it_cannot_remove_the_last_owner(self) -> None:
        r = self.remove(self.kari_membership)
        self.assertContains(r, "The last owner cannot be removed. Make someone else owner first.")
        self.kari_membership.refresh_from_db()
        self.assertIsNone(self.kari_membership.left_at)

    def test_it_can_remove_an_owner_when_another_remains(self) -> None:
        Membership.objects.filter(pk=self.ola_membership.pk).update(role=Role.OWNER)
        self.remove(self.kari_membership)
        self.kari_membership.refresh_from_db()
        self.assertIsNotNone(self.kari_membership.left_at)

    def test_it_says_so_when_the_member_was_already_removed(self) -> None:
        self.remove(self.ola_membership)
        r = self.remove(self.ola_membership)
        self.assertContains(r, "That person is no longer on the team.")
        self.assertEqual(ProjectEvent.objects.filter(project=self.project, verb="removed").count(), 1)

    def test_it_forbids_editors(self) -> None:
        self.log_in(self.ola)
        ingrid = Membership.objects.get(project=self.project, person=self.ingrid_person)
        self.assertEqual(self.client.post(self.url("projects:member_remove", ingrid.code)).status_code, 403)
        ingrid.refresh_from_db()
        self.assertIsNone(ingrid.left_at)


class TeamCoverageUnitsTestCase(BaseTestCase):
    def test_it_puts_members_without_a_unit_last(self) -> None:
        Person.objects.filter(pk=self.nora_person.pk).update(unit=None)
        self.log_in(self.kari)
        groups = self.client.get(self.url("projects:team")).context["coverage"].groups
        self.assertIsNone(groups[-1].unit)
        self.assertEqual([m.person.name for m in groups[-1].members], ["Nora"])
        self.assertIn("strategy", self.client.get(self.url("projects:team")).context["coverage"].missing_kinds)
        self.assertTrue(Unit.objects.filter(kind="strategy").exists())
