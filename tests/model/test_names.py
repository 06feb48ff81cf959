"""Institution names matched across spellings, measured on a labelled set of name pairs."""

from __future__ import annotations

import csv
from pathlib import Path

from dashboard.model import names

PAIRS = Path(__file__).with_name("name_pairs.csv")


def _pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_labelled_set_holds_over_a_hundred_pairs_in_english_and_chinese_with_look_alikes():
    pairs = _pairs()
    assert len(pairs) >= 100
    assert sum(1 for p in pairs if p["same"] == "1") >= 40 and sum(1 for p in pairs if p["same"] == "0") >= 40
    assert sum(1 for p in pairs if any("\u4e00" <= ch <= "\u9fff" for ch in p["written"] + p["known"])) >= 15
    assert any(p["kind"] == "look-alike" for p in pairs)


def test_confident_matches_are_right_at_least_98_times_in_100(capsys):
    true_pos = false_pos = false_neg = 0
    wrong = []
    for pair in _pairs():
        confident, same = names.compare(pair["written"], pair["known"]).confident, pair["same"] == "1"
        true_pos += confident and same
        false_pos += confident and not same
        false_neg += same and not confident
        if confident != same:
            wrong.append(f"{pair['written']!r} / {pair['known']!r} ({pair['kind']})")
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    with capsys.disabled():
        print(f"\nname matching on {PAIRS.name}: precision {precision:.3f}, recall {recall:.3f}")
        print("  not as labelled: " + "; ".join(wrong))
    assert precision >= 0.98
    assert recall >= 0.85  # the misses are English against Chinese, which only a stored Chinese name or alias links


def test_look_alikes_that_differ_in_a_distinctive_word_are_never_confident():
    for a, b in [
        ("Western Seaboard Polytechnic", "Eastern Seaboard Polytechnic"),
        ("Chao Phraya Nursing College", "Chao Phraya Technical College"),
        ("Beijing Institute of Technology", "Beijing University of Technology"),
        ("湄南理工学院", "湄南理工大学"),
    ]:
        assert not names.compare(a, b).confident, (a, b)


def test_a_close_name_is_proposed_with_its_score_and_reason():
    verdict = names.compare("Chao Phraya Tech. College", "Chao Phraya Technical College")
    assert verdict.confident and not verdict.exact and verdict.reasons == ("abbreviation",)
    assert 0.85 <= verdict.score < 1
    assert names.compare("Institute of Technology, Selangor", "Selangor Institute of Technology").reasons == (
        "word_order",
    )
    assert "british_american" in names.compare("Sao Paulo Education Center", "São Paulo Education Centre").reasons


def test_case_spaces_punctuation_full_width_and_accents_fold_to_the_same_name():
    assert names.fold("  PENANG  Skills-College ") == names.fold("Penang Skills College")
    assert names.fold("Ｐｅｎａｎｇ") == "penang"
    assert names.fold("São Paulo") == "sao paulo"
    assert names.compare("PENANG SKILLS COLLEGE ", "Penang Skills College").exact


def test_the_index_finds_an_institution_by_its_chinese_name_or_alias_and_suggests_close_ones():
    index = names.Index(
        [
            names.Institution(
                "partner", "Chao Phraya Technical College", ("Chao Phraya Technical College", "湄南理工学院", "CPTC")
            ),
            names.Institution("partner", "Eastern Seaboard Polytechnic", ("Eastern Seaboard Polytechnic",)),
        ]
    )
    assert [i.key for i in index.exact("湄南理工学院")] == ["Chao Phraya Technical College"]
    assert [i.key for i in index.exact("cptc")] == ["Chao Phraya Technical College"]
    assert index.match("Western Seaboard Polytechnic") is None
    assert index.suggest("Western Seaboard Polytechnic") == ["Eastern Seaboard Polytechnic"]
    match = index.match("Chao Phraya Technical Collage")
    assert match is not None and match.institution.key == "Chao Phraya Technical College"
