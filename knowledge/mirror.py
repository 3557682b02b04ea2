"""Mirror the knowledge into SQLite tables so other tools can query it."""

from dataclasses import asdict

import sqlite_utils

from knowledge.model import Knowledge, Source


def source_columns(source: Source) -> dict:
    """Flatten a citation into columns."""
    return {"source_part": source.part, "source_chapter": source.chapter, "source_page": source.page}


def rows_of(entries, drop: tuple[str, ...] = ()) -> list[dict]:
    """Turn entries into flat rows, lists kept as JSON by sqlite-utils."""
    rows = []
    for entry in entries:
        row = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(entry).items()
               if k not in ("source", "kind", *drop)}
        rows.append(row | source_columns(entry.source))
    return rows


def tables_of(kb: Knowledge) -> dict[str, tuple[tuple[str, ...], list[dict]]]:
    """Every mirrored table: its primary key and its rows."""
    steps = [
        {"measure": m.number, "position": n, **asdict(step)}
        for m in kb.measures for n, step in enumerate(m.schedule, 1)
    ]
    departments = [{"measure": m.number, "department": d} for m in kb.measures for d in m.departments]
    return {
        "kb_directions": (("number",), rows_of(kb.directions)),
        "kb_items": (("number",), rows_of(kb.items)),
        "kb_measures": (("number",), rows_of(kb.measures, drop=("schedule",))),
        "kb_measure_steps": (("measure", "position"), steps),
        "kb_measure_departments": (("measure", "department"), departments),
        "kb_terms": (("headword",), rows_of(kb.terms)),
        "kb_past_measures": (("id",), rows_of(kb.past_measures)),
        "kb_past_plans": (("short",), [asdict(p) for p in kb.past_plans]),
        "kb_sections": (("id",), rows_of(kb.sections)),
    }


def mirror(db: sqlite_utils.Database, kb: Knowledge) -> dict[str, int]:
    """Bring the kb_* tables in line with the knowledge; running it twice changes nothing."""
    counts = {}
    with db.conn:
        for name, (pk, rows) in tables_of(kb).items():
            table = db[name]
            wanted = {tuple(row[k] for k in pk) for row in rows}
            if table.exists():
                stale = [key for key in (tuple(r[k] for k in pk) for r in table.rows) if key not in wanted]
                for key in stale:
                    table.delete(key)
            changed = [row for row in rows if not same_row(table, pk, row)]
            if changed:
                table.upsert_all(changed, pk=pk if len(pk) > 1 else pk[0], alter=True)
            counts[name] = len(rows)
    return counts


def same_row(table: sqlite_utils.db.Table, pk: tuple[str, ...], row: dict) -> bool:
    """Tell whether the table already holds exactly this row."""
    if not table.exists():
        return False
    where = " and ".join(f"[{k}] = ?" for k in pk)
    stored = list(table.rows_where(where, [row[k] for k in pk]))
    if not stored:
        return False
    fresh = {k: sqlite_utils.db.jsonify_if_needed(v) for k, v in row.items()}
    return all(stored[0].get(k) == v for k, v in fresh.items())
