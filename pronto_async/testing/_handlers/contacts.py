"""Contacts: the synchronous waterfall (enrich host), the asynchronous one, bulk, results.

Costs follow real-usage.md §1 (what users observe being billed): 3 credits per email found,
30 per phone number found. A personal email is billed like an email (the reference gives no
figure). Balances are checked up-front against the most a request can cost with one number
per contact (the CLI's estimate, real-usage.md §2); the bill is what was found.
"""

from __future__ import annotations

from typing import Any, Final

from ...enums import EnrichmentType
from .. import _data
from .._call import Call, Handler, Reply
from .._rules import Reject, bad_request, check_url, given, unprocessable

__all__ = ["HANDLERS"]

EMAIL_COST: Final = 3
PHONE_COST: Final = 30
_CONSENT: Final = (
    "You can't use the personal email enrichment feature without consenting with our terms "
    "of use"
)
_NO_CREDITS: Final = "Insufficient enrichment credits"
_NEEDS_LINKEDIN: Final = ("phone", "personal_email")


def _types(call: Call, *, single: bool) -> list[str]:
    """``enrichment_type``: a non-empty array of known types (exactly one for bulk)."""
    value = call.get("enrichment_type")
    if not isinstance(value, list) or not value:
        bad_request("Missing required keys: enrichment_type")
    valid = [t.value for t in EnrichmentType]
    bad = [v for v in value if v not in valid]
    if bad:
        unprocessable(f"Invalid enrichment_type: {bad}. Valid values: {', '.join(valid)}")
    if single and len(value) != 1:
        unprocessable("enrichment_type must contain exactly one of: " + ", ".join(valid))
    if "personal_email" in value and not call.account.personal_email_consent:
        raise Reject(422, {"error": _CONSENT})
    return list(value)


def _check_contact(
    contact: Any, types: list[str], *, needs_company: bool, where: str,
    linkedin_stands_in: bool = False,
) -> None:
    """The reference's required fields. ``linkedin_stands_in`` (the synchronous waterfall):
    a LinkedIn URL makes the names optional, as Pronto's n8n node sends it
    (``Pipecorn/n8n-nodes-pipecorn`` nodes/Pipecorn/resources/contact/enrich.ts)."""
    if not isinstance(contact, dict):
        bad_request(f"{where}must be an object")
    missing = [k for k in ("firstname", "lastname") if not given(contact.get(k))]
    if missing and linkedin_stands_in and given(contact.get("linkedin_url")):
        missing = []
    if missing:
        bad_request(f"{where}Missing required keys: {', '.join(missing)}")
    needing = [t for t in types if t in _NEEDS_LINKEDIN]
    if needing and not given(contact.get("linkedin_url")):
        bad_request(f"{where}linkedin_url is required for enrichment_type {needing[0]}")
    if needs_company and "email" in types and not (
        given(contact.get("domain")) or given(contact.get("company_name"))
    ):
        bad_request(f"{where}domain or company_name is required for enrichment_type email")


def _estimate(types: list[str]) -> int:
    return sum(PHONE_COST if t == "phone" else EMAIL_COST for t in types)


def _identity(contact: dict[str, Any]) -> str:
    """Who the contact is, so the same person gets the same outcome however it is sent."""
    if given(contact.get("linkedin_url")):
        return str(contact["linkedin_url"]).lower().rstrip("/")
    return "|".join(str(contact.get(k, "")).lower()
                    for k in ("firstname", "lastname", "domain", "company_name"))


def profile_names(contact: dict[str, Any]) -> tuple[str, str]:
    """The contact's names: as sent, else read off the LinkedIn profile's slug, as the
    server reads them off the profile (``/in/ada-lovelace-1a2b3c`` -> Ada, Lovelace)."""
    first, last = contact.get("firstname"), contact.get("lastname")
    if given(first) and given(last):
        return str(first), str(last)
    slug = str(contact.get("linkedin_url") or "").rstrip("/").rsplit("/", 1)[-1]
    words = [w for w in slug.split("-") if w.isalpha()]
    return (str(first) if given(first) else (words[0].title() if words else "")), (
        str(last) if given(last) else " ".join(w.title() for w in words[1:])
    )


