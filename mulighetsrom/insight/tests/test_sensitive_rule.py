"""The "may see sensitive observations" rule lives in one place and every consumer follows it."""

from __future__ import annotations

from django.utils import timezone

from mulighetsrom.accounts.models import Person, User
from mulighetsrom.feedback.actions import get_publication, public_quotes, quotable_observations
from mulighetsrom.feedback.models import PublishedQuote
from mulighetsrom.insight.models import Insight, Observation
from mulighetsrom.insight.reading import insights_with_strength
from mulighetsrom.insight.tests.base import InsightTestCase
from mulighetsrom.projects.access import SENSITIVE_ROLE, ProjectAccess, get_access
from mulighetsrom.projects.models import Role
from mulighetsrom.reports.actions import audience_for
from mulighetsrom.reports.models import GeneratedDocument


class SensitiveRuleTestCase(InsightTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.insight = Insight.objects.create(project=cls.project, statement="Måltider i små grupper")
        cls.insight.evidence.set([cls.ordinary, cls.sensitive])
        # Per administers the organization but is not on the team: he may look, as a viewer.
        Person.objects.filter(user=cls.per).update(org_role=Person.OrgRole.ADMIN)

    def access(self, user: User) -> ProjectAccess:
        access = get_access(user, self.project)
        assert access is not None
        return access

    def test_the_rule_is_the_sensitive_role(self) -> None:
        self.assertEqual(SENSITIVE_ROLE, Role.CONTRIBUTOR)
        expected = {self.nora: False, self.per: False, self.ingrid: True, self.ola: True, self.kari: True}
        self.assertEqual({u: self.access(u).may_see_sensitive for u in expected}, expected)

    def test_every_reader_follows_the_rule(self) -> None:
        for user in (self.nora, self.per, self.ingrid, self.ola, self.kari):
            access = self.access(user)
            with self.subTest(user=user.email, may_see=access.may_see_sensitive):
                expected = {self.ordinary.pk, self.sensitive.pk} if access.may_see_sensitive else {self.ordinary.pk}
                # The queryset, the row-by-row check and the evidence an insight shows agree.
                self.assertEqual(set(Observation.objects.visible_to(access).values_list("pk", flat=True)), expected)
                rows = Observation.objects.filter(pk__in=[self.ordinary.pk, self.sensitive.pk])
                self.assertEqual({o.pk for o in rows if o.is_visible_to(access)}, expected)
                (row,) = insights_with_strength(access)
                self.assertEqual({o.pk for o in row.visible_evidence}, expected)
                # Evidence strength counts all evidence, whoever looks.
                self.assertEqual(row.strength.observations, 2)
                # The insight report is made for (and downloadable by) the sensitive role only when it may hold them.
                role = SENSITIVE_ROLE if access.may_see_sensitive else Role.VIEWER
                self.assertEqual(audience_for(access, GeneratedDocument.Kind.INSIGHT), role)
                self.assertEqual(audience_for(access, GeneratedDocument.Kind.NEEDS), Role.VIEWER)

    def test_theme_suggestions_need_the_sensitive_role(self) -> None:
        for user, status in ((self.nora, 403), (self.ingrid, 200)):
            self.login(user)
            with self.subTest(user=user.email):
                self.assertEqual(self.client.get(self.url("insight:suggestions")).status_code, status)

    def test_sensitive_observations_are_never_quoted_publicly(self) -> None:
        self.assertEqual(list(quotable_observations(self.project)), [self.ordinary])
        publication = get_publication(self.project)
        for observation in (self.ordinary, self.sensitive):
            PublishedQuote.objects.create(
                publication=publication,
                observation=observation,
                text=f"Sitat {observation.pk}",
                approved_by=self.ola,
                approved_at=timezone.now(),
            )
        loose = public_quotes(publication, {})
        self.assertEqual([q.text for q in loose], [f"Sitat {self.ordinary.pk}"])
        # Marked sensitive after approval: the quote leaves the public page too.
        Observation.objects.filter(pk=self.ordinary.pk).update(sensitivity=Observation.Sensitivity.SPECIAL)
        self.assertEqual(public_quotes(publication, {}), [])
