"""Working days in Japan: no weekends, no public holidays (from the maintained `holidays` package)."""

import datetime
import functools

import holidays


@functools.cache
def japanese_holidays(year: int) -> holidays.HolidayBase:
    """Japan's public holidays of one year."""
    return holidays.country_holidays("JP", years=year)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in japanese_holidays(day.year)


def on_or_after(day: datetime.date) -> datetime.date:
    """The day itself if it is a working day, otherwise the next working day."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
