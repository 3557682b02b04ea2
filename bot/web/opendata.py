"""Open data: the measures, terms, progress reports and FAQ as JSON and CSV, under CC BY 4.0."""

import csv
import datetime
import io
from contextlib import closing
from dataclasses import asdict
from pathlib import Path

from flask import Blueprint, Response, jsonify

from handlers import clock, progress
from knowledge.loader import DATA_DIR

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ja"
ATTRIBUTION = "盛岡市ICT利活用推進指針 2019-2022（盛岡市）をもとに作成"
PROGRESS_COLUMNS = ("報告ID", "施策番号", "施策名", "種別", "状況", "進捗率", "工程", "メモ", "部門", "報告方法", "報告日時")
FAQ_COLUMNS = ("ID", "問い合わせ文", "応答文", "カテゴリ")
KINDS = {"report": "報告", "correction": "訂正", "withdrawal": "取り下げ"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def knowledge_updated(folder: str) -> datetime.date:
    """When the knowledge files in use (KNOWLEDGE_DIR, or those shipped) last changed."""
    paths = (Path(folder) if folder else DATA_DIR).glob("*.toml")
    return datetime.datetime.fromtimestamp(max(path.stat().st_mtime for path in paths), clock.TOKYO).date()


def reports_updated(db) -> datetime.date | None:
    """The day of the newest progress report."""
    row = db.execute("select max(reported_on) from progress_reports").fetchone()
    return datetime.date.fromisoformat(row[0]) if row and row[0] else None


def measure_record(measure, latest: dict | None) -> dict:
    """A measure as open data, with its latest progress."""
    record = {k: v for k, v in asdict(measure).items() if k != "kind"}
    record["latest_progress"] = None if latest is None else {
        key: latest[key] for key in ("status", "percent", "step", "note", "reported_on")}
    return record


def progress_rows(db, kb) -> list[list]:
    """One CSV row per published report, correction and withdrawal, oldest first."""
    return [[r["id"], r["measure"], kb.measure(r["measure"]).title, KINDS[r["kind"]], r["status"],
             "" if r["percent"] is None else r["percent"], r["step"] or "", r["note"] or "", r["department"],
             progress.VIAS.get(r["via"], r["via"]), r["reported_at"]] for r in progress.published(db)]


def faq_rows(kb) -> list[list[str]]:
    """The guideline as one-question-one-answer FAQ rows (ID, 問い合わせ文, 応答文, カテゴリ)."""
    rows = []
    for measure in kb.measures:
        answer = f"{measure.overview} 主に推進する実施部門：{measure.departments_text}"
        rows.append([f"M{measure.number}", f"「{measure.title}」とはどのような施策ですか？", answer, "施策"])
    for term in kb.terms:
        rows.append([f"T{term.footnote:02d}", f"{term.headword}とは何ですか？", term.definition, "用語"])
    for section in kb.sections:
        rows.append([f"S-{section.id}", f"指針の「{section.title}」について教えてください。",
                     " ".join(section.text.split())[:1000], "指針"])
    return rows


def inert(cell):
    """A cell a spreadsheet will not run as a formula: text starting with = + - @ or a control gets a leading '."""
    return f"'{cell}" if isinstance(cell, str) and cell[:1] in FORMULA_STARTS else cell


def csv_response(columns, rows, name: str, updated: datetime.date) -> Response:
    """A CSV in UTF-8 with BOM (so Excel opens it), with licence and date in its headers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[inert(cell) for cell in row] for row in rows])
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    return with_licence(response, updated)


def with_licence(response: Response, updated: datetime.date) -> Response:
    """Say the licence and the last update in the response headers."""
    response.headers["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response.headers["X-License"] = LICENCE
    response.headers["Last-Modified"] = datetime.datetime.combine(updated, datetime.time()).strftime(
        "%a, %d %b %Y %H:%M:%S GMT")
    return response


def envelope(updated: datetime.date, **data) -> dict:
    """The licence note and last-updated date every JSON file carries."""
    return {"license": LICENCE, "license_url": LICENCE_URL, "attribution": ATTRIBUTION, "publisher": "盛岡市",
            "updated": updated.isoformat(), **data}


def blueprint(services) -> Blueprint:
    """The open-data routes."""
    api = Blueprint("opendata", __name__)

    def updated(db) -> datetime.date:
        """The newer of the knowledge's and the reports' last change."""
        return max(filter(None, (knowledge_updated(services.settings.KNOWLEDGE_DIR), reports_updated(db))))

    @api.get("/api/measures.json")
    def measures():
        """The 20 measures with their schedules, departments and latest progress."""
        with closing(services.db()) as db:
            records = [measure_record(m, progress.latest(db, m.number)) for m in services.kb.measures]
            day = updated(db)
        return with_licence(jsonify(envelope(day, measures=records)), day)

    @api.get("/api/terms.json")
    def terms():
        """The 29 glossary terms."""
        records = [{k: v for k, v in asdict(t).items() if k != "kind"} for t in services.kb.terms]
        day = knowledge_updated(services.settings.KNOWLEDGE_DIR)
        return with_licence(jsonify(envelope(day, terms=records)), day)

    @api.get("/api/progress.csv")
    def progress_csv():
        """Every progress report, one row each."""
        with closing(services.db()) as db:
            return csv_response(PROGRESS_COLUMNS, progress_rows(db, services.kb), "progress.csv", updated(db))

    @api.get("/api/faq.csv")
    def faq_csv():
        """The FAQ in the one-question-one-answer format."""
        with closing(services.db()) as db:
            return csv_response(FAQ_COLUMNS, faq_rows(services.kb), "faq.csv", updated(db))

    @api.get("/api/catalog.json")
    def catalog():
        """What open data there is, its licence and when it changed."""
        with closing(services.db()) as db:
            day = updated(db)
        files = [{"path": path, "format": fmt, "license": LICENCE, "updated": day.isoformat()} for path, fmt in (
            ("/api/measures.json", "JSON"), ("/api/terms.json", "JSON"), ("/api/progress.csv", "CSV"),
            ("/api/faq.csv", "CSV"))]
        return with_licence(jsonify(envelope(day, datasets=files)), day)

    return api
