"""Reading, checking and keeping progress reports, without any transport."""

import pytest

from handlers import leaders, progress, storage
from handlers.progress import Draft, ReportError, parse


@pytest.mark.parametrize("text, expected", [
    ("1-1-1 実施中 60% 電子申請を3手続き追加", Draft("1-1-1", "実施中", 60, "電子申請を3手続き追加")),
    ("1-1-1 の進捗: 実施中、60%、電子申請を3手続き追加", Draft("1-1-1", "実施中", 60, "電子申請を3手続き追加")),
    ("１－１－１の進捗：実施中、６０％", Draft("1-1-1", "実施中", 60, "")),
    ("1-3 done 100% all datasets published", Draft("1-3", "完了", 100, "all datasets published")),
    ("3-3 on hold", Draft("3-3", "休止", None, "")),
    ("4-2 検討 研修計画を作成中", Draft("4-2", "検討中", None, "研修計画を作成中")),
    ("2-1-1 進行中 45.5パーセント", Draft("2-1-1", "実施中", 46, "")),
])
def test_reports_are_read_in_their_many_spellings(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text, message", [
    ("実施中 60%", "施策番号がありません"),
    ("1-1-1 60%", "状況「（なし）」が分かりません"),
    ("1-1-1 まあまあ 60%", "状況「まあまあ」が分かりません"),
    ("1-1-1 実施中 101%", "「101%」は範囲外"),
])
def test_bad_reports_are_refused_with_the_reason(text, message):
    with pytest.raises(ReportError, match=message):
        parse(text)


def test_check_refuses_unknown_measures_and_names_steps(kb):
    with pytest.raises(ReportError, match="施策「9-9」はありません"):
        progress.check(kb, Draft("9-9", "実施中", None, ""))
    named = progress.check(kb, Draft("1-4-1", "実施中", None, "公共施設へのWi-Fiの整備を3館で"))
    assert named.step == "公共施設へのWi-Fiの整備"
    with pytest.raises(ReportError, match="工程「存在しない工程」"):
        progress.check(kb, Draft("1-4-1", "実施中", None, "", "存在しない工程"))


@pytest.fixture
def db():
    """A migrated in-memory database."""
    database = storage.connect(":memory:")
    storage.migrate(database)
    return database


def test_record_keeps_who_what_and_the_previous_status(db, kb):
    leaders.add(db, kb, "U1", "総務部", False, "test")
    first = progress.record(db, kb, Draft("1-3", "検討中", 10, ""), "U1", "command")
    second = progress.record(db, kb, Draft("1-3", "実施中", 40, ""), "U1", "form")
    assert (first["previous_status"], second["previous_status"]) == (None, "検討中")
    assert progress.latest(db, "1-3")["id"] == second["id"]
    assert [r["id"] for r in progress.history(db, "1-3")] == [second["id"], first["id"]]


def test_the_same_source_key_is_stored_once(db, kb):
    leaders.add(db, kb, "U1", "総務部", True, "test")
    assert progress.record(db, kb, Draft("2-2-2", "実施中", None, ""), "U1", "form", "view:V1") is not None
    assert progress.record(db, kb, Draft("2-2-2", "実施中", None, ""), "U1", "form", "view:V1") is None
    assert db["progress_reports"].count == 1


def test_the_leader_registry_refuses_unknown_departments(db, kb):
    with pytest.raises(leaders.LeaderError, match="部門「宇宙部」"):
        leaders.add(db, kb, "U1", "宇宙部", False, "test")
    assert leaders.slack_user_id("<@U0ABC123|taro>") == "U0ABC123"
    assert leaders.slack_user_id("U0ABC123") == "U0ABC123"
    assert leaders.slack_user_id("taro") is None


@pytest.mark.parametrize("text, note", [
    ("1-1-1 の進捗: 実施中、60%、電子申請を3手続き追加（試行）、残りは来年度。", "電子申請を3手続き追加（試行）、残りは来年度。"),
    ("1-4-1 実施中 Wi-Fiを3館（中央公民館、都南図書館）に整備", "Wi-Fiを3館（中央公民館、都南図書館）に整備"),
    ("1-1 60% 電子申請を追加、実施中、来年度も", "電子申請を追加、来年度も"),
    ("１－３ 完了 全データセットを公開しました。", "全データセットを公開しました。"),
])
def test_a_note_keeps_the_punctuation_the_reporter_typed(text, note):
    assert parse(text).note == note
