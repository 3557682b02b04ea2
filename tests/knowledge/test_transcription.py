"""The knowledge files say what the guideline says."""

from collections import Counter

import pytest

from tests.conftest import squeeze

MEASURE_NUMBERS = [
    "1-1-1", "1-1-2", "1-2-1", "1-2-2", "1-3", "1-4-1", "1-4-2", "2-1-1", "2-1-2", "2-2-1",
    "2-2-2", "2-3-1", "2-3-2", "3-1-1", "3-1-2", "3-2", "3-3", "4-1-1", "4-1-2", "4-2",
]


def test_counts_match_the_guideline(kb):
    assert len(kb.directions) == 4
    assert len(kb.items) == 12
    assert [m.number for m in kb.measures] == MEASURE_NUMBERS
    assert len(kb.terms) == 29
    assert sorted(t.footnote for t in kb.terms) == list(range(1, 30))


def test_plan_years(kb):
    assert (kb.guideline.start_fy, kb.guideline.end_fy) == (2019, 2022)
    assert kb.guideline.policy_office == "総務部情報企画課"


@pytest.mark.parametrize("category", ["e-citizen", "e-business", "e-city"])
def test_past_tables_add_up_to_their_printed_totals(kb, category):
    printed = next(c for c in kb.categories if c.name == category)
    rows = [p for p in kb.past_measures if p.category == category and not p.listed_again]
    counted = Counter(p.status for p in rows)
    assert (counted["実施"], counted["一部着手"], counted["未着手"]) == (
        printed.implemented, printed.partly, printed.not_started)
    assert len(rows) == printed.measures


def test_review_counts(kb):
    review = kb.review
    assert (review.measures, review.implemented, review.partly, review.not_started) == (75, 39, 29, 7)
    assert sum(c.implemented for c in kb.categories) == review.implemented
    assert sum(c.partly for c in kb.categories) == review.partly
    assert sum(c.not_started for c in kb.categories) == review.not_started


def test_past_plans(kb):
    assert [(p.short, p.start_fy, p.end_fy, p.measures) for p in kb.past_plans] == [
        ("一次", 2002, 2006, 49), ("二次", 2007, 2009, 29), ("三次", 2010, 2012, 25), ("四次", 2013, 2015, 22)]


@pytest.mark.parametrize("number", MEASURE_NUMBERS)
def test_measure_text_is_the_guidelines(kb, seed_text, number):
    measure = kb.measure(number)
    assert squeeze(measure.title) in seed_text
    assert squeeze(measure.overview) in seed_text
    for line in measure.initiatives:
        assert squeeze(line) in seed_text
    for step in measure.schedule:
        assert squeeze(step.step) in seed_text
    assert squeeze(measure.departments_text) in seed_text
    for department in measure.departments:
        assert department in measure.departments_text
    assert measure.all_departments == ("すべての実施部門" in measure.departments_text)
    assert kb.item(measure.item).direction == measure.direction
    assert measure.schedule, "every measure has a 取組の工程"


def test_measure_titles_follow_the_list_of_measures(kb, seed_text):
    listing = seed_text[seed_text.index("1施策について"):]
    for measure in kb.measures:
        assert squeeze(f"{measure.number}{measure.title}") in listing


@pytest.mark.parametrize("footnote", range(1, 30))
def test_term_is_the_guidelines(kb, seed_text, footnote):
    term = next(t for t in kb.terms if t.footnote == footnote)
    assert squeeze(term.headword) in seed_text
    assert squeeze(term.definition)[:20] in seed_text
    assert term.reading


def test_terms_know_their_common_names(kb):
    aliases = {alias for term in kb.terms for alias in term.aliases}
    assert {"LGWAN", "BCP", "ICT-BCP", "アイシーティー", "Internet of Things"} <= aliases


def test_items_and_directions_are_the_guidelines(kb, seed_text):
    for entry in (*kb.directions, *kb.items):
        assert squeeze(entry.title) in seed_text
    for item in kb.items:
        assert kb.direction(item.direction) is not None


def test_past_measure_titles_are_the_guidelines(kb, seed_text):
    for past in kb.past_measures:
        assert squeeze(past.title) in seed_text


def test_sections_cover_what_citizens_ask(kb):
    titles = {s.title for s in kb.sections}
    assert {"趣旨", "位置付け", "対象期間", "推進体制", "情報化推進リーダーの役割", "情報政策部門の役割",
            "プロジェクトチームの役割", "国のICT関連施策", "県のICT関連施策"} <= titles


def test_every_entry_cites_its_page(kb):
    for entry in kb.entries():
        assert entry.source.page > 0
        assert entry.source.part in ("本編", "別冊（施策編）")
