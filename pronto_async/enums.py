"""Documented value sets (reference sections cited per enum).

String enums: every method accepts a member or its plain value (``Seniority.CXO`` or
``"310"``), and values the server sends that are not listed here never fail parsing (models
keep plain strings). Each enum a method takes has a ``Literal`` twin of its plain values
(``EnrichmentTypeValue``): the parameters are typed ``EnrichmentType | EnrichmentTypeValue``,
so a type checker rejects ``enrichment_type="emial"`` and editors complete the values, while
the runtime checks stay (a :class:`~pronto_async.ValidationError` naming the valid values).
"""

from __future__ import annotations

import enum
from typing import Final, Literal, TypeAlias

__all__ = [
    "COMMON_INDUSTRIES",
    "CompanySize",
    "CompanySizeValue",
    "CompanyType",
    "CompanyTypeValue",
    "EmailStatus",
    "EngagementType",
    "EngagementTypeValue",
    "EnrichmentType",
    "EnrichmentTypeValue",
    "Function",
    "FunctionValue",
    "MAX_REVENUES",
    "MIN_REVENUES",
    "PersonalEmailStatus",
    "PhoneStatus",
    "PostedWithin",
    "PostedWithinValue",
    "PublishedDate",
    "PublishedDateValue",
    "ReactionType",
    "RecentlyChangedJobs",
    "RecentlyChangedJobsValue",
    "Relationship",
    "RelationshipValue",
    "RevenueCurrency",
    "RevenueCurrencyValue",
    "SearchStatus",
    "Seniority",
    "SeniorityValue",
    "Tenure",
    "TenureValue",
    "normalise_company_size",
]


class _Labelled(enum.StrEnum):
    """A string enum whose members also carry the reference's human label."""

    label: str

    def __new__(cls, value: str, label: str = "") -> _Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        return member


class EnrichmentType(enum.StrEnum):
    """What a contact enrichment looks for (contacts/sync_single_enrich)."""

    EMAIL = "email"
    PHONE = "phone"
    #: Needs the account's GDPR consent and a ``linkedin_url``.
    PERSONAL_EMAIL = "personal_email"


#: The plain values of :class:`EnrichmentType`, for type checkers (a typo fails ``mypy``).
EnrichmentTypeValue: TypeAlias = Literal["email", "phone", "personal_email"]


class Function(_Labelled):
    """LinkedIn function (department) IDs accepted by ``functions``
    (extract/leads_from_company, leads/advanced_search)."""

    ACCOUNTING = "1", "Accounting"
    ADMINISTRATIVE = "2", "Administrative"
    ARTS_AND_DESIGN = "3", "Arts and Design"
    BUSINESS_DEVELOPMENT = "4", "Business Development"
    COMMUNITY_AND_SOCIAL_SERVICES = "5", "Community and Social Services"
    CONSULTING = "6", "Consulting"
    EDUCATION = "7", "Education"
    ENGINEERING = "8", "Engineering"
    ENTREPRENEURSHIP = "9", "Entrepreneurship"
    FINANCE = "10", "Finance"
    HEALTHCARE_SERVICES = "11", "Healthcare Services"
    HUMAN_RESOURCES = "12", "Human Resources"
    INFORMATION_TECHNOLOGY = "13", "Information Technology"
    LEGAL = "14", "Legal"
    MARKETING = "15", "Marketing"
    MEDIA_AND_COMMUNICATION = "16", "Media and Communication"
    MILITARY_AND_PROTECTIVE_SERVICES = "17", "Military and Protective Services"
    OPERATIONS = "18", "Operations"
    PRODUCT_MANAGEMENT = "19", "Product Management"
    PROGRAM_AND_PROJECT_MANAGEMENT = "20", "Program and Project Management"
    PURCHASING = "21", "Purchasing"
    QUALITY_ASSURANCE = "22", "Quality Assurance"
    REAL_ESTATE = "23", "Real Estate"
    RESEARCH = "24", "Research"
    SALES = "25", "Sales"
    CUSTOMER_SUCCESS_AND_SUPPORT = "26", "Customer Success and Support"


#: The plain values of :class:`Function`, for type checkers (a typo fails ``mypy``).
FunctionValue: TypeAlias = Literal[
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17",
    "18", "19", "20", "21", "22", "23", "24", "25", "26"
]


