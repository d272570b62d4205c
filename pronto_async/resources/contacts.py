"""``pronto.contacts``: professional email, personal email and phone enrichment.

Three ways to enrich: ``enrich`` waits for the answer (enrich host), ``start_enrichment``
queues one contact and returns a job to poll with ``get``, ``bulk_enrich`` queues 2 to 100
contacts whose results go to a webhook.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterable, Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Literal, Unpack

import attrs

from .. import _follow
from .._bulk_ledger import DEFAULT_SUBMITS
from .._facade import SyncResource, forward, forward_iter
from .._options import CallOptions
from .._plan import EnrichmentPlan
from .._rowmap import Columns, RowReader
from .._tables import BadLine
from .._validate import Problems, build_body, show
from ..bulk import FanOut, Follow, Progress, default_concurrency
from ..enums import EnrichmentType, EnrichmentTypeValue
from ..errors import ValidationError
from ..jobs import DEFAULT_POLL_INTERVAL, BulkEnrichmentJob, EnrichmentJob, forward_job
from ..ledger import Ledger
from ..models.contacts import BulkEnrichment, ContactEnrichment, ContactInput
from ..webhooks import WebhookReceiver
from ._base import Resource, operation, webhook_target
from ._filters import linkedin_url as linkedin_url_check
from ._rows import RowProblems, contact_row

__all__ = ["Contacts", "SyncContacts", "contact_fields", "enrichment_types", "names_required"]

_ISO_COUNTRY: Final = re.compile(r"^[A-Za-z]{2}$")
_NEEDS_LINKEDIN: Final = frozenset({EnrichmentType.PHONE, EnrichmentType.PERSONAL_EMAIL})
#: enrichments/batch: "Minimum: 2 contacts per request", "Maximum: 100 contacts per request".
BULK_MIN: Final = 2
BULK_MAX: Final = 100
#: Where the asynchronous enrichment's id may be: the docs say ``enrichment_id``; public code
#: also reads ``id`` and ``contact.id`` (real-usage.md §1).
_ENRICHMENT_ID_KEYS: Final = ("enrichment_id", "id", "contact.id")

#: One enrichment type or several: members or their plain values (a typo fails ``mypy``).
EnrichmentTypes = (
    EnrichmentType | EnrichmentTypeValue | Sequence[EnrichmentType | EnrichmentTypeValue]
)


def contact_fields(
    p: Problems,
    *,
    first_name: Any,
    last_name: Any,
    enrichment_type: Any,
    linkedin_url: Any,
    domain: Any,
    company_name: Any,
    phone_country_codes: Any,
    custom: Any,
    require_company_for_email: bool,
    linkedin_stands_in: bool = False,
) -> dict[str, Any]:
    """Validate one contact into its wire fields (``firstname``/``lastname``, no underscore).

    Rules (reference: contacts/sync_single_enrich, enrichments/single, enrichments/batch):
    first and last name required; ``enrichment_type`` a non-empty list of ``email``,
    ``phone``, ``personal_email``; ``linkedin_url`` required for ``phone`` and
    ``personal_email``; for the asynchronous endpoints, ``domain`` or ``company_name`` is
    required for ``email``.

    With ``linkedin_stands_in`` (the synchronous enrichment), a ``linkedin_url`` makes the
    names optional: see :func:`names_required`.
    """
    types = enrichment_types(p, enrichment_type)
    reach = _reach_fields(
        p, types, linkedin_url=linkedin_url, domain=domain, company_name=company_name,
        require_company_for_email=require_company_for_email,
    )
    codes = _country_codes(p, phone_country_codes)
    required = names_required(linkedin_url, linkedin_stands_in=linkedin_stands_in)
    return {
        "firstname": p.text("first_name", first_name, required=required),
        "lastname": p.text("last_name", last_name, required=required),
        **reach,
        "enrichment_type": types,
        "phone_country_codes": codes,
        "custom": p.mapping("custom", custom),
    }


def names_required(linkedin_url: Any, *, linkedin_stands_in: bool) -> bool:
    """Whether a contact must have a first and a last name.

    The reference requires both on every contact enrichment. Pronto's n8n node sends the
    synchronous one (``POST /v2/contacts/single_enrich``, enrich host) with a LinkedIn URL
    and no names: its First Name and Last Name are "Required when no LinkedIn URL is
    provided" (``Pipecorn/n8n-nodes-pipecorn`` nodes/Pipecorn/resources/contact/enrich.ts,
    and README.md: "provide one of: a LinkedIn URL ... a First Name + Last Name + a Company
    Domain or Company Name"). So there, and only there (``linkedin_stands_in``), a LinkedIn
    URL stands in for the names; names given are sent as the reference wants them. The
    asynchronous endpoints keep requiring names, as Pronto's CLI does for them
    (``Pipecorn/cli-pipecorn`` src/api/schemas.ts, ``singleEnrichContactSchema``).
    """
    return not (linkedin_stands_in and linkedin_url is not None)


def enrichment_types(p: Problems, value: Any) -> list[str] | None:
    """``enrichment_type`` as the list the wire wants (one value is accepted alone)."""
    if isinstance(value, str | EnrichmentType):
        value = [value]
    if value is None:
        p.add("enrichment_type is required")
    return p.choices("enrichment_type", value, EnrichmentType)


def _reach_fields(
    p: Problems,
    types: list[str] | None,
    *,
    linkedin_url: Any,
    domain: Any,
    company_name: Any,
    require_company_for_email: bool,
) -> dict[str, Any]:
    """How to find the person (profile, company) and the rules tying it to the types."""
    url = linkedin_url_check(p, "linkedin_url", linkedin_url)
    fields = {
        "linkedin_url": url,
        "domain": p.text("domain", domain),
        "company_name": p.text("company_name", company_name),
    }
    if types:
        needing = [t for t in types if t in _NEEDS_LINKEDIN]
        if needing and linkedin_url is None:
            p.add(f"linkedin_url is required for enrichment_type {' and '.join(needing)}")
        if require_company_for_email and EnrichmentType.EMAIL.value in types and (
            domain is None and company_name is None
        ):
            p.add("domain or company_name is required for enrichment_type email")
    return fields


def _country_codes(p: Problems, value: Any) -> list[str] | None:
    codes = p.strings("phone_country_codes", value)
    if codes is not None:
        bad = [c for c in codes if not _ISO_COUNTRY.match(c)]
        if bad:
            p.add(f"phone_country_codes must be two-letter ISO codes, got {bad[:3]!r}")
        codes = [c.upper() for c in codes]
    return codes


def _bulk_row(p: Problems, row: Any, types: list[str] | None) -> dict[str, Any]:
    """One contact of a batch: the batch's types decide which fields it needs."""
    kw = contact_row(p, row)
    reach = _reach_fields(
        p, types, linkedin_url=kw["linkedin_url"], domain=kw["domain"],
        company_name=kw["company_name"], require_company_for_email=True,
    )
    fields = {
        "firstname": p.text("first_name", kw["first_name"], required=True),
        "lastname": p.text("last_name", kw["last_name"], required=True),
        **reach,
        "custom": p.mapping("custom", kw["custom"]),
    }
    return {k: v for k, v in fields.items() if v is not None}


