"""Personas: saved sets of job titles that lead searches accept as ``persona_id``
(reference: personas/index, personas/show, which show no bodies; real-usage.md §7)."""

from __future__ import annotations

import attrs

from .._convert import Model, wire

__all__ = ["Persona"]


@attrs.frozen(kw_only=True)
class Persona(Model):
    """A persona. Only ``uuid`` (or ``id``) and ``name`` are seen in public code; the title
    lists are what a persona stands in for in ``leads.search_in_company``."""

    #: The UUID to pass as ``persona_id``.
    uuid: str | None = wire("uuid", "id")
    name: str | None = None
    job_titles: list[str] | None = None
    excluded_job_titles: list[str] | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def id(self) -> str | None:
        """The persona's id, as every other model names it (``personas.get(persona.id)``);
        the same value as :attr:`uuid`."""
        return self.uuid
