"""The record model is consistent: every spelling names one thing."""

from __future__ import annotations

import pytest

from dashboard.model.records import BY_NAME, RECORD_TYPES, Kind, match_sheet
from dashboard.model.text import normalise


@pytest.mark.parametrize("rt", RECORD_TYPES, ids=lambda rt: rt.name)
def test_every_header_spelling_names_one_column(rt):
    owner: dict[str, str] = {}
    for f in rt.fields:
        for name in {normalise(n) for n in f.header_names()}:
            assert owner.setdefault(name, f.name) == f.name, f"{name!r} names {owner[name]} and {f.name}"


@pytest.mark.parametrize("rt", RECORD_TYPES, ids=lambda rt: rt.name)
def test_every_choice_spelling_names_one_value(rt):
    for f in rt.fields:
        owner: dict[str, str] = {}
        for c in f.choices:
            for spelling in {normalise(s) for s in (c.value, c.en, c.zh, *c.aliases)}:
                assert owner.setdefault(spelling, c.value) == c.value, (f.name, spelling)
        assert f.default is None or f.default in {c.value for c in f.choices}


def test_every_sheet_name_names_one_record_type():
    for rt in RECORD_TYPES:
        for name in rt.sheet_names():
            assert match_sheet(name) is rt, name


def test_references_point_to_earlier_single_key_record_types():
    order = [rt.name for rt in RECORD_TYPES]
    for rt in RECORD_TYPES:
        for f in rt.fields:
            if f.kind is Kind.REFERENCE:
                target = BY_NAME[f.references]
                assert len(target.key) == 1
                assert order.index(target.name) < order.index(rt.name)


def test_every_field_is_labelled_in_both_languages():
    for rt in RECORD_TYPES:
        assert rt.en and rt.zh
        for f in rt.fields:
            assert f.en and f.zh and f.zh != f.en
