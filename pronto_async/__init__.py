"""pronto_async: the asyncio-first Python SDK for the Pronto API, with a blocking facade.

>>> from pronto_async import AsyncPronto, Pronto
"""

import sys as _sys
import typing
from contextlib import suppress as _suppress

from ._lazy import lazy_attributes as _lazy_attributes
from ._version import __version__

if typing.TYPE_CHECKING:
    from ._client import DEFAULT_BASE_URL, DEFAULT_ENRICH_BASE_URL, AsyncPronto
    from ._endpoints import ENDPOINTS, Endpoint, Host, Rate
    from ._fields import FieldMapping, guess_columns
    from ._limits import KeyBindable, LocalLimiter, RateLimiter
    from ._pager import AsyncPager
    from ._plan import EnrichmentPlan
    from ._redis_limiter import RedisLimiter
    from ._sync import Pronto
    from ._tables import TABLE_FORMATS, BadLine, InputFileError, Table, read_table
    from .bulk import FanOut, Outcome, Progress
    from .enums import (
        COMMON_INDUSTRIES,
        MAX_REVENUES,
        MIN_REVENUES,
        CompanySize,
        CompanyType,
        EmailStatus,
        EngagementType,
        EnrichmentType,
        Function,
        PersonalEmailStatus,
        PhoneStatus,
        PostedWithin,
        PublishedDate,
        ReactionType,
        RecentlyChangedJobs,
        Relationship,
        RevenueCurrency,
        SearchStatus,
        Seniority,
        Tenure,
    )
    from .errors import (
        AmbiguousChargeError,
        APIConnectionError,
        APIError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ClaimedElsewhereError,
        ConsentRequiredError,
        InsufficientCreditsError,
        InternalServerError,
        JobFailedError,
        JobTimeoutError,
        LedgerError,
        LimiterUnavailableError,
        NotFoundError,
        NotSentError,
        PermissionDeniedError,
        ProntoError,
        QuotaExceededError,
        RateLimitError,
        RepeatedFailureError,
        RunStoppedError,
        UnexpectedResponseError,
        UnprocessableEntityError,
        ValidationError,
    )
    from .jobs import (
        BulkEnrichmentJob,
        EnrichmentJob,
        ImportJob,
        Job,
        SearchJob,
        SyncBulkEnrichmentJob,
        SyncEnrichmentJob,
        SyncImportJob,
        SyncSearchJob,
        SyncTrackingJob,
        TrackingJob,
    )
    from .ledger import Ledger, LedgerRecord, LedgerSummary, RecordState
    from .models import (
        AccountInfo,
        AccountPreview,
        AccountSearch,
        AccountSearchPreview,
        AdvancedSearch,
        AdvancedSearchPreview,
        AdvancedSearchStarted,
        BulkEnrichment,
        Comment,
        Company,
        CompanyHiring,
        CompanyStack,
        Connection,
        ContactEnrichment,
        ContactInput,
        Credits,
        CurrentPosition,
        DepartmentHeadcount,
        Headcount,
        HeadcountEvolution,
        HiringSignal,
        HiringTeamMember,
        JobCompany,
        JobPosting,
        Lead,
        LeadPreview,
        LeadSearch,
        ListDetail,
        ListEntry,
        ListSummary,
        Location,
        Model,
        Organization,
        Persona,
        Phone,
        Post,
        PostEngagersSearch,
        ProfileCount,
        Reaction,
        Search,
        SearchDeletion,
        SearchDetail,
        SearchLead,
        SearchSummary,
        Technology,
        TrackingStarted,
    )
    from .webhooks import Delivery, Subscription, WebhookReceiver

