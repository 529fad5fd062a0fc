from __future__ import annotations

from decimal import Decimal
from typing import Any

from mulighetsrom.projects.models import Project, ProjectEvent
from mulighetsrom.test import BaseTestCase


class ProjectEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.log_in(self.ola)

    def post(self, **changes: Any):
        data = {"name": "Nytt helsehus", "building_type": "nursing_home", "budget_ceiling": "", "target_year": ""}
        data.update(changes)
        return self.client.post(self.url("projects:edit"), data)

    def test_it_saves_changes_and_logs_them(self) -> None:
        r = self.post(name="Lindeberg helsehus", budget_ceiling="450 000 000", target_year="2030", location="Alna")
        self.assertRedirects(r, self.url("dashboard:project"))
        self.project.refresh_from_db()
        self.assertEqual(self.project.name, "Lindeberg helsehus")
        self.assertEqual(self.project.budget_ceiling, Decimal(450_000_000))
        self.assertEqual(self.project.target_year, 2030)
        self.assertEqual(self.project.current_phase, self.phases[1])
        self.assertTrue(ProjectEvent.objects.filter(project=self.project, verb="updated").exists())

    def test_it_keeps_its_own_name(self) -> None:
        self.assertEqual(self.post(name="NYTT helsehus").status_code, 302)

    def test_it_round_trips_a_saved_budget(self) -> None:
        Project.objects.filter(pk=self.project.pk).update(budget_ceiling=Decimal(120_000_000))
        r = self.client.get(self.url("projects:edit"))
        budget = r.context["form"]["budget_ceiling"].value()
        self.assertEqual(self.post(budget_ceiling=str(budget)).status_code, 302)
        self.project.refresh_from_db()
        self.assertEqual(self.project.budget_ceiling, Decimal(120_000_000))

    def test_it_rejects_the_name_of_another_project(self) -> None:
        Project.objects.create(
            organization=self.organization, name="Ny skole", building_type="school", current_phase=self.phases[1]
        )
        r = self.post(name="Ny skole")
        self.assertContains(r, "The organization already has a project with this name.")
        self.project.refresh_from_db()
        self.assertEqual(self.project.name, "Nytt helsehus")

    def test_it_shows_the_saved_name_beside_a_rejected_one(self) -> None:
        r = self.post(name="")
        self.assertEqual(r.status_code, 200)
        # The project bar still shows the saved name, not the rejected input.
        self.assertEqual(r.context["project"].name, "Nytt helsehus")

    def test_it_rejects_too_long_text_and_keeps_what_was_saved(self) -> None:
        Project.objects.filter(pk=self.project.pk).update(purpose="Opprinnelig")
        r = self.post(purpose="y" * 5001, location="Ny adresse")
        self.assertContains(r, "at most 5000 characters")
        self.project.refresh_from_db()
        self.assertEqual(self.project.purpose, "Opprinnelig")
        self.assertEqual(self.project.location, "")

    def test_it_forbids_contributors(self) -> None:
        self.log_in(self.ingrid)
        self.assertEqual(self.post(name="Hacket").status_code, 403)
        self.project.refresh_from_db()
        self.assertEqual(self.project.name, "Nytt helsehus")
