"""The benchmark data generator (benchmarks/generate.py) keeps working with the models."""

from __future__ import annotations

from django.test import TestCase

from benchmarks.generate import GROUPS_PER_PROJECT, MEMBERS_PER_PROJECT, focus_growth, generate
from mulighetsrom.projects.access import get_access
from mulighetsrom.projects.models import GateDecision, Project
from mulighetsrom.stakeholders.models import EngagementEntry


class GenerateTests(TestCase):
    def test_scale_one_is_one_ordinary_municipality(self) -> None:
        dataset = generate(1)
        counts = dataset.counts
        self.assertEqual(counts["projects"], 10)
        self.assertEqual(counts["units"], 10)
        self.assertEqual(counts["people"], 101)  # 100 and the admin
        self.assertEqual(counts["groups"], 10 * GROUPS_PER_PROJECT)
        self.assertEqual(counts["memberships"], 10 * MEMBERS_PER_PROJECT)
        self.assertEqual(counts["gate_decisions"], 30)
        # Most group × phase cells have a plan entry.
        self.assertGreater(counts["engagement_entries"], 0.6 * 10 * GROUPS_PER_PROJECT * 8)
        self.assertLess(counts["engagement_entries"], 0.9 * 10 * GROUPS_PER_PROJECT * 8)
        self.assertGreaterEqual(counts["events"], 300)

    def test_the_admin_owns_the_focus_project_and_its_phase_follows_the_decisions(self) -> None:
        dataset = generate(0.1)
        access = get_access(dataset.user, dataset.focus)
        assert access is not None
        self.assertTrue(access.is_owner)
        focus = Project.objects.get(pk=dataset.focus.pk)
        latest = GateDecision.objects.filter(project=focus).order_by("-decided_on").first()
        assert latest is not None
        self.assertEqual(focus.current_phase_id, latest.to_phase_id)
        entry = EngagementEntry.objects.filter(group__project=focus, responsible__isnull=False).first()
        assert entry is not None and entry.responsible is not None
        self.assertEqual(entry.responsible.project_id, focus.pk)

    def test_two_datasets_fit_in_one_database(self) -> None:
        first, second = generate(0.1), generate(0.1)
        self.assertNotEqual(first.organization.kommunenummer, second.organization.kommunenummer)

    def test_the_focus_project_grows_with_scale(self) -> None:
        self.assertEqual(focus_growth(1), 0)
        self.assertEqual(focus_growth(100), 4)
        self.assertEqual(focus_growth(0.1), 0)
