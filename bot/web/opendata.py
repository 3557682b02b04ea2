"""Open data: the measures, terms, progress reports and FAQ as JSON and CSV, under CC BY 4.0."""

import csv
import datetime
import io
from contextlib import closing
from dataclasses import asdict
from pathlib import Path

from flask import Blueprint, Response, jsonify, request

from handlers import clock, progress
from knowledge.loader import DATA_DIR

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ja"
ATTRIBUTION = "盛岡市ICT利活用推進指針 2019-2022（盛岡市）をもとに作成"
PROGRESS_COLUMNS = ("報告ID", "施策番号", "施策名", "種別", "状況", "進捗率", "工程", "メモ", "部門", "報告方法", "報告日時")
FAQ_COLUMNS = ("ID", "問い合わせ文", "応答文", "カテゴリ")
KINDS = {"report": "報告", "correction": "訂正", "withdrawal": "取り下げ"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# The catalog's keys are plain words; this context says which DCAT or Dublin Core term each one is.
CATALOG_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    "title": "dct:title", "description": "dct:description", "keyword": "dcat:keyword", "publisher": "dct:publisher",
    "modified": "dct:modified", "updated": "dct:modified", "license_url": {"@id": "dct:license", "@type": "@id"},
    "homepage": {"@id": "foaf:homepage", "@type": "@id"}, "landingPage": {"@id": "dcat:landingPage", "@type": "@id"},
    "datasets": "dcat:dataset", "distribution": "dcat:distribution", "format": "dct:format",
    "mediaType": "dcat:mediaType", "accessURL": {"@id": "dcat:accessURL", "@type": "@id"},
    "downloadURL": {"@id": "dcat:downloadURL", "@type": "@id"},
}
FORMATS = {".json": ("application/json", "JSON"), ".csv": ("text/csv", "CSV")}
# Each dataset: its path, title, what one record is, keywords, the page showing it to a person ("" for none),
# and whether it changes with the progress reports (otherwise only with the knowledge files).
DATASETS = (
    ("/api/measures.json", "施策一覧",
     "{plan} の施策（{measures}件）です。1件が1施策で、施策番号・施策名・概要・取組・取組の工程・主に推進する実施部門と、"
     "報告された最新の進捗を収めます。", ("施策", "取組の工程", "実施部門", "進捗"), "/", True),
    ("/api/terms.json", "用語解説",
     "{plan} の脚注にある用語解説（{terms}語）です。1件が1語で、見出し語・読み・解説・英語名と載っている箇所を収めます。",
     ("用語", "用語解説"), "/glossary", False),
    ("/api/progress.csv", "施策の進捗報告",
     "各施策の担当部門が報告した進捗です。取り下げられたものを除き、訂正された報告は訂正後の内容で、"
     "1行が1件の報告です（列：{progress_columns}）。", ("進捗", "進捗報告", "施策"), "/", True),
    ("/api/faq.csv", "よくある質問（一問一答）",
     "{plan} の施策・用語・本文の節を、問い合わせ文と応答文の組にしたものです。1行が1問です（列：{faq_columns}）。",
     ("FAQ", "よくある質問", "一問一答"), "", False),
)


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
    """One CSV row per report still standing (withdrawals left out, corrections in place), oldest first."""
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


def catalog_document(kb, base_url: str, knowledge_day: datetime.date, day: datetime.date) -> dict:
    """The DCAT catalog: its own title and description, then each dataset's, with licence, dates and download."""
    plan = kb.guideline
    words = {"plan": f"{plan.title} {plan.start_fy}–{plan.end_fy}", "measures": len(kb.measures), "terms": len(kb.terms),
             "progress_columns": "・".join(PROGRESS_COLUMNS), "faq_columns": "・".join(FAQ_COLUMNS)}
    datasets = []
    for path, title, description, keywords, page, with_reports in DATASETS:
        media_type, fmt = FORMATS[Path(path).suffix]
        url = base_url + path.lstrip("/")
        dataset = {"@type": "dcat:Dataset", "path": path, "title": f"{plan.title} {title}",
                   "description": description.format(**words), "keyword": [plan.publisher, "ICT", *keywords],
                   "publisher": plan.publisher, "license": LICENCE, "license_url": LICENCE_URL,
                   "modified": (day if with_reports else knowledge_day).isoformat(),
                   "distribution": [{"@type": "dcat:Distribution", "format": fmt, "mediaType": media_type,
                                     "accessURL": url, "downloadURL": url}]}
        if page:
            dataset["landingPage"] = base_url + page.lstrip("/")
        datasets.append(dataset)
    head = {"@context": CATALOG_CONTEXT, "@type": "dcat:Catalog", "title": f"{plan.title} オープンデータ",
            "description": "{plan} の施策と用語、施策の進捗報告、一問一答を、機械で読めるJSONとCSVで公開しています。"
                           "どれも{licence}で、出典を示せば自由に使えます。".format(licence=LICENCE, **words),
            "homepage": base_url}
    return {**head, **envelope(day, datasets=datasets)}


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
        """What open data there is, as a DCAT catalog: each dataset's title, description, licence and dates."""
        with closing(services.db()) as db:
            day = updated(db)
        knowledge_day = knowledge_updated(services.settings.KNOWLEDGE_DIR)
        return with_licence(jsonify(catalog_document(services.kb, request.url_root, knowledge_day, day)), day)

    return api
