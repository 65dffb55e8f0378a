import datetime

import pytest

from recommendations.quarters import end_of_day

pytestmark = pytest.mark.django_db


def test_the_end_of_a_quarters_last_day_is_its_last_moment_in_london():
    moment = end_of_day(datetime.date(2010, 9, 30))
    assert moment.date() == datetime.date(2010, 9, 30)
    assert (moment.hour, moment.minute) == (23, 59)
    assert moment.utcoffset() == datetime.timedelta(hours=1)  # British Summer Time
