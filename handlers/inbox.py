"""Questions the bot could not answer: record and group them, answer them once, and keep the answer as FAQ."""

import datetime
import hashlib
import json

import sqlite_utils
from rapidfuzz import fuzz

from handlers import clock, leaders
from handlers.clock import utc_stamp as now
from handlers.messages import Notice
from knowledge.model import Knowledge
from knowledge.normalize import Question
from knowledge.search import Doc, Match

SIMILAR = 85  # rapidfuzz ratio at which two unanswered questions join one group
OPEN, ANSWERED, OUT_OF_SCOPE = "open", "answered", "out_of_scope"
STAFF_NOTE = "（盛岡市の職員からの回答です）"
QUOTED = 80  # characters of the asker's own question quoted above a staff answer


def user_reference(channel: str, user: str) -> str:
    """A pseudonym for the asker: LINE's is already one; others are hashed here."""
    if channel == "line":
        return user
    return hashlib.sha256(f"{channel}:{user}".encode()).hexdigest()[:32]


def log_question(db: sqlite_utils.Database, channel: str, tier: str) -> None:
    """Count a question and its tier (no text, no user) for the statistics."""
    with db.conn:  # plain SQL: this runs for every question
        db.execute("insert into question_log (asked_at, channel, tier) values (?, ?, ?)", [now(), channel, tier])


def record(db: sqlite_utils.Database, text: str, channel: str, user: str, matches: list[Match], why: str) -> int:
    """Put an unanswered question into the inbox, joining a similar open group; return the group id."""
    core = Question.of(text).core
    candidates = [{"kind": m.kind, "id": m.id, "title": m.title} for m in matches[:5]]
    measures = [m.id for m in matches[:3] if m.kind == "measure"]
    with db.conn:
        db.execute("begin immediate")  # read then write: take the write lock first
        group = similar_group(db, core)
        if group is None:
            group = db["inbox_groups"].insert({
                "core": core, "text": text, "count": 0, "status": OPEN, "candidates": json.dumps(candidates,
                ensure_ascii=False), "measures": json.dumps(measures), "created_at": now(), "updated_at": now(),
            }).last_pk
        elif db["inbox_groups"].get(group)["status"] == ANSWERED and why == "feedback":
            db.execute("update inbox_groups set status = ?, notified_at = null where id = ?", [OPEN, group])
        db.execute("update inbox_groups set count = count + 1, updated_at = ? where id = ?", [now(), group])
        db["inbox_questions"].insert({
            "group_id": group, "text": text, "asked_at": now(), "channel": channel,
            "user_ref": user_reference(channel, user), "candidates": json.dumps(candidates, ensure_ascii=False),
            "why": why,
        })
    return group


def similar_group(db: sqlite_utils.Database, core: str) -> int | None:
    """The group whose question reads most like this one, if it is close enough (open or answered)."""
    best, best_id = 0.0, None
    for group_id, other in db.execute("select id, core from inbox_groups where status != ?", [OUT_OF_SCOPE]):
        score = fuzz.ratio(core, other)
        if score > best:
            best, best_id = score, group_id
    return best_id if best >= SIMILAR else None


def open_groups(db: sqlite_utils.Database) -> list[dict]:
    """Open groups, most asked first."""
    return list(db["inbox_groups"].rows_where("status = ?", [OPEN], order_by="count desc, id"))


def new_question_notices(db: sqlite_utils.Database, kb: Knowledge, staff_channel: str, today: datetime.date,
                         per_hour: int) -> tuple[list[Notice], list[int]]:
    """For each open group nobody has been told of: the staff channel and the leaders of its best measure; past
    `per_hour` groups in an hour (a flood), one summary to the staff channel instead. Also the groups covered."""
    groups = list(db["inbox_groups"].rows_where("status = ? and notified_at is null", [OPEN], order_by="id"))
    hour_ago = clock.utc_stamp(clock.now() - datetime.timedelta(hours=1))
    told = db.execute("select count(*) from inbox_groups where notified_at >= ?", [hour_ago]).fetchone()[0]
    if groups and told + len(groups) > per_hour:
        hour = clock.now().strftime("%Y-%m-%dT%H")
        text = (f"bot が答えられなかった質問が、この1時間に{told + len(groups)}件を超えました。"
                "多いため個別の通知を止めています。`/ict inbox` で多い順に確認してください。")
        summary = [Notice("inbox_summary", "", "", hour, staff_channel, "slack", today, text)] if staff_channel else []
        return summary, [group["id"] for group in groups]
    notices, everyone = [], leaders.everyone(db)
    for group in groups:
        numbers = [n for n in json.loads(group["measures"] or "[]") if kb.measure(n)]
        departments = kb.measure(numbers[0]).departments if numbers else ()
        people = sorted({row.slack_user for row in everyone if row.department in departments})
        round_ = f"{group['id']}#{group['count']}"  # a group reopened by new questions is announced again
        for recipient in ([staff_channel] if staff_channel else []) + people:
            notices.append(Notice("inbox", numbers[0] if numbers else "", "", round_, recipient, "slack",
                                  today, "bot が答えられなかった質問があります。", {"group": group["id"]}))
    return notices, [group["id"] for group in groups]


