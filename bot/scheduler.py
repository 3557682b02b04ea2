"""The Procfile's clock process: the reminders every working day at 09:00 Asia/Tokyo, and retries every few minutes."""

import logging
from contextlib import closing

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from bot import create_app, services_of
from bot.outbox import from_app
from handlers.workdays import is_working_day

log = logging.getLogger("bot.scheduler")
RETRY_EVERY_MINUTES = 5


def main() -> None:
    """Start the scheduler and block."""
    logging.basicConfig(level=logging.INFO)
    app = create_app()
    outbox = from_app(app)
    services = services_of(app)

    def run_due() -> None:
        """Run today's reminders unless today is a public holiday (the trigger already skips weekends)."""
        today = services.today()
        if is_working_day(today):
            outbox.remind(today)

    def retry_waiting() -> None:
        """Send the notices whose earlier attempt failed, once their wait is over."""
        with closing(services.db()) as db:
            outbox.flush(db)

    scheduler = BlockingScheduler(timezone="Asia/Tokyo")
    scheduler.add_job(run_due, CronTrigger(day_of_week="mon-fri", hour=9, minute=0, timezone="Asia/Tokyo"),
                      id="reminders", coalesce=True, misfire_grace_time=3600)
    scheduler.add_job(retry_waiting, "interval", minutes=RETRY_EVERY_MINUTES, id="outbox", coalesce=True)
    log.info("clock started: reminders every working day at 09:00 Asia/Tokyo")
    scheduler.start()


if __name__ == "__main__":
    main()
