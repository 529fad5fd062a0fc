from __future__ import annotations

from mulighetsrom.insight.models import Observation
from mulighetsrom.insight.tests.base import InsightTestCase


class ObservationEditTestCase(InsightTestCase):
    def data(self, **extra: object) -> dict[str, object]:
        data: dict[str, object] = {
            "text": "Mor spiser mer sammen med andre.",
            "kind": "paraphrase",
            "activity": self.activity.pk,
            "speaker_group": self.relatives.pk,
            "on_behalf_of": self.dementia.pk,
            "legal_basis": "consent",
            "sensitivity": "ordinary",
            "theme": "",
            "tag_list": "mat, Fellesskap",
        }
        data.update(extra)
        return data

    def test_it_saves_changes_and_tags(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:observation_edit", self.ordinary.code), self.data())
        self.assertRedirects(r, self.url("insight:observations"))
        self.ordinary.refresh_from_db()
        self.assertEqual((self.ordinary.kind, self.ordinary.theme), ("paraphrase", None))
        self.assertEqual(sorted(t.name for t in self.ordinary.tags.all()), ["fellesskap", "mat"])

    def test_it_redacts_identifiers_added_in_an_edit(self) -> None:
        self.login(self.ingrid)
        self.client.post(
            self.url("insight:observation_edit", self.ordinary.code), self.data(text="Send til ola@example.org")
        )
        self.ordinary.refresh_from_db()
        self.assertEqual(self.ordinary.text, "Send til [e-postadresse fjernet]")

    def test_it_rejects_over_long_text_and_foreign_ids(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:observation_edit", self.ordinary.code), self.data(text="x" * 5001))
        self.assertEqual(r.status_code, 200)
        other_theme_id = 10**9
        r = self.client.post(self.url("insight:observation_edit", self.ordinary.code), self.data(theme=other_theme_id))
        self.assertEqual(r.status_code, 200)
        self.ordinary.refresh_from_db()
        self.assertNotEqual(self.ordinary.kind, "paraphrase")

    def test_only_editors_delete_and_delete_is_post_only(self) -> None:
        self.login(self.ingrid)
        self.assertEqual(self.client.post(self.url("insight:observation_delete", self.ordinary.code)).status_code, 403)
        self.login(self.ola)
        self.assertEqual(self.client.get(self.url("insight:observation_delete", self.ordinary.code)).status_code, 405)
        self.client.post(self.url("insight:observation_delete", self.ordinary.code))
        self.assertFalse(Observation.objects.filter(pk=self.ordinary.pk).exists())
        r = self.client.post(self.url("insight:observation_delete", self.ordinary.code))
        self.assertEqual(r.status_code, 404)
