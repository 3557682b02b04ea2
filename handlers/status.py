"""The picture for staff: where every measure stands, and which ones are stale."""

import datetime
from dataclasses import dataclass

import sqlite_utils

from handlers import milestones, progress
from knowledge.model import Knowledge, Measure

REPORT_WINDOW = datetime.timedelta(days=14)  # a report this close before a milestone counts for it


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
