"""pronto_async: the asyncio-first Python SDK for the Pronto API, with a blocking facade.

>>> from pronto_async import AsyncPronto, Pronto
"""

from ._client import DEFAULT_BASE_URL, DEFAULT_ENRICH_BASE_URL, AsyncPronto
from ._convert import Model
from ._endpoints import ENDPOINTS, Endpoint, Host, Rate
from ._pager import AsyncPager
from ._sync import Pronto
from ._version import __version__
from .enums import EnrichmentType
from .errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConsentRequiredError,
    InsufficientCreditsError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    ProntoError,
    QuotaExceededError,
    RateLimitError,
    UnexpectedResponseError,
    UnprocessableEntityError,
    ValidationError,
)
from .models import (
    AccountInfo,
    Company,
    CompanyHiring,
    CompanyStack,
    ContactEnrichment,
    Credits,
    HiringTeamMember,
    JobCompany,
    JobPosting,
    Location,
    Organization,
    Phone,
    Technology,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AccountInfo",
    "AsyncPager",
    "AsyncPronto",
    "AuthenticationError",
    "BadRequestError",
    "Company",
    "CompanyHiring",
    "CompanyStack",
    "ConsentRequiredError",
    "ContactEnrichment",
    "Credits",
    "DEFAULT_BASE_URL",
    "DEFAULT_ENRICH_BASE_URL",
    "ENDPOINTS",
    "Endpoint",
    "EnrichmentType",
    "HiringTeamMember",
    "Host",
    "InsufficientCreditsError",
    "InternalServerError",
    "JobCompany",
    "JobPosting",
    "Location",
    "Model",
    "NotFoundError",
    "Organization",
    "PermissionDeniedError",
    "Phone",
    "Pronto",
    "ProntoError",
    "QuotaExceededError",
    "Rate",
    "RateLimitError",
    "Technology",
    "UnexpectedResponseError",
    "UnprocessableEntityError",
    "ValidationError",
    "__version__",
]
