"""Tell what a question wants to know first: who, when, how far, what, why, or an overview."""

import re
import unicodedata
from dataclasses import dataclass

from handlers.context import Context
from handlers.schedule import FISCAL_YEAR, fiscal_year_in
from knowledge.asking import FACETS
from knowledge.model import Knowledge
from knowledge.normalize import compact

INTERROGATIVE = re.compile(r"どこ|どの|誰|だれ|何|なに|なん|which|who|what|哪|谁|什么|어디|누가|무엇", re.IGNORECASE)
YES_NO = re.compile(r"(も|は|って)?.{0,12}(入って|はいって|関わ|かかわ|含まれ|ふくまれ|担当して|参加|携わ|関係して|関与)"
                    r"|\b(is|are|does|do)\b.*\b(involved|included|part of|responsible|in charge)", re.IGNORECASE)


@dataclass(frozen=True)
class Facet:
    """What the question asks, with the department or fiscal year it names."""

    name: str  # who, when, progress, definition, reason or overview
    department: str = ""  # for a yes/no question: the department asked about
    fiscal_year: int | None = None  # for a when question that names a year


def departments_named(text: str, kb: Knowledge) -> list[str]:
    """The departments a question names, in Japanese or in English."""
    folded = compact(text)
    english = kb.translations.table("en", "departments")
    found = []
    for department in kb.guideline.departments:
        names = [department, department.removesuffix("部").removesuffix("局"), english.get(department, "")]
        if any(len(compact(n)) >= 2 and compact(n) in folded for n in names if n):
            found.append(department)
    return found


def detect(text: str, ctx: Context) -> Facet:
    """The facet of a question; a yes/no question names a department."""
    lowered = unicodedata.normalize("NFKC", text).lower()
    named = departments_named(text, ctx.kb)
    if named and (YES_NO.search(lowered) or not INTERROGATIVE.search(lowered)):
        return Facet("who", department=named[0])
    for name, pattern in FACETS.items():
        if pattern.search(lowered):
            return Facet(name, fiscal_year=year_in(lowered, ctx) if name == "when" else None)
    year = year_in(lowered, ctx)
    return Facet("when", fiscal_year=year) if year is not None else Facet("overview")


def year_in(text: str, ctx: Context) -> int | None:
    """The fiscal year a when-question names, if any (「R3」, 「2021年度」, 「来年度」, "next year")."""
    match = re.search(FISCAL_YEAR, unicodedata.normalize("NFKC", text), re.IGNORECASE)
    if match:
        return fiscal_year_in(match.group(0), ctx)
    for words, relative in ((("this year", "今年"), "今年度"), (("next year", "来年"), "来年度")):
        if any(word in text for word in words):
            return fiscal_year_in(relative, ctx)
    return None
