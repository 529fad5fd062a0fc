"""Shared setup for insight tests: an activity, groups and a few observations, one of them sensitive."""

from __future__ import annotations

import datetime as dt

from mulighetsrom.insight.models import Activity, ActivityGroup, Observation, Theme
from mulighetsrom.stakeholders.models import StakeholderGroup
from mulighetsrom.test import PASSWORD, BaseTestCase


class InsightTestCase(BaseTestCase):
    residents: StakeholderGroup
    relatives: StakeholderGroup
    staff: StakeholderGroup
    dementia: StakeholderGroup
    activity: Activity
    theme: Theme
    ordinary: Observation
    sensitive: Observation

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        groups = {g.name: g for g in StakeholderGroup.objects.filter(project=cls.project)}
        cls.residents = groups["Beboere"]
        cls.relatives = groups["Pårørende"]
        cls.staff = groups["Ansatte"]
        cls.dementia = StakeholderGroup.objects.create(
            project=cls.project, name="Beboere med demens", category=StakeholderGroup.Category.RESIDENTS
        )
        cls.activity = Activity.objects.create(
            project=cls.project,
            type=Activity.Type.INTERVIEW,
            title="Intervju med pårørende",
            date=dt.date(2026, 3, 1),
            phase=cls.phases[2],
        )
        ActivityGroup.objects.create(activity=cls.activity, group=cls.relatives, participants=4)
        cls.theme = Theme.objects.create(project=cls.project, name="Måltider")
        cls.ordinary = Observation.objects.create(
            project=cls.project,
            text="Mor spiser mer når hun får spise sammen med andre.",
            kind=Observation.Kind.QUOTE,
            activity=cls.activity,
            speaker_group=cls.relatives,
            on_behalf_of=cls.dementia,
            theme=cls.theme,
        )
        cls.sensitive = Observation.objects.create(
            project=cls.project,
            text="Far har Alzheimer og vandrer om natten.",
            kind=Observation.Kind.PARAPHRASE,
            activity=cls.activity,
            speaker_group=cls.relatives,
            sensitivity=Observation.Sensitivity.SPECIAL,
            theme=cls.theme,
        )

    def login(self, user) -> None:
        # English UI, so assertions do not depend on the Norwegian translation.
        self.client.cookies["django_language"] = "en"
        self.client.login(email=user.email, password=PASSWORD)
