from __future__ import annotations

import datetime as dt
from decimal import Decimal

from mulighetsrom.accounts.models import Person, Unit
from mulighetsrom.projects import actions
from mulighetsrom.projects.models import Project
from mulighetsrom.stakeholders.models import EngagementEntry, StakeholderGroup
from mulighetsrom.test import BaseTestCase


class ProjectDashboardTestCase(BaseTestCase):
    def test_it_shows_warnings_for_the_plan_and_the_team(self) -> None:
        self.log_in(self.nora)
        r = self.client.get(self.url("dashboard:project"))
        self.assertContains(r, "IT and digitalisation (DigIt) is not on the team of this project")
        self.assertContains(r, "Eldreråd has no planned involvement.")
        self.assertEqual(len(r.context["warnings"]), 7)

    def test_it_shows_the_frames(self) -> None:
        Project.objects.filter(pk=self.project.pk).update(
            budget_ceiling=Decimal(1_450_000_000), target_year=2031, capacity_target=120, capacity_unit="plasser",
            quality_ambitions="Små bofellesskap",
        )  # fmt: skip
        self.log_in(self.nora)
        r = self.client.get(self.url("dashboard:project"))
        self.assertContains(r, "1,450,000,000 kr")
        self.assertContains(r, "2031")
        self.assertContains(r, "120 plasser")
        self.assertContains(r, "Små bofellesskap")

    def test_it_formats_numbers_the_norwegian_way_in_norwegian(self) -> None:
        Project.objects.filter(pk=self.project.pk).update(budget_ceiling=Decimal(1_450_000_000), target_year=2031)
        self.log_in(self.nora, english=False)
        r = self.client.get(self.url("dashboard:project"))
        self.assertContains(r, "1\xa0450\xa0000\xa0000 kr")
        # A year is not a quantity: no thousands separator.
        self.assertContains(r, "<dd>2031</dd>")

    def test_it_shows_the_team_by_unit(self) -> None:
        self.log_in(self.nora)
        r = self.client.get(self.url("dashboard:project"))
        self.assertContains(r, "Pleie og omsorg: 2")
        self.assertContains(r, "Eiendom: 1")
        self.assertContains(r, "The team (4 people)")

    def test_it_shows_recent_changes(self) -> None:
        group = StakeholderGroup.objects.get(project=self.project, name="Beboere")
        from mulighetsrom.stakeholders import actions as stakeholder_actions

        stakeholder_actions.save_engagement(
            entry=EngagementEntry(group=group, phase=self.phases[2], level="consult"), acting_user=self.ola
        )
        self.log_in(self.nora)
        r = self.client.get(self.url("dashboard:project"))
        verbs = [e.verb for e in r.context["events"]]
        self.assertEqual(verbs[0], "planned")
        self.assertIn("created", verbs)
        self.assertContains(r, "planned engagement plan entry «Beboere – 2. Program- og konseptutvikling»")
        self.assertContains(r, "added team member «Ola»")

    def test_it_shows_the_latest_gate_decisions(self) -> None:
        actions.record_gate_decision(
            project=self.project, to_phase=self.phases[2], outcome="continue", decided_on=dt.date(2026, 2, 1),
            basis="Godkjent", decided_by_person=None, decided_by_body="Formannskapet", acting_user=self.kari,
        )  # fmt: skip
        self.log_in(self.nora)
        r = self.client.get(self.url("dashboard:project"))
        self.assertContains(r, "Continue to a later phase – 1 → 2 (Formannskapet)")


class QueryCountTestCase(BaseTestCase):
    """Pages that list things run a fixed number of queries however much there is to list."""

    def grow(self, n: int) -> None:
        """Add `n` groups, each planned in three phases, `n` team members and `n` decisions."""
        start = StakeholderGroup.objects.filter(project=self.project).count()
        units = list(Unit.objects.filter(organization=self.organization))
        for i in range(start, start + n):
            group = StakeholderGroup.objects.create(project=self.project, name=f"Gruppe {i}", category="other")
            responsible = self.project.memberships.first()
            for step in (1, 2, 3):
                EngagementEntry.objects.create(
                    group=group, phase=self.phases[step], level="consult", methods=["interview"],
                    responsible=responsible, period_end=dt.date(2020, 1, 1),
                )  # fmt: skip
            person = Person.objects.create(
                organization=self.organization, name=f"Person {i}", unit=units[i % len(units)]
            )
            actions.add_member(
                project=self.project, person=person, role="viewer", function="other", acting_user=self.kari
            )
            actions.record_gate_decision(
                project=self.project, to_phase=self.project.current_phase, outcome="more_work",
                decided_on=dt.date(2026, 1, 1), basis="Mer", decided_by_person=person, decided_by_body="",
                acting_user=self.kari,
            )  # fmt: skip

    def assert_constant(self, url_name: str) -> int:
        url = self.url(url_name)
        self.log_in(self.ola)
        self.grow(3)
        self.count_queries(url)
        few = self.count_queries(url)
        self.grow(27)
        many = self.count_queries(url)
        self.assertEqual(few, many, url_name)
        return few

    def test_the_project_dashboard_is_constant(self) -> None:
        n = self.assert_constant("dashboard:project")
        with self.assertNumQueries(n):
            self.client.get(self.url("dashboard:project"))

    def test_the_engagement_matrix_is_constant(self) -> None:
        self.assert_constant("stakeholders:engagement")

    def test_the_team_page_is_constant(self) -> None:
        self.assert_constant("projects:team")

    def test_the_group_list_is_constant(self) -> None:
        self.assert_constant("stakeholders:groups")

    def test_the_phases_page_is_constant(self) -> None:
        self.assert_constant("projects:phases")

    def test_it_pins_the_query_counts(self) -> None:
        self.log_in(self.ola)
        self.grow(3)
        # Every project page: session, user, person and unread notifications (context processors),
        # project, membership, admin check.
        expected = {
            "dashboard:project": 29,  # 14 foundation + 10 golden-thread gaps (needs.gaps) + 5 collaboration
            "stakeholders:engagement": 10,
            "projects:team": 9,
            "stakeholders:groups": 9,
        }
        for name in expected:
            self.count_queries(self.url(name))
        for name, n in expected.items():
            with self.assertNumQueries(n):
                self.client.get(self.url(name))
