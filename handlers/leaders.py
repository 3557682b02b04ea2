"""The registry of 情報化推進リーダー and administrators, and who may report on what."""

import re
from dataclasses import dataclass

import sqlite_utils

from handlers.clock import utc_stamp as now
from knowledge.model import Knowledge, Measure

ROLES = ("leader", "admin")
SLACK_USER = re.compile(r"^<@([A-Z0-9]+)(?:\|[^>]*)?>$|^@?([A-Z0-9]{6,})$")


class LeaderError(ValueError):
    """A registry change that cannot be made, with the reason in Japanese."""


@dataclass(frozen=True)
class Leader:
    """A registered Slack user: their department and role."""

    slack_user: str
    department: str
    role: str

    @property
    def is_admin(self) -> bool:
        """Administrators (the ICT policy office) may report on any measure and manage the registry."""
        return self.role == "admin"


def slack_user_id(text: str) -> str | None:
    """The user ID in a mention such as <@U123|name>, or a bare ID."""
    match = SLACK_USER.match(text.strip())
    return (match.group(1) or match.group(2)) if match else None


def get(db: sqlite_utils.Database, slack_user: str) -> Leader | None:
    """The registered leader with this Slack user ID, if any."""
    row = db.execute("select slack_user, department, role from leaders where slack_user = ?", [slack_user]).fetchone()
    return Leader(*row) if row else None


def everyone(db: sqlite_utils.Database) -> list[Leader]:
    """Every registered leader, by department."""
    rows = db.execute("select slack_user, department, role from leaders order by department, slack_user")
    return [Leader(*row) for row in rows]


def add(db: sqlite_utils.Database, kb: Knowledge, slack_user: str, department: str, admin: bool,
        actor: str) -> Leader:
    """Register or re-register a leader; the department must be one the guideline names."""
    if department not in kb.guideline.departments:
        known = "・".join(kb.guideline.departments)
        raise LeaderError(f"部門「{department}」は指針にありません。次のいずれかを指定してください：{known}")
    leader = Leader(slack_user, department, "admin" if admin else "leader")
    with db.conn:
        db["leaders"].upsert({"slack_user": slack_user, "department": department, "role": leader.role,
                              "added_by": actor, "added_at": now()}, pk="slack_user")
        log(db, actor, "add", leader)
    return leader


def remove(db: sqlite_utils.Database, slack_user: str, actor: str) -> Leader:
    """Remove a leader from the registry."""
    leader = get(db, slack_user)
    if leader is None:
        raise LeaderError(f"<@{slack_user}> は登録されていません。")
    with db.conn:
        db["leaders"].delete(slack_user)
        log(db, actor, "remove", leader)
    return leader


def log(db: sqlite_utils.Database, actor: str, action: str, leader: Leader) -> None:
    """Append a change of the registry to its audit log."""
    db["leader_log"].insert({"at": now(), "actor": actor, "action": action, "slack_user": leader.slack_user,
                             "department": leader.department, "role": leader.role})


def may_report(leader: Leader | None, measure: Measure) -> bool:
    """Admins report on anything; a leader on measures their department is responsible for."""
    return leader is not None and (leader.is_admin or measure.is_for(leader.department))


def measures_for(kb: Knowledge, leader: Leader | None) -> list[Measure]:
    """The measures a leader may report on."""
    return [m for m in kb.measures if may_report(leader, m)]
