"""Import observations from CSV or XLSX: read, redact, map columns, preview, then create in the background.

Reading goes through the shared safe reader (`mulighetsrom.lib.tabular`), which copes with what
municipalities actually send (semicolon-separated CSV from Excel in Windows-1252, UTF-8 with or
without a byte-order mark, UTF-16, XLSX) and refuses hostile files (zip bombs, XML entities, sheets
that declare a million rows) quickly, with a sentence. Every cell is redacted before it is stored.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mulighetsrom.accounts.models import User
from mulighetsrom.insight.guard import redact_all
from mulighetsrom.insight.models import TEXT_LIMIT, Activity, ImportJob, Observation, Tag
from mulighetsrom.lib.tabular import Notice, TableError, TableLimits
from mulighetsrom.lib.tabular import read_table as read_tabular
from mulighetsrom.projects.actions import log_event
from mulighetsrom.projects.models import Project, ProjectEvent
from mulighetsrom.stakeholders.models import StakeholderGroup

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
BATCH = 1000  # rows per bulk insert and progress update
LOOKUP_BATCH = 2000  # hashes per query when looking for rows imported before
DELETE_BATCH = 500  # ids per DELETE when a failed import is undone (SQLite's variable limit)

# Target fields a column can be mapped to; "text" is required.
TARGETS = ["text", "kind", "speaker_group", "on_behalf_of", "tags"]


# The file's own problems (a missing quote, lines in another encoding) are stored with the job
# under this key of `ImportJob.defaults`, as numbers only, and shown above the preview.
NOTICES_KEY = "read_notices"

LIMITS = TableLimits(max_bytes=MAX_IMPORT_BYTES, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)

# The file cannot be read (message is user-facing); the shared reader's error, under the old name.
ImportFileError = TableError


def read_upload(
    data: bytes, file_name: str, limits: TableLimits = LIMITS
) -> tuple[list[str], list[list[str]], list[Notice]]:
    """Header, data rows (cells as text, rows as long as their last value) and notices, or ImportFileError."""
    table = read_tabular(data, file_name, limits)
    if len(table.rows) < 2:
        raise ImportFileError(_("The file needs a header row and at least one row of data."))
    rows = [["" if v is None else str(v).strip() for v in row.cells] for row in table.rows]
    table.rows.clear()  # a 50,000-row table is not held twice
    width = max(len(r) for r in rows)
    header = [(rows[0][i] if i < len(rows[0]) else "") or _("Column %(n)d") % {"n": i + 1} for i in range(width)]
    del rows[0]
    return header, rows, table.notices


def read_table(data: bytes, file_name: str, limits: TableLimits = LIMITS) -> tuple[list[str], list[list[str]]]:
    """Header and data rows of a CSV or XLSX file, or ImportFileError with a sentence."""
    header, rows, _notices = read_upload(data, file_name, limits)
    return header, rows


def job_notices(job: ImportJob) -> list[Notice]:
    return [Notice.from_dict(n) for n in (job.defaults or {}).get(NOTICES_KEY, []) if isinstance(n, dict)]


def keep_notices(job: ImportJob, defaults: dict[str, Any]) -> dict[str, Any]:
    """New defaults for a job, keeping the notices found when its file was read."""
    return {**defaults, NOTICES_KEY: (job.defaults or {}).get(NOTICES_KEY, [])}


def redact_table(rows: list[list[str]]) -> tuple[list[list[str]], int]:
    """Every cell with personal identifiers redacted (in place: a 50,000-row table is not copied), and how many."""
    count = 0
    for row in rows:
        for i, cell in enumerate(row):
            if cell:
                row[i], found = redact_all(cell)
                count += found
    return rows, count


def guess_mapping(header: Sequence[str]) -> dict[str, int]:
    """Map columns by their (Norwegian or English) names."""
    names = {
        "text": ("tekst", "text", "observasjon", "sitat", "utsagn", "svar", "kommentar"),
        "kind": ("type", "kind", "art"),
        "speaker_group": ("gruppe", "group", "interessentgruppe", "hvem"),
        "on_behalf_of": ("på vegne av", "on behalf of", "stedfortreder"),
        "tags": ("stikkord", "tags", "tagger", "emneord"),
    }
    mapping: dict[str, int] = {}
    for target, options in names.items():
        for i, title in enumerate(header):
            if title.strip().lower() in options and i not in mapping.values():
                mapping[target] = i
                break
    return mapping


@dataclass
class PreparedRow:
    number: int  # 1-based data row number, as people count in a spreadsheet (header is row 1)
    text: str = ""
    kind: str = ""
    speaker_group_id: int | None = None
    on_behalf_of_id: int | None = None
    tags: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    duplicate: bool = False

    @cached_property
    def row_hash(self) -> str:
        return row_hash(self.text, self.kind, self.speaker_group_id, self.on_behalf_of_id)


def row_hash(text: str, kind: str, group_id: int | None, behalf_id: int | None) -> str:
    """A fingerprint of the normalised row: the same row imported again is skipped."""
    normal = " ".join(text.lower().split())
    return hashlib.sha256(f"{normal}\x1f{kind}\x1f{group_id}\x1f{behalf_id}".encode()).hexdigest()


KIND_ALIASES = {
    "sitat": "quote",
    "gjengivelse": "paraphrase",
    "observasjon": "observation",
    "idé": "idea",
    "ide": "idea",
}


def kind_lookup() -> dict[str, str]:
    """Lower-cased kind names (value, label in the active language, Norwegian alias) -> kind; built once per import."""
    lookup = dict(KIND_ALIASES)
    for choice, label in Observation.Kind.choices:
        lookup[str(label).lower()] = choice
        lookup[choice] = choice
    return lookup


def _kind(value: str, default: str, lookup: dict[str, str]) -> tuple[str, str | None]:
    if not value:
        return default, None
    kind = lookup.get(value.strip().lower())
    if kind is not None:
        return kind, None
    return default, _("Unknown kind “%(value)s”.") % {"value": value[:40]}


def prepare_rows(job: ImportJob) -> list[PreparedRow]:
    """Apply the mapping and defaults to every row; collect per-row errors and mark duplicates."""
    from mulighetsrom.insight.actions import parse_tags

    groups = {g.name.strip().lower(): g.pk for g in StakeholderGroup.objects.filter(project_id=job.project_id)}
    mapping = {k: int(v) for k, v in job.mapping.items() if v is not None and str(v) != ""}
    default_kind = job.defaults.get("kind") or Observation.Kind.ANSWER
    kinds = kind_lookup()
    prepared = []
    for index, row in enumerate(job.table, start=2):
        item = PreparedRow(number=index)

        def cell(target: str, row: list[str] = row) -> str:
            i = mapping.get(target)
            return row[i] if i is not None and i < len(row) else ""

        item.text = cell("text")
        if not item.text:
            item.errors.append(_("The text is empty."))
        elif len(item.text) > TEXT_LIMIT:
            item.errors.append(_("The text is longer than %(limit)d characters.") % {"limit": TEXT_LIMIT})
        item.kind, error = _kind(cell("kind"), default_kind, kinds)
        if error:
            item.errors.append(error)
        for target, attr, default_key in (
            ("speaker_group", "speaker_group_id", "speaker_group"),
            ("on_behalf_of", "on_behalf_of_id", "on_behalf_of"),
        ):
            name = cell(target)
            if name:
                if name.strip().lower() not in groups:
                    item.errors.append(_("There is no stakeholder group called “%(name)s”.") % {"name": name[:60]})
                setattr(item, attr, groups.get(name.strip().lower()))
            else:
                setattr(item, attr, job.defaults.get(default_key))
        item.tags = parse_tags(cell("tags"))
        prepared.append(item)
    hashes = list({p.row_hash for p in prepared if not p.errors})
    existing: set[str] = set()
    for start in range(0, len(hashes), LOOKUP_BATCH):
        existing.update(
            Observation.objects.filter(
                project_id=job.project_id, import_hash__in=hashes[start : start + LOOKUP_BATCH]
            ).values_list("import_hash", flat=True)
        )
    seen: set[str] = set()
    for p in prepared:
        if p.errors:
            continue
        h = p.row_hash
        p.duplicate = h in existing or h in seen
        seen.add(h)
    return prepared


@transaction.atomic
def create_import_job(
    *, project: Project, file_name: str, data: bytes, acting_user: User, limits: TableLimits = LIMITS
) -> ImportJob:
    """Read and redact an uploaded file into a draft job; nothing is stored if the file cannot be read."""
    header, body, notices = read_upload(data, file_name, limits)
    header = redact_table([header])[0][0]
    body, redacted = redact_table(body)
    return ImportJob.objects.create(
        project=project,
        file_name="".join(ch for ch in file_name if ch.isprintable())[-200:],  # no NUL for PostgreSQL
        header=header,
        table=body,
        mapping=guess_mapping(header),
        defaults={NOTICES_KEY: [n.as_dict() for n in notices]},
        redacted=redacted,
        total=len(body),
        requested_by=acting_user,
    )


@transaction.atomic
def start_import(
    *, job: ImportJob, mapping: dict[str, int | None], defaults: dict[str, Any], acting_user: User
) -> ImportJob:
    """Queue a mapped import. The task gets only the job's id, after the transaction commits."""
    from mulighetsrom.insight.tasks import import_observations

    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.status != ImportJob.Status.DRAFT:
        return locked
    locked.mapping = {k: v for k, v in mapping.items() if v is not None}
    locked.defaults = keep_notices(locked, defaults)
    locked.status = ImportJob.Status.QUEUED
    locked.save(update_fields=["mapping", "defaults", "status"])
    transaction.on_commit(lambda: import_observations.enqueue(locked.pk))
    return locked