class Seniority(_Labelled):
    """LinkedIn seniority level IDs accepted by ``seniority_levels``."""

    IN_TRAINING = "100", "In Training"
    ENTRY_LEVEL = "110", "Entry Level"
    SENIOR = "120", "Senior"
    STRATEGIC = "130", "Strategic"
    ENTRY_LEVEL_MANAGER = "200", "Entry Level Manager"
    EXPERIENCED_MANAGER = "210", "Experienced Manager"
    DIRECTOR = "220", "Director"
    VICE_PRESIDENT = "300", "Vice President"
    CXO = "310", "CXO"
    OWNER_PARTNER = "320", "Owner / Partner"


#: The plain values of :class:`Seniority`, for type checkers (a typo fails ``mypy``).
SeniorityValue: TypeAlias = Literal[
    "100", "110", "120", "130", "200", "210", "220", "300", "310", "320"
]


class CompanySize(enum.StrEnum):
    """Employee-count buckets (accounts/search; en-dashes are normalised to hyphens)."""

    S_1_10 = "1-10"
    S_11_50 = "11-50"
    S_51_200 = "51-200"
    S_201_500 = "201-500"
    S_501_1000 = "501-1000"
    S_1001_5000 = "1001-5000"
    S_5001_10000 = "5001-10000"
    S_10001_PLUS = "10001+"


#: The plain values of :class:`CompanySize`, for type checkers (a typo fails ``mypy``).
CompanySizeValue: TypeAlias = Literal[
    "1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5001-10000", "10001+"
]


def normalise_company_size(value: str) -> str:
    """``"51\u2013200"`` (an en-dash, which the server also accepts) → ``"51-200"``."""
    return value.strip().replace("\u2013", "-").replace("\u2014", "-").replace(" ", "")


class CompanyType(_Labelled):
    """``company_type`` IDs (leads/advanced_search)."""

    PUBLIC_COMPANY = "C", "Public Company"
    EDUCATIONAL_INSTITUTION = "E", "Educational Institution"
    GOVERNMENT_AGENCY = "G", "Government Agency"
    NON_PROFIT = "N", "Non-Profit"
    PRIVATELY_HELD = "P", "Privately Held"
    SELF_EMPLOYED = "S", "Self-Employed"
    SELF_OWNED = "X", "Self-Owned"


#: The plain values of :class:`CompanyType`, for type checkers (a typo fails ``mypy``).
CompanyTypeValue: TypeAlias = Literal["C", "E", "G", "N", "P", "S", "X"]


class Tenure(_Labelled):
    """Buckets of ``years_of_experience``, ``years_at_current_company`` and
    ``years_in_current_position`` (leads/advanced_search). ``"6"`` to ``"8"`` are reserved by
    LinkedIn and not accepted."""

    LESS_THAN_1 = "1", "Less than 1 year"
    ONE_TO_2 = "2", "1 to 2 years"
    THREE_TO_5 = "3", "3 to 5 years"
    SIX_TO_10 = "4", "6 to 10 years"
    MORE_THAN_10 = "5", "More than 10 years"


#: The plain values of :class:`Tenure`, for type checkers (a typo fails ``mypy``).
TenureValue: TypeAlias = Literal["1", "2", "3", "4", "5"]


class Relationship(_Labelled):
    """``relationship`` IDs (leads/advanced_search)."""

    FIRST_DEGREE = "F", "1st degree"
    SECOND_DEGREE = "S", "2nd degree"
    THIRD_DEGREE_AND_BEYOND = "O", "3rd degree and beyond"
    GROUP_MEMBERS = "A", "Group members"


#: The plain values of :class:`Relationship`, for type checkers (a typo fails ``mypy``).
RelationshipValue: TypeAlias = Literal["F", "S", "O", "A"]


class RecentlyChangedJobs(enum.StrEnum):
    """``recently_changed_jobs``: pass ``["RPC"]`` to enable."""

    ENABLED = "RPC"


#: The plain values of :class:`RecentlyChangedJobs`, for type checkers (a typo fails ``mypy``).
RecentlyChangedJobsValue: TypeAlias = Literal["RPC"]


class RevenueCurrency(enum.StrEnum):
    """``revenue_currency`` (accounts/search; ``USD`` when omitted)."""

    USD = "USD"
    EUR = "EUR"
    GBP = "GBP"
    CAD = "CAD"
    AUD = "AUD"
    JPY = "JPY"
    CNY = "CNY"
    INR = "INR"
    BRL = "BRL"
    SEK = "SEK"
    NOK = "NOK"
    DKK = "DKK"
    SGD = "SGD"
    HKD = "HKD"
    NZD = "NZD"
    THB = "THB"
    IDR = "IDR"
    TRY = "TRY"
    TWD = "TWD"
    ILS = "ILS"
    AED = "AED"
    RUB = "RUB"


