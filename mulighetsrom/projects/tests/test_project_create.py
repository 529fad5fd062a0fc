from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from mulighetsrom.projects.models import Membership, Project, ProjectEvent, Role
from mulighetsrom.stakeholders.models import StakeholderGroup
from mulighetsrom.test import BaseTestCase


class ProjectCreateTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.page = reverse("projects:create")
        self.log_in(self.ola)

    def post(self, **changes: Any):
        data = {"name": "Ny skole", "building_type": "school", "purpose": "", "budget_ceiling": "", "target_year": ""}
        data.update(changes)
        return self.client.post(self.page, data)

    def test_it_shows_the_form(self) -> None:
        self.assertContains(self.client.get(self.page), "New building project")

    def test_it_creates_a_project_in_step_1_with_the_creator_as_owner(self) -> None:
        r = self.post()
        project = Project.objects.get(name="Ny skole")
        self.assertRedirects(r, reverse("dashboard:project", args=[project.slug]))
        self.assertEqual(project.organization, self.organization)
        self.assertEqual(project.current_phase, self.phases[1])
        membership = Membership.objects.get(project=project)
        self.assertEqual(membership.person, self.ola_person)
        self.assertEqual(membership.role, Role.OWNER)
        self.assertTrue(ProjectEvent.objects.filter(project=project, verb="created").exists())

    def test_it_seeds_typical_stakeholder_groups_for_the_building_type(self) -> None:
        self.post(name="Ny skole", building_type="school")
        self.post(name="Nytt sykehjem", building_type="nursing_home")
        school = set(StakeholderGroup.objects.filter(project__name="Ny skole").values_list("name", flat=True))
        self.assertIn("Elever", school)
        self.assertIn("Ungdomsråd", school)
        self.assertNotIn("Beboere", school)
        home = StakeholderGroup.objects.filter(project__name="Nytt sykehjem")
        self.assertIn("Eldreråd", {g.name for g in home})
        self.assertEqual({g.name for g in home if g.is_main_user_group}, {"Beboere", "Ansatte"})

    def test_it_rejects_a_duplicate_name_in_the_organization(self) -> None:
        r = self.post(name="  nytt HELSEHUS ")
        self.assertContains(r, "The organization already has a project with this name.")
        self.assertEqual(Project.objects.filter(organization=self.organization).count(), 1)

    def test_it_allows_a_name_used_in_another_organization(self) -> None:
        self.log_in(self.eva)
        r = self.post(name="Nytt helsehus")
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Project.objects.filter(name="Nytt helsehus").count(), 2)

    def test_it_rejects_too_long_text_and_saves_nothing(self) -> None:
        r = self.post(purpose="x" * 5001)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "at most 5000 characters")
        self.assertFalse(Project.objects.filter(name="Ny skole").exists())
        self.assertFalse(StakeholderGroup.objects.filter(project__name="Ny skole").exists())

    def test_it_rejects_a_too_long_name(self) -> None:
        r = self.post(name="x" * 151)
        self.assertContains(r, "at most 150 characters")
        self.assertEqual(Project.objects.count(), 1)

    def test_it_parses_norwegian_amounts(self) -> None:
        cases = {
            "120 000 000": Decimal(120_000_000),
            "1.500.000": Decimal(1_500_000),
            "1.500": Decimal(1500),
            "kr 5 000": Decimal(5000),
            "2\u00a0000\u00a0000": Decimal(2_000_000),
            "750 000,-": Decimal(750_000),
            "3000000": Decimal(3_000_000),
        }
        for i, (typed, amount) in enumerate(cases.items()):
            name = f"Prosjekt {i}"
            r = self.post(name=name, budget_ceiling=typed)
            self.assertEqual(r.status_code, 302, typed)
            self.assertEqual(Project.objects.get(name=name).budget_ceiling, amount, typed)

    def test_it_rejects_amounts_it_cannot_read(self) -> None:
        for typed in ("mange penger", "-5 000", "1,5"):
            r = self.post(budget_ceiling=typed)
            self.assertEqual(r.status_code, 200, typed)
        self.assertFalse(Project.objects.filter(name="Ny skole").exists())

    def test_it_checks_the_target_year(self) -> None:
        for year in ("1999", "2101"):
            r = self.post(target_year=year)
            self.assertContains(r, "Give a year between 2000 and 2100.")
        self.assertFalse(Project.objects.filter(name="Ny skole").exists())
        for year in ("2000", "2100"):
            self.assertEqual(self.post(name=f"Skole {year}", target_year=year).status_code, 302)

    def test_it_requires_a_name_and_building_type(self) -> None:
        r = self.post(name="", building_type="")
        self.assertContains(r, "This field is required.")
        self.assertEqual(Project.objects.count(), 1)

    def test_it_hides_the_page_from_users_without_an_organization(self) -> None:
        from mulighetsrom.test import make_user

        self.log_in(make_user("ny@example.org"))
        self.assertEqual(self.client.get(self.page).status_code, 404)
