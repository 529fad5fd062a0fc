from __future__ import annotations

import uuid

from mulighetsrom.insight.models import Observation, PersonalDataKept
from mulighetsrom.insight.tests.base import InsightTestCase
from mulighetsrom.projects.models import ProjectEvent

# A valid fødselsnummer (check digits right): 01019012345 is not; 15076500565 is.
FNR = "15076500565"


class CaptureTestCase(InsightTestCase):
    def data(self, notes: str, **extra: object) -> dict[str, object]:
        data: dict[str, object] = {
            "notes": notes,
            "kind": "quote",
            "activity": self.activity.pk,
            "speaker_group": self.residents.pk,
            "legal_basis": "anonymous",
            "sensitivity": "ordinary",
            "tags": "Mat, fellesskap, mat",
            "submission_key": str(uuid.uuid4()),
        }
        data.update(extra)
        return data

    def new(self) -> list[Observation]:
        return list(Observation.objects.exclude(pk__in=[self.ordinary.pk, self.sensitive.pk]).order_by("id"))

    def test_it_creates_one_observation_per_bullet(self) -> None:
        self.login(self.ingrid)
        notes = "- Maten kommer kald.\n• Vi vil se ut.\n* Det er for mørkt\n  i gangen.\n1. Lite plass til rullator."
        r = self.client.post(self.url("insight:capture"), self.data(notes))
        self.assertRedirects(r, self.url("insight:observations"))
        texts = [o.text for o in self.new()]
        self.assertEqual(
            texts, ["Maten kommer kald.", "Vi vil se ut.", "Det er for mørkt i gangen.", "Lite plass til rullator."]
        )
        first = self.new()[0]
        self.assertEqual(sorted(t.name for t in first.tags.all()), ["fellesskap", "mat"])
        self.assertEqual((first.activity, first.speaker_group), (self.activity, self.residents))

    def test_a_double_submit_creates_the_batch_once(self) -> None:
        self.login(self.ingrid)
        data = self.data("Linje en\nLinje to")
        self.client.post(self.url("insight:capture"), data)
        self.client.post(self.url("insight:capture"), data)
        self.assertEqual(len(self.new()), 2)

    def test_it_shows_personal_data_and_saves_nothing_before_review(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:capture"), self.data(f"Ring meg på 912 34 567\nMitt fnr er {FNR}"))
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "telefonnummer")
        self.assertContains(r, "fødselsnummer")
        self.assertEqual(self.new(), [])

    def test_it_redacts_by_default_after_review(self) -> None:
        self.login(self.ingrid)
        data = self.data(f"Ring meg på 912 34 567\nMitt fnr er {FNR}", pii_reviewed="1")
        self.client.post(self.url("insight:capture"), data)
        texts = [o.text for o in self.new()]
        self.assertEqual(texts, ["Ring meg på [telefonnummer fjernet]", "Mitt fnr er [fødselsnummer fjernet]"])
        self.assertFalse(PersonalDataKept.objects.exists())

    def test_keeping_a_hit_needs_a_reason(self) -> None:
        self.login(self.ingrid)
        data = self.data("Ring sentralbordet på 912 34 567", pii_reviewed="1", **{"keep_0-0": "1"})
        r = self.client.post(self.url("insight:capture"), data)
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "Give a reason", status_code=400)
        self.assertEqual(self.new(), [])

    def test_a_kept_hit_is_audited_without_the_identifier(self) -> None:
        self.login(self.ingrid)
        data = self.data(
            "Ring sentralbordet på 912 34 567",
            pii_reviewed="1",
            **{"keep_0-0": "1", "reason_0-0": "Offentlig sentralbordnummer"},
        )
        self.client.post(self.url("insight:capture"), data)
        [obs] = self.new()
        self.assertEqual(obs.text, "Ring sentralbordet på 912 34 567")
        audit = PersonalDataKept.objects.get()
        self.assertEqual((audit.kind, audit.observation, audit.kept_by), ("telefonnummer", obs, self.ingrid))
        self.assertNotIn("912", audit.reason)
        event = ProjectEvent.objects.filter(object_type="insight.observation").latest("id")
        self.assertNotIn("912", event.object_label)
        self.assertNotIn("sentralbord", event.object_label)

    def test_it_rejects_over_long_notes(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:capture"), self.data("kort\n" + "x" * 5001))
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "Shorten note 2", status_code=400)
        self.assertEqual(self.new(), [])

    def test_it_rejects_empty_notes_and_foreign_ids(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:capture"), self.data("  \n - \n"))
        self.assertEqual(r.status_code, 400)
        r = self.client.post(self.url("insight:capture"), self.data("En linje", activity=999999))
        self.assertEqual(r.status_code, 400)
        self.assertEqual(self.new(), [])

    def test_a_group_cannot_be_its_own_proxy(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:capture"), self.data("En linje", on_behalf_of=self.residents.pk))
        self.assertEqual(r.status_code, 400)

    def test_html_in_notes_is_stored_as_text_and_rendered_escaped(self) -> None:
        self.login(self.ingrid)
        self.client.post(self.url("insight:capture"), self.data("<img src=x onerror=alert(1)>"))
        r = self.client.get(self.url("insight:observations"))
        self.assertNotContains(r, "<img src=x")
        self.assertContains(r, "&lt;img src=x onerror=alert(1)&gt;")

    def test_viewers_may_not_capture(self) -> None:
        self.login(self.nora)
        self.assertEqual(self.client.get(self.url("insight:capture")).status_code, 403)
        self.assertEqual(self.client.post(self.url("insight:capture"), self.data("x")).status_code, 403)
        self.login(self.per)
        self.assertEqual(self.client.post(self.url("insight:capture"), self.data("x")).status_code, 404)
