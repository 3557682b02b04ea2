"""A broken knowledge file is refused with an error naming the file, the entry and the problem."""

import re
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


def edit(path, old, new, count=1):
    """Replace text in a knowledge file, insisting it was there."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def refused(data) -> KnowledgeError:
    """Load the files and return the error they raise."""
    with pytest.raises(KnowledgeError) as caught:
        load(data)
    return caught.value


def test_the_real_files_load(data):
    assert len(load(data).measures) == 20


def test_duplicate_measure_number(data):
    edit(data / "measures.toml", 'number = "1-1-2"', 'number = "1-1-1"')
    error = refused(data)
    assert (error.file, error.entry) == ("measures.toml", "number 1-1-1")
    assert "duplicate" in error.problem


def test_empty_title(data):
    edit(data / "measures.toml", 'title = "マイナンバーカードの普及・活用"', 'title = "  "')
    error = refused(data)
    assert (error.file, error.entry) == ("measures.toml", "number 1-1-2")
    assert "'title' is empty" in error.problem


def test_unknown_department(data):
    path = data / "measures.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'departments = \["', 'departments = ["宇宙開発部", "', text, count=1), encoding="utf-8")
    error = refused(data)
    assert error.file == "measures.toml" and error.entry == "number 1-1-1"
    assert "unknown department '宇宙開発部'" in error.problem


def test_span_outside_the_plan(data):
    path = data / "measures.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"end_fy = 2022", "end_fy = 2025", text, count=1), encoding="utf-8")
    error = refused(data)
    assert error.file == "measures.toml" and "schedule" in error.entry
    assert "outside the plan's years FY2019–FY2022" in error.problem


def test_measure_pointing_at_a_missing_item(data):
    edit(data / "measures.toml", 'item = "1-1"', 'item = "9-9"')
    error = refused(data)
    assert error.entry == "number 1-1-1" and "missing item '9-9'" in error.problem


def test_item_pointing_at_a_missing_direction(data):
    edit(data / "directions.toml", 'direction = "1"', 'direction = "7"')
    error = refused(data)
    assert error.file == "directions.toml" and "missing direction '7'" in error.problem


def test_duplicate_term(data):
    edit(data / "terms.toml", 'headword = "RPA"', 'headword = "AI"')
    error = refused(data)
    assert error.file == "terms.toml" and "duplicate 'AI'" in error.problem


def test_wrong_type(data):
    edit(data / "terms.toml", "footnote = 1\n", 'footnote = "one"\n')
    error = refused(data)
    assert error.file == "terms.toml" and "'footnote' must be int" in error.problem


def test_missing_field(data):
    path = data / "sections.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'\nheading = "[^"]*"', "", text, count=1), encoding="utf-8")
    error = refused(data)
    assert error.file == "sections.toml" and "missing field 'heading'" in error.problem


def test_unknown_past_status(data):
    edit(data / "past_measures.toml", 'status = "実施"', 'status = "たぶん"')
    error = refused(data)
    assert error.file == "past_measures.toml" and "status must be one of" in error.problem


def test_broken_toml(data):
    (data / "terms.toml").write_text("[[terms]\nheadword = ", encoding="utf-8")
    error = refused(data)
    assert error.file == "terms.toml" and "not valid TOML" in error.problem


def test_missing_file(data):
    (data / "sections.toml").unlink()
    error = refused(data)
    assert error.file == "sections.toml" and "missing" in error.problem
