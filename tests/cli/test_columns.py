"""``--map`` flags and the mapping errors of ``pronto enrich`` (the mapping itself:
tests/unit/test_fields.py)."""

from __future__ import annotations

import pytest

from pronto_async.cli._columns import mapping_of, parse_maps
from pronto_async.cli._errors import UsageError


def test_map_flags_override_switch_off_and_are_checked() -> None:
    maps = parse_maps(["first_name=Prénom", "last_name = Nom ", "domain="], "contacts")
    assert maps == {"first_name": "Prénom", "last_name": "Nom", "domain": None}
    mapping = mapping_of("contacts", ["Prénom", "Nom", "firstname", "Website"], maps,
                         source="f.csv")
    assert mapping.columns == {"first_name": "Prénom", "last_name": "Nom"}
    assert mapping.unused == ("firstname", "Website")
    assert parse_maps(["linkedin_url=LI"], "accounts") == {"company_linkedin_url": "LI"}
    with pytest.raises(UsageError, match="no field 'email'") as bad_field:
        parse_maps(["email=E"], "contacts")
    assert bad_field.value.status == 2
    with pytest.raises(UsageError, match="FIELD=COLUMN"):
        parse_maps(["first_name"], "contacts")
    with pytest.raises(UsageError, match=r"--map: no column 'Prenom' for first_name \(found: "
                       r"'Prénom'"):
        mapping_of("contacts", ["Prénom"], {"first_name": "Prenom"}, source="f.csv")


def test_missing_columns_name_the_fields_the_headers_and_the_flag() -> None:
    with pytest.raises(UsageError) as missing:
        mapping_of("contacts", ["Title", "Email"], {}, source="people.csv")
    message = str(missing.value)
    assert message.startswith("people.csv: no column for first_name, last_name")
    assert "(found: 'Title', 'Email')" in message and "--map first_name=COLUMN" in message
    with pytest.raises(UsageError, match="any of domain, name, company_linkedin_url"):
        mapping_of("accounts", ["Employees"], {}, source="a.csv")
