"""What /healthz checks: the service can write its database, nothing waits in the spool, no event is parked."""

import sqlite3
from contextlib import closing

from bot.line import spool


def problems(services) -> list[str]:
    """The reasons the service cannot do its work now, empty when it can."""
    found = []
    try:
        with closing(services.db()) as db:
            db.execute("begin immediate")  # takes the write lock: a locked, read-only or full database fails here
            db.execute("rollback")
            parked = db.execute("select count(*) from line_events where status = 'dead'").fetchone()[0]
        if parked:
            found.append(f"{parked} LINE events parked: run `flask --app bot events requeue`")
    except sqlite3.Error as error:
        found.append(f"database not writable: {error}")
    waiting = len(spool.waiting(services.settings.SPOOL_DIR))
    if waiting:
        found.append(f"{waiting} LINE webhook bodies spooled and not yet recorded")
    return found
