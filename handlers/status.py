"""Where every measure and every step of its schedule stands: stale for staff, plainly worded for citizens."""

import datetime
from dataclasses import dataclass

import sqlite_utils

from handlers import milestones, progress
from knowledge.model import Knowledge, Measure, Step

REPORT_WINDOW = datetime.timedelta(days=14)  # a report this close before a milestone counts for it
NONE_YET = "まだ報告がありません"  # a measure or a running step without any report, as citizens read it
ENDED_UNREPORTED = "報告なし（期間終了）"  # a step whose span ended without a report
PLANNED = "予定"  # a step whose span has not begun


@dataclass(frozen=True)
class Standing:
    """A measure's latest report, the last milestone a report fell due, the next milestone, and staleness."""

    measure: Measure
    latest: dict | None
    last_milestone: milestones.Milestone | None
    next_milestone: milestones.Milestone | None

    @property
    def stale(self) -> bool:
        """No report since (or shortly before) the last milestone at which one fell due."""
        if self.last_milestone is None:
            return False
        counts_from = (self.last_milestone.date - REPORT_WINDOW).isoformat()
        return self.latest is None or self.latest["reported_on"] < counts_from


def standing(db: sqlite_utils.Database, kb: Knowledge, measure: Measure, today: datetime.date) -> Standing:
    """Where one measure stands today."""
    return Standing(measure, progress.latest(db, measure.number),
                    milestones.last_report_due(kb, measure.number, today),
                    milestones.next_milestone(kb, measure.number, today))


def everything(db: sqlite_utils.Database, kb: Knowledge, today: datetime.date,
               measures: list[Measure] | None = None) -> list[Standing]:
    """Where each measure (all 20 unless given) stands today."""
    return [standing(db, kb, measure, today) for measure in (measures if measures is not None else kb.measures)]


def counts(standings: list[Standing]) -> dict[str, int]:
    """How many measures stand at each status, with 未報告 for none."""
    tally = {status: 0 for status in (*progress.STATUSES, "未報告")}
    for row in standings:
        tally[row.latest["status"] if row.latest else "未報告"] += 1
    return tally


@dataclass(frozen=True)
class StepState:
    """One step of a measure's schedule with its own state: a report's status, or why there is none."""

    step: Step
    state: str
    report: dict | None


def span_of(step: Step) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a step's fiscal years."""
    return datetime.date(step.start_fy, 4, 1), datetime.date(step.end_fy + 1, 3, 31)


def step_states(db: sqlite_utils.Database, measure: Measure, today: datetime.date) -> list[StepState]:
    """Each step's state: the latest report naming it, else the latest within its span, else why there is none."""
    reports = progress.effective(db, measure.number)
    states = []
    for step in measure.schedule:
        first, last = span_of(step)
        report = next((r for r in reports if r["step"] == step.step), None) or next(
            (r for r in reports if not r["step"] and first.isoformat() <= r["reported_on"] <= last.isoformat()), None)
        if report:
            state = report["status"]
        else:
            state = ENDED_UNREPORTED if today > last else PLANNED if today < first else NONE_YET
        states.append(StepState(step, state, report))
    return states
