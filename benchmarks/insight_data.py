"""Synthetic insight-bank data for the insight benchmarks (docs/benchmarks.md).

Texts are realistic Norwegian: the sentences of the labelled observations shipped with the app
(`mulighetsrom/insight/data/labelled_observations.csv`), recombined — one to three sentences per
observation — with a fixed seed, so every run sees the same words in the same proportions.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mulighetsrom.accounts.models import User
    from mulighetsrom.projects.models import Project

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "mulighetsrom" / "insight" / "data" / "labelled_observations.csv"
BATCH = 2000

# Per scale 1, for the focus project (see fill_insight).
OBSERVATIONS_PER_SCALE = 200
ACTIVITIES_PER_SCALE = 5
THEMES = 8
TAGS = 20
THEMED_SHARE = 0.7  # share of observations sorted into a theme


def load_sentences() -> list[str]:
    """The sentences of the labelled observations."""
    with LABELLED.open(encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    sentences = [s.strip() for text in texts for s in re.split(r"(?<=[.!?])\s+", text)]
    return [s for s in sentences if len(s) > 10]


def observation_texts(seed: int = 2024) -> Iterator[str]:
    """An endless stream of observation texts: one to three recombined sentences."""
    rnd = random.Random(seed)
    sentences = load_sentences()
    while True:
        yield " ".join(rnd.sample(sentences, rnd.choice((1, 1, 2, 2, 2, 3))))


@dataclass
class InsightCounts:
    observations: int = 0
    themes: int = 0
    activities: int = 0
    tags: int = 0
    per_theme: dict[str, int] = field(default_factory=dict)


def fill_insight(project: Project, user: User, scale: float, *, seed: int = 2024) -> InsightCounts:
    """Activities, themes, tags and observations in one project: 200 × scale observations.

    The 8 themes stay 8 (a board has a handful of columns), so at scale 100 a theme holds about
    1,750 observations and "Unsorted" about 6,000: what a board looks like after a big survey import.
    Tags: about one observation in three has one or two of the 20 tags.
    """
    from django.db import transaction

    from mulighetsrom.insight.models import Activity, Observation, Tag, Theme
    from mulighetsrom.projects.models import Phase
    from mulighetsrom.stakeholders.models import StakeholderGroup

    rnd = random.Random(seed)
    texts = observation_texts(seed)
    count = round(OBSERVATIONS_PER_SCALE * scale)
    with transaction.atomic():
        phase = Phase.objects.filter(organization_id=project.organization_id).order_by("number").first()
        assert phase is not None
        activities = Activity.objects.bulk_create(
            Activity(
                project=project,
                type=rnd.choice(Activity.Type.values),
                title=f"Aktivitet {i + 1}",
                date=dt.date(2026, 1, 1) + dt.timedelta(days=i % 365),
                phase=phase,
            )
            for i in range(max(1, round(ACTIVITIES_PER_SCALE * scale)))
        )
        themes = Theme.objects.bulk_create(Theme(project=project, name=f"Tema {i + 1}") for i in range(THEMES))
        tags = Tag.objects.bulk_create(Tag(project=project, name=f"stikkord{i + 1}") for i in range(TAGS))
        groups = list(StakeholderGroup.objects.filter(project=project))
        kinds = Observation.Kind.values
        through = Observation.tags.through
        for start in range(0, count, BATCH):
            batch = Observation.objects.bulk_create(
                Observation(
                    project=project,
                    text=next(texts),
                    kind=rnd.choice(kinds),
                    activity=rnd.choice(activities),
                    speaker_group=rnd.choice(groups) if groups else None,
                    theme=rnd.choice(themes) if rnd.random() < THEMED_SHARE else None,
                    sensitivity=(
                        Observation.Sensitivity.SPECIAL if rnd.random() < 0.05 else Observation.Sensitivity.ORDINARY
                    ),
                    created_by=user,
                )
                for _ in range(min(BATCH, count - start))
            )
            through.objects.bulk_create(
                through(observation_id=o.pk, tag_id=t.pk)
                for o in batch
                if rnd.random() < 1 / 3
                for t in rnd.sample(tags, rnd.choice((1, 2)))
            )
    per_theme = {t.name: Observation.objects.filter(theme=t).count() for t in themes}
    return InsightCounts(
        observations=Observation.objects.filter(project=project).count(),
        themes=len(themes),
        activities=len(activities),
        tags=len(tags),
        per_theme=per_theme,
    )
