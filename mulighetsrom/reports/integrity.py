"""Do the uploaded and generated files on disk match the database? Used by `manage.py check_integrity`.

Every non-empty FileField (ImageField included) of every installed model must name a file
that exists, is a regular file, is not empty, and, when the model also keeps the size it
expects in an integer `size` field (as insight.Attachment does), has that size. Files under
MEDIA_ROOT that no row names are orphans: left behind by a failed request, by a row deleted
without its file, or by a restore that mixed backups.

Rows of django-simple-history's historical models name files too. Their files count as
referenced (so they are not orphans), but a historical row whose file is gone is not a
problem: history keeps the name of a file that was later replaced or deleted on purpose.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.db import models

MISSING = "missing"
EMPTY = "empty"
SIZE_MISMATCH = "size mismatch"
NOT_A_FILE = "not a file"
UNSAFE_NAME = "unsafe name"
ORPHAN = "orphan"


@dataclass(frozen=True)
class Problem:
    kind: str
    name: str  # the path relative to MEDIA_ROOT (or the stored name, for an unsafe one)
    where: str = ""  # "app_label.Model #pk field" for a database reference
    detail: str = ""

    def __str__(self) -> str:
        parts = [f"{self.kind.upper():<14}", self.name]
        if self.where:
            parts.append(f"({self.where})")
        if self.detail:
            parts.append(f"- {self.detail}")
        return " ".join(parts)


@dataclass
class Report:
    checked: int = 0  # database references checked
    fields: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    recent: list[str] = field(default_factory=list)  # unreferenced but too new to call orphans

    @property
    def orphans(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == ORPHAN]

    def count(self, kind: str) -> int:
        return sum(1 for p in self.problems if p.kind == kind)


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField, bool]]:
    """(model, field, is_historical) for every FileField of every concrete installed model."""
    for model in apps.get_models():
        meta = model._meta
        if meta.abstract or meta.proxy or not meta.managed:
            continue
        historical = hasattr(model, "instance_type") and (meta.model_name or "").startswith("historical")
        for f in meta.concrete_fields:
            if isinstance(f, models.FileField):
                yield model, f, historical


def _size_field(model: type[models.Model]) -> str | None:
    try:
        f = model._meta.get_field("size")
    except Exception:
        return None
    return "size" if isinstance(f, models.IntegerField) else None


def check(media_root: Path, *, min_orphan_age: float = 3600.0, ignore: tuple[str, ...] = ()) -> Report:
    """Compare the database with MEDIA_ROOT. Reads only; see `delete_orphans` to act on the result.

    Files changed within `min_orphan_age` seconds are never called orphans: an upload is
    written to disk just before its row is committed. Paths starting with one of `ignore`
    (relative to MEDIA_ROOT, with "/") are left out of the orphan search.
    """
    report = Report()
    root = media_root.resolve()
    referenced: set[str] = set()
    for model, f, historical in file_fields():
        report.fields.append(f"{model._meta.label}.{f.name}")
        size_field = None if historical else _size_field(model)
        columns = ["pk", f.attname] + ([size_field] if size_field else [])
        rows = model._default_manager.exclude(**{f.attname: ""}).exclude(**{f"{f.attname}__isnull": True})
        for row in rows.values_list(*columns).iterator():
            pk, name = row[0], row[1]
            where = f"{model._meta.label} #{pk} {f.name}"
            report.checked += 1
            try:
                path = Path(f.storage.path(name)).resolve()
            except (SuspiciousFileOperation, NotImplementedError, ValueError) as exc:
                report.problems.append(Problem(UNSAFE_NAME, name, where, str(exc)))
                continue
            if path.is_relative_to(root):
                referenced.add(path.relative_to(root).as_posix())
            if historical:
                continue
            problem = _check_file(path, expected=row[2] if size_field else None)
            if problem:
                report.problems.append(Problem(problem[0], name, where, problem[1]))
    now = time.time()
    for relative, path in _files_under(root):
        if relative in referenced or relative.startswith(ignore):
            continue
        if now - path.lstat().st_mtime < min_orphan_age:
            report.recent.append(relative)
            continue
        report.problems.append(Problem(ORPHAN, relative, "", f"{path.lstat().st_size} bytes"))
    return report


def _check_file(path: Path, *, expected: int | None) -> tuple[str, str] | None:
    if not path.exists():
        return MISSING, "no such file"
    if not path.is_file():
        return NOT_A_FILE, "a directory or special file"
    size = path.stat().st_size
    if size == 0:
        return EMPTY, "0 bytes"
    if expected is not None and size != expected:
        return SIZE_MISMATCH, f"{size} bytes on disk, {expected} in the database"
    return None


def _files_under(root: Path) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    # Symbolic links are listed but not followed: an orphan link is reported, never its target.
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory, name)
            yield path.relative_to(root).as_posix(), path


def delete_orphans(media_root: Path, report: Report) -> list[str]:
    """Delete the orphan files a `check` found (only regular files or links under MEDIA_ROOT)."""
    root = media_root.resolve()
    deleted = []
    for problem in report.orphans:
        path = root / problem.name
        if path.parent.resolve().is_relative_to(root) and (path.is_file() or path.is_symlink()):
            path.unlink()
            deleted.append(problem.name)
    return deleted
