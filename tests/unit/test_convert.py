"""Tolerant parsing: unknown fields kept, missing ones None, drift normalised, never a crash."""

from __future__ import annotations

import logging
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pronto_async import models
from pronto_async._convert import Model, make_converter, structure, unstructure
from pronto_async.models import Company, ContactEnrichment, Credits, Phone

ALL_MODELS = [getattr(models, name) for name in models.__all__ if name != "Model"]


def test_unknown_fields_are_kept_and_missing_ones_are_none() -> None:
    stack = structure({"technologies": ["React"], "new_field": {"x": 1}}, models.CompanyStack)
    assert stack.technologies == ["React"]
    assert stack.technologies_with_confidence is None
    assert stack.extra == {"new_field": {"x": 1}}


@pytest.mark.parametrize(
    "payload",
    [
        {"phone": ["+33612345678"]},
        {"phones": ["+33612345678"]},
        {"phones": "+33612345678"},
        {"phone": "+33612345678"},
        {"phones": [{"number": "+33612345678", "type": "mobile"}]},
    ],
)
def test_phone_and_phones_in_every_shape_become_phone_models(payload: dict[str, Any]) -> None:
    result = structure(payload, ContactEnrichment)
    assert result.phones is not None
    assert [p.number for p in result.phones] == ["+33612345678"]
    assert result.extra == {}


@pytest.mark.parametrize(
    "payload",
    [
        {"first_name": "Ada", "enrichment_id": "e1"},
        {"firstname": "Ada", "id": "e1"},
        {"firstName": "Ada", "enrichment_id": "e1"},
    ],
)
def test_name_and_id_spellings_are_normalised(payload: dict[str, Any]) -> None:
    result = structure(payload, ContactEnrichment)
    assert (result.first_name, result.enrichment_id) == ("Ada", "e1")
    assert result.extra == {}


def test_a_second_spelling_with_its_own_value_is_not_lost() -> None:
    result = structure({"phones": ["+1"], "phone": ["+2"]}, ContactEnrichment)
    assert [p.number for p in result.phones or []] == ["+1"]
    assert result.extra == {"phone": ["+2"]}


def test_a_null_first_spelling_falls_through_to_the_next() -> None:
    result = structure({"phones": None, "phone": ["+2"]}, ContactEnrichment)
    assert [p.number for p in result.phones or []] == ["+2"]
    assert result.extra == {}


def test_a_bad_field_keeps_its_raw_value_and_the_rest_of_the_response(
    caplog: pytest.LogCaptureFixture,
) -> None:
    result = structure({"total_jobs": "lots", "jobs": []}, models.CompanyHiring)
    assert result.total_jobs is None
    assert result.jobs == []
    assert result.extra == {"total_jobs": "lots"}
    assert "CompanyHiring.total_jobs" in caplog.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(26, 26), ("26", 26), (26.0, 26), (3.7, None), (True, None), ([1], None)],
)
def test_counts_convert_only_without_loss(value: Any, expected: int | None) -> None:
    assert structure({"total_jobs": value}, models.CompanyHiring).total_jobs == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(0.97, 0.97), ("0.5", 0.5), (1, 1.0), (True, None)]
)
def test_floats(value: Any, expected: float | None) -> None:
    assert structure({"confidence": value}, models.Technology).confidence == expected


def test_numbers_where_text_is_expected_become_text() -> None:
    company = structure({"linkedin_id": 104885158}, Company)
    assert company.linkedin_id == "104885158"
    assert structure({"linkedin_id": {"a": 1}}, Company).extra == {"linkedin_id": {"a": 1}}


def test_a_scalar_model_accepts_a_bare_value() -> None:
    assert structure("+33612345678", Phone) == Phone(number="+33612345678")
    assert str(Phone(number="+1")) == "+1"


def test_top_level_garbage_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        structure(["not", "an", "object"], Credits)
    with pytest.raises(TypeError):
        structure("text", Credits)


def test_unstructure_round_trips_to_wire_names_with_extra() -> None:
    payload = {
        "enrichment_id": "e1",
        "firstname": "Ada",
        "phone": ["+1"],
        "status": "finished",
        "custom": {"crm_id": "7"},
        "surprise": True,
    }
    result = structure(payload, ContactEnrichment)
    wire = unstructure(result)
    assert wire == {
        "enrichment_id": "e1",
        "first_name": "Ada",
        "phones": [{"number": "+1"}],
        "status": "finished",
        "custom": {"crm_id": "7"},
        "surprise": True,
    }
    assert structure(wire, ContactEnrichment) == result


def test_models_are_frozen_and_keyword_only() -> None:
    for cls in ALL_MODELS:
        assert attrs.has(cls)
        assert all(f.kw_only for f in attrs.fields(cls)), cls
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            cls().extra = {}  # type: ignore[misc]


def test_the_converter_is_private() -> None:
    import cattrs

    from pronto_async._convert import CONVERTER

    assert CONVERTER is not cattrs.global_converter
    assert make_converter() is not make_converter()
    assert cattrs.global_converter._structure_func.dispatch(ContactEnrichment) is not (
        CONVERTER._structure_func.dispatch(ContactEnrichment)
    )


json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=12,
)


def _field_names(cls: type[Model]) -> list[str]:
    names = []
    for field in attrs.fields(cls):
        names.extend(field.metadata.get("pronto_async.wire", (field.name,)))
    return names


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_json_object_parses_into_any_model_without_losing_a_field(data: Any) -> None:
    logging.getLogger("pronto_async").disabled = True
    try:
        for cls in ALL_MODELS:
            keys = st.sampled_from(_field_names(cls)) | st.text(max_size=6)
            payload = data.draw(st.dictionaries(keys, json_values, max_size=6))
            result = structure(payload, cls)
            reshape = getattr(cls, "reshape_wire", None)
            if reshape is not None:
                # A model that reads another shape (a flat lead, a flat search detail) moves
                # keys into a nested object first: each is still there, one level down.
                reshaped = reshape(payload)
                nested = {k for v in reshaped.values() if isinstance(v, dict) for k in v}
                assert {k for k, v in payload.items() if v is not None} <= (
                    set(reshaped) | nested
                )
                payload = dict(reshaped)
            kept = set(result.extra)
            for field in attrs.fields(cls):
                if field.name != "extra" and getattr(result, field.name) is not None:
                    kept.update(k for k in field.metadata.get("pronto_async.wire", (field.name,))
                                if k in payload)
            assert set(payload) <= kept | {k for k, v in payload.items() if v is None}
    finally:
        logging.getLogger("pronto_async").disabled = False
