from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mulighetsrom.insight.highlight import highlight
from mulighetsrom.insight.models import Observation, Tag
from mulighetsrom.insight.tests.base import InsightTestCase


class ObservationListTestCase(InsightTestCase):
    def test_contributors_see_sensitive_observations(self) -> None:
        for user in (self.kari, self.ola, self.ingrid):
            self.login(user)
            r = self.client.get(self.url("insight:observations"))
            self.assertContains(r, "Alzheimer")

    def test_viewers_and_org_admins_off_the_team_do_not_see_sensitive_observations(self) -> None:
        self.login(self.nora)
        r = self.client.get(self.url("insight:observations"))
        self.assertContains(r, "spiser mer")
        self.assertNotContains(r, "Alzheimer")
        r = self.client.get(self.url("insight:observations") + "?q=Alzheimer")
        self.assertNotContains(r, "Alzheimer</mark>")
        # Kari administers the organization; off the team she is a viewer.
        self.project.memberships.filter(person=self.kari_person).delete()
        self.login(self.kari)
        self.assertNotContains(self.client.get(self.url("insight:observations")), "Alzheimer")
        self.assertNotContains(self.client.get(self.url("insight:board")), "Alzheimer")
        self.assertNotContains(self.client.get(self.url("insight:theme", self.theme.code)), "Alzheimer")
        self.assertNotContains(self.client.get(self.url("insight:activity", self.activity.code)), "Alzheimer")
        self.assertNotContains(self.client.get(self.url("insight:export")), b"Alzheimer")

    def test_a_viewer_cannot_open_a_sensitive_observation_by_its_id(self) -> None:
        self.login(self.nora)
        self.assertEqual(self.client.get(self.url("insight:observation_edit", self.sensitive.code)).status_code, 403)
        self.login(self.ingrid)
        self.assertEqual(self.client.get(self.url("insight:observation_edit", self.sensitive.code)).status_code, 200)

    def test_it_searches_and_highlights(self) -> None:
        self.login(self.ingrid)
        r = self.client.get(self.url("insight:observations") + "?q=spiser")
        self.assertContains(r, "<mark>spiser</mark>")
        self.assertNotContains(r, "Alzheimer")

    def test_it_filters_by_group_kind_tag_theme_and_sensitivity(self) -> None:
        other = Observation.objects.create(project=self.project, text="Personalet trenger pauserom.", kind="problem")
        tag = Tag.objects.create(project=self.project, name="pause")
        other.tags.add(tag)
        self.login(self.ingrid)
        base = self.url("insight:observations")
        cases = {
            f"?group={self.relatives.pk}": (["spiser mer", "Alzheimer"], ["pauserom"]),
            "?kind=problem": (["pauserom"], ["spiser mer"]),
            "?tag=pause": (["pauserom"], ["spiser mer"]),
            "?theme=none": (["pauserom"], ["spiser mer"]),
            f"?theme={self.theme.code}": (["spiser mer"], ["pauserom"]),
            "?sensitivity=special": (["Alzheimer"], ["spiser mer"]),
            f"?activity={self.activity.pk}": (["spiser mer"], ["pauserom"]),
        }
        for query, (present, absent) in cases.items():
            r = self.client.get(base + query)
            for text in present:
                self.assertContains(r, text, msg_prefix=query)
            for text in absent:
                self.assertNotContains(r, text, msg_prefix=query)

    def test_htmx_gets_only_the_results(self) -> None:
        self.login(self.ingrid)
        r = self.client.get(self.url("insight:observations") + "?q=mor", HTTP_HX_REQUEST="true")
        self.assertNotContains(r, "<html")
        self.assertContains(r, "<mark>Mor</mark>")

    def test_highlight_escapes_before_marking(self) -> None:
        self.assertEqual(
            highlight("<b>rom</b> & rommet", "rom"),
            "&lt;b&gt;<mark>rom</mark>&lt;/b&gt; &amp; <mark>rommet</mark>",
        )
        self.assertEqual(highlight("a &amp b", "amp"), "a &amp;<mark>amp</mark> b")
        self.assertEqual(highlight("<script>", ""), "&lt;script&gt;")

    def test_the_list_has_a_constant_number_of_queries(self) -> None:
        self.login(self.ingrid)
        tag = Tag.objects.create(project=self.project, name="x")

        def count() -> int:
            with CaptureQueriesContext(connection) as ctx:
                self.client.get(self.url("insight:observations"))
            return len(ctx.captured_queries)

        first = count()
        for i in range(10):
            o = Observation.objects.create(
                project=self.project,
                text=f"Obs {i}",
                activity=self.activity,
                speaker_group=self.staff,
                theme=self.theme,
            )
            o.tags.add(tag)
        self.assertEqual(count(), first)
        with CaptureQueriesContext(connection) as ctx:
            self.client.get(self.url("insight:board"))
        board_first = len(ctx.captured_queries)
        Observation.objects.create(project=self.project, text="En til", speaker_group=self.residents)
        with CaptureQueriesContext(connection) as ctx:
            self.client.get(self.url("insight:board"))
        self.assertEqual(len(ctx.captured_queries), board_first)

    def test_export_neutralises_formulas(self) -> None:
        import io

        from openpyxl import load_workbook

        Observation.objects.create(project=self.project, text='=HYPERLINK("http://x")')
        Observation.objects.create(project=self.project, text="-2+3")
        self.login(self.ingrid)
        r = self.client.get(self.url("insight:export"))
        self.assertEqual(r.status_code, 200)
        sheet = load_workbook(io.BytesIO(r.content)).active
        texts = [row[0].value for row in sheet.iter_rows(min_row=2)]
        self.assertIn('\'=HYPERLINK("http://x")', texts)
        self.assertIn("'-2+3", texts)
        self.assertIn("Far har Alzheimer og vandrer om natten.", texts)

    def test_export_survives_control_characters_typed_into_an_observation(self) -> None:
        import io

        from openpyxl import load_workbook

        # A bell and a vertical tab pasted from another program: openpyxl refuses the whole workbook.
        Observation.objects.create(project=self.project, text="Ringeklokka\x07 virker ikke\x0b om natta")
        self.login(self.ingrid)
        r = self.client.get(self.url("insight:export"))
        self.assertEqual(r.status_code, 200)
        texts = [row[0].value for row in load_workbook(io.BytesIO(r.content)).active.iter_rows(min_row=2)]
        self.assertIn("Ringeklokka  virker ikke  om natta", texts)

    def test_bad_query_parameters_do_not_break_pages(self) -> None:
        self.login(self.ingrid)
        for query in ("?theme=nope", "?group=abc", "?page=999", "?page=x", "?activity=-1", "?q=" + "ø" * 300):
            self.assertEqual(self.client.get(self.url("insight:observations") + query).status_code, 200, query)
        self.assertEqual(self.client.get(self.url("insight:capture") + "?activity=not-a-uuid").status_code, 200)
        self.assertEqual(self.client.get(self.url("insight:insight_create") + "?theme=not-a-uuid").status_code, 200)
