"""Demo forecasts for the demo project, from the SSB data shipped with the product.

The shipped projection (SSB table 14746) is for Oslo municipality as a whole, which is why the
demo organization is Oslo; the project itself (a helsehus in bydel Alna) is fictional, and the
forecast pages say that the figures are for the whole municipality.
"""

from __future__ import annotations

from mulighetsrom.accounts.models import User
from mulighetsrom.forecast import actions
from mulighetsrom.forecast.models import ForecastRun, PopulationDataset
from mulighetsrom.forecast.runs import RunChoices
from mulighetsrom.projects.models import Project


def load(project: Project, acting_user: User) -> list[ForecastRun]:
    actions.ensure_shipped_datasets()
    dataset = PopulationDataset.objects.get(
        source=PopulationDataset.Source.SHIPPED, kind=PopulationDataset.Kind.PROJECTION, municipality="0301"
    )
    base = RunChoices(service="long_term_institution", municipality="0301", base_year=2025, pyramid_year=2040)
    lever = RunChoices(
        service="long_term_institution", municipality="0301", base_year=2025, pyramid_year=2040,
        yearly_rate_change=-0.01,
    )  # fmt: skip
    return [
        actions.create_run(
            project=project, dataset=dataset, choices=base, acting_user=acting_user,
            name="Langtidsplasser i institusjon, hele Oslo kommune (grunnlag 2025)",
        ),
        actions.create_run(
            project=project, dataset=dataset, choices=lever, acting_user=acting_user,
            name="Langtidsplasser med 1 % lavere dekning per år (mer hjemmebasert omsorg)",
        ),
    ]  # fmt: skip
