"""Milestones of each measure's schedule, in Japanese fiscal years (April to March)."""

import datetime
from dataclasses import dataclass

from knowledge.model import Knowledge, Measure, Step


def fiscal_year_start(fiscal_year: int) -> datetime.date:
    """1 April of a fiscal year."""
    return datetime.date(fiscal_year, 4, 1)


def fiscal_year_end(fiscal_year: int) -> datetime.date:
    """31 March that closes a fiscal year."""
    return datetime.date(fiscal_year + 1, 3, 31)


@dataclass(frozen=True)
class Milestone:
    """A date in a step's life: its start, the close of a fiscal year it runs through, or its end."""

    measure: str
    step: str
    kind: str  # "start", "year_end" or "end"
    fiscal_year: int
    date: datetime.date

    @property
    def what(self) -> str:
        """What falls due, in Japanese."""
        return {"start": "工程の開始", "year_end": "年度の進捗報告", "end": "工程の完了"}[self.kind]


def step_milestones(measure: Measure, step: Step) -> list[Milestone]:
    """A step's start, the end of every fiscal year it runs through, and its end."""
    found = [Milestone(measure.number, step.step, "start", step.start_fy, fiscal_year_start(step.start_fy))]
    for fiscal_year in range(step.start_fy, step.end_fy):
        found.append(Milestone(measure.number, step.step, "year_end", fiscal_year, fiscal_year_end(fiscal_year)))
    found.append(Milestone(measure.number, step.step, "end", step.end_fy, fiscal_year_end(step.end_fy)))
    return found


def milestones(kb: Knowledge) -> list[Milestone]:
    """Every milestone of every measure, by date."""
    every = [m for measure in kb.measures for step in measure.schedule for m in step_milestones(measure, step)]
    return sorted(every, key=lambda m: (m.date, m.measure, m.step, m.kind))


def of_measure(kb: Knowledge, number: str) -> list[Milestone]:
    """One measure's milestones, by date."""
    measure = kb.measure(number)
    found = [m for step in measure.schedule for m in step_milestones(measure, step)]
    return sorted(found, key=lambda m: (m.date, m.step, m.kind))


def next_milestone(kb: Knowledge, number: str, today: datetime.date) -> Milestone | None:
    """The first milestone of a measure on or after today."""
    return next((m for m in of_measure(kb, number) if m.date >= today), None)


REPORT_DUE = ("year_end", "end")  # the milestones at which a progress report falls due


def last_report_due(kb: Knowledge, number: str, today: datetime.date) -> Milestone | None:
    """The latest milestone before today at which a report fell due."""
    past = [m for m in of_measure(kb, number) if m.date < today and m.kind in REPORT_DUE]
    return past[-1] if past else None
