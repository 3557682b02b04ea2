"""Read the English, Korean and Chinese versions of the knowledge that sit beside the Japanese.

`data/en/` holds an unofficial English translation of every entry; `data/ko/`
and `data/zh/` hold names and keywords residents type in Korean and Chinese.
Each file keys its tables by the Japanese entry's id (a measure's number, a
term's headword, a section's id …), so the loader can say which one is missing.
"""

from pathlib import Path

from knowledge.loader import Fields, KnowledgeError, read_file
from knowledge.model import Knowledge, Translations

# file → (table in the file, entry kind, fields every entry must have)
FILES = {
    "en": {
        "guideline.toml": [],
        "measures.toml": [("measures", "measure", ("title", "overview", "departments_text"))],
        "directions.toml": [("directions", "direction", ("title", "text")), ("items", "item", ("title", "text"))],
        "terms.toml": [("terms", "term", ("headword", "definition"))],
        "sections.toml": [("sections", "section", ("title", "text"))],
        "past_measures.toml": [("past_measures", "past_measure", ("title",)), ("plans", "plan", ("name",)),
                               ("categories", "category", ("title",))],
    },
    "ko": {"measures.toml": [("measures", "measure", ("title",))], "terms.toml": [("terms", "term", ("headword",))]},
    "zh": {"measures.toml": [("measures", "measure", ("title",))], "terms.toml": [("terms", "term", ("headword",))]},
}
# Kinds every language must cover whole; the others may leave entries out.
COMPLETE = {"en": {"measure", "direction", "item", "term", "section", "past_measure", "plan", "category"},
            "ko": {"measure"}, "zh": {"measure"}}


def read_tables(language_dir: Path, language: str) -> dict[str, dict[str, dict]]:
    """Every translated entry of one language, by kind and id, checked for its required fields."""
    found: dict[str, dict[str, dict]] = {}
    for file, parts in FILES[language].items():
        document = read_file(language_dir, file)
        for key, kind, required in parts:
            entries = document.get(key, {})
            for entry_id, table in entries.items():
                row = Fields(f"{language}/{file}", f"{kind} {entry_id}", table)
                for name in required:
                    row.text(name)
                found.setdefault(kind, {})[entry_id] = table
        for key in ("departments", "statuses"):
            if key in document:
                found[key] = document[key]
        if file == "guideline.toml":
            found["guideline"] = document
    return found


def expected_ids(kb: Knowledge) -> dict[str, list[str]]:
    """The ids every complete translation must have, by kind."""
    return {
        "measure": [m.number for m in kb.measures], "direction": [d.number for d in kb.directions],
        "item": [i.number for i in kb.items], "term": [t.headword for t in kb.terms],
        "section": [s.id for s in kb.sections], "past_measure": [p.id for p in kb.past_measures],
        "plan": [p.short for p in kb.past_plans], "category": [c.name for c in kb.categories],
    }


def check(language: str, found: dict, kb: Knowledge) -> None:
    """Refuse a translation that leaves an entry out, or whose lists do not line up with the Japanese."""
    for kind, ids in expected_ids(kb).items():
        for entry_id in ids:
            if kind in COMPLETE[language] and entry_id not in found.get(kind, {}):
                raise KnowledgeError(f"{language}/", f"{kind} {entry_id}", "has no translation")
    if language != "en":
        return
    guideline = found.get("guideline", {})
    for department in kb.guideline.departments:
        if department not in found.get("departments", {}):
            raise KnowledgeError("en/guideline.toml", f"department {department}", "has no translation")
    if not guideline.get("title"):
        raise KnowledgeError("en/guideline.toml", "guideline", "missing field 'title'")
    for measure in kb.measures:
        table = found["measure"][measure.number]
        for name, japanese in (("initiatives", measure.initiatives), ("schedule", measure.schedule)):
            if len(table.get(name, [])) != len(japanese):
                raise KnowledgeError("en/measures.toml", f"measure {measure.number}",
                                     f"'{name}' has {len(table.get(name, []))} lines, the Japanese {len(japanese)}")


def load_translations(data_dir: Path, kb: Knowledge) -> Translations:
    """Load and check every language folder under the data directory."""
    languages = {}
    for language in FILES:
        folder = data_dir / language
        if not folder.is_dir():
            raise KnowledgeError(f"{language}/", "folder", "is missing")
        found = read_tables(folder, language) if language == "en" else read_partial(folder, language)
        check(language, found, kb)
        languages[language] = found
    return Translations(languages)


def read_partial(language_dir: Path, language: str) -> dict[str, dict[str, dict]]:
    """Read a language whose files hold names and keywords only (directions and items ride in measures.toml)."""
    found = read_tables(language_dir, language)
    document = read_file(language_dir, "measures.toml")
    for key, kind in (("directions", "direction"), ("items", "item")):
        found[kind] = document.get(key, {})
    return found
