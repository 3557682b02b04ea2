"""Plain value objects for the guideline's entries."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """Where in the guideline an entry is printed."""

    part: str
    chapter: str
    page: int

    def cite(self) -> str:
        """Return a short citation such as 「本編 第4章 p.12」."""
        where = " ".join(bit for bit in (self.part, self.chapter) if bit)
        return f"{where} p.{self.page}"


@dataclass(frozen=True)
class Step:
    """One row of a measure's 取組の工程 (schedule)."""

    step: str
    start_fy: int
    end_fy: int
    approximate: bool

    def runs_in(self, fiscal_year: int) -> bool:
        """Tell whether the step is scheduled in the given fiscal year."""
        return self.start_fy <= fiscal_year <= self.end_fy


class Numbered:
    """An entry known by its printed number (方向性, 推進項目, 施策)."""

    number: str

    @property
    def id(self) -> str:
        """The entry's number as printed, e.g. 1-1-1."""
        return self.number


@dataclass(frozen=True)
class Direction(Numbered):
    """A 方向性 of chapter 4."""

    number: str
    title: str
    text: str
    english: str
    keywords: tuple[str, ...]
    source: Source
    kind: str = field(default="direction", init=False)


@dataclass(frozen=True)
class Item(Numbered):
    """A 推進項目 of chapter 4."""

    number: str
    direction: str
    title: str
    text: str
    english: str
    keywords: tuple[str, ...]
    source: Source
    kind: str = field(default="item", init=False)


@dataclass(frozen=True)
class Measure(Numbered):
    """A 施策 of the 別冊（施策編）."""

    number: str
    title: str
    item: str
    direction: str
    overview: str
    initiatives: tuple[str, ...]
    schedule: tuple[Step, ...]
    departments: tuple[str, ...]
    all_departments: bool
    departments_text: str
    english: str
    keywords: tuple[str, ...]
    source: Source
    kind: str = field(default="measure", init=False)

    def steps_in(self, fiscal_year: int) -> list[Step]:
        """Return the schedule rows that run in a fiscal year."""
        return [step for step in self.schedule if step.runs_in(fiscal_year)]

    def is_for(self, department: str) -> bool:
        """Tell whether a department is responsible for this measure."""
        return self.all_departments or department in self.departments


@dataclass(frozen=True)
class Term:
    """A glossary term from the guideline's footnotes."""

    footnote: int
    headword: str
    reading: str
    definition: str
    english: str
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]
    source: Source
    kind: str = field(default="term", init=False)

    @property
    def id(self) -> str:
        """A term is known by its headword."""
        return self.headword

    @property
    def title(self) -> str:
        """A term's title is its headword."""
        return self.headword


@dataclass(frozen=True)
class PastMeasure:
    """A measure of the earlier 盛岡市情報化基本計画 (参考資料)."""

    id: str
    category: str
    title: str
    english: str
    status: str
    listed_again: bool
    note: str
    periods: str
    plans: tuple[str, ...]
    keywords: tuple[str, ...]
    source: Source
    kind: str = field(default="past_measure", init=False)


@dataclass(frozen=True)
class Section:
    """A part of the guideline's main text a citizen may ask about."""

    id: str
    title: str
    heading: str
    text: str
    english: str
    keywords: tuple[str, ...]
    source: Source
    kind: str = field(default="section", init=False)


@dataclass(frozen=True)
class PastPlan:
    """One of the four earlier 情報化基本計画."""

    name: str
    short: str
    start_fy: int
    end_fy: int
    measures: int
    goal: str
    new_measures: int | None


@dataclass(frozen=True)
class Category:
    """A 区分 of the past plans with its totals row as printed."""

    name: str
    title: str
    implemented: int
    partly: int
    not_started: int
    measures: int


@dataclass(frozen=True)
class Review:
    """Chapter 1's count of the past plans' results."""

    measures: int
    implemented: int
    partly: int
    not_started: int
    implemented_pct: int
    partly_pct: int
    not_started_pct: int


@dataclass(frozen=True)
class Guideline:
    """The plan's own metadata."""

    title: str
    start_fy: int
    end_fy: int
    published: str
    publisher: str
    policy_office: str
    departments: tuple[str, ...]
    successor_title: str = ""  # the plan that followed, once this one ended
    successor_url: str = ""

    @property
    def fiscal_years(self) -> range:
        """The plan's fiscal years, first to last."""
        return range(self.start_fy, self.end_fy + 1)


Entry = Direction | Item | Measure | Term | PastMeasure | Section


@dataclass(frozen=True)
class Translations:
    """The knowledge in other languages: by language, kind and id, each entry a table of fields."""

    languages: dict = field(default_factory=dict)

    def of(self, language: str, kind: str, entry_id: str) -> dict:
        """One entry's translated fields, or an empty table."""
        return self.languages.get(language, {}).get(kind, {}).get(entry_id, {})

    def table(self, language: str, name: str) -> dict:
        """A language's shared table, e.g. the English department names."""
        return self.languages.get(language, {}).get(name, {})

    def names(self, kind: str, entry_id: str, languages: tuple[str, ...]) -> list[str]:
        """The entry's names in the given languages, for the search."""
        fields = [self.of(lang, kind, entry_id) for lang in languages]
        return [name for table in fields for name in (table.get("title"), table.get("headword")) if name]

    def keywords(self, kind: str, entry_id: str, languages: tuple[str, ...]) -> list[str]:
        """The entry's keywords in the given languages, for the search."""
        return [word for lang in languages for word in self.of(lang, kind, entry_id).get("keywords", [])]


@dataclass(frozen=True)
class Knowledge:
    """Everything the bot knows about the guideline."""

    guideline: Guideline
    directions: tuple[Direction, ...]
    items: tuple[Item, ...]
    measures: tuple[Measure, ...]
    terms: tuple[Term, ...]
    past_plans: tuple[PastPlan, ...]
    categories: tuple[Category, ...]
    review: Review
    past_measures: tuple[PastMeasure, ...]
    sections: tuple[Section, ...]
    translations: Translations = field(default_factory=Translations)

    def entries(self) -> list[Entry]:
        """Return every answerable entry, measures first."""
        return [*self.measures, *self.terms, *self.past_measures,
                *self.sections, *self.items, *self.directions]

    def measure(self, number: str) -> Measure | None:
        """Find a measure by its number, or None."""
        return next((m for m in self.measures if m.number == number), None)

    def term(self, headword: str) -> Term | None:
        """Find a term by its headword, or None."""
        return next((t for t in self.terms if t.headword == headword), None)

    def item(self, number: str) -> Item | None:
        """Find a 推進項目 by its number, or None."""
        return next((i for i in self.items if i.number == number), None)

    def direction(self, number: str) -> Direction | None:
        """Find a 方向性 by its number, or None."""
        return next((d for d in self.directions if d.number == number), None)

    def find(self, kind: str, entry_id: str) -> Entry | None:
        """Find any entry by kind and id, or None."""
        return next((e for e in self.entries() if e.kind == kind and e.id == entry_id), None)
