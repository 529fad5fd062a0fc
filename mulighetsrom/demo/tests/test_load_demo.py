from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from mulighetsrom.accounts.models import Organization, Person, User
from mulighetsrom.demo import foundation
from mulighetsrom.demo.management.commands.load_demo import DEMO_PASSWORD
from mulighetsrom.feedback.models import Publication, PublishedQuote
from mulighetsrom.insight.models import Observation
from mulighetsrom.projects.models import GateDecision, Project
from mulighetsrom.stakeholders.models import EngagementEntry, StakeholderGroup
from mulighetsrom.surveys.models import Response, Survey


class LoadDemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=StringIO())

    def setUp(self) -> None:
        self.project = Project.objects.get(name="Nye Lindeberg helsehus")

    def open_dashboard(self, email: str = "kari@demo.no"):
        self.assertTrue(self.client.login(email=email, password=DEMO_PASSWORD))
        self.client.cookies["django_language"] = "en"
        return self.client.get(reverse("dashboard:project", args=[self.project.slug]))

    def test_it_loads_a_municipality_with_people_and_a_project_in_step_2(self) -> None:
        organization = Organization.objects.get(kommunenummer=foundation.KOMMUNENUMMER)
        self.assertEqual(self.project.organization, organization)
        self.assertEqual(self.project.current_phase.number, 2)
        # About 25 people with the competence map (demo.collaboration).
        self.assertTrue(20 <= Person.objects.filter(organization=organization).count() <= 30)
        self.assertEqual(User.objects.filter(email__endswith="@demo.no").count(), len(foundation.LOGINS))

    def test_it_has_two_past_gate_decisions(self) -> None:
        decisions = list(GateDecision.objects.filter(project=self.project))
        self.assertEqual(len(decisions), 2)
        self.assertEqual({d.outcome for d in decisions}, {"more_work", "continue"})
        self.assertTrue(all(d.decided_on < self.project.created_at.date() for d in decisions))

    def test_it_has_eight_to_ten_stakeholder_groups_and_a_plan(self) -> None:
        self.assertTrue(8 <= StakeholderGroup.objects.filter(project=self.project).count() <= 10)
        self.assertGreaterEqual(EngagementEntry.objects.filter(group__project=self.project).count(), 10)

    def test_the_dashboard_warns_about_a_council_heard_too_late_and_missing_digit(self) -> None:
        r = self.open_dashboard()
        kinds = {w.kind for w in r.context["warnings"]}
        self.assertIn("council_too_late", kinds)
        self.assertContains(r, "Eldreråd is not planned to be heard before the room programme is fixed")
        self.assertEqual(r.context["coverage"].missing_kinds, ["it"])
        self.assertContains(r, "IT and digitalisation (DigIt) is not on the team of this project")

    def test_every_demo_login_works(self) -> None:
        for email, _description in foundation.LOGINS:
            self.assertTrue(self.client.login(email=email, password=DEMO_PASSWORD), email)
        # Per is in DigIt but not on the team: an outsider to the project.
        self.assertEqual(self.open_dashboard("per@demo.no").status_code, 404)
        self.assertEqual(self.open_dashboard("nora@demo.no").status_code, 200)

    def test_it_does_nothing_when_the_demo_is_loaded(self) -> None:
        out = StringIO()
        call_command("load_demo", stdout=out)
        self.assertIn("already loaded", out.getvalue())
        self.assertEqual(Project.objects.filter(name="Nye Lindeberg helsehus").count(), 1)
        self.assertEqual(Project.objects.get(name="Nye Lindeberg helsehus").pk, self.project.pk)

    def test_it_reloads_with_reset(self) -> None:
        StakeholderGroup.objects.filter(project=self.project).delete()
        call_command("load_demo", "--reset", stdout=StringIO())
        reloaded = Project.objects.get(name="Nye Lindeberg helsehus")
        self.assertNotEqual(reloaded.pk, self.project.pk)
        self.assertFalse(Project.objects.filter(pk=self.project.pk).exists())
        self.assertTrue(8 <= reloaded.stakeholder_groups.count() <= 10)
        self.assertEqual(Organization.objects.filter(kommunenummer=foundation.KOMMUNENUMMER).count(), 1)
        self.assertTrue(self.client.login(email="kari@demo.no", password=DEMO_PASSWORD))

    def test_the_demo_has_surveys_answers_and_published_feedback(self) -> None:
        # Was feedback/tests/test_demo.py with a demo load of its own: it only reads, so it shares this one.
        closed, open_ = sorted(Survey.objects.all(), key=lambda s: s.is_open())
        self.assertFalse(closed.is_open())
        self.assertTrue(open_.is_open())
        submitted = Response.objects.filter(survey=closed, submitted_at__isnull=False)
        self.assertGreaterEqual(submitted.count(), 100)
        self.assertTrue(submitted.filter(channel=Response.Channel.ASSISTED, assisted_by__isnull=False).exists())
        self.assertEqual(set(submitted.values_list("group__name", flat=True)), {"Beboere", "Pårørende", "Ansatte"})
        self.assertTrue(Observation.objects.filter(kind=Observation.Kind.ANSWER, speaker_group__isnull=False).exists())
        publication = Publication.objects.get()
        self.assertTrue(publication.is_published)
        r = self.client.get(f"/prosjekt/{publication.public_slug}/?lang=en")
        self.assertContains(r, "Not taken forward")
        self.assertContains(r, "Why:")
        self.assertContains(r, open_.title)
        quotes = list(PublishedQuote.objects.select_related("observation", "group", "item"))
        self.assertTrue(2 <= len(quotes) <= 3)
        for quote in quotes:
            self.assertContains(r, f"«{quote.text}»")
            self.assertIsNotNone(quote.group)
            self.assertIsNotNone(quote.item)
            self.assertFalse(quote.observation.is_sensitive)


class ResetGuardTestCase(TestCase):
    def test_it_refuses_to_reset_a_real_municipality_with_the_demo_number(self) -> None:
        from django.core.management.base import CommandError

        from mulighetsrom.projects.actions import create_organization

        admin = User.objects.create_user(email="admin@oslo.kommune.no", password="x-y-z-123456")
        create_organization(name="Oslo kommune", kommunenummer="0301", admin_user=admin, admin_name="Admin")
        with self.assertRaises(CommandError):
            call_command("load_demo", "--reset", stdout=StringIO())
        self.assertTrue(Organization.objects.filter(kommunenummer="0301", people__user=admin).exists())
