"""Understand a proposed action's hand-written timescale as dates.

The raw text is always kept; these are the product's documented judgements on what it means:

- A month means its last day: "Nov 09" is 30 November 2009, "April 2010" is 30 April 2010.
- Month names may be full or abbreviated ("Sep" or "Sept"), in any case, with an optional dot.
- A two-digit year is in the 2000s ("Jan 10" is January 2010); years outside 2000-2099 are refused.
- A day, month and year is that day: "11 Nov 09" is 11 November 2009; so is "11/11/2009" (UK order).
- A date that does not exist ("31 Feb 2010", "31/13/2010") is refused, never silently moved.
- Seasons end: Spring 31 May, Summer 31 August, Autumn 30 November, Winter end of next February.
- "early 2010" means by the end of April 2010 and "late 2010" by the end of December 2010.
- "By end of May 2010", "End May 2010" and "To be presented in May 2010" mean 31 May 2010.
- A range ("Mar – Sep 2010", "Mar - Sep 2010", "Mar to Sep 2010", "Jan/Feb 2010") starts on the
  first day of its first month and is due at the end of its last; one year written applies to both.
- A range that ends before it starts ("Nov – Feb 2011") is refused: write both years.
- Several dates in one cell ("11 Nov 09 April 2010", "February 2010 Revised to May 2010") are the
  action plan's date followed by later ones: due is the latest date, original_due the first
  where it is earlier ("April 2010 Feb 2010", two paragraphs of one cell, is due 30 April 2010).
- "On-going", "Ongoing", "onwards", "& on-going" and repeats ("Bi monthly", "Quarterly", "Annually
  thereafter") mark the work as ongoing; a date beside them is still due ("On-going Mar 2010").
- "Bi monthly February 2010" is due 28 February 2010 (its first occurrence) and ongoing.
- "February 2010 onwards" starts on 1 February 2010, is ongoing and has no due date: a date
  followed by "onwards" is a start, never a due date; "onwards" with no date before it is refused.
- The same date written twice is not a revision: original_due stays None.
- "With immediate effect" sets immediate; alone it has no due date, beside a date that date is due.
- "Completed" is accepted and gives no date; an empty timescale gives no dates at all.
- A financial year (April to March, as councils budget) is due on its last day: "2011/12",
  "2011-12", "2011/2012" and "FY 2011/12" run from 1 April 2011 to 31 March 2012; the second year
  must follow the first ("2011/13" is refused).
- A quarter of a financial year is due on its last day: "Q4 2010/11" (or "2010/11 Q4") is
  January to March 2011, due 31 March 2011; Q1 is April to June, Q2 July to September, Q3
  October to December.
- A month and a two-digit year joined by a hyphen is that month: "Mar-11" is 31 March 2011.
- A year alone is due at its end: "end of 2011" and "2011" are 31 December 2011.
- "TBC", "TBA", "To be confirmed", "To be agreed" and "To be advised" give no date and mark the
  timescale to be confirmed (beside a date, the date is still due).
- "Annually", "then annually", "quarterly" and other repeats mark the work as recurring (and
  ongoing): "March 2011 then annually" is due 31 March 2011 and recurs.
- Small connecting words are allowed: "by", "end of", "to be presented in", "revised to", "and",
  "&", "in", "thereafter", "then" and punctuation; any other word is refused rather than ignored.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

__all__ = ["Timescale", "TimescaleError", "parse_timescale"]

GUIDANCE = (
    'Enter the timescale as a month and year, like "May 2011", a financial year or quarter, like "2011/12" '
    'or "Q4 2010/11", a season, like "Summer 2011", "On-going" or "TBC"'
)


class TimescaleError(ValueError):
    """Raised with a user-facing message when a timescale cannot be understood."""


@dataclass(frozen=True)
class Timescale:
    """A hand-written timescale and the dates it is understood to give."""

    text: str
    due: date | None = None
    original_due: date | None = None
    starts: date | None = None
    ongoing: bool = False
    immediate: bool = False
    to_be_confirmed: bool = False  # "TBC": the date is still to be set
    recurring: bool = False  # "annually", "quarterly": done again and again

    @property
    def is_revised(self) -> bool:
        """Whether the text names a first date and a later, revised one."""
        return self.original_due is not None


@dataclass
class _Span:
    """A stretch of time named in the text: a day, a month, a season or a range."""

    first: date
    last: date
    is_range: bool = False


MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
MONTH_NAMES = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Season or part of a year: (first month, last month, whether the last month is in the next year).
PERIODS = {
    "spring": (3, 5, False),
    "summer": (6, 8, False),
    "autumn": (9, 11, False),
    "winter": (12, 2, True),
    "early": (1, 4, False),
    "late": (9, 12, False),
}


def _month(name: str) -> str:
    return (
        rf"(?P<{name}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
        r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
    )


def _day(name: str) -> str:
    return rf"(?P<{name}>\d{{1,2}})(?:st|nd|rd|th)?"


def _year(name: str) -> str:
    return rf"(?P<{name}>\d{{4}}|\d{{2}})\b"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


RANGE = _compile(
    rf"(?:{_day('d1')}\s+)?{_month('m1')}(?:\s+{_year('y1')})?"
    r"\s*(?:[-–—/]|\bto\b)\s*"
    rf"(?:{_day('d2')}\s+)?{_month('m2')}\s+{_year('y2')}"
)
MONTH_DATE = _compile(rf"(?:{_day('d')}\s+)?{_month('m')}(?:\s+|\s*-\s*){_year('y')}")
_FINANCIAL_YEAR = r"(?P<fy1>\d{4})\s*[/-]\s*(?P<fy2>\d{4}|\d{2})\b"
QUARTER = _compile(
    rf"q(?P<q>[1-4])\s+(?:fy\s*)?{_FINANCIAL_YEAR}|{_FINANCIAL_YEAR.replace('fy', 'ly')}\s+q(?P<lq>[1-4])\b"
)
FINANCIAL_YEAR = _compile(rf"(?:fy\s*)?{_FINANCIAL_YEAR}")
YEAR = _compile(r"(?P<y>\d{4})\b")
TO_BE_CONFIRMED = _compile(r"tb[ca]\b|to\s+be\s+(?:confirmed|agreed|advised)\b")
NUMERIC_DATE = _compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b")
PERIOD = _compile(rf"(?P<period>spring|summer|autumn|winter|early|late)\s+{_year('y')}")
ONGOING = _compile(r"on[\s-]?going\b")
ONWARDS = _compile(r"onwards?\b")
REPEATS = _compile(r"(?:bi[\s-]?)?(?:weekly|monthly|annually|yearly)\b|quarterly\b|every\s+year\b")
IMMEDIATE = _compile(r"with\s+immediate\s+effect\b|immediately\b")
COMPLETED = _compile(r"completed?\b")
CONNECTING = _compile(
    r"(?:by\s+)?(?:the\s+)?end(?:\s+of)?\b|by\b|to\s+be\s+presented\s+in\b|revised(?:\s+to)?\b"
    r"|and\b|in\b|thereafter\b|then\b|&|[,.;:()\-–—/]"
)
UNKNOWN = _compile(r"\w+|\S")
NEEDS_YEAR = _compile(rf"(?:{_month('m')}|spring|summer|autumn|winter)$")


class _Reader:
    """Reads a timescale from left to right, collecting the spans and flags it names."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[_Span] = []
        self.starts: date | None = None
        self.ongoing = False
        self.immediate = False
        self.to_be_confirmed = False
        self.recurring = False
        self.recognised = False
        self.unknown: list[str] = []

    def read(self) -> Timescale:
        """Read the whole text and return what it means."""
        handlers: list[tuple[re.Pattern[str], Callable[[re.Match[str]], None]]] = [
            (RANGE, self._range),
            (NUMERIC_DATE, self._numeric_date),
            (QUARTER, self._quarter),
            (FINANCIAL_YEAR, self._financial_year),
            (MONTH_DATE, self._month_date),
            (YEAR, self._whole_year),
            (TO_BE_CONFIRMED, self._to_be_confirmed),
            (PERIOD, self._period),
            (ONGOING, self._ongoing),
            (ONWARDS, self._onwards),
            (REPEATS, self._recurring),
            (IMMEDIATE, self._immediate),
            (COMPLETED, self._completed),
            (CONNECTING, lambda match: None),
        ]
        position = 0
        while True:
            while position < len(self.text) and self.text[position].isspace():
                position += 1
            if position == len(self.text):
                break
            for pattern, handle in handlers:
                match = pattern.match(self.text, position)
                if match:
                    handle(match)
                    break
            else:
                match = UNKNOWN.match(self.text, position)
                assert match is not None  # there is a non-space character here
                self.unknown.append(match.group())
            position = match.end()
        return self._result()

    def _result(self) -> Timescale:
        if self.unknown or not (self.spans or self.recognised):
            raise TimescaleError(self._not_understood())
        dues = [span.last for span in self.spans]
        latest = max(dues, default=None)
        return Timescale(
            text=self.text,
            due=latest,
            original_due=dues[0] if dues and dues[0] != latest else None,
            starts=self.starts,
            ongoing=self.ongoing,
            immediate=self.immediate,
            to_be_confirmed=self.to_be_confirmed,
            recurring=self.recurring,
        )

    def _not_understood(self) -> str:
        if not self.unknown:
            return f'{GUIDANCE} – "{self.text}" is not understood.'
        words = " ".join(self.unknown)
        where = "" if words == self.text else f' in "{self.text}"'
        message = f'{GUIDANCE} – "{words}"{where} is not understood'
        missing_year = next((word for word in self.unknown if NEEDS_YEAR.match(word)), None)
        if missing_year:
            message += f': add a year, like "{missing_year} 2011"'
        return message + "."

    def _fail(self, problem: str) -> TimescaleError:
        return TimescaleError(f'"{self.text}" {problem}')

    def _year(self, digits: str) -> int:
        year = int(digits) + 2000 if len(digits) == 2 else int(digits)
        if not 2000 <= year <= 2099:
            raise self._fail(f"has the year {year}: use a year from 2000 to 2099.")
        return year

    def _day(self, year: int, month: int, day: int) -> date:
        if not 1 <= month <= 12:
            raise self._fail(f"is not a real date: there is no month {month}.")
        last_day = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last_day:
            month_name = MONTH_NAMES[month]
            raise self._fail(f"is not a real date: {month_name} {year} has {last_day} days, not {day}.")
        return date(year, month, day)

    def _month_span(self, year: int, month_name: str, day: str | None) -> _Span:
        month = MONTH_NUMBERS[month_name[:3].lower()]
        if day:
            the_day = self._day(year, month, int(day))
            return _Span(the_day, the_day)
        last_day = calendar.monthrange(year, month)[1]
        return _Span(date(year, month, 1), date(year, month, last_day))

    def _range(self, match: re.Match[str]) -> None:
        end_year = self._year(match["y2"])
        start_year = self._year(match["y1"]) if match["y1"] else end_year
        start = self._month_span(start_year, match["m1"], match["d1"])
        end = self._month_span(end_year, match["m2"], match["d2"])
        if end.last < start.first:
            raise self._fail('ends before it starts: write both years, like "Nov 2010 – Feb 2011".')
        self.spans.append(_Span(start.first, end.last, is_range=True))
        self.starts = self.starts or start.first

    def _numeric_date(self, match: re.Match[str]) -> None:
        the_day = self._day(self._year(match["y"]), int(match["m"]), int(match["d"]))
        self.spans.append(_Span(the_day, the_day))

    def _financial_years(self, first: str, second: str) -> tuple[int, int]:
        """The two calendar years of a financial year written "2011/12" (or "2011/2012")."""
        start = self._year(first)
        end = start - start % 100 + int(second) if len(second) == 2 else int(second)
        if end < start:  # "2099/00" crosses a century (and is then refused as out of range)
            end += 100
        if end != start + 1:
            example = f"{start}/{(start + 1) % 100:02d}"
            raise self._fail(f'is not a financial year: the second year follows the first, like "{example}".')
        self._year(str(end))
        return start, end

    def _financial_year(self, match: re.Match[str]) -> None:
        start, end = self._financial_years(match["fy1"], match["fy2"])
        self.spans.append(_Span(date(start, 4, 1), date(end, 3, 31), is_range=True))
        self.starts = self.starts or date(start, 4, 1)

    def _quarter(self, match: re.Match[str]) -> None:
        quarter = int(match["q"] or match["lq"])
        start, end = self._financial_years(match["fy1"] or match["ly1"], match["fy2"] or match["ly2"])
        first_month = {1: 4, 2: 7, 3: 10, 4: 1}[quarter]
        year = end if quarter == 4 else start
        last_month = first_month + 2
        last_day = calendar.monthrange(year, last_month)[1]
        self.spans.append(_Span(date(year, first_month, 1), date(year, last_month, last_day), is_range=True))
        self.starts = self.starts or date(year, first_month, 1)

    def _whole_year(self, match: re.Match[str]) -> None:
        year = self._year(match["y"])
        self.spans.append(_Span(date(year, 1, 1), date(year, 12, 31)))

    def _to_be_confirmed(self, match: re.Match[str]) -> None:
        self.to_be_confirmed = self.recognised = True

    def _recurring(self, match: re.Match[str]) -> None:
        self.recurring = self.ongoing = self.recognised = True

    def _month_date(self, match: re.Match[str]) -> None:
        self.spans.append(self._month_span(self._year(match["y"]), match["m"], match["d"]))

    def _period(self, match: re.Match[str]) -> None:
        first_month, last_month, next_year = PERIODS[match["period"].lower()]
        year = self._year(match["y"])
        last_year = year + 1 if next_year else year
        last_day = calendar.monthrange(last_year, last_month)[1]
        self.spans.append(_Span(date(year, first_month, 1), date(last_year, last_month, last_day)))

    def _ongoing(self, match: re.Match[str]) -> None:
        self.ongoing = self.recognised = True

    def _onwards(self, match: re.Match[str]) -> None:
        if not self.spans or self.spans[-1].is_range:
            raise self._fail('needs a single date just before "onwards", like "February 2011 onwards".')
        start = self.spans.pop()
        self.starts = self.starts or start.first
        self.ongoing = self.recognised = True

    def _immediate(self, match: re.Match[str]) -> None:
        self.immediate = self.recognised = True

    def _completed(self, match: re.Match[str]) -> None:
        self.recognised = True


def parse_timescale(text: str) -> Timescale:
    """Return what a hand-written timescale means, or raise TimescaleError saying why not."""
    text = text.strip()
    if not text:
        return Timescale(text="")
    return _Reader(text).read()
