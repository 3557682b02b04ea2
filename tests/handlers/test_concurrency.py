"""Many writers at once, in threads and in processes: every write lands once, nothing is locked out."""

import multiprocessing
import threading

import pytest

import knowledge
from handlers import leaders, progress, storage

WRITERS, EACH = 8, 25


def write_many(path: str, writer: int, errors: list) -> None:
    """Record reports and subscriptions on one connection, as one thread or process would."""
    kb = knowledge.load()
    db = storage.connect(path)
    try:
        for n in range(EACH):
            key = f"w{writer}-{n}"
            progress.record(db, kb, progress.Draft("1-3", "実施中", n, key), "U0ADMIN", "command", key)
            progress.record(db, kb, progress.Draft("1-3", "実施中", n, key), "U0ADMIN", "command", key)  # a retry
            with db.conn:
                db.execute("insert or ignore into subscriptions (channel, user_ref, measure, created_at)"
                           " values ('line', ?, '1-3', 'now')", [key])
    except Exception as error:  # collected so the test can show it
        errors.append(repr(error))
    finally:
        db.close()


def process_writer(path: str, writer: int, queue) -> None:
    """A writer in its own process; reports its errors through the queue."""
    errors: list = []
    write_many(path, writer, errors)
    queue.put(errors)


@pytest.fixture
def database(tmp_path, kb):
    """A migrated database file with one admin."""
    path = str(tmp_path / "busy.sqlite3")
    db = storage.connect(path)
    storage.migrate(db)
    leaders.add(db, kb, "U0ADMIN", "総務部", True, "test")
    db.close()
    return path


def check(path: str, writers: int) -> None:
    """Every write is there exactly once."""
    db = storage.connect(path)
    notes = [row[0] for row in db.execute("select note from progress_reports")]
    assert len(notes) == len(set(notes)) == writers * EACH
    assert db["subscriptions"].count == writers * EACH
    db.close()


def test_threads(database):
    errors: list = []
    threads = [threading.Thread(target=write_many, args=(database, w, errors)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check(database, WRITERS)


def test_processes(database):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [context.Process(target=process_writer, args=(database, w, queue)) for w in range(4)]
    for process in processes:
        process.start()
    results = [queue.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(30)
    assert results == [[]] * 4
    check(database, 4)


def test_backup_while_writing_is_consistent_and_restores(database, tmp_path):
    errors: list = []
    writer = threading.Thread(target=write_many, args=(database, 99, errors))
    writer.start()
    copy = tmp_path / "copy.sqlite3"
    assert storage.backup(database, copy) == "ok"
    writer.join()
    assert errors == []
    db = storage.connect(copy)
    copied = db["progress_reports"].count
    assert 0 <= copied <= EACH and db["leaders"].count == 1
    db.close()
    assert storage.restore(copy, database) == "ok"
    db = storage.connect(database)
    assert db["progress_reports"].count == copied
    db.close()


def test_a_corrupt_copy_is_refused(tmp_path, database):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(Exception):
        storage.restore(bad, database)
