"""The method library file: an organization's method templates as versioned JSON.

Pure: plain values in, plain values out. `parse_library` validates a whole file before anything
is imported, and raises LibraryError with a user-facing message for the first problem found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

FORMAT = "mulighetsrom-method-library"
FORMAT_VERSION = 1
MAX_BYTES = 2_000_000
MAX_ITEMS = 500
KINDS = ("raci", "pulse", "canvas", "engagement")


class LibraryError(Exception):
    """The file cannot be imported (message is user-facing)."""


@dataclass(frozen=True)
class TemplateData:
    kind: str
    building_type: str
    items: list[Any]


def dump_library(templates: list[TemplateData], *, organization: str, exported_at: str) -> str:
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "organization": organization,
        "exported_at": exported_at,
        "templates": [{"kind": t.kind, "building_type": t.building_type, "items": t.items} for t in templates],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def parse_library(data: bytes, *, building_types: set[str], canvas_keys: set[str]) -> list[TemplateData]:
    if len(data) > MAX_BYTES:
        raise LibraryError(_("The file is too large to be a method library."))
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise LibraryError(_("The file is not valid JSON.")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise LibraryError(_("The file is not a Mulighetsrom method library."))
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise LibraryError(_("The file has no valid format version."))
    if version > FORMAT_VERSION:
        raise LibraryError(
            _("The file uses format version %(version)d, newer than this installation reads (%(supported)d).")
            % {"version": version, "supported": FORMAT_VERSION}
        )
    raw_templates = document.get("templates")
    if not isinstance(raw_templates, list):
        raise LibraryError(_("The file has no list of templates."))
    seen: set[tuple[str, str]] = set()
    result = []
    for number, raw in enumerate(raw_templates, start=1):
        template = _parse_template(raw, number, building_types, canvas_keys)
        key = (template.kind, template.building_type)
        if key in seen:
            raise LibraryError(_("Template %(n)d repeats an earlier kind and building type.") % {"n": number})
        seen.add(key)
        result.append(template)
    return result


def _parse_template(raw: object, number: int, building_types: set[str], canvas_keys: set[str]) -> TemplateData:
    where = {"n": number}
    if not isinstance(raw, dict):
        raise LibraryError(_("Template %(n)d is not an object.") % where)
    kind = raw.get("kind")
    if kind not in KINDS:
        raise LibraryError(_("Template %(n)d has an unknown kind.") % where)
    building_type = raw.get("building_type", "")
    if building_type != "" and building_type not in building_types:
        raise LibraryError(_("Template %(n)d has an unknown building type.") % where)
    items = raw.get("items")
    if not isinstance(items, list) or len(items) > MAX_ITEMS:
        raise LibraryError(_("Template %(n)d has no valid list of items.") % where)
    checks = {
        "raci": lambda i: (
            isinstance(i, dict)
            and isinstance(i.get("phase"), int)
            and not isinstance(i.get("phase"), bool)
            and 1 <= i["phase"] <= 50
            and _text(i.get("name"), 200)
        ),
        "pulse": lambda i: _text(i, 200),
        "canvas": lambda i: isinstance(i, dict) and i.get("key") in canvas_keys and _text(i.get("prompt"), 2000),
        "engagement": lambda i: isinstance(i, dict) and all(isinstance(k, str) for k in i),
    }
    for item in items:
        if not checks[str(kind)](item):
            raise LibraryError(_("Template %(n)d contains an item of the wrong type.") % where)
    return TemplateData(kind=str(kind), building_type=str(building_type), items=items)


def _text(value: object, max_length: int) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= max_length
