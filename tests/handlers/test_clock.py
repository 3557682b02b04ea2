"""The one clock: Asia/Tokyo whatever the server's zone, records in UTC, settable by tests."""

import datetime

from handlers import clock

UTC = datetime.timezone.utc


def test_the_day_turns_at_midnight_in_tokyo_not_on_the_server():
    with clock.frozen(datetime.datetime(2022, 3, 31, 15, 30, tzinfo=UTC)):
        assert clock.today() == datetime.date(2022, 4, 1)  # 00:30 on 1 April in Morioka: a new fiscal year
        assert clock.now().utcoffset() == datetime.timedelta(hours=9)


def test_records_are_stamped_in_utc_so_old_and_new_rows_compare():
    with clock.frozen(datetime.datetime(2022, 4, 1, 0, 30, tzinfo=clock.TOKYO)):
        assert clock.utc_stamp() == "2022-03-31T15:30:00+00:00"


def test_a_frozen_clock_is_released_after_its_block():
    with clock.frozen(datetime.datetime(2000, 1, 1, tzinfo=UTC)):
        pass
    assert clock.today().year >= 2026
