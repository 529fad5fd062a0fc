"""Versioned records: one base for every record that people edit in forms and must not overwrite.

A versioned record (needs, requirements, room types; later concepts) carries a `version` that
grows by one on every saved change, a change history with who and why (django-simple-history),
and, where the model says so, a rule that an agreed item may only change with a reason.

Saving goes through `VersionedModel.save_change` (inside `transaction.atomic`): it compares and
increments the version in one conditional UPDATE, so of two saves that opened the same version
exactly one wins and the other gets `ConflictError`. Views turn that exception into the conflict
message; the API answers 409 with the same check.

This module imports only Django and simple_history, so any app (and the API) can use it.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models, router, transaction
from django.db.models import F
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class ConflictError(Exception):
    """Someone else saved (or deleted) the record after the user opened it."""

    def __init__(self, current: models.Model | None) -> None:
        self.current = current  # the record as saved now, None when it was deleted
        super().__init__("conflict")


class ChangeReasonRequired(ValueError):
    """An agreed record was changed without saying why (forms ask first; this guards other callers)."""


class VersionedModel(models.Model):
    """Abstract base: UUID `code`, `version`, timestamps and the change history.

    A subclass with an agreement status overrides `is_agreed` and sets
    `REASON_REQUIRED_WHEN_AGREED = True` to make a reason compulsory when an agreed record changes.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: a form carries the version it was opened with (see save_change).
    version = models.PositiveIntegerField(default=1, editable=False)

    # One historical model per subclass (HistoricalNeed, ...), in the subclass's app.
    history = HistoricalRecords(inherit=True, excluded_fields=["updated_at", "version"])

    REASON_REQUIRED_WHEN_AGREED: ClassVar[bool] = False

    class Meta:
        abstract = True

    @property
    def is_agreed(self) -> bool:
        return False

    def change_needs_reason(self) -> bool:
        """True when a change of this record, as it stands, must say why."""
        return self.REASON_REQUIRED_WHEN_AGREED and self.pk is not None and self.is_agreed

    def stamp_change(self, *, acting_user: AbstractBaseUser | None, reason: str = "") -> None:
        """Tell the history who makes the next save or delete, and why (the one place this is set)."""
        self._history_user = acting_user
        if reason:
            self._change_reason = reason

    def save_change(
        self, *, acting_user: AbstractBaseUser, expected_version: int | None = None, reason: str = ""
    ) -> None:
        """Save a new or changed record with its history user and reason.

        For an existing record the stored version must still be `expected_version` (None: take
        whatever is stored, as imports do); otherwise `ConflictError` and nothing is written.
        Raises `ChangeReasonRequired` when the stored record is agreed and `reason` is blank.
        Call inside `transaction.atomic`: the claimed version is rolled back with the rest.
        """
        if not transaction.get_connection(router.db_for_write(type(self))).in_atomic_block:
            raise RuntimeError("save_change must run inside transaction.atomic")
        if self.pk is not None:
            self._claim_version(expected_version, reason)
        self.stamp_change(acting_user=acting_user, reason=reason)
        self.save()

    def _claim_version(self, expected_version: int | None, reason: str) -> None:
        """Compare and increment the stored version in one conditional UPDATE; check the reason rule.

        The UPDATE also locks the row until the transaction ends, so a concurrent save with the
        same expected version waits, then matches no row and fails.
        """
        rows = type(self)._default_manager.filter(pk=self.pk)
        if expected_version is not None:
            rows = rows.filter(version=expected_version)
        if not rows.update(version=F("version") + 1):
            raise ConflictError(type(self)._default_manager.filter(pk=self.pk).first())
        if expected_version is not None and not self.REASON_REQUIRED_WHEN_AGREED:
            self.version = expected_version + 1
            return
        # Only the version changed in the row so far: the rest is still the state the change starts from.
        stored = type(self)._default_manager.get(pk=self.pk)
        if stored.change_needs_reason() and not reason.strip():
            raise ChangeReasonRequired(f"{self._meta.label} {self.pk} is agreed: a change needs a reason")
        self.version = stored.version

    def recent_history(self, limit: int = 10) -> models.QuerySet[Any]:
        """The latest history rows with their users, newest first."""
        return self.history.select_related("history_user")[:limit]
