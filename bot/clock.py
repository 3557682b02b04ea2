"""The Procfile's clock process: run the reminders every working day at 09:00 Asia/Tokyo."""

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from bot import create_app, services_of
from bot.reminders import from_app
from handlers.workdays import is_working_day

log = logging.getLogger("bot.clock")


def main() -> None:
    """Start the scheduler and block."""
    logging.basicConfig(level=logging.INFO)
    app = create_app()
    reminders = from_app(app)
    services = services_of(app)

    def run_due() -> None:
        """Run today's reminders unless today is a public holiday (the trigger already skips weekends)."""
        today = services.today()
        if is_working_day(today):
            reminders.run(today)

    scheduler = BlockingScheduler(timezone="Asia/Tokyo")
    scheduler.add_job(run_due, CronTrigger(day_of_week="mon-fri", hour=9, minute=0, timezone="Asia/Tokyo"),
                      id="reminders", coalesce=True, misfire_grace_time=3600)
    log.info("clock started: reminders every working day at 09:00 Asia/Tokyo")
    scheduler.start()


if __name__ == "__main__":
    main()