class Contacts(Resource):
    """People you want an email or phone number for."""

    __slots__ = ()

    @operation("contacts.enrich")
    async def enrich(
        self,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        enrichment_type: EnrichmentTypes,
        linkedin_url: str | None = None,
        domain: str | None = None,
        company_name: str | None = None,
        phone_country_codes: Sequence[str] | None = None,
        custom: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> ContactEnrichment:
        """Enrich one contact and wait for the answer (the synchronous waterfall).

        Sent to the enrichment host (``https://api.prontohq.com/v2``), where the waterfall runs
        inline; it can take up to a minute when phone numbers are asked for.

        Args:
            first_name: Sent as ``firstname``; required unless ``linkedin_url`` is given.
            last_name: Sent as ``lastname``; required unless ``linkedin_url`` is given.
            enrichment_type: Any of ``email``, ``phone``, ``personal_email`` (a list, or one).
            linkedin_url: The contact's LinkedIn profile; required for ``phone`` and
                ``personal_email``, recommended always. It may stand alone: the reference
                requires the names too, Pronto's own n8n node sends this call without them
                when it has a LinkedIn URL (``Pipecorn/n8n-nodes-pipecorn``
                nodes/Pipecorn/resources/contact/enrich.ts, "Required when no LinkedIn URL is
                provided").
            domain: The company's website domain.
            company_name: The company's name.
            phone_country_codes: Only look for numbers of these ISO countries (``["FR"]``).
            custom: Your correlation data, echoed back unchanged.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            The result; ``found`` tells whether anything came back, ``phones`` is always a
            list of :class:`Phone` whatever shape the server used.

        Raises:
            ValidationError: a rule above is broken (nothing is sent).
            ConsentRequiredError: ``personal_email`` without the account's consent.
            InsufficientCreditsError: not enough credits.
        """
        p = Problems("contacts.enrich")
        fields = contact_fields(
            p,
            first_name=first_name,
            last_name=last_name,
            enrichment_type=enrichment_type,
            linkedin_url=linkedin_url,
            domain=domain,
            company_name=company_name,
            phone_country_codes=phone_country_codes,
            custom=custom,
            require_company_for_email=False,
            linkedin_stands_in=True,
        )
        body = build_body(p, fields, extra_body)
        return await self._call("contacts.enrich", ContactEnrichment, json=body)


    @operation("contacts.start_enrichment")
    async def start_enrichment(
        self,
        *,
        first_name: str,
        last_name: str,
        enrichment_type: EnrichmentTypes,
        linkedin_url: str | None = None,
        domain: str | None = None,
        company_name: str | None = None,
        phone_country_codes: Sequence[str] | None = None,
        custom: Mapping[str, Any] | None = None,
        webhook_url: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> EnrichmentJob[ContactEnrichment]:
        """Queue one contact for enrichment and return at once (the asynchronous waterfall).

        Sent to the app host. The result is POSTed to ``webhook_url`` when the waterfall
        ends, and can be read any time with :meth:`get` (``status`` goes from ``pending`` to
        ``finished``).

        Args:
            first_name: Sent as ``firstname``.
            last_name: Sent as ``lastname``.
            enrichment_type: Any of ``email``, ``phone``, ``personal_email`` (a list, or one).
            linkedin_url: The contact's LinkedIn profile; required for ``phone`` and
                ``personal_email``.
            domain: The company's website domain (this or ``company_name`` is required for
                ``email``).
            company_name: The company's name.
            phone_country_codes: Only look for numbers of these ISO countries (``["FR"]``).
            custom: Your correlation data, echoed back on :meth:`get` and on the webhook.
            webhook_url: Where to POST the final result.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            A job whose ``id`` is the enrichment id and whose ``response`` is the immediate
            answer (``status="pending"``).

        Raises:
            ValidationError: a rule above is broken (nothing is sent).
            ConsentRequiredError: ``personal_email`` without the account's consent.
            InsufficientCreditsError: not enough credits.
            UnexpectedResponseError: the answer carries no enrichment id.
        """
        p = Problems("contacts.start_enrichment")
        fields = contact_fields(
            p,
            first_name=first_name,
            last_name=last_name,
            enrichment_type=enrichment_type,
            linkedin_url=linkedin_url,
            domain=domain,
            company_name=company_name,
            phone_country_codes=phone_country_codes,
            custom=custom,
            require_company_for_email=True,
        )
        fields["webhook_url"] = p.webhook("webhook_url", webhook_url)
        body = build_body(p, fields, extra_body)
        return await self._start(
            "contacts.start_enrichment", ContactEnrichment, EnrichmentJob,
            json=body, id_keys=_ENRICHMENT_ID_KEYS,
        )

    @operation("contacts.get")
    async def get(self, id: str, **options: Unpack[CallOptions]) -> ContactEnrichment:
        """The current state of an asynchronous enrichment (free to re-read).

        The answer spells the numbers ``phone`` where the synchronous one says ``phones``;
        both arrive in :attr:`ContactEnrichment.phones`.

        Args:
            id: The enrichment id (``job.id`` of :meth:`start_enrichment`).

        Returns:
            The enrichment; ``is_done`` tells whether the waterfall has finished.

        Raises:
            ValidationError: ``id`` is blank (nothing is sent).
            NotFoundError: no such enrichment.
        """
        p = Problems("contacts.get")
        enrichment_id = p.path_id("id", id)
        p.raise_if_any()
        return await self._call(
            "contacts.get", ContactEnrichment, path_params={"id": enrichment_id}
        )

    @operation("contacts.bulk_enrich")
    async def bulk_enrich(
        self,
        *,
        contacts: Sequence[ContactInput | Mapping[str, Any]],
        enrichment_type: EnrichmentTypes,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        phone_country_codes: Sequence[str] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> BulkEnrichmentJob[BulkEnrichment]:
        """Queue 2 to 100 contacts for enrichment in one request.

        Each contact's result is POSTed to ``webhook_url`` as it finishes, with that
        contact's ``custom`` echoed so you can match it. Credits are checked for the whole
        batch up front: when short, nothing is queued.

        Args:
            contacts: :class:`ContactInput` rows or dicts in any common spelling
                (``first_name``/``firstname``/``firstName``, ``domain``/``company_domain``,
                ``linkedin_url``/``linkedin_profile_url``, ``company_name``, ``custom``).
            enrichment_type: One of ``email``, ``phone``, ``personal_email``, for every
                contact of the batch. ``email`` needs ``domain`` or ``company_name`` on each
                contact; ``phone`` and ``personal_email`` need ``linkedin_url``.
            webhook_url: Where each contact's result is POSTed. The reference documents no
                other way to read a batch's results.
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            phone_country_codes: Only look for numbers of these ISO countries (``["FR"]``).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            A job whose ``id`` is the batch's enrichment id; ``response.status`` is
            ``queued`` or ``processing``.

        Raises:
            ValidationError: fewer than 2 or more than 100 contacts, more than one
                enrichment type, or a contact breaking a rule (each problem names its row
                as ``contacts[i]``; nothing is sent).
            ConsentRequiredError: ``personal_email`` without the account's consent (the whole
                batch is refused).
            InsufficientCreditsError: not enough credits for the whole batch.
        """
        p = Problems("contacts.bulk_enrich")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        rows: list[Any] | None = None
        if isinstance(contacts, str | bytes | Mapping) or not isinstance(contacts, Iterable):
            p.add(f"contacts must be a list of contacts, got {type(contacts).__name__}")
        else:
            rows = list(contacts)
            if not BULK_MIN <= len(rows) <= BULK_MAX:
                hint = (
                    "start_enrichment takes a single contact" if len(rows) == 1
                    else "split them, or use enrich_many" if len(rows) > BULK_MAX else ""
                )
                p.add(
                    f"contacts must hold {BULK_MIN} to {BULK_MAX} contacts, got {len(rows)}"
                    + (f" ({hint})" if hint else "")
                )
        types = enrichment_types(p, enrichment_type)
        if types is not None and len(types) != 1:
            p.add(f"enrichment_type must hold exactly one type for a batch, got {types}")
            types = None
        wire_rows = [
            _bulk_row(RowProblems(p, f"contacts[{i}]"), row, types)
            for i, row in enumerate(rows or [])
        ]
        fields = {
            "contacts": wire_rows,
            "enrichment_type": types,
            "webhook_url": p.webhook("webhook_url", webhook_url),
            "phone_country_codes": _country_codes(p, phone_country_codes),
        }
        body = build_body(p, fields, extra_body)
        return await self._start(
            "contacts.bulk_enrich", BulkEnrichment, BulkEnrichmentJob,
            json=body, id_keys=("enrichment_id", "id"), subscription=subscription,
            expected=len(body["contacts"]),
        )

    def enrich_many(
        self,
        rows: Iterable[ContactInput | Mapping[str, Any] | BadLine]
        | AsyncIterable[ContactInput | Mapping[str, Any] | BadLine],
        *,
        enrichment_type: EnrichmentTypes,
        columns: Columns | None = None,
        phone_country_codes: Sequence[str] | None = None,
        concurrency: int | None = None,
        ordered: bool = False,
        on_progress: Callable[[int, int | None, Progress], Any] | None = None,
        ledger: Ledger | None = None,
        retry_ambiguous: bool | None = None,
        mode: Literal["sync", "async"] = "sync",
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        timeout: float | None = None,
        submit_concurrency: int = DEFAULT_SUBMITS,
    ) -> FanOut[ContactEnrichment]:
        """Enrich many contacts, concurrently: with :meth:`enrich` at the documented 50/s, or
        (``mode="async"``) with :meth:`start_enrichment` and polling.

        ``async for outcome in pronto.contacts.enrich_many(rows, enrichment_type="email")``
        yields one :class:`~pronto_async.bulk.Outcome` per row: ``outcome.value`` is the
        :class:`ContactEnrichment`, or ``outcome.error`` says why not (a bad row is a
        ``ValidationError`` naming it, and the run goes on). The returned
        :class:`~pronto_async.bulk.FanOut` has the ``mapping`` (which column feeds which
        field, known before iterating for a file's rows) and ``stop()``.

        Args:
            rows: Rows of a CRM export or any dicts: :func:`~pronto_async.read_table`,
                ``csv.DictReader``, a list, an async iterable (consumed lazily), or
                :class:`ContactInput` models. Headers are matched whatever their spelling
                (``First Name``, ``firstName``, ``Person - First name``, ``Company Domain
                Name``, ``Person Linkedin Url``…); other columns are left unused and reported
                in the mapping, never an error.
            enrichment_type: For every row: any of ``email``, ``phone``, ``personal_email``.
                A row without a LinkedIn URL is still asked for what it can be (``email``);
                the types it cannot be asked for are in ``outcome.skipped``.
            columns: ``{field: column}`` overriding the guess (``{"domain": "Company Domain
                Name"}``; ``None`` switches a field off), or a mapping from
                :func:`~pronto_async.guess_columns`.
            phone_country_codes: For every row: only numbers of these ISO countries.
            concurrency, ordered, on_progress: As :meth:`AsyncPronto.map`.
            ledger: Record every row so a re-run never pays twice for one already done, nor
                re-sends one that may have been charged (default: the client's ``ledger``).
                Both modes record under ``contacts.enrich``: switching modes between runs
                does not pay again either.
            retry_ambiguous: As :meth:`AsyncPronto.map`: re-send, in this run, the rows the
                ledger holds as "may have been charged" (default: the client's setting).
            mode: ``"sync"`` (default): the synchronous waterfall, each answer inline, paced
                at 50/s; a row with a LinkedIn URL needs no names there (see :meth:`enrich`),
                so a file whose only column is a LinkedIn URL is read whole. ``"async"``:
                first and last name on every row, as the asynchronous endpoint requires
                them; each contact is queued on the app host and its
                enrichment id written to the ledger *before* the waterfall runs; the result
                is then polled with ``GET /contacts/{id}`` (free). A run killed while
                waterfalls run loses nothing: the re-run follows the stored ids instead of
                paying again (``outcome.resumed``). Rows the async endpoint refuses (it
                needs ``domain`` or ``company_name`` for ``email``) are that row's
                ``ValidationError``.
            poll_interval: ``mode="async"``: first delay between polls of one enrichment
                (it grows while nothing changes).
            timeout: ``mode="async"``: seconds to wait for each enrichment; past it the row's
                outcome is a ``JobTimeoutError`` and its id stays in the ledger for a re-run.
            submit_concurrency: ``mode="async"``: submit requests in flight at once (default
                16), apart from the rows waiting for their waterfall (``concurrency``, 256
                by default). Each keeps its place until its enrichment id is in the ledger,
                so a run killed at any moment leaves at most this many rows "may have been
                charged".

        Raises:
            ValidationError: ``enrichment_type``, ``columns``, ``phone_country_codes``,
                ``mode``, ``poll_interval``, ``timeout``, ``submit_concurrency`` or
                ``retry_ambiguous`` is invalid, or the rows' headers (a file's) have no
                column for a required field (first and last name, or in ``mode="sync"`` a
                LinkedIn URL instead) (at the call, before anything is sent).
            AuthenticationError, PermissionDeniedError, InsufficientCreditsError,
            PlanLimitError, LimiterUnavailableError, LedgerError, RepeatedFailureError: on
                iteration, as :meth:`AsyncPronto.map` (no more rows are read once one of them
                meets an error every row would meet).
        """
        if isinstance(submit_concurrency, bool) or not isinstance(submit_concurrency, int) or (
            submit_concurrency < 1
        ):
            raise ValidationError([f"submit_concurrency must be an integer >= 1, got "
                                   f"{show(submit_concurrency)}"], endpoint="contacts.enrich")
        many = self._many(rows, enrichment_type, columns, phone_country_codes, mode,
                          poll_interval, timeout)
        if mode == "async":
            return self._client._fan_out(
                self.start_enrichment, rows,
                concurrency=default_concurrency(None, waits=True)
                if concurrency is None else concurrency,
                ordered=ordered, on_progress=on_progress, ledger=ledger,
                retry_ambiguous=retry_ambiguous, prepare=many.prepare,
                operation="contacts.enrich",
                follow=Follow(many.wait, starts_job=True, submits=submit_concurrency),
                mapping=many.reader.first_mapping,
            )
        return self._client._fan_out(
            self.enrich, rows, concurrency=concurrency, ordered=ordered,
            on_progress=on_progress, ledger=ledger, retry_ambiguous=retry_ambiguous,
            prepare=many.prepare, follow=Follow(many.wait), mapping=many.reader.first_mapping,
        )

    async def plan(
        self,
        rows: Iterable[ContactInput | Mapping[str, Any] | BadLine]
        | AsyncIterable[ContactInput | Mapping[str, Any] | BadLine],
        *,
        enrichment_type: EnrichmentTypes,
        columns: Columns | None = None,
        phone_country_codes: Sequence[str] | None = None,
        ledger: Ledger | None = None,
        mode: Literal["sync", "async"] = "sync",
        retry_ambiguous: bool | None = None,
        balance: bool = True,
    ) -> EnrichmentPlan:
        """What :meth:`enrich_many` would do with these rows, without a paid request.

        Reads every row through the same mapping and checks, looks each one up in the ledger,
        and prices what would be sent; ``print(plan)`` shows the mapping, valid and invalid
        rows with the first reasons, repeated rows, rows the ledger already has, and the
        credits it may cost against the balance.

        Args:
            rows, enrichment_type, columns, phone_country_codes, ledger, mode,
                retry_ambiguous: As :meth:`enrich_many` (the rows are read once; pass a
                re-readable source, such as a table or a list, to run them afterwards).
            balance: Ask ``GET /credits`` (free) for the balance.

        Returns:
            The :class:`~pronto_async.EnrichmentPlan`.

        Raises:
            ValidationError: as :meth:`enrich_many`, at the call.

        Rate limit: none (nothing is sent but ``GET /credits``). Credits: none.
        Reference: the prices of the endpoint table (``pronto_async.ENDPOINTS``).
        """
        many = self._many(rows, enrichment_type, columns, phone_country_codes, mode,
                          DEFAULT_POLL_INTERVAL, None)
        return await self._client._plan(
            rows, operation="contacts.enrich",
            method=self.start_enrichment if mode == "async" else self.enrich,
            prepare=many.prepare, mapping=many.reader.first_mapping, ledger=ledger,
            types=many.types, retry_ambiguous=retry_ambiguous, balance=balance,
        )

    def _many(
        self, rows: Any, enrichment_type: Any, columns: Any, phone_country_codes: Any,
        mode: Any, poll_interval: Any, timeout: Any,
    ) -> _ManyContacts:
        p = Problems("contacts.enrich")
        types = enrichment_types(p, enrichment_type)
        codes = _country_codes(p, phone_country_codes)
        if mode not in ("sync", "async"):
            p.add(f"mode must be 'sync' or 'async', got {show(mode)}")
        if not (isinstance(poll_interval, int | float) and poll_interval > 0):
            p.add(f"poll_interval must be > 0 seconds, got {show(poll_interval)}")
        if timeout is not None and not (isinstance(timeout, int | float) and timeout > 0):
            p.add(f"timeout must be > 0 seconds or None, got {show(timeout)}")
        p.raise_if_any()
        # A LinkedIn URL stands in for the names in the synchronous enrichment only.
        reader = RowReader("contacts", "contacts.enrich", columns, rows,
                           stand_ins=mode == "sync")
        return _ManyContacts(self, reader, types or [], codes, poll_interval, timeout)


class _Prepared(dict[str, Any]):
    """A row's keyword arguments, with the types the run asked for that it cannot be."""

    __slots__ = ("skipped",)

    skipped: tuple[str, ...]


@attrs.frozen
class _ManyContacts:
    """The rows of one ``enrich_many``/``plan`` of contacts: mapping, types per row, wait."""

    contacts: Contacts
    reader: RowReader
    types: list[str]
    codes: list[str] | None
    poll_interval: float
    timeout: float | None

    def prepare(self, index: int, row: Any) -> _Prepared:
        kwargs = self.reader.kwargs(index, row)
        types = self.types
        if not kwargs.get("linkedin_url"):
            # The reference requires linkedin_url for phone and personal_email: ask this row
            # for the rest rather than refuse it, and say what it was not asked.
            types = [t for t in self.types if t not in _NEEDS_LINKEDIN]
            if not types:
                needing = " and ".join(self.types)
                raise ValidationError(
                    [f"contacts[{index}]: linkedin_url is required for enrichment_type "
                     f"{needing}"], endpoint="contacts.enrich",
                )
        prepared = _Prepared(
            {**kwargs, "enrichment_type": types, "phone_country_codes": self.codes}
        )
        prepared.skipped = tuple(t for t in self.types if t not in types)
        return prepared

    async def wait(self, enrichment_id: str) -> ContactEnrichment:
        return await _follow.wait_enrichment(
            lambda: self.contacts.get(id=enrichment_id), enrichment_id,
            poll_interval=self.poll_interval, timeout=self.timeout,
        )


class SyncContacts(SyncResource):
    """Blocking twin of :class:`Contacts`."""

    __slots__ = ()
    enrich = forward(Contacts.enrich)
    start_enrichment = forward_job(Contacts.start_enrichment)
    get = forward(Contacts.get)
    bulk_enrich = forward_job(Contacts.bulk_enrich)
    enrich_many = forward_iter(Contacts.enrich_many)
    plan = forward(Contacts.plan)
