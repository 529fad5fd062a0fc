"""Settings for benchmarks/survey_load.py: the real settings plus a bare insert view as the ceiling."""

from mulighetsrom.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.survey_load_urls"
DEBUG = False
# The simulated respondents all come from 127.0.0.1: lift the per-IP limit for the run.
SURVEY_RATE_PER_IP = 10_000_000
SURVEY_RATE_PER_SURVEY = 10_000_000
