from __future__ import annotations

from django.core.management import call_command
from django.test import TestCase

from mulighetsrom.feedback.models import Publication, PublishedQuote
from mulighetsrom.insight.models import Observation
from mulighetsrom.surveys.models import Response, Survey


class DemoSurveysTestCase(TestCase):
    def test_the_demo_has_surveys_answers_and_published_feedback(self) -> None:
        call_command("load_demo", verbosity=0)
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
