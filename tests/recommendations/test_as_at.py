import datetime

import pytest

from recommendations.as_at import end_of
from recommendations.models import ReportingPeriod

pytestmark = pytest.mark.django_db


def test_the_end_of_a_quarter_is_its_last_moment_in_london():
    period = ReportingPeriod(ends=datetime.date(2010, 9, 30))
    moment = end_of(period)
    assert moment.date() == datetime.date(2010, 9, 30)
    assert (moment.hour, moment.minute) == (23, 59)
    assert moment.utcoffset() == datetime.timedelta(hours=1)  # British Summer Time
