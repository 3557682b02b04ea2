"""Read the knowledge files into plain objects, refusing bad data."""

import tomllib
from pathlib import Path
from typing import Any

from knowledge.model import (
    Category, Direction, Guideline, Item, Knowledge, Measure, PastMeasure,
    PastPlan, Review, Section, Source, Step, Term,
)

DATA_DIR = Path(__file__).parent / "data"
PAST_STATUSES = ("実施", "一部着手", "未着手")
OPTIONAL = object()


class KnowledgeError(ValueError):
    """A knowledge file holds something the bot cannot use."""

    def __init__(self, file: str, entry: str, problem: str):
        super().__init__(f"{file}: {entry}: {problem}")
        self.file, self.entry, self.problem = file, entry, problem


class Fields:
    """Typed access to one TOML table that names its file and entry in errors."""

    def __init__(self, file: str, entry: str, table: Any):
        if not isinstance(table, dict):
            raise KnowledgeError(file, entry, "is not a table")
        self.file, self.entry, self.table = file, entry, table

    def fail(self, problem: str) -> KnowledgeError:
        """Build an error about this entry."""
        return KnowledgeError(self.file, self.entry, problem)

    def _get(self, name: str, kind: type | tuple, default: Any) -> Any:
        """Return a field checked against a type, or the default when it is optional."""
        if name not in self.table:
            if default is OPTIONAL:
                raise self.fail(f"missing field '{name}'")
            return default
        value = self.table[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(f"field '{name}' must be {getattr(kind, '__name__', kind)}, not {value!r}")
        return value

    def text(self, name: str, default: Any = OPTIONAL) -> str:
        """A string field; a required one must not be blank."""
        value = self._get(name, str, default)
        if default is OPTIONAL and not value.strip():
            raise self.fail(f"field '{name}' is empty")
        return value.strip()

    def number(self, name: str, default: Any = OPTIONAL) -> int:
        """An integer field."""
        return self._get(name, int, default)

    def flag(self, name: str, default: Any = OPTIONAL) -> bool:
        """A boolean field."""
        return self._get(name, bool, default)

    def words(self, name: str, default: Any = ()) -> tuple[str, ...]:
        """A list of non-empty strings."""
        value = self._get(name, list, default if default is OPTIONAL else list(default))
        if not all(isinstance(word, str) and word.strip() for word in value):
            raise self.fail(f"field '{name}' must be a list of non-empty strings")
        return tuple(word.strip() for word in value)

    def rows(self, name: str) -> list:
        """A required list of tables."""
        return self._get(name, list, OPTIONAL)

    def source(self) -> Source:
        """The entry's citation."""
        where = Fields(self.file, f"{self.entry} source", self._get("source", dict, OPTIONAL))
        return Source(where.text("part"), where.text("chapter", ""), where.number("page"))


def read_file(data_dir: Path, name: str) -> dict:
    """Parse one TOML file, naming it in any syntax error."""
    path = data_dir / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise KnowledgeError(name, "file", "is missing") from None
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(name, "file", f"is not valid TOML ({error})") from None


def tables(file: str, document: dict, key: str, label: str) -> list[Fields]:
    """Return the array of tables under key, each labelled for errors."""
    rows = document.get(key)
    if not isinstance(rows, list) or not rows:
        raise KnowledgeError(file, key, "no entries")
    return [Fields(file, label_of(row, label, index), row) for index, row in enumerate(rows, 1)]


def label_of(row: Any, label: str, index: int) -> str:
    """Name an entry by its identifying field, or by position when it has none."""
    value = row.get(label) if isinstance(row, dict) else None
    return f"{label} {value}" if value else f"entry #{index}"


def unique(file: str, values: list[tuple[str, str]]) -> None:
    """Refuse two entries with the same identifier."""
    seen: set[str] = set()
    for label, value in values:
        if value in seen:
            raise KnowledgeError(file, label, f"duplicate '{value}'")
        seen.add(value)


def load_guideline(data_dir: Path) -> Guideline:
    """Read guideline.toml."""
    row = Fields("guideline.toml", "guideline", read_file(data_dir, "guideline.toml"))
    guideline = Guideline(
        row.text("title"), row.number("start_fy"), row.number("end_fy"), row.text("published"),
        row.text("publisher"), row.text("policy_office"), row.words("departments", OPTIONAL),
        row.text("successor_title", ""), row.text("successor_url", ""),
    )
    if guideline.start_fy > guideline.end_fy:
        raise row.fail("start_fy is after end_fy")
    return guideline


def load_directions(data_dir: Path) -> tuple[list[Direction], list[Item]]:
    """Read directions.toml: the 方向性 and their 推進項目."""
    file = "directions.toml"
    document = read_file(data_dir, file)
    directions = [
        Direction(row.text("number"), row.text("title"), row.text("text"), row.text("english", ""),
                  row.words("keywords"), row.source())
        for row in tables(file, document, "directions", "number")
    ]
    known = {d.number for d in directions}
    items = []
    for row in tables(file, document, "items", "number"):
        item = Item(row.text("number"), row.text("direction"), row.text("title"), row.text("text"),
                    row.text("english", ""), row.words("keywords"), row.source())
        if item.direction not in known:
            raise row.fail(f"points at missing direction '{item.direction}'")
        items.append(item)
    unique(file, [(f"number {d.number}", d.number) for d in directions])
    unique(file, [(f"number {i.number}", i.number) for i in items])
    return directions, items


def load_step(row: Fields, guideline: Guideline) -> Step:
    """Read one schedule row, checking its span lies inside the plan's years."""
    step = Step(row.text("step"), row.number("start_fy"), row.number("end_fy"), row.flag("approximate", False))
    first, last = guideline.start_fy, guideline.end_fy
    if not first <= step.start_fy <= step.end_fy <= last:
        raise row.fail(f"span FY{step.start_fy}–FY{step.end_fy} is outside the plan's years FY{first}–FY{last}")
    return step


def load_measures(data_dir: Path, guideline: Guideline, items: list[Item]) -> list[Measure]:
    """Read measures.toml, checking items, departments and schedule spans."""
    file = "measures.toml"
    by_number = {item.number: item for item in items}
    measures = []
    for row in tables(file, read_file(data_dir, file), "measures", "number"):
        item = by_number.get(row.text("item"))
        if item is None:
            raise row.fail(f"points at missing item '{row.text('item')}'")
        departments = row.words("departments")
        for department in departments:
            if department not in guideline.departments:
                raise row.fail(f"unknown department '{department}' (not in guideline.toml)")
        schedule = [load_step(Fields(file, f"{row.entry} schedule #{n}", step), guideline)
                    for n, step in enumerate(row.rows("schedule"), 1)]
        measure = Measure(
            row.text("number"), row.text("title"), item.number, item.direction, row.text("overview"),
            row.words("initiatives", OPTIONAL), tuple(schedule), departments, row.flag("all_departments"),
            row.text("departments_text"), row.text("english", ""), row.words("keywords"), row.source(),
        )
        if not measure.departments and not measure.all_departments:
            raise row.fail("names no department")
        measures.append(measure)
    unique(file, [(f"number {m.number}", m.number) for m in measures])
    return measures


def load_terms(data_dir: Path) -> list[Term]:
    """Read terms.toml."""
    file = "terms.toml"
    terms = [
        Term(row.number("footnote"), row.text("headword"), row.text("reading"), row.text("definition"),
             row.text("english", ""), row.words("aliases"), row.words("keywords"), row.source())
        for row in tables(file, read_file(data_dir, file), "terms", "headword")
    ]
    unique(file, [(f"headword {t.headword}", t.headword) for t in terms])
    unique(file, [(f"headword {t.headword}", str(t.footnote)) for t in terms])
    return terms


def load_past(data_dir: Path) -> tuple[list[PastPlan], list[Category], Review, list[PastMeasure]]:
    """Read past_measures.toml: the earlier plans, their tables and chapter 1's review."""
    file = "past_measures.toml"
    document = read_file(data_dir, file)
    plans = [
        PastPlan(row.text("name"), row.text("short"), row.number("start_fy"), row.number("end_fy"),
                 row.number("measures"), row.text("goal", ""), row.number("new_measures", None))
        for row in tables(file, document, "plans", "name")
    ]
    categories = [
        Category(row.text("name"), row.text("title"), row.number("implemented"), row.number("partly"),
                 row.number("not_started"), row.number("measures"))
        for row in tables(file, document, "categories", "name")
    ]
    review_row = Fields(file, "review", document.get("review"))
    review = Review(*(review_row.number(name) for name in (
        "measures", "implemented", "partly", "not_started", "implemented_pct", "partly_pct", "not_started_pct")))
    shorts = {plan.short for plan in plans}
    names = {category.name for category in categories}
    past = [load_past_measure(row, shorts, names) for row in tables(file, document, "past_measures", "id")]
    unique(file, [(f"id {p.id}", p.id) for p in past])
    return plans, categories, review, past


def load_past_measure(row: Fields, plan_shorts: set[str], categories: set[str]) -> PastMeasure:
    """Read one row of the 参考資料 tables."""
    measure = PastMeasure(
        row.text("id"), row.text("category"), row.text("title"), row.text("english", ""), row.text("status", ""),
        row.flag("listed_again", False), row.text("note", ""), row.text("periods", ""),
        row.words("plans"), row.words("keywords"), row.source(),
    )
    if measure.category not in categories:
        raise row.fail(f"unknown category '{measure.category}'")
    if not measure.listed_again and measure.status not in PAST_STATUSES:
        raise row.fail(f"status must be one of {', '.join(PAST_STATUSES)}, not '{measure.status}'")
    unknown = [plan for plan in measure.plans if plan not in plan_shorts]
    if unknown:
        raise row.fail(f"unknown plan '{unknown[0]}'")
    return measure


def load_sections(data_dir: Path) -> list[Section]:
    """Read sections.toml."""
    file = "sections.toml"
    sections = [
        Section(row.text("id"), row.text("title"), row.text("heading"), row.text("text"),
                row.text("english", ""), row.words("keywords"), row.source())
        for row in tables(file, read_file(data_dir, file), "sections", "id")
    ]
    unique(file, [(f"id {s.id}", s.id) for s in sections])
    return sections


def load_japanese(data_dir: Path) -> Knowledge:
    """Load and validate the Japanese knowledge files, the guideline's own words."""
    guideline = load_guideline(data_dir)
    directions, items = load_directions(data_dir)
    plans, categories, review, past = load_past(data_dir)
    return Knowledge(
        guideline=guideline,
        directions=tuple(directions),
        items=tuple(items),
        measures=tuple(load_measures(data_dir, guideline, items)),
        terms=tuple(load_terms(data_dir)),
        past_plans=tuple(plans),
        categories=tuple(categories),
        review=review,
        past_measures=tuple(past),
        sections=tuple(load_sections(data_dir)),
    )
