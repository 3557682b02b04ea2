"""Milestones and working days are pure functions of the knowledge and a date."""

import datetime
import re
import shutil

from handlers import milestones
from handlers.reminders import Settings, due
from handlers.storage import connect, migrate
from handlers.workdays import is_working_day, on_or_after
from knowledge import load
from knowledge.loader import DATA_DIR

D = datetime.date


def test_a_step_has_a_start_year_ends_and_an_end(kb):
    wifi = kb.measure("1-4-1")
    step = next(s for s in wifi.schedule if s.step == "公共施設へのWi-Fiの整備")
    found = [(m.kind, m.date) for m in milestones.step_milestones(wifi, step)]
    span = range(step.start_fy, step.end_fy)
    assert found[0] == ("start", D(step.start_fy, 4, 1))
    assert found[1:-1] == [("year_end", D(fy + 1, 3, 31)) for fy in span]
    assert found[-1] == ("end", D(step.end_fy + 1, 3, 31))


def test_next_and_last_report_due(kb):
    last = milestones.last_report_due(kb, "1-3", D(2021, 6, 1))
    upcoming = milestones.next_milestone(kb, "1-3", D(2021, 6, 1))
    assert last.date == D(2021, 3, 31) and last.kind in ("year_end", "end")
    assert upcoming.date == D(2022, 3, 31)


def test_weekends_and_holidays_move_to_the_next_working_day():
    assert is_working_day(D(2021, 3, 31))
    assert not is_working_day(D(2023, 4, 1))  # Saturday
    assert not is_working_day(D(2020, 3, 20))  # 春分の日
    assert on_or_after(D(2023, 4, 1)) == D(2023, 4, 3)
    assert on_or_after(D(2020, 5, 2)) == D(2020, 5, 7)  # Golden Week
    assert on_or_after(D(2020, 3, 20)) == D(2020, 3, 23)


def test_a_reminder_that_falls_on_a_holiday_is_sent_the_next_working_day(kb):
    db = connect(":memory:")
    migrate(db)
    db["leaders"].insert({"slack_user": "U1", "department": "総務部", "role": "leader"})
    settings = Settings(days_before=11)  # 2020-03-31 minus 11 days is 春分の日 (Friday 2020-03-20)
    assert not [n for n in due(db, kb, D(2020, 3, 20), settings) if n.kind == "before"]
    monday = [n for n in due(db, kb, D(2020, 3, 23), settings) if n.kind == "before"]
    assert monday and {n.send_on for n in monday} == {D(2020, 3, 23)}
    assert "2020-03-31" in {n.milestone for n in monday}


def test_a_new_plan_period_in_the_data_needs_no_code_change(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    guideline = (data / "guideline.toml").read_text(encoding="utf-8")
    (data / "guideline.toml").write_text(
        guideline.replace("start_fy = 2019", "start_fy = 2023").replace("end_fy = 2022", "end_fy = 2026"),
        encoding="utf-8")
    measures = (data / "measures.toml").read_text(encoding="utf-8")
    shifted = re.sub(r"(start_fy|end_fy) = (\d{4})", lambda m: f"{m.group(1)} = {int(m.group(2)) + 4}", measures)
    (data / "measures.toml").write_text(shifted, encoding="utf-8")
    kb = load(data)
    dates = [m.date for m in milestones.milestones(kb)]
    assert min(dates) == D(2023, 4, 1) and max(dates) == D(2027, 3, 31)