def run_import(*, job_id: int) -> ImportJob:
    """The task body: create observations batch by batch (bulk inserts), updating progress as it goes.

    Each batch commits, so the progress bar moves; if anything fails, the observations this run
    created are deleted again, so a failed import leaves nothing behind (and can simply be rerun).
    """
    job = ImportJob.objects.select_related("project").get(pk=job_id)
    if not job.claim():
        return job
    created_ids: list[int] = []
    try:
        rows = prepare_rows(job)
        activity_id = job.defaults.get("activity")
        if activity_id and not Activity.objects.filter(pk=activity_id, project_id=job.project_id).exists():
            activity_id = None
        legal_basis = job.defaults.get("legal_basis") or Observation.LegalBasis.ANONYMOUS
        sensitivity = job.defaults.get("sensitivity") or Observation.Sensitivity.ORDINARY
        tag_ids: dict[str, int] = {}
        skipped = failed = 0
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            failed += sum(1 for p in chunk if p.errors)
            skipped += sum(1 for p in chunk if p.duplicate and not p.errors)
            new = [p for p in chunk if not p.errors and not p.duplicate]
            with transaction.atomic():
                observations = Observation.objects.bulk_create(
                    Observation(
                        project_id=job.project_id,
                        text=p.text,
                        kind=p.kind,
                        activity_id=activity_id,
                        speaker_group_id=p.speaker_group_id,
                        on_behalf_of_id=p.on_behalf_of_id,
                        legal_basis=legal_basis,
                        sensitivity=sensitivity,
                        created_by_id=job.requested_by_id,
                        import_hash=p.row_hash,
                    )
                    for p in new
                )
                _add_tags(job.project_id, new, observations, tag_ids)
                created_ids.extend(o.pk for o in observations)
                processed = start + len(chunk)
                job.mark_progress(
                    job.percent_of(processed),
                    processed=processed,
                    created=len(created_ids),
                    skipped=skipped,
                    failed=failed,
                )
        with transaction.atomic():
            job.mark_done(table=[])
            if created_ids:
                label = ngettext(
                    "%(count)d observation imported", "%(count)d observations imported", len(created_ids)
                ) % {"count": len(created_ids)}
                log_event(
                    project=job.project,
                    actor=job.requested_by,
                    verb=ProjectEvent.Verb.ADDED,
                    obj=Observation(),
                    label=label,
                )
    except Exception:
        # The job id only: an exception message could quote a cell.
        logger.exception("Import job %s failed", job_id)
        with transaction.atomic():
            for start in range(0, len(created_ids), DELETE_BATCH):
                Observation.objects.filter(pk__in=created_ids[start : start + DELETE_BATCH]).delete()
            # No sentence of its own: the page shows `ImportJob.failure_text` in the reader's language.
            job.mark_failed(created=0)
    return job


def _add_tags(
    project_id: int, rows: Sequence[PreparedRow], observations: Sequence[Observation], tag_ids: dict[str, int]
) -> None:
    """Tag a batch of new observations: missing tags created once, links inserted in bulk."""
    names = {name for p in rows for name in p.tags}
    missing = names - tag_ids.keys()
    if missing:
        Tag.objects.bulk_create([Tag(project_id=project_id, name=n) for n in missing], ignore_conflicts=True)
        tag_ids.update(Tag.objects.filter(project_id=project_id, name__in=missing).values_list("name", "pk"))
    through = Observation.tags.through
    through.objects.bulk_create(
        [
            through(observation_id=o.pk, tag_id=tag_ids[name])
            for p, o in zip(rows, observations, strict=True)
            for name in dict.fromkeys(p.tags)
        ]
    )
