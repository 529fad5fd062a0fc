"""The audit trail of data-subject requests: exports, erasures and withdrawals of consent.

An entry records who did what to how many records of which kind, never the data itself: no
names, no answer or observation text, no search phrase. `reference` is random, so an entry can
be quoted in the reply to the person without pointing at anything that was erased.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from mulighetsrom.accounts.models import Organization
from mulighetsrom.projects.models import Project


def new_reference() -> str:
    return secrets.token_hex(6)


# What `AuditEntry.details` may count: the key and the phrase for the audit list.
DETAIL_PHRASES = {
    "observations": ngettext_lazy("%(n)d linked observation", "%(n)d linked observations", "n"),
    "quotes": ngettext_lazy("%(n)d published quote", "%(n)d published quotes", "n"),
    "suggestions": ngettext_lazy("%(n)d theme suggestion", "%(n)d theme suggestions", "n"),
    "history_rows": ngettext_lazy("%(n)d history row", "%(n)d history rows", "n"),
    "import_rows": ngettext_lazy("%(n)d row of an import not yet run", "%(n)d rows of an import not yet run", "n"),
    "documents": ngettext_lazy("%(n)d generated document", "%(n)d generated documents", "n"),
    "history_links": ngettext_lazy(
        "%(n)d history row no longer linked to the user", "%(n)d history rows no longer linked to the user", "n"
    ),
    "sessions": ngettext_lazy("%(n)d session ended", "%(n)d sessions ended", "n"),
}


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        ERASE = "erase", _("Erasure")
        WITHDRAW = "withdraw", _("Consent withdrawn")

    class Kind(models.TextChoices):
        RESPONSE = "response", _("Survey response")
        OBSERVATION = "observation", _("Observation")
        ACCOUNT = "account", _("Staff account")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Null when the participant acted through their own response link, or the actor was later erased.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_data_subject = models.BooleanField(_("by the person themselves"), default=False)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    kind = models.CharField(_("kind of record"), max_length=12, choices=Kind.choices)
    count = models.PositiveIntegerField(_("records"))
    reference = models.CharField(_("reference"), max_length=12, unique=True, default=new_reference, editable=False)
    # Counts only, under the keys of DETAIL_PHRASES ({"observations": 2, "quotes": 1}), never input.
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.action} {self.kind} ×{self.count}"

    @property
    def summary(self) -> str:
        """The details in words, in the active language: "1 linked observation, 2 published quotes"."""
        parts = []
        for key, phrase in DETAIL_PHRASES.items():
            n = self.details.get(key, 0)
            if n:
                parts.append(str(phrase % {"n": n}))
        return ", ".join(parts)
