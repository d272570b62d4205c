"""Response models: frozen attrs classes, tolerant of drift (see ``pronto_async._convert``)."""

from .._convert import Model
from .account import AccountInfo, Credits, Location, Organization
from .companies import (
    Company,
    CompanyHiring,
    CompanyStack,
    HiringTeamMember,
    JobCompany,
    JobPosting,
    Technology,
)
from .contacts import ContactEnrichment, Phone

__all__ = [
    "AccountInfo",
    "Company",
    "CompanyHiring",
    "CompanyStack",
    "ContactEnrichment",
    "Credits",
    "HiringTeamMember",
    "JobCompany",
    "JobPosting",
    "Location",
    "Model",
    "Organization",
    "Phone",
    "Technology",
]
