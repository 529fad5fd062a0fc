"""The switch for the public survey fast path (compiled.py and rendering.py).

The fast path leans on ORM and form internals that a Django upgrade may change (compilers,
InsertQuery, column converters, the field templates). With `SURVEY_FAST_PATH = False` (env var
SURVEY_FAST_PATH=false) the same statements run through the plain ORM and the fields render
through Django's templates, with the same results and HTML: the way to rule the fast path out
when something looks wrong after an upgrade. CI runs the survey tests in both modes.
"""

from django.conf import settings


def is_on() -> bool:
    """True unless the SURVEY_FAST_PATH setting is off. Read on every call, so override_settings works."""
    return bool(getattr(settings, "SURVEY_FAST_PATH", True))
