from __future__ import annotations

import unittest

from django.db import connection

from mulighetsrom.insight.models import Observation
from mulighetsrom.insight.search import SEARCH_COLUMN, search_observations
from mulighetsrom.insight.tests.base import InsightTestCase
from mulighetsrom.insight.views import PAGE_SIZE, observation_page


class SearchTestCase(InsightTestCase):
    """Both databases: the search adapter and the two-step page of the observation list."""

    def test_pages_keep_the_list_order_and_count_every_hit(self) -> None:
        for i in range(PAGE_SIZE + 5):
            Observation.objects.create(project=self.project, text=f"Lyset i stua nummer {i}.")
        qs = search_observations(Observation.objects.filter(project=self.project).prefetch_related("tags"), "lyset")
        first = observation_page(qs, 1)
        self.assertEqual(first.paginator.count, PAGE_SIZE + 5)
        self.assertEqual(len(first.object_list), PAGE_SIZE)
        self.assertTrue(all(isinstance(o, Observation) for o in first.object_list))
        second = observation_page(qs, 2)
        self.assertEqual(len(second.object_list), 5)
        everything = [o.pk for o in first.object_list] + [o.pk for o in second.object_list]
        self.assertEqual(everything, list(qs.values_list("pk", flat=True)))
        self.assertEqual(observation_page(qs.none(), 1).object_list, [])

    def test_the_search_works_as_a_subquery(self) -> None:
        found = search_observations(Observation.objects.filter(project=self.project), "spiser")
        outer = Observation.objects.filter(pk__in=found.values("pk"))
        self.assertEqual(list(outer), [self.ordinary])


@unittest.skipUnless(connection.vendor == "postgresql", "the stored tsvector column exists on PostgreSQL only")
class PostgresSearchColumnTestCase(InsightTestCase):
    def test_the_generated_column_and_its_index_exist(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT data_type, is_generated FROM information_schema.columns "
                "WHERE table_name = 'insight_observation' AND column_name = %s",
                [SEARCH_COLUMN],
            )
            self.assertEqual(cursor.fetchone(), ("tsvector", "ALWAYS"))
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'insight_observation'")
            indexes = {row[0] for row in cursor.fetchall()}
        self.assertIn("insight_observation_search_tsv", indexes)
        self.assertNotIn("insight_observation_text_fts", indexes)
        # The ORM does not know the column: the model stays portable to SQLite.
        self.assertNotIn(SEARCH_COLUMN, {f.column for f in Observation._meta.concrete_fields})

    def test_an_inflected_form_finds_the_stem(self) -> None:
        meal = Observation.objects.create(project=self.project, text="Hvert måltid er et høydepunkt.")
        base = Observation.objects.filter(project=self.project)
        self.assertEqual(list(search_observations(base, "måltidene")), [meal])
        self.assertEqual(list(search_observations(base, '"måltid er"')), [meal])
        # The generated column follows updates made through the ORM.
        Observation.objects.filter(pk=meal.pk).update(text="Kaffen er god.")
        self.assertEqual(list(search_observations(base, "måltidene")), [])
        self.assertEqual(list(search_observations(base, "kaffe")), [meal])