def found(seed: int, contact: dict[str, Any], types: list[str]) -> tuple[dict[str, Any], int]:
    """What the waterfall finds for ``contact`` (flat fields) and what it costs."""
    who = _identity(contact)
    first, last = profile_names(contact)
    out: dict[str, Any] = {}
    cost = 0
    if "email" in types:
        hit = _data.fraction(seed, "email", who) < 0.7
        out["email"] = f"{first}.{last}@example.com".lower().replace(" ", "") if hit else None
        out["email_status"] = "valid" if hit else "N/A"
        cost += EMAIL_COST if hit else 0
    if "personal_email" in types:
        hit = _data.fraction(seed, "personal", who) < 0.4
        out["personal_email"] = f"{first}{last}@gmail.example".lower() if hit else None
        out["personal_email_status"] = "valid" if hit else "N/A"
        cost += EMAIL_COST if hit else 0
    if "phone" in types:
        count = 0
        if _data.fraction(seed, "phone", who) < 0.5:
            count = 1 + _data.digest(seed, "phones", who) % 3
        out["phones"] = [
            f"+336{_data.digest(seed, 'number', who, i) % 10**8:08d}" for i in range(count)
        ]
        out["phone_status"] = "valid" if count else "not_found"
        cost += PHONE_COST * count
    return out, cost


def enrich(call: Call) -> Reply:
    """POST /v2/contacts/single_enrich on the enrich host: the answer comes inline."""
    types = _types(call, single=False)
    _check_contact(call.body, types, needs_company=False, where="", linkedin_stands_in=True)
    call.need(_estimate(types), _NO_CREDITS)
    flat, cost = found(call.seed, call.body, types)
    call.cost = cost
    hit = any(given(flat.get(k)) for k in ("email", "personal_email", "phones"))
    first, last = profile_names(call.body)
    reply: dict[str, Any] = {
        "enrichment_id": call.world.new_id("enrichment"),
        "first_name": first or None,
        "last_name": last or None,
        "linkedin_profile_url": call.get("linkedin_url"),
        "status": "success" if hit else "error",
    }
    if not hit:
        reply["message"] = "No email or phone found for this profile"
    reply.update(flat)
    if call.get("custom") is not None:
        reply["custom"] = call.get("custom")
    return 200, reply


def _queue(call: Call, contact: dict[str, Any], types: list[str], delay: float) -> dict[str, Any]:
    """Queue one asynchronous enrichment; return its GET /contacts/{id} view when done."""
    flat, cost = found(call.seed, contact, types)
    base = {
        "enrichment_id": call.world.new_id("enrichment"),
        "first_name": contact.get("firstname"),
        "last_name": contact.get("lastname"),
        "custom": contact.get("custom"),
    }
    result = {
        **base, "status": "finished",
        "email": flat.get("email"), "email_status": flat.get("email_status", "N/A"),
        "personal_email": flat.get("personal_email"),
        "personal_email_status": flat.get("personal_email_status", "N/A"),
        "phone": flat.get("phones", []),
    }
    call.cost = (call.cost or 0) + cost
    call.world.add_enrichment(
        call.account.key, pending={**base, "status": "pending"}, result=result,
        webhook_url=call.get("webhook_url"), delay_factor=delay,
    )
    return base


def start_enrichment(call: Call) -> Reply:
    """POST /api/v2/contacts/single_enrich: queued; GET /contacts/{id} or the webhook later."""
    # The reference says "one of", but public code sends several and the SDK allows it
    # (real-usage.md §1, conflict): the fake accepts several.
    types = _types(call, single=False)
    _check_contact(call.body, types, needs_company=True, where="")
    check_url(call.body, "webhook_url", required=False)
    call.need(_estimate(types), _NO_CREDITS)
    base = _queue(call, call.body, types, 1.0)
    return 200, {**base, "status": "pending"}


def bulk_enrich(call: Call) -> Reply:
    contacts = call.get("contacts")
    if not isinstance(contacts, list) or not 2 <= len(contacts) <= 100:
        got = len(contacts) if isinstance(contacts, list) else "none"
        bad_request(f"contacts must contain between 2 and 100 contacts (got {got})")
    types = _types(call, single=True)
    for i, contact in enumerate(contacts):
        _check_contact(contact, types, needs_company=True, where=f"contacts[{i}]: ")
    check_url(call.body, "webhook_url", required=False)
    call.need(_estimate(types) * len(contacts), _NO_CREDITS)
    for i, contact in enumerate(contacts):
        _queue(call, contact, types, 1.0 + i / len(contacts))
    return 202, {"enrichment_id": call.world.new_id("bulk"), "status": "queued"}


def get(call: Call) -> Reply:
    enrichment = call.world.enrichments.get(call.params["id"])
    if enrichment is None or enrichment.owner != call.account.key:
        raise Reject(404, {"error": "Contact not found"})
    return 200, enrichment.view(call.world.now())


HANDLERS: Final[dict[str, Handler]] = {
    "contacts.enrich": enrich,
    "contacts.start_enrichment": start_enrichment,
    "contacts.get": get,
    "contacts.bulk_enrich": bulk_enrich,
}
