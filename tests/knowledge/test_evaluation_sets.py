"""The evaluation sets name only entries that exist, so the benchmark's figures mean what they say."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.matching import read_cases  # noqa: E402


def test_every_target_names_an_entry_of_the_knowledge(kb):
    titles = {(entry.kind, entry.id): entry.title for entry in kb.entries()}
    missing = []
    for case in read_cases():
        for kind, text in case.targets:
            known = (kind, text) in titles or any(k == kind and text in title for (k, _), title in titles.items())
            if not known:
                missing.append((case.question, kind, text))
    assert not missing, missing[:5]


def test_the_new_sets_keep_a_part_aside_and_cover_every_measure(kb):
    cases = [case for case in read_cases() if case.style]
    first = [case for case in cases if case.split in ("tune", "holdout")]
    holdout = [case for case in first if case.split == "holdout"]
    assert len(first) >= 300 and 0.25 <= len(holdout) / len(first) <= 0.4
    assert {case.split for case in cases} == {"tune", "holdout", "tune2", "holdout2", "tune3", "holdout3", "tune4",
                                              "holdout4", "tune5", "holdout5"}
    named = {text for case in cases for kind, text in case.targets if kind == "measure"}
    assert {measure.number for measure in kb.measures} <= named
