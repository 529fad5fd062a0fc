from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from mulighetsrom.insight.models import Insight, Observation, Theme
from mulighetsrom.insight.tests.base import InsightTestCase


class ThemeTestCase(InsightTestCase):
    def setUp(self) -> None:
        self.other = Theme.objects.create(project=self.project, name="Lys og utsikt")
        self.loose = Observation.objects.create(project=self.project, text="Vi ser bare en vegg.")

    def test_it_creates_and_renames_a_theme(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:theme_create"), {"name": "Ro om natten"})
        self.assertRedirects(r, self.url("insight:board"))
        theme = Theme.objects.get(name="Ro om natten")
        self.client.post(self.url("insight:theme_rename", theme.code), {"name": "Søvn og ro", "description": "Natt"})
        theme.refresh_from_db()
        self.assertEqual((theme.name, theme.description), ("Søvn og ro", "Natt"))

    def refusal(self, url: str, data: dict[str, Any], lands_on: str) -> str:
        """Post something the view must refuse; return the one error message shown where the user lands."""
        r = self.client.post(url, data, follow=True)
        self.assertEqual(r.redirect_chain, [(lands_on, 302)])
        shown = [(m.level_tag, str(m)) for m in get_messages(r.wsgi_request)]
        self.assertEqual([level for level, _text in shown], ["error"], shown)
        self.assertContains(r, escape(shown[0][1]))
        return shown[0][1]

    def test_it_rejects_an_empty_or_over_long_name(self) -> None:
        self.login(self.ingrid)
        board = self.url("insight:board")
        message = "Give the theme a name of at most 120 characters."
        self.assertEqual(self.refusal(self.url("insight:theme_create"), {"name": ""}, board), message)
        self.assertEqual(self.refusal(self.url("insight:theme_create"), {"name": "x" * 121}, board), message)
        self.assertEqual(Theme.objects.count(), 2)

    def test_it_moves_observations_in_bulk_and_back_to_no_theme(self) -> None:
        self.login(self.ingrid)
        data = {"observations": [self.loose.pk, self.ordinary.pk], "theme": self.other.pk}
        self.client.post(self.url("insight:move"), data)
        self.assertEqual(set(self.other.observations.all()), {self.loose, self.ordinary})
        self.client.post(self.url("insight:move"), {"observations": [self.loose.pk], "theme": ""})
        self.loose.refresh_from_db()
        self.assertIsNone(self.loose.theme)

    def test_a_viewer_cannot_move_a_sensitive_observation_and_nobody_can_move_foreign_ones(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:move"), {"observations": [999999], "theme": self.other.pk})
        self.assertEqual(r.status_code, 302)
        self.assertFalse(self.other.observations.exists())
        self.login(self.nora)
        r = self.client.post(self.url("insight:move"), {"observations": [self.sensitive.pk], "theme": self.other.pk})
        self.assertEqual(r.status_code, 403)

    def test_it_merges_themes_and_keeps_insight_links(self) -> None:
        insight = Insight.objects.create(project=self.project, statement="Måltider betyr mye")
        insight.themes.add(self.theme)
        self.loose.theme = self.other
        self.loose.save()
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:theme_merge", self.theme.code), {"target": self.other.pk})
        self.assertRedirects(r, self.url("insight:theme", self.other.code))
        self.assertFalse(Theme.objects.filter(pk=self.theme.pk).exists())
        self.assertEqual(self.other.observations.count(), 3)
        self.assertEqual(list(insight.themes.all()), [self.other])

    def test_it_cannot_merge_a_theme_into_itself(self) -> None:
        self.login(self.ingrid)
        url, page = self.url("insight:theme_merge", self.theme.code), self.url("insight:theme", self.theme.code)
        self.assertEqual(self.refusal(url, {"target": self.theme.pk}, page), "Choose the theme to merge into.")
        self.assertTrue(Theme.objects.filter(pk=self.theme.pk).exists())
        self.assertEqual(self.theme.observations.count(), 2)

    def test_it_splits_a_theme(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(
            self.url("insight:theme_split", self.theme.code), {"name": "Natt", "observations": [self.sensitive.pk]}
        )
        new = Theme.objects.get(name="Natt")
        self.assertRedirects(r, self.url("insight:theme", new.code))
        self.assertEqual(list(new.observations.all()), [self.sensitive])
        self.assertEqual(list(self.theme.observations.all()), [self.ordinary])

    def test_split_needs_observations_of_that_theme(self) -> None:
        self.login(self.ingrid)
        url, page = self.url("insight:theme_split", self.theme.code), self.url("insight:theme", self.theme.code)
        text = self.refusal(url, {"name": "Natt", "observations": [self.loose.pk]}, page)
        self.assertEqual(text, "Name the new theme and choose at least one observation to move to it.")
        self.assertFalse(Theme.objects.filter(name="Natt").exists())
        self.loose.refresh_from_db()
        self.assertIsNone(self.loose.theme)

    def test_access_rules(self) -> None:
        code = self.theme.code
        self.login(self.nora)
        self.assertEqual(self.client.get(self.url("insight:theme", code)).status_code, 200)
        for name in ("insight:theme_rename", "insight:theme_merge", "insight:theme_split", "insight:theme_delete"):
            self.assertEqual(self.client.post(self.url(name, code), {}).status_code, 403, name)
        self.login(self.ingrid)
        self.assertEqual(self.client.post(self.url("insight:theme_delete", code)).status_code, 403)
        for name in ("insight:theme_rename", "insight:theme_merge", "insight:theme_split", "insight:theme_delete"):
            self.assertEqual(self.client.get(self.url(name, code)).status_code, 405, name)
        self.login(self.per)
        self.assertEqual(self.client.get(self.url("insight:board")).status_code, 404)
        self.login(self.kari)
        self.assertEqual(
            self.client.get(self.url("insight:theme", "00000000-0000-0000-0000-000000000000")).status_code, 404
        )
        self.client.post(self.url("insight:theme_delete", code))
        self.ordinary.refresh_from_db()
        self.assertIsNone(self.ordinary.theme)


class BoardTestCase(InsightTestCase):
    def test_a_column_shows_its_first_cards_and_links_to_the_rest_in_constant_queries(self) -> None:
        from mulighetsrom.insight.views import BOARD_CARDS

        self.login(self.kari)
        with CaptureQueriesContext(connection) as small:
            self.client.get(self.url("insight:board"))
        Observation.objects.bulk_create(
            Observation(project=self.project, text=f"Notat {i}", theme=self.theme if i % 2 else None)
            for i in range(2 * BOARD_CARDS + 8)
        )
        with self.assertNumQueries(len(small.captured_queries)):
            r = self.client.get(self.url("insight:board"))
        column = dict((t.pk, (cards, n)) for t, cards, n in r.context["columns"])[self.theme.pk]
        self.assertEqual(len(column[0]), BOARD_CARDS)
        self.assertEqual(column[0][0], self.ordinary)  # the oldest first
        self.assertEqual(column[1], BOARD_CARDS + 4 + 2)
        self.assertEqual(len(r.context["unsorted"]), BOARD_CARDS)
        self.assertContains(r, f"({BOARD_CARDS + 6})")
        self.assertContains(r, self.url("insight:observations") + "?theme=none")