#: Where each public name lives. Imported on first use (PEP 562), so ``import pronto_async``
#: and ``from pronto_async import AsyncPronto`` load only what they need: the models, the
#: resources, the webhook server and the Redis limiter come with the first use of theirs.
_LAZY: dict[str, str] = {
    "AsyncPronto": "._client",
    "DEFAULT_BASE_URL": "._client",
    "DEFAULT_ENRICH_BASE_URL": "._client",
    "ENDPOINTS": "._endpoints",
    "Endpoint": "._endpoints",
    "Host": "._endpoints",
    "Rate": "._endpoints",
    "KeyBindable": "._limits",
    "LocalLimiter": "._limits",
    "RateLimiter": "._limits",
    "AsyncPager": "._pager",
    "RedisLimiter": "._redis_limiter",
    "Pronto": "._sync",
    "BadLine": "._tables",
    "InputFileError": "._tables",
    "TABLE_FORMATS": "._tables",
    "Table": "._tables",
    "read_table": "._tables",
    "Outcome": ".bulk",
    "Progress": ".bulk",
    "FanOut": ".bulk",
    "COMMON_INDUSTRIES": ".enums",
    "CompanySize": ".enums",
    "CompanyType": ".enums",
    "EmailStatus": ".enums",
    "EngagementType": ".enums",
    "EnrichmentType": ".enums",
    "Function": ".enums",
    "MAX_REVENUES": ".enums",
    "MIN_REVENUES": ".enums",
    "PersonalEmailStatus": ".enums",
    "PhoneStatus": ".enums",
    "PostedWithin": ".enums",
    "PublishedDate": ".enums",
    "ReactionType": ".enums",
    "RecentlyChangedJobs": ".enums",
    "Relationship": ".enums",
    "RevenueCurrency": ".enums",
    "SearchStatus": ".enums",
    "Seniority": ".enums",
    "Tenure": ".enums",
    "APIConnectionError": ".errors",
    "APIError": ".errors",
    "APIStatusError": ".errors",
    "APITimeoutError": ".errors",
    "AmbiguousChargeError": ".errors",
    "AuthenticationError": ".errors",
    "BadRequestError": ".errors",
    "ClaimedElsewhereError": ".errors",
    "ConsentRequiredError": ".errors",
    "InsufficientCreditsError": ".errors",
    "InternalServerError": ".errors",
    "JobFailedError": ".errors",
    "JobTimeoutError": ".errors",
    "LedgerError": ".errors",
    "LimiterUnavailableError": ".errors",
    "NotFoundError": ".errors",
    "PermissionDeniedError": ".errors",
    "ProntoError": ".errors",
    "QuotaExceededError": ".errors",
    "RateLimitError": ".errors",
    "UnexpectedResponseError": ".errors",
    "UnprocessableEntityError": ".errors",
    "ValidationError": ".errors",
    "NotSentError": ".errors",
    "RunStoppedError": ".errors",
    "RepeatedFailureError": ".errors",
    "BulkEnrichmentJob": ".jobs",
    "EnrichmentJob": ".jobs",
    "ImportJob": ".jobs",
    "Job": ".jobs",
    "SearchJob": ".jobs",
    "SyncBulkEnrichmentJob": ".jobs",
    "SyncEnrichmentJob": ".jobs",
    "SyncImportJob": ".jobs",
    "SyncSearchJob": ".jobs",
    "SyncTrackingJob": ".jobs",
    "TrackingJob": ".jobs",
    "Ledger": ".ledger",
    "LedgerRecord": ".ledger",
    "LedgerSummary": ".ledger",
    "RecordState": ".ledger",
    "AccountInfo": ".models",
    "AccountPreview": ".models",
    "AccountSearch": ".models",
    "AccountSearchPreview": ".models",
    "AdvancedSearch": ".models",
    "AdvancedSearchPreview": ".models",
    "AdvancedSearchStarted": ".models",
    "BulkEnrichment": ".models",
    "Comment": ".models",
    "Company": ".models",
    "CompanyHiring": ".models",
    "CompanyStack": ".models",
    "Connection": ".models",
    "ContactEnrichment": ".models",
    "ContactInput": ".models",
    "Credits": ".models",
    "CurrentPosition": ".models",
    "DepartmentHeadcount": ".models",
    "Headcount": ".models",
    "HeadcountEvolution": ".models",
    "HiringSignal": ".models",
    "HiringTeamMember": ".models",
    "JobCompany": ".models",
    "JobPosting": ".models",
    "Lead": ".models",
    "LeadPreview": ".models",
    "LeadSearch": ".models",
    "ListDetail": ".models",
    "ListEntry": ".models",
    "ListSummary": ".models",
    "Location": ".models",
    "Model": ".models",
    "Organization": ".models",
    "Persona": ".models",
    "Phone": ".models",
    "Post": ".models",
    "PostEngagersSearch": ".models",
    "ProfileCount": ".models",
    "Reaction": ".models",
    "Search": ".models",
    "SearchDeletion": ".models",
    "SearchDetail": ".models",
    "SearchLead": ".models",
    "SearchSummary": ".models",
    "Technology": ".models",
    "TrackingStarted": ".models",
    "FieldMapping": "._fields",
    "guess_columns": "._fields",
    "EnrichmentPlan": "._plan",
    "Delivery": ".webhooks",
    "Subscription": ".webhooks",
    "WebhookReceiver": ".webhooks",
}