def mark_notified(db: sqlite_utils.Database, group_ids: list[int]) -> None:
    """Note that staff have been told of these groups (their notices are in the outbox)."""
    with db.conn:
        for group_id in group_ids:
            db.execute("update inbox_groups set notified_at = ? where id = ? and notified_at is null", [now(), group_id])


def answer_notices(db: sqlite_utils.Database, group: dict, answer_text: str, since: str,
                   today: datetime.date) -> list[Notice]:
    """A staff answer for each LINE asker of the group since a time, quoting that asker's own question only."""
    rows = db.execute("select user_ref, text from inbox_questions where group_id = ? and channel = 'line'"
                      " and asked_at >= ? order by id", [group["id"], since])
    own = dict(rows.fetchall())  # the latest question of each asker
    return [Notice("inbox_answer", "", "", str(group["id"]), ref, "line", today,
                   f"お問い合わせ「{text[:QUOTED]}」への回答です。\n{answer_text}\n{STAFF_NOTE}")
            for ref, text in own.items()]


def answer(db: sqlite_utils.Database, group_id: int, text: str, author: str, measure: str = "", term: str = "",
           faq_question: str = "") -> dict:
    """Answer a group; given the question in staff's own words, the answer also becomes a public FAQ entry
    (a citizen's raw words are never published)."""
    faq_id = None
    with db.conn:
        if faq_question:
            faq_id = db["faq"].insert({"question": faq_question, "answer": text, "measure": measure, "term": term,
                                       "author": author, "created_at": now(), "updated_at": now(),
                                       "group_id": group_id}).last_pk
        db.execute("update inbox_groups set status = ?, faq_id = ?, answered_by = ?, updated_at = ? where id = ?",
                   [ANSWERED, faq_id, author, now(), group_id])
    return db["inbox_groups"].get(group_id)


def out_of_scope(db: sqlite_utils.Database, group_id: int, reason: str, author: str) -> None:
    """Close a group as outside what the bot answers."""
    with db.conn:
        db.execute("update inbox_groups set status = ?, reason = ?, answered_by = ?, updated_at = ? where id = ?",
                   [OUT_OF_SCOPE, reason, author, now(), group_id])


def active_faq(db: sqlite_utils.Database) -> list[dict]:
    """FAQ entries in use."""
    return list(db["faq"].rows_where("retired_at is null", order_by="id"))


def faq_docs(db: sqlite_utils.Database) -> tuple[Doc, ...]:
    """The FAQ entries in use, as documents for the search index."""
    return tuple(Doc("faq", f"faq-{row['id']}", row["question"], (row["question"],), (), row["answer"])
                 for row in active_faq(db))


def faq_version(db: sqlite_utils.Database) -> str:
    """Changes whenever an FAQ entry is added, edited or retired."""
    row = db.execute("select count(*), max(updated_at), max(coalesce(retired_at, '')) from faq").fetchone()
    return "|".join(str(value) for value in row)


def edit_faq(db: sqlite_utils.Database, faq_id: int, text: str) -> None:
    """Replace an FAQ entry's answer."""
    with db.conn:
        db.execute("update faq set answer = ?, updated_at = ? where id = ?", [text, now(), faq_id])


def retire_faq(db: sqlite_utils.Database, faq_id: int) -> None:
    """Stop using an FAQ entry (kept for the record)."""
    with db.conn:
        db.execute("update faq set retired_at = ?, updated_at = ? where id = ?", [now(), now(), faq_id])


def feedback(db: sqlite_utils.Database, channel: str, kind: str, entry: str, helpful: bool) -> None:
    """Count a 役に立った / 役に立たなかった."""
    db["feedback"].insert({"at": now(), "channel": channel, "kind": kind, "entry": entry, "helpful": int(helpful)})


def statistics(db: sqlite_utils.Database, since: str = "") -> dict[str, int]:
    """Questions asked, answered with confidence, and inbox groups still open."""
    asked, confident = db.execute("select count(*), sum(tier = 'answer') from question_log where asked_at >= ?",
                                  [since]).fetchone()
    still_open = db.execute("select count(*) from inbox_groups where status = ?", [OPEN]).fetchone()[0]
    return {"asked": asked or 0, "answered": confident or 0, "open": still_open}


def forget(db: sqlite_utils.Database, user_ref: str) -> None:
    """Remove a user's words from the inbox: their questions, and any group title quoting them.

    A group asked by others keeps the words of its latest other asker; one asked by this user alone is deleted
    (an FAQ made from it stays: its question is in staff's words).
    """
    groups = [row[0] for row in db.execute("select distinct group_id from inbox_questions where user_ref = ?",
                                           [user_ref])]
    db.execute("delete from inbox_questions where user_ref = ?", [user_ref])
    for group_id in groups:
        others = db.execute("select text from inbox_questions where group_id = ? order by id desc limit 1",
                            [group_id]).fetchone()
        if others:
            db.execute("update inbox_groups set text = ?, core = ? where id = ?",
                       [others[0], Question.of(others[0]).core, group_id])
        else:
            db.execute("delete from inbox_groups where id = ?", [group_id])
