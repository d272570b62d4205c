"""``pronto.accounts``: company enrichment, technographics and job postings."""

from __future__ import annotations

import re
from collections.abc import AsyncIterable, Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Unpack

import attrs

from .._convert import Model
from .._facade import SyncResource, forward, forward_iter
from .._options import CallOptions
from .._plan import EnrichmentPlan
from .._rowmap import Columns, RowReader
from .._tables import BadLine
from .._validate import Problems, build_body
from ..bulk import FanOut, Progress
from ..enums import (
    CompanySize,
    CompanySizeValue,
    Function,
    FunctionValue,
    RevenueCurrency,
    RevenueCurrencyValue,
)
from ..jobs import ImportJob, forward_job
from ..ledger import Ledger
from ..models.companies import (
    AccountSearch,
    AccountSearchPreview,
    Company,
    CompanyHiring,
    CompanyStack,
    Headcount,
    ProfileCount,
)
from ..webhooks import WebhookReceiver
from . import _filters as f
from ._base import Resource, named, operation, webhook_target

__all__ = ["Accounts", "SyncAccounts", "company_identity"]

_COUNTRY: Final = re.compile(r"^[A-Za-z]{2}$")
#: The import cap the reference documents for account searches.
_MAX_ACCOUNTS: Final = 1000

Ids = Sequence[str | int]
Sizes = Sequence[CompanySize | CompanySizeValue]


@attrs.frozen(kw_only=True)
class _Keyed(Model):
    """An answer keyed by data (department names): everything lands in ``extra``."""


def company_identity(
    p: Problems,
    *,
    company_domain: str | None,
    company_name: str | None,
    company_linkedin_url: str | None,
) -> dict[str, Any]:
    """The documented "provide at least one of" trio of stack and hiring."""
    fields = {
        "company_name": p.text("company_name", company_name),
        "company_domain": p.text("company_domain", company_domain),
        "company_linkedin_url": f.linkedin_url(p, "company_linkedin_url", company_linkedin_url),
    }
    p.at_least_one(
        {
            "company_domain": company_domain,
            "company_name": company_name,
            "company_linkedin_url": company_linkedin_url,
        }
    )
    return fields