__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AccountInfo",
    "AccountPreview",
    "AccountSearch",
    "AccountSearchPreview",
    "AdvancedSearch",
    "AdvancedSearchPreview",
    "AdvancedSearchStarted",
    "AmbiguousChargeError",
    "AsyncPager",
    "AsyncPronto",
    "AuthenticationError",
    "BadLine",
    "BadRequestError",
    "BulkEnrichment",
    "BulkEnrichmentJob",
    "COMMON_INDUSTRIES",
    "ClaimedElsewhereError",
    "Comment",
    "Company",
    "CompanyHiring",
    "CompanySize",
    "CompanyStack",
    "CompanyType",
    "Connection",
    "ConsentRequiredError",
    "ContactEnrichment",
    "ContactInput",
    "Credits",
    "CurrentPosition",
    "DEFAULT_BASE_URL",
    "DEFAULT_ENRICH_BASE_URL",
    "Delivery",
    "DepartmentHeadcount",
    "ENDPOINTS",
    "EmailStatus",
    "Endpoint",
    "EngagementType",
    "EnrichmentJob",
    "EnrichmentPlan",
    "EnrichmentType",
    "FanOut",
    "FieldMapping",
    "Function",
    "Headcount",
    "HeadcountEvolution",
    "HiringSignal",
    "HiringTeamMember",
    "Host",
    "ImportJob",
    "InputFileError",
    "InsufficientCreditsError",
    "InternalServerError",
    "Job",
    "JobCompany",
    "JobFailedError",
    "JobPosting",
    "JobTimeoutError",
    "KeyBindable",
    "Lead",
    "LeadPreview",
    "LeadSearch",
    "Ledger",
    "LedgerError",
    "LedgerRecord",
    "LedgerSummary",
    "LimiterUnavailableError",
    "ListDetail",
    "ListEntry",
    "ListSummary",
    "LocalLimiter",
    "Location",
    "MAX_REVENUES",
    "MIN_REVENUES",
    "Model",
    "NotFoundError",
    "NotSentError",
    "Organization",
    "Outcome",
    "PermissionDeniedError",
    "Persona",
    "PersonalEmailStatus",
    "Phone",
    "PhoneStatus",
    "Post",
    "PostEngagersSearch",
    "PostedWithin",
    "ProfileCount",
    "Progress",
    "Pronto",
    "ProntoError",
    "PublishedDate",
    "QuotaExceededError",
    "Rate",
    "RateLimitError",
    "RateLimiter",
    "Reaction",
    "ReactionType",
    "RecentlyChangedJobs",
    "RecordState",
    "RedisLimiter",
    "Relationship",
    "RepeatedFailureError",
    "RevenueCurrency",
    "RunStoppedError",
    "Search",
    "SearchDeletion",
    "SearchDetail",
    "SearchJob",
    "SearchLead",
    "SearchStatus",
    "SearchSummary",
    "Seniority",
    "Subscription",
    "SyncBulkEnrichmentJob",
    "SyncEnrichmentJob",
    "SyncImportJob",
    "SyncSearchJob",
    "SyncTrackingJob",
    "TABLE_FORMATS",
    "Table",
    "Technology",
    "Tenure",
    "TrackingJob",
    "TrackingStarted",
    "UnexpectedResponseError",
    "UnprocessableEntityError",
    "ValidationError",
    "WebhookReceiver",
    "__version__",
    "guess_columns",
    "read_table",
]

_load, __dir__ = _lazy_attributes(__name__, _LAZY, __all__)


def _present(name: str, value: object) -> None:
    """Show a public class under ``pronto_async``, not the private module defining it:
    ``<class 'pronto_async.AsyncPronto'>``, not ``pronto_async._client.AsyncPronto``; pickle
    finds it again as ``pronto_async.<name>``.

    Its own annotations are evaluated first, in the module that defines it, since
    ``typing.get_type_hints`` (which attrs and cattrs call, on it and on its subclasses)
    looks names up in ``__module__``'s namespace.
    """
    module = getattr(value, "__module__", "")
    if (
        not isinstance(value, type)
        or getattr(value, "__qualname__", None) != name
        or not isinstance(module, str)
        or not any(part.startswith("_") for part in module.split(".")[1:])
        or module not in _sys.modules
    ):
        return
    import inspect

    own = inspect.get_annotations(value)
    if own:
        namespace = vars(_sys.modules[module])
        resolved: dict[str, typing.Any] = {}
        for key, annotation in own.items():
            if isinstance(annotation, str):
                # As typing.get_type_hints evaluates it; a name only imported for type
                # checking stays text (it could not be evaluated in its own module either).
                with _suppress(Exception):
                    annotation = eval(annotation, namespace, dict(vars(value)))
            resolved[key] = annotation
        value.__annotations__ = resolved
    value.__module__ = __name__


def __getattr__(name: str) -> typing.Any:
    """A public name, imported on first use (PEP 562); with it, every public class whose
    private module is loaded by now is shown under ``pronto_async`` (:func:`_present`)."""
    value = _load(name)
    _present(name, value)
    for other, where in _LAZY.items():
        loaded = _sys.modules.get(__name__ + where)
        if loaded is not None and where.startswith("._") and other in vars(loaded):
            _present(other, vars(loaded)[other])
    return value
