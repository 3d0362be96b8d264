"""What an import did, record by record."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass
class RecordResult:
    """What happened to one record of the file."""

    kind: str  # "practice", "theme", "lever" or "audience"
    label: str  # e.g. "practice #3 (demo-x)"
    outcome: Outcome
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """The outcome of every record; `ok` when none failed.

    `created`, `updated` and `unchanged` list practices; `failed` lists any record.
    """

    results: list[RecordResult] = field(default_factory=list)

    def _practices(self, outcome: Outcome) -> list[RecordResult]:
        return [
            r for r in self.results if r.kind == "practice" and r.outcome == outcome
        ]

    @property
    def created(self) -> list[RecordResult]:
        return self._practices(Outcome.CREATED)

    @property
    def updated(self) -> list[RecordResult]:
        return self._practices(Outcome.UPDATED)

    @property
    def unchanged(self) -> list[RecordResult]:
        return self._practices(Outcome.UNCHANGED)

    @property
    def failed(self) -> list[RecordResult]:
        """Failed records of every kind: practices and terms."""
        return [r for r in self.results if r.outcome == Outcome.FAILED]

    @property
    def errors(self) -> list[str]:
        return [error for r in self.results for error in r.errors]

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """One line: counts of practices and of terms by outcome."""

        def counts(results: list[RecordResult]) -> dict[str, int]:
            return {o.value: sum(r.outcome == o for r in results) for o in Outcome}

        practices = [r for r in self.results if r.kind == "practice"]
        terms = [r for r in self.results if r.kind != "practice"]
        return _(
            "Practices: %(p_created)d created, %(p_updated)d updated, "
            "%(p_unchanged)d unchanged, %(p_failed)d failed. "
            "Terms: %(t_created)d created, %(t_updated)d updated, "
            "%(t_unchanged)d unchanged, %(t_failed)d failed."
        ) % {
            **{f"p_{k}": v for k, v in counts(practices).items()},
            **{f"t_{k}": v for k, v in counts(terms).items()},
        }
