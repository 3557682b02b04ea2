"""Server-rendered pages: the progress page, a page per measure and the glossary."""

from contextlib import closing

from flask import Blueprint, abort, render_template

from bot.web import charts, public
from bot.web.opendata import LICENCE, LICENCE_URL
from handlers import inbox, overview, progress, status
from handlers.wording import japanese_date, plan_ended, span_label, successor_line


def blueprint(services) -> Blueprint:
    """The web pages, closed over the services."""
    web = Blueprint("web", __name__)
    web.add_app_template_filter(japanese_date)
    web.add_app_template_filter(public.time_of, "time_of")

    @web.app_context_processor
    def common():
        """What every page shows: the plan, whether it has ended, the contact block, the source and the licence."""
        settings, plan = services.settings, services.kb.guideline
        return {"plan": plan, "licence": LICENCE, "licence_url": LICENCE_URL, "contact": services.contact(),
                "contact_url": settings.CONTACT_URL or settings.CITY_INQUIRY_URL,
                "inquiry_url": settings.CITY_INQUIRY_URL, "pdf_url": settings.GUIDELINE_PDF_URL,
                "plan_over": plan_ended(plan, services.today()), "successor": successor_line(plan),
                "plan_span": span_label(plan.start_fy, plan.end_fy)}

    @web.get("/")
    def index():
        """All directions and measures with their latest progress, each step's state, and the counts."""
        today = services.today()
        plan = services.kb.guideline
        with closing(services.db()) as db:
            rows = status.everything(db, services.kb, today)
            steps = [(row, status.step_states(db, row.measure, today)) for row in rows]
            questions = inbox.statistics(db)
        counts = overview.public_counts(rows)
        return render_template(
            "index.html", rows=rows, steps=steps, directions=services.kb.directions, counts=counts, today=today,
            summary=overview.summary(counts, today), status_of=charts.status_of,
            timeline=charts.timeline(steps, plan.start_fy, plan.end_fy, today), bars=charts.status_bars(counts),
            questions=questions,
        )

    @web.get("/measures/<number>")
    def measure(number: str):
        """One measure: its full text, each step's state, departments, the reports standing, and terms."""
        found = services.kb.measure(number)
        if found is None:
            abort(404)
        today = services.today()
        with closing(services.db()) as db:
            row = status.standing(db, services.kb, found, today)
            steps = status.step_states(db, found, today)
            reports = progress.effective(db, number)
        text = found.title + found.overview + "".join(found.initiatives)
        return render_template(
            "measure.html", measure=found, row=row, steps=steps, reports=reports, kinds=public.KINDS,
            item=services.kb.item(found.item), direction=services.kb.direction(found.direction),
            terms=[t for t in services.kb.terms if t.headword in text], span=span_label, status_of=charts.status_of,
        )

    @web.get("/glossary")
    def glossary():
        """Every term with its reading and definition."""
        return render_template("glossary.html", terms=sorted(services.kb.terms, key=lambda t: t.reading))

    @web.app_errorhandler(404)
    def not_found(error):
        """A page that says what is missing and where to go."""
        return render_template("error.html", message="お探しのページは見つかりませんでした。"), 404

    return web
