"""Every insight view, checked with every persona."""

from __future__ import annotations

from mulighetsrom.insight.models import Insight, ThemeSuggestion
from mulighetsrom.insight.tests.base import InsightTestCase


class InsightAccessTestCase(InsightTestCase):
    def setUp(self) -> None:
        insight = Insight.objects.create(project=self.project, statement="S")
        run = self.project.suggestion_runs.create(status="done")
        suggestion = ThemeSuggestion.objects.create(run=run, project=self.project, terms=["a"], member_ids=[])
        a, t, o, i, s = self.activity.code, self.theme.code, self.ordinary.code, insight.code, suggestion.code
        self.read_views = [
            ("insight:activities", ()),
            ("insight:activity", (a,)),
            ("insight:observations", ()),
            ("insight:export", ()),
            ("insight:board", ()),
            ("insight:theme", (t,)),
            ("insight:insights", ()),
            ("insight:insight", (i,)),
            ("insight:coverage", ()),
        ]
        self.contribute_views = [
            ("insight:activity_create", ()),
            ("insight:activity_edit", (a,)),
            ("insight:capture", ()),
            ("insight:observation_edit", (o,)),
            ("insight:insight_create", ()),
            ("insight:insight_edit", (i,)),
            ("insight:suggestions", ()),
            ("insight:import", ()),
        ]
        self.post_only = [
            ("insight:activity_done", (a,)),
            ("insight:activity_delete", (a,)),
            ("insight:attachment_upload", (a,)),
            ("insight:move", ()),
            ("insight:theme_create", ()),
            ("insight:theme_rename", (t,)),
            ("insight:theme_merge", (t,)),
            ("insight:theme_split", (t,)),
            ("insight:theme_delete", (t,)),
            ("insight:suggestion_run", ()),
            ("insight:suggestion_accept", (s,)),
            ("insight:suggestion_discard", (s,)),
            ("insight:observation_delete", (o,)),
            ("insight:insight_delete", (i,)),
        ]

    def test_anonymous_users_go_to_login(self) -> None:
        for name, args in self.read_views:
            r = self.client.get(self.url(name, *args))
            self.assertEqual(r.status_code, 302, name)

    def test_outsiders_get_404_everywhere(self) -> None:
        for user in (self.per, self.eva):
            self.login(user)
            for name, args in self.read_views + self.contribute_views:
                self.assertEqual(self.client.get(self.url(name, *args)).status_code, 404, (user, name))
            for name, args in self.post_only:
                self.assertEqual(self.client.post(self.url(name, *args)).status_code, 404, (user, name))

    def test_viewers_read_but_do_not_write(self) -> None:
        self.login(self.nora)
        for name, args in self.read_views:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 200, name)
        for name, args in self.contribute_views:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 403, name)
        for name, args in self.post_only:
            self.assertEqual(self.client.post(self.url(name, *args)).status_code, 403, name)

    def test_contributors_reach_the_contributor_views(self) -> None:
        self.login(self.ingrid)
        for name, args in self.read_views + self.contribute_views:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 200, name)

    def test_post_only_views_reject_get(self) -> None:
        self.login(self.kari)
        for name, args in self.post_only:
            self.assertEqual(self.client.get(self.url(name, *args)).status_code, 405, name)
