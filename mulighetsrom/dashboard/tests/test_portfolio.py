from __future__ import annotations

from django.urls import reverse

from mulighetsrom.projects import actions
from mulighetsrom.projects.models import Project
from mulighetsrom.stakeholders.models import EngagementEntry
from mulighetsrom.test import BaseTestCase, make_user


class PortfolioTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.page = reverse("dashboard:portfolio")

    def add_projects(self, n: int, start: int = 0) -> None:
        for i in range(start, start + n):
            project = actions.create_project(
                project=Project(organization=self.organization, name=f"Prosjekt {i:03}", building_type="school"),
                acting_person=self.ola_person,
                acting_user=self.ola,
            )
            group = project.stakeholder_groups.get(name="Elever")
            EngagementEntry.objects.create(group=group, phase=self.phases[2], level="consult")

    def test_it_lists_only_projects_the_user_may_see(self) -> None:
        self.add_projects(2)
        self.log_in(self.nora)
        r = self.client.get(self.page)
        self.assertEqual([p.name for p, _w in r.context["rows"]], ["Nytt helsehus"])
        self.assertNotContains(r, "Prosjekt 000")
        # Ola created them; an organization admin sees them all.
        self.log_in(self.ola)
        self.assertEqual(len(self.client.get(self.page).context["rows"]), 3)
        self.log_in(self.kari)
        self.assertEqual(len(self.client.get(self.page).context["rows"]), 3)

    def test_it_hides_projects_of_other_organizations(self) -> None:
        self.log_in(self.eva)
        r = self.client.get(self.page)
        self.assertEqual(r.context["rows"], [])
        self.assertNotContains(r, "Nytt helsehus")
        self.assertContains(r, "You are not on any project team yet.")

    def test_it_shows_warning_counts(self) -> None:
        self.log_in(self.nora)
        r = self.client.get(self.page)
        ((_project, warnings),) = r.context["rows"]
        # Seven seeded groups, none of them planned yet.
        self.assertEqual(len(warnings), 7)
        self.assertContains(r, "7 warnings")
        self.assertContains(r, "1. Strategisk definisjon")

    def test_it_sends_users_without_an_organization_to_onboarding(self) -> None:
        self.log_in(make_user("ny@example.org"))
        # The onboarding page tells them to ask for an invitation (403: they cannot register one).
        r = self.client.get(reverse("dashboard:home"))
        self.assertRedirects(r, reverse("projects:organization_create"), target_status_code=403)
        self.assertEqual(self.client.get(self.page).status_code, 404)

    def test_it_welcomes_anonymous_visitors(self) -> None:
        r = self.client.get(reverse("dashboard:home"))
        self.assertContains(r, reverse("account_login"))

    def test_it_uses_a_constant_number_of_queries(self) -> None:
        self.log_in(self.kari)
        self.add_projects(2)
        self.count_queries(self.page)  # warm up caches (content types, session)
        few = self.count_queries(self.page)
        self.add_projects(27, start=2)
        many = self.count_queries(self.page)
        self.assertEqual(few, many)
        with self.assertNumQueries(few):
            r = self.client.get(self.page)
        # 30 projects: the first page holds 25 (the rest are one click away).
        self.assertEqual(len(r.context["rows"]), 25)
        self.assertEqual(r.context["page"].paginator.count, 30)
        r = self.client.get(self.page + "?page=2")
        self.assertEqual(len(r.context["rows"]), 5)

    def test_it_pins_the_number_of_queries(self) -> None:
        self.log_in(self.kari)
        self.add_projects(3)
        self.count_queries(self.page)
        # session, user, person and unread notifications (context processors), project count and
        # page, groups, entries, phases (for the warnings), phase count
        with self.assertNumQueries(10):
            self.client.get(self.page)
