"""The knowledge is mirrored into SQLite, and mirroring twice changes nothing."""

from handlers import storage
from knowledge.mirror import mirror


def snapshot(db):
    """Every kb_* row, for comparison."""
    return {name: sorted(map(repr, db[name].rows)) for name in db.table_names() if name.startswith("kb_")}


def test_mirror_holds_every_entry(kb):
    db = storage.connect(":memory:")
    counts = mirror(db, kb)
    assert counts["kb_measures"] == db["kb_measures"].count == 20
    assert db["kb_terms"].count == 29
    assert db["kb_items"].count == 12 and db["kb_directions"].count == 4
    assert db["kb_measure_steps"].count == sum(len(m.schedule) for m in kb.measures)
    row = db["kb_measures"].get("1-4-1")
    assert row["title"] == "Wi-Fiエリアの拡大" and row["source_page"] == 6
    wifi_departments = {r["department"] for r in db["kb_measure_departments"].rows_where("measure = ?", ["1-4-1"])}
    assert wifi_departments == set(kb.measure("1-4-1").departments)


def test_mirroring_twice_changes_nothing(kb):
    db = storage.connect(":memory:")
    mirror(db, kb)
    before = snapshot(db)
    changes = db.conn.total_changes
    mirror(db, kb)
    assert snapshot(db) == before
    assert db.conn.total_changes == changes


def test_mirror_drops_entries_removed_from_the_files(kb):
    db = storage.connect(":memory:")
    mirror(db, kb)
    db["kb_terms"].insert({"headword": "廃止された用語", "footnote": 99})
    mirror(db, kb)
    assert db["kb_terms"].count == 29
    assert not list(db["kb_terms"].rows_where("headword = ?", ["廃止された用語"]))