#: The plain values of :class:`RevenueCurrency`, for type checkers (a typo fails ``mypy``).
RevenueCurrencyValue: TypeAlias = Literal[
    "USD", "EUR", "GBP", "CAD", "AUD", "JPY", "CNY", "INR", "BRL", "SEK", "NOK", "DKK", "SGD",
    "HKD", "NZD", "THB", "IDR", "TRY", "TWD", "ILS", "AED", "RUB"
]


#: ``min_revenue`` values, in millions (accounts/search).
MIN_REVENUES: Final = (0, 0.5, 1, 2.5, 5, 10, 20, 50, 100, 500, 1000)
#: ``max_revenue`` values, in millions; ``1001`` means $1B+ (accounts/search).
MAX_REVENUES: Final = (0.5, 1, 2.5, 5, 10, 20, 50, 100, 500, 1000, 1001)


class PostedWithin(enum.StrEnum):
    """``posted_within`` of ``signals.posts`` (any other value is a 400)."""

    LAST_24_HOURS = "last_24_hours"
    LAST_7_DAYS = "last_7_days"
    LAST_30_DAYS = "last_30_days"


#: The plain values of :class:`PostedWithin`, for type checkers (a typo fails ``mypy``).
PostedWithinValue: TypeAlias = Literal["last_24_hours", "last_7_days", "last_30_days"]


class PublishedDate(enum.StrEnum):
    """``published_date`` of ``signals.hiring`` (the reference lists these "etc."; real-usage.md
    §9 shows the same three)."""

    LAST_24_HOURS = "last_24_hours"
    LAST_7_DAYS = "last_7_days"
    LAST_30_DAYS = "last_30_days"


#: The plain values of :class:`PublishedDate`, for type checkers (a typo fails ``mypy``).
PublishedDateValue: TypeAlias = Literal["last_24_hours", "last_7_days", "last_30_days"]


class EngagementType(enum.StrEnum):
    """``engagement_type`` of ``signals.post_engagers``."""

    REACTIONS = "reactions"
    COMMENTS = "comments"
    ALL = "all"


#: The plain values of :class:`EngagementType`, for type checkers (a typo fails ``mypy``).
EngagementTypeValue: TypeAlias = Literal["reactions", "comments", "all"]


class ReactionType(enum.StrEnum):
    """``reaction_type`` of a reaction (signals/reactions)."""

    LIKE = "LIKE"
    CELEBRATE = "CELEBRATE"
    INSIGHTFUL = "INSIGHTFUL"
    FUNNY = "FUNNY"
    SUPPORT = "SUPPORT"
    LOVE = "LOVE"


class SearchStatus(enum.StrEnum):
    """``status`` of a search (searches/show)."""

    NOT_STARTED = "NOT_STARTED"
    ONGOING = "ONGOING"
    FINISHED = "FINISHED"
    RATE_LIMITED = "RATE_LIMITED"
    UNAUTHORIZED = "UNAUTHORIZED"
    FORBIDDEN = "FORBIDDEN"
    ERROR = "ERROR"

    @property
    def is_terminal(self) -> bool:
        return self not in (SearchStatus.NOT_STARTED, SearchStatus.ONGOING)

    @property
    def is_error(self) -> bool:
        return self.is_terminal and self is not SearchStatus.FINISHED


class EmailStatus(enum.StrEnum):
    """``email_status`` values the reference names (contacts/sync_single_enrich, changelog)."""

    DELIVERABLE = "deliverable"
    VALID = "valid"
    CATCH_ALL = "catch-all"
    RISKY = "risky"
    INVALID = "invalid"
    NOT_AVAILABLE = "N/A"


class PersonalEmailStatus(enum.StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    NOT_AVAILABLE = "N/A"


class PhoneStatus(enum.StrEnum):
    VALID = "valid"
    NOT_FOUND = "not_found"


#: The common LinkedIn industry IDs the reference names (the full list is LinkedIn's).
COMMON_INDUSTRIES: Final = {
    "4": "Automotive",
    "6": "Technology, Information and Internet",
    "12": "Education",
    "43": "Financial Services",
    "96": "Software Development",
}
