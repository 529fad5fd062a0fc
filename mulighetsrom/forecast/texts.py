"""User-facing words for the pure modules' codes: errors, services, alternatives, notes.

The pure modules raise errors with a stable `code` and parameters; this module is the one
place that turns them into translated full sentences.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mulighetsrom.forecast.cohort_model import ModelError
from mulighetsrom.forecast.jsonstat import JsonStatError
from mulighetsrom.forecast.ssb import SSBError

ERRORS: dict[str, Promise] = {
    # JSON-stat and population data
    "not_json": _("The file is not valid JSON."),
    "not_dataset": _("The file is not a JSON-stat 2.0 dataset."),
    "bad_id_size": _("The dataset's “id” and “size” do not match."),
    "missing_dimension": _("The dataset lacks the dimension “%(dimension)s”, which a forecast needs."),
    "bad_category": _("The categories of dimension “%(dimension)s” do not match its size."),
    "bad_values": _("The dataset's values do not match its dimensions."),
    "bad_size": _("The size of dimension “%(dimension)s” must be a whole number of 0 or more."),
    "dataset_too_large": _("The dataset declares %(cells)s cells; at most %(limit)s can be read."),
    "missing_dimension_object": _("The dataset has no “dimension” object describing its dimensions."),
    "undescribed_dimension": _("The dataset lists the dimension “%(dimension)s” in “id” but does not describe it."),
    "unknown_category": _("Dimension “%(dimension)s” refers to the category “%(category)s”, which it does not have."),
    "category_cycle": _("The category hierarchy of dimension “%(dimension)s” goes round in a circle."),
    "bad_role": _("The dataset's “role” refers to the dimension “%(dimension)s”, which it does not have."),
    "value_count": _("The dataset has %(count)s values, but its dimensions give %(expected)s cells."),
    "status_count": _("The dataset has %(count)s status symbols, but its dimensions give %(expected)s cells."),
    "bad_status": _(
        "The dataset's “status” cannot be read: give one symbol for all cells, one per cell, "
        "or symbols by cell position."
    ),
    "bad_number": _("The dataset contains a number that is too large or not finite."),
    "text_values": _(
        "The dataset contains text instead of numbers in %(count)s cells (for example “%(example)s”). "
        "A forecast needs numbers."
    ),
    "collection": _("The file holds %(count)s datasets; upload one dataset at a time."),
    "empty_collection": _("The file is a collection that only links to datasets. Download the dataset itself."),
    "bundle": _("The file is in the old JSON-stat 1 bundle format. Download the table as JSON-stat 2.0."),
    "several_regions": _("The dataset holds several regions; upload one municipality at a time."),
    "region_missing": _("The dataset has no figures for region %(region)s."),
    "no_alternatives": _("The dataset holds none of the projection alternatives MMMM, LLML or HHMH."),
    "missing_cells": _("%(count)s population figures are missing or suppressed (“..”, “.” or “:”) in the dataset."),
    "negative_population": _("The dataset contains negative population figures."),
    "zero_population": _("The population is zero, so no rate can be computed."),
    "unknown_table": _("Only population tables 14746 (projections) and 07459 (registered population) can be used."),
    "too_large": _("The file is too large."),
    # Model
    "bad_band": _("“%(band)s” is not an age band. Write for example 0-66, 67-79, 80+."),
    "no_bands": _("Enter at least one age band."),
    "overlapping_bands": _("The age bands %(first)s and %(second)s overlap."),
    "missing_users": _("The number of users in age band %(band)s is missing."),
    "negative_users": _("The number of users in age band %(band)s is negative."),
    "negative_rate": _("Use rates cannot be negative."),
    "negative_capacity": _("The capacity cannot be negative."),
    "bad_rate_change": _("The yearly change in use rates must be more than -100 %."),
    "band_not_in_population": _("The age band %(band)s is not in the population data."),
    "missing_rates": _("Enter use rates by age band, or choose a service with rates from the panel."),
    "missing_coverage": _("Enter a coverage ratio, or choose a service with figures in the panel."),
    "no_population": _("The projection holds no population figures."),
    "base_year_after_projection": _("The base year %(year)s is after the first projected year (%(first)s)."),
    "no_base_year": _("The panel has no figures for %(year)s for this service and municipality (it has %(years)s)."),
    "unknown_municipality": _("Municipality number %(code)s is not in the panel."),
    "split_municipality": _(
        "Municipality number %(code)s was split into %(targets)s; choose one of today's municipalities."
    ),
    "unknown_service": _("Unknown service."),
    "year_not_projected": _("The year %(year)s is not in the projection."),
    # SSB
    "bad_table": _("“%(table)s” is not an SSB table number."),
    "too_many_cells": _("The request would return %(cells)s cells; SSB allows at most %(limit)s per request."),
    "bad_response": _("SSB answered with something that is not a usable JSON-stat 2.0 dataset."),
    "unreachable": _("Could not reach SSB. Check the network connection and try again later."),
    "not_found": _("SSB does not know that table or those codes (404)."),
    "bad_request": _("SSB rejected the request (%(status)s)."),
    "rate_limited": _("SSB is receiving too many requests (429). Wait a minute and try again."),
    "unavailable": _("SSB's service is unavailable right now (%(status)s). Try again later."),
    "unexpected_status": _("SSB answered with an unexpected status (%(status)s)."),
}

NOTES: dict[str, Promise] = {
    "code_resolved": _("The municipality number was translated to today's number (2024 structure)."),
    "no_bands_in_panel": _(
        "The panel has no age breakdown for this service, so the rate is per inhabitant of all ages. "
        "Consider the coverage method (users per inhabitant aged 80+)."
    ),
    "one_band_filled": _("One age band was suppressed by SSB; it was set to the total minus the other bands."),
    "bands_filled_by_national_profile": _(
        "Several age bands were suppressed by SSB; the remainder was split by population and the national age profile."
    ),
    "bands_scaled_to_total": _("The age bands did not add up to the total; they were scaled to the total."),
    "rates_by_hand": _("The use rates were entered by hand."),
}

SERVICES: dict[str, Promise] = {
    "long_term_institution": _("Long-term places in institution (residents, long-term stay)"),
    "staffed_housing_24h": _("Housing with 24-hour staffing (residents)"),
    "home_services": _("Home-based services (users)"),
    "custom": _("Other service (rates entered by hand)"),
}

SERVICE_TABLES = {
    "long_term_institution": "11645",
    "staffed_housing_24h": "04686, 12292",
    "home_services": "04686, 12292",
}

ALTERNATIVES: dict[str, Promise] = {
    "MMMM": _("Main alternative (MMMM)"),
    "LLML": _("Low national growth (LLML)"),
    "HHMH": _("High national growth (HHMH)"),
}


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def message_for(code: str, params: dict[str, Any] | None = None) -> str:
    template = ERRORS.get(code)
    if template is None:
        return str(_("The data could not be used (%(code)s).") % {"code": code})
    return str(template) % _Params(params or {})


def error_message(exc: JsonStatError | ModelError | SSBError) -> str:
    return message_for(exc.code, exc.params)


def service_label(key: str, custom_label: str = "") -> str:
    if key == "custom" and custom_label:
        return custom_label
    return str(SERVICES.get(key, key))
