"""The English, Korean and Chinese knowledge is checked like the Japanese: every entry, or the loader says which."""

import shutil

import pytest

from knowledge import KnowledgeError, load
from knowledge.loader import DATA_DIR


@pytest.fixture
def data(tmp_path):
    """A writable copy of the real knowledge files."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def drop_table(path, header):
    """Remove one [table] (up to the next table) from a TOML file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(header)
    end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("[")), len(lines))
    path.write_text("\n".join(lines[:start] + lines[end:]) + "\n", encoding="utf-8")


def test_every_entry_has_its_english_translation(kb):
    for kind, entries in (("measure", kb.measures), ("term", kb.terms), ("section", kb.sections),
                          ("direction", kb.directions), ("item", kb.items), ("past_measure", kb.past_measures)):
        for entry in entries:
            assert kb.translations.of("en", kind, entry.id), (kind, entry.id)


def test_every_measure_has_korean_and_chinese_names_and_keywords(kb):
    for measure in kb.measures:
        for language in ("ko", "zh"):
            table = kb.translations.of(language, "measure", measure.number)
            assert table["title"] and table["keywords"], (language, measure.number)


def test_english_schedules_and_initiatives_line_up_with_the_japanese(kb):
    for measure in kb.measures:
        english = kb.translations.of("en", "measure", measure.number)
        assert len(english["schedule"]) == len(measure.schedule)
        assert len(english["initiatives"]) == len(measure.initiatives)


def test_every_department_has_an_english_name(kb):
    names = kb.translations.table("en", "departments")
    assert set(kb.guideline.departments) <= set(names)


@pytest.mark.parametrize("file, header, entry", [
    ("en/measures.toml", '[measures."1-3"]', "measure 1-3"),
    ("en/terms.toml", '[terms."RPA"]', "term RPA"),
    ("en/sections.toml", "[sections.period]", "section period"),
    ("ko/measures.toml", '[measures."2-1-1"]', "measure 2-1-1"),
])
def test_a_missing_translation_is_named(data, file, header, entry):
    drop_table(data / file, header)
    with pytest.raises(KnowledgeError) as caught:
        load(data)
    assert caught.value.entry == entry and "has no translation" in str(caught.value)


def test_a_schedule_that_does_not_line_up_is_refused(data):
    path = data / "en" / "measures.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('[measures."1-1-1"]')
    line_start = text.index("schedule = [", start)
    line_end = text.index("]", line_start)
    path.write_text(text[:line_start] + 'schedule = ["only one step"' + text[line_end:], encoding="utf-8")
    with pytest.raises(KnowledgeError, match="'schedule' has 1 lines, the Japanese 2"):
        load(data)


def test_a_missing_language_folder_is_named(data):
    shutil.rmtree(data / "ko")
    with pytest.raises(KnowledgeError, match="ko/: folder: is missing"):
        load(data)
