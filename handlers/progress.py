"""Progress reports: parse them, check them, keep every one, and tell the latest."""

import re
import unicodedata
from dataclasses import dataclass, replace

import sqlite_utils

from handlers import clock, leaders, storage
from handlers.wording import japanese_date, no_such_measure
from knowledge.model import Knowledge

STATUSES = ("未着手", "検討中", "実施中", "完了", "休止")
STATUS_WORDS = {
    "未着手": ("未着手", "みちゃくしゅ", "未実施", "not started", "notstarted", "todo", "to do", "none"),
    "検討中": ("検討中", "検討", "けんとう", "けんとうちゅう", "調整中", "準備中", "considering", "planning", "planned",
            "under review", "review", "studying"),
    "実施中": ("実施中", "実施", "進行中", "対応中", "実行中", "推進中", "じっしちゅう", "in progress", "inprogress",
            "ongoing", "doing", "active", "wip", "started"),
    "完了": ("完了", "済", "済み", "実施済", "実施済み", "終了", "達成", "かんりょう", "done", "complete", "completed",
           "finished"),
    "休止": ("休止", "中断", "停止", "保留", "中止", "きゅうし", "paused", "on hold", "onhold", "suspended", "halted",
           "stopped"),
}
NUMBER = re.compile(r"^\s*([0-9]+(?:\s*[-ー‐－]\s*[0-9]+){1,2})")
PERCENT = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)\s*(?:%|パーセント|ぱーせんと|percent)")
LEAD_WORDS = re.compile(r"\s*(?:の)?\s*(?:進捗(?:状況)?|状況|progress)?\s*(?:は|を)?\s*[:：]?")
READ = "\x00"  # marks what parse has read as number, status or percentage
JOINT_CHARACTERS = f"\t\n\r \u3000、,，:：。.・/{READ}"  # separators around what was read are the report's, not the note's
JOINT = re.compile(rf"[{JOINT_CHARACTERS}]*{READ}[{JOINT_CHARACTERS}]*")
NOTE_LIMIT = 1000  # characters; a report's note is a summary, and its buttons must carry it whole (Slack: 2,000)
VIAS = {"command": "スラッシュコマンド", "message": "メッセージ", "form": "フォーム"}


class ReportError(ValueError):
    """A report that cannot be stored, with what is wrong in Japanese."""


@dataclass(frozen=True)
class Draft:
    """A report as typed, before it is checked and stored."""

    measure: str
    status: str
    percent: int | None
    note: str
    step: str = ""


def status_of(word: str) -> str | None:
    """The canonical status for a word such as 'in progress' or 「実施」."""
    folded = unicodedata.normalize("NFKC", word).strip().lower()
    return next((status for status, words in STATUS_WORDS.items() if folded in words), None)


def find_status(text: str) -> tuple[str | None, tuple[int, int]]:
    """The first status word in text, and where it stands."""
    folded = text.lower()
    best = None
    for status, words in STATUS_WORDS.items():
        for word in sorted(words, key=len, reverse=True):
            at = folded.find(word)
            if at >= 0 and boundary(folded, at, len(word)) and (best is None or at < best[1]):
                best = (status, at, len(word))
                break
    if best is None:
        return None, (0, 0)
    status, at, length = best
    return status, (at, at + length)


