"""Response models: frozen attrs classes, tolerant of drift (see ``pronto_async._convert``).

Each model module is imported on the first use of one of its names (PEP 562): the contact
enrichment never loads the signal or list models.
"""

import typing

from .._lazy import lazy_attributes as _lazy_attributes

if typing.TYPE_CHECKING:
    from .._convert import Model
    from .account import AccountInfo, Credits, Location, Organization
    from .companies import (
        AccountPreview,
        AccountSearch,
        AccountSearchPreview,
        Company,
        CompanyHiring,
        CompanyStack,
        DepartmentHeadcount,
        Headcount,
        HeadcountEvolution,
        HiringTeamMember,
        JobCompany,
        JobPosting,
        ProfileCount,
        Technology,
    )
    from .contacts import BulkEnrichment, ContactEnrichment, ContactInput, Phone
    from .leads import (
        AdvancedSearch,
        AdvancedSearchPreview,
        AdvancedSearchStarted,
        CurrentPosition,
        Lead,
        LeadPreview,
        LeadSearch,
    )
    from .lists import ListDetail, ListEntry, ListSummary
    from .personas import Persona
    from .searches import Search, SearchDeletion, SearchDetail, SearchLead, SearchSummary
    from .signals import (
        Comment,
        Connection,
        HiringSignal,
        Post,
        PostEngagersSearch,
        Reaction,
        TrackingStarted,
    )

_LAZY: dict[str, str] = {
    "Model": ".._convert",
    "AccountInfo": ".account",
    "Credits": ".account",
    "Location": ".account",
    "Organization": ".account",
    "AccountPreview": ".companies",
    "AccountSearch": ".companies",
    "AccountSearchPreview": ".companies",
    "Company": ".companies",
    "CompanyHiring": ".companies",
    "CompanyStack": ".companies",
    "DepartmentHeadcount": ".companies",
    "Headcount": ".companies",
    "HeadcountEvolution": ".companies",
    "HiringTeamMember": ".companies",
    "JobCompany": ".companies",
    "JobPosting": ".companies",
    "ProfileCount": ".companies",
    "Technology": ".companies",
    "BulkEnrichment": ".contacts",
    "ContactEnrichment": ".contacts",
    "ContactInput": ".contacts",
    "Phone": ".contacts",
    "AdvancedSearch": ".leads",
    "AdvancedSearchPreview": ".leads",
    "AdvancedSearchStarted": ".leads",
    "CurrentPosition": ".leads",
    "Lead": ".leads",
    "LeadPreview": ".leads",
    "LeadSearch": ".leads",
    "ListDetail": ".lists",
    "ListEntry": ".lists",
    "ListSummary": ".lists",
    "Persona": ".personas",
    "Search": ".searches",
    "SearchDeletion": ".searches",
    "SearchDetail": ".searches",
    "SearchLead": ".searches",
    "SearchSummary": ".searches",
    "Comment": ".signals",
    "Connection": ".signals",
    "HiringSignal": ".signals",
    "Post": ".signals",
    "PostEngagersSearch": ".signals",
    "Reaction": ".signals",
    "TrackingStarted": ".signals",
}


__all__ = [
    "AccountInfo",
    "AccountPreview",
    "AccountSearch",
    "AccountSearchPreview",
    "AdvancedSearch",
    "AdvancedSearchPreview",
    "AdvancedSearchStarted",
    "BulkEnrichment",
    "Comment",
    "Company",
    "CompanyHiring",
    "CompanyStack",
    "Connection",
    "ContactEnrichment",
    "ContactInput",
    "Credits",
    "CurrentPosition",
    "DepartmentHeadcount",
    "Headcount",
    "HeadcountEvolution",
    "HiringSignal",
    "HiringTeamMember",
    "JobCompany",
    "JobPosting",
    "Lead",
    "LeadPreview",
    "LeadSearch",
    "ListDetail",
    "ListEntry",
    "ListSummary",
    "Location",
    "Model",
    "Organization",
    "Persona",
    "Phone",
    "Post",
    "PostEngagersSearch",
    "ProfileCount",
    "Reaction",
    "Search",
    "SearchDeletion",
    "SearchDetail",
    "SearchLead",
    "SearchSummary",
    "Technology",
    "TrackingStarted",
]

__getattr__, __dir__ = _lazy_attributes(__name__, _LAZY, __all__)