class Accounts(Resource):
    """Companies (accounts, in Pronto's words)."""

    __slots__ = ()

    @operation("accounts.enrich")
    async def enrich(
        self,
        *,
        company_linkedin_url: str | None = None,
        name: str | None = None,
        domain: str | None = None,
        country: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> Company:
        """Firmographics of one company.

        The reference documents no body; these are the fields public code sends
        (real-usage.md §3).

        Args:
            company_linkedin_url: The company's LinkedIn page.
            name: Company name.
            domain: Website domain, e.g. ``"notion.so"``.
            country: Two-letter ISO code narrowing a name match, e.g. ``"FR"``.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Raises:
            ValidationError: none of ``company_linkedin_url``, ``name``, ``domain`` (nothing is
                sent), or a ``country`` that is not two letters.
            NotFoundError: no such company.
        """
        p = Problems("accounts.enrich")
        code = p.text("country", country)
        if code is not None and not _COUNTRY.match(code):
            p.add(f"country must be a two-letter ISO code, got {code!r}")
        p.at_least_one(
            {"company_linkedin_url": company_linkedin_url, "name": name, "domain": domain}
        )
        body = build_body(
            p,
            {
                "company_linkedin_url": f.linkedin_url(
                    p, "company_linkedin_url", company_linkedin_url
                ),
                "name": p.text("name", name),
                "domain": p.text("domain", domain),
                "country": code.upper() if code else None,
            },
            extra_body,
        )
        return await self._call("accounts.enrich", Company, json=body)

    @operation("accounts.stack")
    async def stack(
        self,
        *,
        company_name: str | None = None,
        company_domain: str | None = None,
        company_linkedin_url: str | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> CompanyStack:
        """A company's technology stack, with the confidence of each technology.

        Args:
            company_name: Company name.
            company_domain: Website domain.
            company_linkedin_url: LinkedIn page (the reference's example spells it
                ``company_linkedin``; send that through ``extra_body`` if you must).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Raises:
            ValidationError: none of the three identifiers (nothing is sent).
        """
        p = Problems("accounts.stack")
        fields = company_identity(
            p, company_domain=company_domain, company_name=company_name,
            company_linkedin_url=company_linkedin_url,
        )
        body = build_body(p, fields, extra_body)
        return await self._call("accounts.stack", CompanyStack, json=body)

    @operation("accounts.hiring")
    async def hiring(
        self,
        *,
        company_domain: str | None = None,
        company_name: str | None = None,
        company_linkedin_url: str | None = None,
        posted_within_days: int | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> CompanyHiring:
        """A company's open job postings.

        Args:
            company_domain: Website domain.
            company_name: Company name.
            company_linkedin_url: LinkedIn page.
            posted_within_days: Only jobs posted in the last N days (N >= 1).
            extra_body: Fields the SDK does not know yet, sent as they are.

        Raises:
            ValidationError: none of the three identifiers, or ``posted_within_days < 1``
                (nothing is sent).
        """
        p = Problems("accounts.hiring")
        fields = company_identity(
            p, company_domain=company_domain, company_name=company_name,
            company_linkedin_url=company_linkedin_url,
        )
        fields["posted_within_days"] = p.integer(
            "posted_within_days", posted_within_days, minimum=1
        )
        body = build_body(p, fields, extra_body)
        return await self._call("accounts.hiring", CompanyHiring, json=body)


    @operation("accounts.headcount")
    async def headcount(
        self,
        *,
        company_linkedin_id: str | int,
        departments: Sequence[Function | FunctionValue] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> Headcount:
        """Headcount evolution of a company's departments over 3, 6 and 12 months.

        The reference documents no body; this is the documented shape public code relies on
        (real-usage.md §9).

        Args:
            company_linkedin_id: The company's numeric LinkedIn id, e.g. ``"1441"``.
            departments: Department names (``"Engineering"``); a :class:`Function` member is
                sent as its label. All departments when omitted.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            ``departments`` maps each department name to its evolution.

        Raises:
            ValidationError: a missing or non-numeric ``company_linkedin_id``, or an empty
                ``departments`` list (nothing is sent).
        """
        p = Problems("accounts.headcount")
        names = None if departments is None else p.items("departments", departments, "strings")
        if names is not None:
            # A Function member stands for its department name ("Engineering").
            names = [d.label if isinstance(d, Function) else d for d in names]
        body = build_body(
            p,
            {
                "company_linkedin_id": f.numeric_id(
                    p, "company_linkedin_id", company_linkedin_id, required=True
                ),
                "departments": p.strings("departments", names),
            },
            extra_body,
        )
        answer = await self._call("accounts.headcount", _Keyed, json=body)
        return Headcount.from_wire(answer.extra)

    @operation("accounts.count_profiles")
    async def count_profiles(
        self,
        *,
        company_linkedin_id: str | int | None = None,
        company_linkedin_url: str | None = None,
        title_to_include: Sequence[str] | None = None,
        title_to_exclude: Sequence[str] | None = None,
        included_locations: Ids | None = None,
        excluded_locations: Ids | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> ProfileCount:
        """Count a company's employees matching job titles and locations.

        Args:
            company_linkedin_id: The company's numeric LinkedIn id.
            company_linkedin_url: Or its LinkedIn page (regular or Sales Navigator).
            title_to_include: Job titles to count.
            title_to_exclude: Job titles to leave out.
            included_locations: Location ids (see ``pronto.locations.search``).
            excluded_locations: Location ids to leave out.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            ``total``, and the filters as the server understood them.

        Raises:
            ValidationError: neither or both company identifiers, or a malformed filter
                (nothing is sent).
        """
        p = Problems("accounts.count_profiles")
        _one_company(p, company_linkedin_id, company_linkedin_url)
        body = build_body(
            p,
            {
                "company_linkedin_id": f.numeric_id(p, "company_linkedin_id", company_linkedin_id),
                "company_linkedin_url": f.linkedin_url(
                    p, "company_linkedin_url", company_linkedin_url
                ),
                "title_to_include": p.strings("title_to_include", title_to_include),
                "title_to_exclude": p.strings("title_to_exclude", title_to_exclude),
                "included_locations": f.numeric_ids(p, "included_locations", included_locations),
                "excluded_locations": f.numeric_ids(p, "excluded_locations", excluded_locations),
            },
            extra_body,
        )
        return await self._call("accounts.count_profiles", ProfileCount, json=body)

    @operation("accounts.search")
    async def search(
        self,
        *,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        name: str | None = None,
        included_industries: Ids | None = None,
        excluded_industries: Ids | None = None,
        included_locations: Ids | None = None,
        excluded_locations: Ids | None = None,
        company_size: Sizes | None = None,
        keyword: str | None = None,
        min_revenue: float | None = None,
        max_revenue: float | None = None,
        revenue_currency: RevenueCurrency | RevenueCurrencyValue | None = None,
        limit: int | None = None,
        streaming: bool | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> ImportJob[AccountSearch]:
        """Find companies by filters and import them; the enriched accounts go to the webhook.

        Try the filters with :meth:`search_preview` first: it is free.

        Args:
            webhook_url: Where Pronto POSTs the accounts (``https://``). Optional: the
                reference requires it, but Pronto's own CLI starts this search without one
                ("Start a company search. Returns a job ID — poll with `pipecorn jobs status
                <id>`", ``Pipecorn/cli-pipecorn`` src/commands/accounts/search.ts;
                ``searchAccountsSchema`` in src/api/schemas.ts has no ``webhook_url``).
                Without a webhook the accounts are delivered nowhere the SDK can read:
                ``job.accounts()`` needs ``webhook=``, and the reference documents no other
                way to read an import's accounts; ``job.wait()`` follows its status with
                ``GET /searches/{id}``, as the CLI does.
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            name: A label for the import. When omitted, a unique one is made up
                (``"Account search - API - 3f9a1c0b2e7d"``), so that an import whose
                creation answer is lost can be looked for by name (imports are not known
                to be listed by ``GET /searches``: see ``job.recovered``).
            included_industries: LinkedIn industry ids (``enums.COMMON_INDUSTRIES``), ORed.
            excluded_industries: Industry ids to leave out.
            included_locations: Location ids (see ``pronto.locations.search``).
            excluded_locations: Location ids to leave out.
            company_size: :class:`CompanySize` buckets (an en-dash is accepted).
            keyword: Matched against company names and descriptions (``"saas"``).
            min_revenue: Annual revenue floor in millions, one of ``enums.MIN_REVENUES``.
            max_revenue: Ceiling in millions, one of ``enums.MAX_REVENUES`` (``1001``: $1B+).
            revenue_currency: Currency of the revenue bounds (``USD`` when omitted).
            limit: At most this many accounts, 1 to 1,000 (1,000 when omitted).
            streaming: Deliver accounts in batches as they are processed.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            An :class:`ImportJob` whose ``response`` holds the total and a preview of the
            first 10 accounts.

        Raises:
            ValidationError: no filter at all (an unfiltered import would spend credits on
                arbitrary companies), a value outside a documented list, ``min_revenue`` above
                ``max_revenue``, a non-https ``webhook_url`` (nothing is sent).
        """
        p = Problems("accounts.search")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        import_name, recover = named(p, name, "Account search - API", kind="import")
        fields = {
            "webhook_url": f.https_url(p, "webhook_url", webhook_url),
            "name": import_name,
            **f.account_search_filters(
                p,
                included_industries=included_industries,
                excluded_industries=excluded_industries,
                included_locations=included_locations,
                excluded_locations=excluded_locations,
                company_size=company_size,
                keyword=keyword,
                min_revenue=min_revenue,
                max_revenue=max_revenue,
                revenue_currency=revenue_currency,
            ),
            "limit": p.integer("limit", limit, minimum=1, maximum=_MAX_ACCOUNTS),
            "streaming": p.boolean("streaming", streaming),
        }
        body = build_body(p, fields, extra_body)
        return await self._start(
            "accounts.search", AccountSearch, ImportJob, json=body, id_keys=("id", "import_id"),
            subscription=subscription, recover=recover,
        )

    @operation("accounts.search_preview")
    async def search_preview(
        self,
        *,
        included_industries: Ids | None = None,
        excluded_industries: Ids | None = None,
        included_locations: Ids | None = None,
        excluded_locations: Ids | None = None,
        company_size: Sizes | None = None,
        keyword: str | None = None,
        min_revenue: float | None = None,
        max_revenue: float | None = None,
        revenue_currency: RevenueCurrency | RevenueCurrencyValue | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> AccountSearchPreview:
        """The estimated number of companies matching :meth:`search`'s filters, and the first
        25, without importing anything or spending credits.

        Args:
            included_industries: As in :meth:`search`; so are the other filters.
            excluded_industries: Industry ids to leave out.
            included_locations: Location ids.
            excluded_locations: Location ids to leave out.
            company_size: :class:`CompanySize` buckets.
            keyword: Matched against company names and descriptions.
            min_revenue: One of ``enums.MIN_REVENUES`` (millions).
            max_revenue: One of ``enums.MAX_REVENUES`` (millions).
            revenue_currency: Currency of the revenue bounds.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Raises:
            ValidationError: the same rules as :meth:`search` (nothing is sent), so that a
                preview that passes means the search will too.
        """
        p = Problems("accounts.search_preview")
        fields = f.account_search_filters(
            p,
            included_industries=included_industries,
            excluded_industries=excluded_industries,
            included_locations=included_locations,
            excluded_locations=excluded_locations,
            company_size=company_size,
            keyword=keyword,
            min_revenue=min_revenue,
            max_revenue=max_revenue,
            revenue_currency=revenue_currency,
        )
        body = build_body(p, fields, extra_body)
        return await self._call("accounts.search_preview", AccountSearchPreview, json=body)

    @operation("accounts.extract")
    async def extract(
        self,
        *,
        search_url: str,
        webhook_url: str | None = None,
        webhook: WebhookReceiver | None = None,
        name: str | None = None,
        limit: int | None = None,
        streaming: bool | None = None,
        extra_body: Mapping[str, Any] | None = None,
        **options: Unpack[CallOptions],
    ) -> ImportJob[AccountSearch]:
        """Import the companies of a Sales Navigator account search; they go to the webhook.

        The reference documents the operation but not its body; these are the fields of the
        other imports (``search_url`` as in ``leads.extract``, the rest as in :meth:`search`).

        Args:
            search_url: A Sales Navigator search URL (``https://www.linkedin.com/sales/…``).
            webhook_url: Where Pronto POSTs the accounts (``https://``).
            webhook: A :class:`~pronto_async.WebhookReceiver` instead of ``webhook_url``: the
                job gets its own unguessable path on it and reads its results from there.
            name: A label for the import. When omitted, a unique one is made up
                (``"Account extract - API - 3f9a1c0b2e7d"``), so that an import whose
                creation answer is lost can be looked for by name (imports are not known
                to be listed by ``GET /searches``: see ``job.recovered``).
            limit: At most this many accounts, 1 to 1,000.
            streaming: Deliver accounts in batches as they are processed.
            extra_body: Fields the SDK does not know yet, sent as they are.

        Returns:
            An :class:`ImportJob`; its ``response`` is the server's immediate answer.

        Raises:
            ValidationError: a ``search_url`` outside Sales Navigator, a non-https
                ``webhook_url``, a ``limit`` out of range (nothing is sent).
        """
        p = Problems("accounts.extract")
        webhook_url, subscription = webhook_target(p, webhook_url, webhook)
        import_name, recover = named(p, name, "Account extract - API", kind="import")
        fields = {
            "search_url": f.linkedin_url(
                p, "search_url", search_url, required=True, path="/sales/"
            ),
            "webhook_url": f.https_url(p, "webhook_url", webhook_url, required=True),
            "name": import_name,
            "limit": p.integer("limit", limit, minimum=1, maximum=_MAX_ACCOUNTS),
            "streaming": p.boolean("streaming", streaming),
        }
        body = build_body(p, fields, extra_body)
        return await self._start(
            "accounts.extract", AccountSearch, ImportJob, json=body, id_keys=("id", "import_id"),
            subscription=subscription, recover=recover,
        )

    def enrich_many(
        self,
        rows: Iterable[Mapping[str, Any] | BadLine] | AsyncIterable[Mapping[str, Any] | BadLine],
        *,
        columns: Columns | None = None,
        concurrency: int | None = None,
        ordered: bool = False,
        on_progress: Callable[[int, int | None, Progress], Any] | None = None,
        ledger: Ledger | None = None,
        retry_ambiguous: bool | None = None,
    ) -> FanOut[Company]:
        """Enrich many companies with :meth:`enrich`, concurrently, at the documented 20/s.

        Yields one :class:`~pronto_async.bulk.Outcome` per row (``value`` a :class:`Company`,
        or ``error``; a bad row is a ``ValidationError`` naming it and the run goes on). The
        returned :class:`~pronto_async.bulk.FanOut` has the ``mapping`` and ``stop()``.

        Args:
            rows: Rows of a CRM export or any dicts (:func:`~pronto_async.read_table`,
                ``csv.DictReader``, a list, an async iterable; consumed lazily). Headers are
                matched whatever their spelling (``Company Domain Name``, ``Website``,
                ``Organization - Name``, ``LinkedIn Company Page``, ``Country/Region``…);
                a website URL is cut to its domain and a country name (``United States``,
                ``Deutschland``) becomes its ISO code. Other columns are reported unused.
            columns: ``{field: column}`` overriding the guess (fields: ``domain``, ``name``,
                ``company_linkedin_url``, ``country``; ``None`` switches one off), or a
                mapping from :func:`~pronto_async.guess_columns`.
            concurrency, ordered, on_progress: As :meth:`AsyncPronto.map`.
            ledger: Record every row so a re-run never pays twice (default: the client's).
            retry_ambiguous: As :meth:`AsyncPronto.map`: re-send, in this run, the rows the
                ledger holds as "may have been charged" (default: the client's setting).

        Raises:
            ValidationError: ``columns`` is invalid, ``retry_ambiguous`` is not ``True``,
                ``False`` or ``None``, or the rows' headers (a file's) have no column for
                any of domain, name, LinkedIn page (at the call, before anything is sent).
            AuthenticationError, PermissionDeniedError, InsufficientCreditsError,
            PlanLimitError, LimiterUnavailableError, LedgerError, RepeatedFailureError: on
                iteration, as :meth:`AsyncPronto.map` (no more rows are read once one of them
                meets an error every row would meet).
        """
        reader = RowReader("accounts", "accounts.enrich", columns, rows)
        return self._client._fan_out(
            self.enrich, rows, concurrency=concurrency, ordered=ordered,
            on_progress=on_progress, ledger=ledger, retry_ambiguous=retry_ambiguous,
            prepare=reader.kwargs,
            mapping=reader.first_mapping,
        )

    async def plan(
        self,
        rows: Iterable[Mapping[str, Any] | BadLine] | AsyncIterable[Mapping[str, Any] | BadLine],
        *,
        columns: Columns | None = None,
        ledger: Ledger | None = None,
        retry_ambiguous: bool | None = None,
        balance: bool = True,
    ) -> EnrichmentPlan:
        """What :meth:`enrich_many` would do with these rows, without a paid request (see
        :meth:`Contacts.plan <pronto_async.resources.contacts.Contacts.plan>`).

        Raises:
            ValidationError: as :meth:`enrich_many`, at the call.

        Rate limit: none (nothing is sent but ``GET /credits``). Credits: none.
        Reference: the prices of the endpoint table (``pronto_async.ENDPOINTS``).
        """
        reader = RowReader("accounts", "accounts.enrich", columns, rows)
        return await self._client._plan(
            rows, operation="accounts.enrich", method=self.enrich, prepare=reader.kwargs,
            mapping=reader.first_mapping, ledger=ledger, types=None,
            retry_ambiguous=retry_ambiguous, balance=balance,
        )


def _one_company(p: Problems, linkedin_id: Any, linkedin_url: Any) -> None:
    """Exactly one company identifier: with both, which one the server uses is unknown."""
    if linkedin_id is None and linkedin_url is None:
        p.add("provide one of: company_linkedin_id, company_linkedin_url")
    elif linkedin_id is not None and linkedin_url is not None:
        p.add("provide only one of: company_linkedin_id, company_linkedin_url")


class SyncAccounts(SyncResource):
    """Blocking twin of :class:`Accounts`."""

    __slots__ = ()
    enrich = forward(Accounts.enrich)
    stack = forward(Accounts.stack)
    hiring = forward(Accounts.hiring)
    headcount = forward(Accounts.headcount)
    count_profiles = forward(Accounts.count_profiles)
    search = forward_job(Accounts.search)
    search_preview = forward(Accounts.search_preview)
    extract = forward_job(Accounts.extract)
    enrich_many = forward_iter(Accounts.enrich_many)
    plan = forward(Accounts.plan)
