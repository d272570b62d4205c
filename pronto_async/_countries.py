"""Country cells of CRM exports as the two-letter ISO 3166-1 codes Pronto wants.

Exports carry whatever the CRM shows: ``United States``, ``USA``, ``Deutschland``,
``Country/Region = United Kingdom``. The names come from ``pycountry`` (the ISO 3166 data
Debian's iso-codes maintains: every country's code, name, official and common name, and their
translations), so a new or renamed country arrives with a package update, not a code change.
Only what ISO does not list itself is kept here: the everyday names that are not ISO names
(``UK``, ``England``, ``Russia``, ``Holland``…).
"""

from __future__ import annotations

import functools
import gettext
import re
import unicodedata
from collections.abc import Mapping
from typing import Final

__all__ = ["country_code"]

#: Everyday names of countries that ISO 3166 does not list under that spelling; each maps to
#: the code ISO gives the country (``England`` is not an ISO country: its code is ``GB``).
_EVERYDAY: Final[Mapping[str, str]] = {
    "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "great britain": "GB", "britain": "GB", "united kingdom of great britain": "GB",
    "us": "US", "u s": "US", "u s a": "US", "america": "US", "united states of america": "US",
    "russia": "RU", "turkey": "TR", "holland": "NL", "the netherlands": "NL",
    "ivory coast": "CI", "cote d ivoire": "CI", "macedonia": "MK", "north macedonia": "MK",
    "south korea": "KR", "korea south": "KR", "republic of korea": "KR",
    "north korea": "KP", "czech republic": "CZ", "uae": "AE", "emirates": "AE",
    "vatican": "VA", "vatican city": "VA", "palestine": "PS", "swaziland": "SZ",
    "burma": "MM", "cape verde": "CV", "east timor": "TL", "brunei": "BN",
    "the bahamas": "BS", "the gambia": "GM", "hong kong sar": "HK", "macau": "MO",
    "kosovo": "XK",
}

#: Languages whose country names are indexed besides English: those of the CRM exports we
#: meet (western and northern Europe, Latin America).
_LANGUAGES: Final = ("de", "fr", "es", "it", "nl", "pt", "pt_BR", "sv", "da", "nb_NO", "fi", "pl")

_NOT_ALNUM: Final = re.compile(r"[^0-9a-z]+")


def _key(text: str) -> str:
    """``Côte d'Ivoire`` → ``cote d ivoire``: case, accents and punctuation do not count."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return _NOT_ALNUM.sub(" ", plain).strip()


@functools.cache
def _index() -> Mapping[str, str]:
    import pycountry  # its data loads on first use: only runs with a country column pay

    index: dict[str, str] = {}
    translations = []
    for language in _LANGUAGES:
        try:
            translations.append(
                gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
            )
        except OSError:  # a pycountry build without that locale
            continue
    for country in pycountry.countries:
        code: str = country.alpha_2
        names = [country.name, getattr(country, "official_name", None),
                 getattr(country, "common_name", None)]
        for name in [n for n in names if n]:
            index.setdefault(_key(name), code)
            for translation in translations:
                index.setdefault(_key(translation.gettext(name)), code)
        index[_key(country.alpha_3)] = code
    for name, code in _EVERYDAY.items():
        index.setdefault(_key(name), code)
    for country in pycountry.countries:  # a two-letter cell is a code before anything else
        index[_key(country.alpha_2)] = country.alpha_2
    index[_key("UK")] = "GB"  # not an ISO code, but what everybody writes
    return index


def country_code(value: str) -> str | None:
    """``"United States"``, ``"usa"``, ``"US"``, ``"Deutschland"`` → ``"US"``/``"DE"``;
    ``None`` when the cell names no country (``"EMEA"``, ``"Atlantis"``)."""
    return _index().get(_key(value))
