"""UK financial-year quarters, named as the council names its reporting quarters.

The financial year runs from 1 April: "2010/11 Q1" is April to June 2010, "2010/11 Q3" October to
December 2010 and "2010/11 Q4" January to March 2011.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class FinancialQuarter:
    name: str
    starts: datetime.date
    ends: datetime.date

    def next(self) -> "FinancialQuarter":
        return financial_quarter(self.ends + datetime.timedelta(days=1))


def financial_quarter(day: datetime.date) -> FinancialQuarter:
    """The financial-year quarter a day falls in."""
    first_year = day.year if day.month >= 4 else day.year - 1
    number = (day.month - 4) % 12 // 3 + 1
    # Months counted from January of year 0: the quarter starts 3 × (number - 1) months after April.
    start = first_year * 12 + 3 + (number - 1) * 3
    starts = datetime.date(start // 12, start % 12 + 1, 1)
    after = start + 3
    ends = datetime.date(after // 12, after % 12 + 1, 1) - datetime.timedelta(days=1)
    return FinancialQuarter(f"{first_year}/{(first_year + 1) % 100:02d} Q{number}", starts, ends)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of a day, in the service's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
