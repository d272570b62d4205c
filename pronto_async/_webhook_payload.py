"""What a webhook POST carries: its items, in any of the shapes Pronto sends, and their
identity for deduplication (real-usage.md §8)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import attrs

from ._webhook_body import Refused, decode_body
from .errors import ValidationError

__all__ = ["Delivery", "decode_delivery", "delivery_key", "normalise_payload"]


@attrs.frozen(kw_only=True)
class Delivery:
    """What one webhook POST carried, normalised."""

    #: The items (leads, accounts, contact results), each a JSON object.
    items: tuple[Mapping[str, Any], ...]
    #: The sender said the job is complete (a ``{"leads": [...]}`` envelope).
    final: bool = False


def normalise_payload(payload: Any) -> Delivery:
    """The items of a delivery in any of the shapes Pronto sends (real-usage.md §8).

    - ``{"leads": [...]}`` (or ``accounts``/``contacts``/``results``): a batch, and the
      end-of-search signal;
    - a bare list: a batch;
    - one object: one item (a streamed lead, one contact's enrichment result).

    ``{"lead": {...}, "company": {...}}`` items (the shape of ``GET /searches/{id}``) are kept
    as they are; the models read both.

    Raises:
        ValidationError: the payload is not JSON objects at all.
    """
    if isinstance(payload, Mapping):
        for key in ("leads", "accounts", "contacts", "results"):
            batch = payload.get(key)
            if isinstance(batch, list):
                return Delivery(items=_objects(batch), final=True)
        return Delivery(items=(payload,))
    if isinstance(payload, list):
        return Delivery(items=_objects(payload))
    raise ValidationError(
        [f"a delivery must be a JSON object or array, got {type(payload).__name__}"]
    )


def _objects(items: list[Any]) -> tuple[Mapping[str, Any], ...]:
    bad = [item for item in items if not isinstance(item, Mapping)]
    if bad:
        raise ValidationError([f"a delivery's items must be JSON objects, got {bad[:1]!r}"])
    return tuple(items)


def delivery_key(item: Mapping[str, Any]) -> str:
    """Identity of one delivered item, for deduplication: its id or profile URL when it has
    one, else its whole content."""
    inner = item.get("lead") if isinstance(item.get("lead"), Mapping) else item
    for key in ("enrichment_id", "id", "linkedin_profile_url", "linkedin_url", "linkedin_id"):
        value = inner.get(key) if isinstance(inner, Mapping) else None
        if isinstance(value, str | int) and str(value):
            return f"{key}:{value}"
    text = json.dumps(item, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def decode_delivery(raw: bytes, max_depth: int) -> tuple[Delivery, list[str]]:
    """The delivery in ``raw`` and each item's deduplication key.

    Raises:
        Refused: 400, not JSON objects in a shape Pronto sends.
    """
    try:
        delivery = normalise_payload(decode_body(raw, max_depth=max_depth))
    except ValidationError:
        raise Refused(400, "a delivery must be JSON objects") from None
    return delivery, [delivery_key(item) for item in delivery.items]