def boundary(text: str, at: int, length: int) -> bool:
    """Tell whether a match stands apart from letters around it (for English words)."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + length] if at + length < len(text) else " "
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())


def parse(text: str) -> Draft:
    """Read 「1-1-1 の進捗: 実施中、60%、電子申請を3手続き追加」 or 「1-1-1 実施中 60% メモ」; the note stays as typed."""
    typed = text.strip()
    folded, origin = fold(typed)
    number = NUMBER.match(folded)
    if not number:
        raise ReportError("施策番号がありません。例：「1-1-1 実施中 60% 電子申請を3手続き追加」")
    read = hide(folded, 0, number.end())
    read = hide(read, *LEAD_WORDS.match(read, number.end()).span())
    percent = None
    found = PERCENT.search(read)
    if found:
        percent = parse_percent(found.group(1))
        read = hide(read, *found.span())
    status, span = find_status(read)
    if status is None:
        word = next((w for w in re.split(rf"[\s、,{READ}]+", read) if w), "（なし）")
        raise ReportError(f"状況「{word}」が分かりません。{'・'.join(STATUSES)} のいずれかで書いてください。")
    read = hide(read, *span)
    return Draft(re.sub(r"\s*[-ー‐－]\s*", "-", number.group(1)), status, percent, leftover(typed, read, origin))


def fold(text: str) -> tuple[str, list[int]]:
    """Text in NFKC, one character at a time, with the index in text each folded character came from."""
    folded, origin = [], []
    for at, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char):
            folded.append(piece)
            origin.append(at)
    return "".join(folded), origin


def hide(folded: str, start: int, end: int) -> str:
    """The folded text with a part already read blanked out, keeping every other index in place."""
    return folded[:start] + READ * (end - start) + folded[end:]


def leftover(typed: str, read: str, origin: list[int]) -> str:
    """What the reporter typed besides the number, status and percentage, with their own punctuation kept."""
    hidden = {origin[at] for at, char in enumerate(read) if char == READ}
    kept = "".join(READ if at in hidden else char for at, char in enumerate(typed))
    return JOINT.sub(joint, kept).strip()


def joint(run: re.Match) -> str:
    """Where something was read out of a note: nothing at its ends, else the first mark the reporter typed there."""
    if run.start() == 0 or run.end() == len(run.string):
        return ""
    return next((char for char in run.group() if not char.isspace() and char != READ), " ")


def parse_percent(text: str) -> int:
    """A percentage from 0 to 100."""
    value = float(text)
    if not 0 <= value <= 100:
        raise ReportError(f"進捗率は 0〜100% で書いてください（「{text}%」は範囲外です）。")
    return round(value)


def check(kb: Knowledge, draft: Draft) -> Draft:
    """Refuse an unknown measure, status, percentage or step; name a step the note mentions."""
    measure = kb.measure(draft.measure)
    if measure is None:
        raise ReportError(no_such_measure(kb, draft.measure))
    if draft.status not in STATUSES:
        raise ReportError(f"状況「{draft.status}」が分かりません。{'・'.join(STATUSES)} のいずれかです。")
    if draft.percent is not None and not 0 <= draft.percent <= 100:
        raise ReportError(f"進捗率は 0〜100% で書いてください（「{draft.percent}%」は範囲外です）。")
    if len(draft.note) > NOTE_LIMIT:
        raise ReportError(f"メモは{NOTE_LIMIT}文字以内にしてください（{len(draft.note)}文字あります）。"
                          "詳しい資料は、所管課のページなどにまとめてリンクしてください。")
    steps = [s.step for s in measure.schedule]
    if draft.step and draft.step not in steps:
        raise ReportError(f"工程「{draft.step}」は施策 {measure.number} にありません：{'、'.join(steps)}")
    if not draft.step:
        named = next((step for step in steps if step in draft.note), "")
        return replace(draft, step=named)
    return draft


def authorise(kb: Knowledge, leader: leaders.Leader | None, number: str) -> None:
    """Refuse a reporter who is not a leader of one of the measure's departments (admins may report anything)."""
    measure = kb.measure(number)
    if leader is None:
        raise ReportError("進捗を報告できるのは、登録された情報化推進リーダーだけです。"
                          f"{kb.guideline.policy_office}の管理者に登録を依頼してください。")
    if not leaders.may_report(leader, measure):
        raise ReportError(f"施策 {number} の主に推進する実施部門（{measure.departments_text}）に"
                          f"{leader.department}は含まれないため、報告できません。")


def record(db: sqlite_utils.Database, kb: Knowledge, draft: Draft, reporter: str, via: str,
           source_key: str | None = None, kind: str = "report", replaces: int | None = None) -> dict | None:
    """Check, authorise and store a report; None when this source_key was already stored (a retry)."""
    draft = check(kb, draft)
    leader = leaders.get(db, reporter)
    authorise(kb, leader, draft.measure)
    with db.conn:
        db.execute("begin immediate")
        previous = latest(db, draft.measure)
        at = clock.now()
        cursor = db.execute(
            "insert or ignore into progress_reports (measure, kind, status, percent, note, step, reporter,"
            " department, via, replaces, previous_status, reported_at, reported_on, source_key)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [draft.measure, kind, draft.status, draft.percent, draft.note, draft.step, reporter,
             leader.department, via, replaces, previous["status"] if previous else None,
             at.isoformat(timespec="seconds"), at.date().isoformat(), source_key],
        )
    if cursor.rowcount != 1:
        return None
    return db["progress_reports"].get(cursor.lastrowid)


def superseded(db: sqlite_utils.Database, number: str) -> set[int]:
    """Reports replaced by a correction or taken back by a withdrawal."""
    rows = db.execute("select replaces from progress_reports where measure = ? and replaces is not null", [number])
    return {row[0] for row in rows}


def effective(db: sqlite_utils.Database, number: str) -> list[dict]:
    """A measure's reports still standing, newest first."""
    gone = superseded(db, number)
    rows = storage.records(db, "select * from progress_reports where measure = ? and kind != 'withdrawal'"
                               " order by id desc", [number])  # every answer about a measure asks
    return [row for row in rows if row["id"] not in gone]


def latest(db: sqlite_utils.Database, number: str) -> dict | None:
    """The report that stands for a measure now, if any."""
    standing = effective(db, number)
    return standing[0] if standing else None


def published(db: sqlite_utils.Database) -> list[dict]:
    """The reports still standing, as open data publishes them, oldest first: a withdrawn report and the withdrawal
    are left out, a correction stands in for what it corrected, and no reporter IDs."""
    return list(db.query(
        "select id, measure, kind, status, percent, step, note, department, via, reported_at from progress_reports"
        " where kind != 'withdrawal' and id not in (select replaces from progress_reports where replaces is not null)"
        " order by id"))


def history(db: sqlite_utils.Database, number: str) -> list[dict]:
    """Every report, correction and withdrawal for a measure, newest first."""
    return list(db["progress_reports"].rows_where("measure = ?", [number], order_by="id desc"))


def last_own(db: sqlite_utils.Database, number: str, reporter: str) -> dict | None:
    """A reporter's own last standing report on a measure."""
    return next((row for row in effective(db, number) if row["reporter"] == reporter), None)


def correct(db: sqlite_utils.Database, kb: Knowledge, draft: Draft, reporter: str, via: str,
            source_key: str | None = None) -> dict | None:
    """Replace the reporter's last report on a measure with a corrected one (both are kept)."""
    mine = last_own(db, draft.measure, reporter)
    if mine is None:
        raise ReportError(f"施策 {draft.measure} に、あなたが訂正できる報告はありません。")
    return record(db, kb, draft, reporter, via, source_key, kind="correction", replaces=mine["id"])


def withdraw(db: sqlite_utils.Database, kb: Knowledge, number: str, reporter: str, via: str,
             source_key: str | None = None) -> dict | None:
    """Take back the reporter's last report on a measure (it stays in the history)."""
    mine = last_own(db, number, reporter)
    if mine is None:
        raise ReportError(f"施策 {number} に、あなたが取り下げられる報告はありません。")
    draft = Draft(number, mine["status"], mine["percent"], "取り下げ", mine["step"] or "")
    return record(db, kb, draft, reporter, via, source_key, kind="withdrawal", replaces=mine["id"])


def describe(report: dict) -> str:
    """One line about a report, for Slack and LINE."""
    percent = f" {report['percent']}%" if report.get("percent") is not None else ""
    step = f"［{report['step']}］" if report.get("step") else ""
    note = f"：{report['note']}" if report.get("note") else ""
    return f"{report['status']}{percent}{step}{note}（{japanese_date(report['reported_on'])}）"
