"""Hand-written timescales, as the progress report's Appendix 1 writes them, understood as dates."""

import dataclasses
from datetime import date

import pytest

from recommendations.timescales import Timescale, TimescaleError, parse_timescale

# Every distinct timescale in the Timescale column of Appendix 1, with the refs that use it:
# (text, due, original_due, starts, ongoing, immediate).
SOURCE_TIMESCALES = [
    ("Nov 09", date(2009, 11, 30), None, None, False, False),  # 33
    ("Nov 2009", date(2009, 11, 30), None, None, False, False),  # 5
    ("November 2009", date(2009, 11, 30), None, None, False, False),  # 5
    ("Jan 10", date(2010, 1, 31), None, None, False, False),  # 36, 46
    ("January 2010", date(2010, 1, 31), None, None, False, False),  # 34
    ("Feb 2010", date(2010, 2, 28), None, None, False, False),  # 22
    ("February 2010", date(2010, 2, 28), None, None, False, False),  # 5
    ("March 2010", date(2010, 3, 31), None, None, False, False),  # 6, 6, 32
    ("April 2010", date(2010, 4, 30), None, None, False, False),  # 3, 9, 22, 23, 39
    ("May 2010", date(2010, 5, 31), None, None, False, False),  # 4
    ("Jun 2010", date(2010, 6, 30), None, None, False, False),  # 7
    ("Sept 2010", date(2010, 9, 30), None, None, False, False),  # 2, 27, 28
    ("November 2010", date(2010, 11, 30), None, None, False, False),  # 44
    ("Summer 2010", date(2010, 8, 31), None, None, False, False),  # 10, 29
    ("By End of March 2010", date(2010, 3, 31), None, None, False, False),  # 7
    ("By End of April 2010", date(2010, 4, 30), None, None, False, False),  # 7
    ("By end of May 2010", date(2010, 5, 31), None, None, False, False),  # 7
    ("By End of July 2010", date(2010, 7, 31), None, None, False, False),  # 7
    ("To be presented in Jan 2010", date(2010, 1, 31), None, None, False, False),  # 21
    ("Mar – Sep 2010", date(2010, 9, 30), None, date(2010, 3, 1), False, False),  # 4
    ("Jan/Feb 2010", date(2010, 2, 28), None, date(2010, 1, 1), False, False),  # 12
    ("On-going", None, None, None, True, False),  # 2, 4, 4
    ("Ongoing", None, None, None, True, False),  # 6, 25, 26
    ("On-going Mar 2010", date(2010, 3, 31), None, None, True, False),  # 7
    ("November 2009 & on-going", date(2009, 11, 30), None, None, True, False),  # 5
    ("February 2010 onwards", None, None, date(2010, 2, 1), True, False),  # 3
    ("Bi monthly February 2010", date(2010, 2, 28), None, None, True, False),  # 6
    ("Nov 09 With immediate effect", date(2009, 11, 30), None, None, False, True),  # 19
    ("Completed", None, None, None, False, False),  # 49
    ("11 Nov 09 April 2010", date(2010, 4, 30), date(2009, 11, 11), None, False, False),  # 9
    (
        "February 2010 Revised to May 2010",  # 7
        date(2010, 5, 31),
        date(2010, 2, 28),
        None,
        False,
        False,
    ),
    ("April 2010 Jun 2010", date(2010, 6, 30), date(2010, 4, 30), None, False, False),  # 1
    ("April 2010 Feb 2010", date(2010, 4, 30), None, None, False, False),  # 22, one cell split by a page
    ("Nov 09 Summer 10", date(2010, 8, 31), date(2009, 11, 30), None, False, False),  # 18
    (
        "January 2010 March 2010 Annually thereafter",  # 31
        date(2010, 3, 31),
        date(2010, 1, 31),
        None,
        True,
        False,
    ),
]

# Those written with a repeat ("Bi monthly", "Annually thereafter") recur.
RECURRING_SOURCE_TIMESCALES = {"Bi monthly February 2010", "January 2010 March 2010 Annually thereafter"}

# Timescales as councils commonly write them beyond the appendix's, one row per form understood:
# (text, due, starts, ongoing, to_be_confirmed, recurring).
COUNCIL_TIMESCALES = [
    ("2011/12", date(2012, 3, 31), date(2011, 4, 1), False, False, False),  # a financial year
    ("2011-12", date(2012, 3, 31), date(2011, 4, 1), False, False, False),
    ("2011/2012", date(2012, 3, 31), date(2011, 4, 1), False, False, False),
    ("FY 2011/12", date(2012, 3, 31), date(2011, 4, 1), False, False, False),
    ("By end of 2011/12", date(2012, 3, 31), date(2011, 4, 1), False, False, False),
    ("2099/00", None, None, False, False, False),  # refused below: 2100 is out of range
    ("Q4 2010/11", date(2011, 3, 31), date(2011, 1, 1), False, False, False),  # a quarter of one
    ("Q1 2011/12", date(2011, 6, 30), date(2011, 4, 1), False, False, False),
    ("Q2 2011/12", date(2011, 9, 30), date(2011, 7, 1), False, False, False),
    ("q3 2011/12", date(2011, 12, 31), date(2011, 10, 1), False, False, False),
    ("2010/11 Q2", date(2010, 9, 30), date(2010, 7, 1), False, False, False),  # as the service names them
    ("Mar-11", date(2011, 3, 31), None, False, False, False),  # a spreadsheet's month
    ("Sept-2011", date(2011, 9, 30), None, False, False, False),
    ("TBC", None, None, False, True, False),
    ("TBA", None, None, False, True, False),
    ("To be confirmed", None, None, False, True, False),
    ("to be agreed", None, None, False, True, False),
    ("May 2011 TBC", date(2011, 5, 31), None, False, True, False),
    ("March 2011 then annually", date(2011, 3, 31), None, True, False, True),
    ("Quarterly from June 2011", None, None, False, False, False),  # refused below: "from"
    ("end of 2011", date(2011, 12, 31), None, False, False, False),
    ("By the end of 2012", date(2012, 12, 31), None, False, False, False),
    ("2011", date(2011, 12, 31), None, False, False, False),
]
REFUSED_COUNCIL_TIMESCALES = {"2099/00", "Quarterly from June 2011"}

# The panel's own action plan, after Appendix 1, gives estimated timescales the same way.
ACTION_PLAN_TIMESCALES = [
    ("July 2011", date(2011, 7, 31)),
    ("Sept 2011", date(2011, 9, 30)),
    ("June 2011", date(2011, 6, 30)),
]


@pytest.mark.parametrize(
    ("text", "due", "original_due", "starts", "ongoing", "immediate"),
    SOURCE_TIMESCALES,
    ids=[row[0] for row in SOURCE_TIMESCALES],
)
def test_every_appendix_timescale_is_understood(
    text: str,
    due: date | None,
    original_due: date | None,
    starts: date | None,
    ongoing: bool,
    immediate: bool,
) -> None:
    assert parse_timescale(text) == Timescale(
        text=text,
        due=due,
        original_due=original_due,
        starts=starts,
        ongoing=ongoing,
        immediate=immediate,
        recurring=text in RECURRING_SOURCE_TIMESCALES,
    )


@pytest.mark.parametrize(
    ("text", "due", "starts", "ongoing", "to_be_confirmed", "recurring"),
    [row for row in COUNCIL_TIMESCALES if row[0] not in REFUSED_COUNCIL_TIMESCALES],
    ids=[row[0] for row in COUNCIL_TIMESCALES if row[0] not in REFUSED_COUNCIL_TIMESCALES],
)
def test_timescales_councils_write_are_understood(
    text: str, due: date | None, starts: date | None, ongoing: bool, to_be_confirmed: bool, recurring: bool
) -> None:
    assert parse_timescale(text) == Timescale(
        text=text,
        due=due,
        starts=starts,
        ongoing=ongoing,
        to_be_confirmed=to_be_confirmed,
        recurring=recurring,
    )


@pytest.mark.parametrize("text", sorted(REFUSED_COUNCIL_TIMESCALES))
def test_council_timescales_beyond_the_rules_are_refused(text: str) -> None:
    with pytest.raises(TimescaleError, match=f'"{text}"'):
        parse_timescale(text)


def test_a_financial_year_whose_second_year_does_not_follow_is_refused() -> None:
    with pytest.raises(TimescaleError, match=r'"2011/13" is not a financial year: .* like "2011/12"'):
        parse_timescale("2011/13")


def test_a_quarter_beyond_q4_is_refused() -> None:
    with pytest.raises(TimescaleError, match=r'"Q5" in "Q5 2010/11" is not understood'):
        parse_timescale("Q5 2010/11")


def test_guidance_names_the_council_forms() -> None:
    with pytest.raises(TimescaleError) as raised:
        parse_timescale("whenever")
    assert '"2011/12"' in str(raised.value)
    assert '"Q4 2010/11"' in str(raised.value)
    assert '"TBC"' in str(raised.value)


@pytest.mark.parametrize(("text", "due"), ACTION_PLAN_TIMESCALES)
def test_action_plan_timescales_are_due_at_the_end_of_the_month(text: str, due: date) -> None:
    assert parse_timescale(text).due == due


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("nov 09", date(2009, 11, 30)),
        ("NOVEMBER 2009", date(2009, 11, 30)),
        ("Sep 2010", date(2010, 9, 30)),
        ("September 2010", date(2010, 9, 30)),
        ("Sept. 2010", date(2010, 9, 30)),
        ("Feb 2012", date(2012, 2, 29)),
        ("Dec 99", date(2099, 12, 31)),
    ],
)
def test_a_month_means_its_last_day_whatever_its_spelling(text: str, due: date) -> None:
    assert parse_timescale(text).due == due


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("11 Nov 09", date(2009, 11, 11)),
        ("20th November 2009", date(2009, 11, 20)),
        ("29/02/2012", date(2012, 2, 29)),
    ],
)
def test_a_day_month_and_year_is_that_day(text: str, due: date) -> None:
    assert parse_timescale(text).due == due


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Spring 2010", date(2010, 5, 31)),
        ("Summer 10", date(2010, 8, 31)),
        ("Autumn 2010", date(2010, 11, 30)),
        ("Winter 2010", date(2011, 2, 28)),
        ("Winter 2011", date(2012, 2, 29)),
        ("early 2010", date(2010, 4, 30)),
        ("late 2010", date(2010, 12, 31)),
    ],
)
def test_seasons_and_parts_of_a_year_end_on_their_last_day(text: str, due: date) -> None:
    assert parse_timescale(text).due == due


@pytest.mark.parametrize(
    "text",
    ["Mar – Sep 2010", "Mar - Sep 2010", "Mar—Sep 2010", "Mar to Sep 2010", "Mar 2010 – Sep 2010"],
)
def test_range_starts_on_first_month_and_is_due_at_end_of_last(text: str) -> None:
    timescale = parse_timescale(text)

    assert (timescale.starts, timescale.due) == (date(2010, 3, 1), date(2010, 9, 30))
    assert not timescale.is_revised


def test_range_across_a_new_year_takes_each_written_year() -> None:
    timescale = parse_timescale("Nov 2010 – Feb 2011")

    assert (timescale.starts, timescale.due) == (date(2010, 11, 1), date(2011, 2, 28))


def test_revised_timescale_keeps_original_and_revised_dates() -> None:
    timescale = parse_timescale("February 2010 Revised to May 2010")

    assert timescale.original_due == date(2010, 2, 28)
    assert timescale.due == date(2010, 5, 31)
    assert timescale.is_revised


def test_timescale_with_one_date_is_not_revised() -> None:
    assert not parse_timescale("May 2010").is_revised


def test_same_date_written_twice_is_not_a_revision() -> None:
    timescale = parse_timescale("May 2010 May 2010")

    assert timescale.due == date(2010, 5, 31)
    assert not timescale.is_revised


def test_immediate_effect_alone_has_no_due_date() -> None:
    assert parse_timescale("With immediate effect") == Timescale(text="With immediate effect", immediate=True)


def test_onwards_after_an_earlier_due_date_starts_later_work() -> None:
    timescale = parse_timescale("Nov 09 February 2010 onwards")

    assert timescale.due == date(2009, 11, 30)
    assert timescale.starts == date(2010, 2, 1)
    assert timescale.ongoing


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_timescale_gives_no_dates(text: str) -> None:
    assert parse_timescale(text) == Timescale(text="")


def test_raw_text_is_kept_as_written_but_stripped() -> None:
    assert parse_timescale("  By End of March 2010 \n").text == "By End of March 2010"


def test_timescale_cannot_be_changed_once_understood() -> None:
    timescale = parse_timescale("Nov 09")

    with pytest.raises(dataclasses.FrozenInstanceError):
        timescale.due = None  # type: ignore[misc]


def test_unrecognised_text_is_refused_with_examples_of_what_is_understood() -> None:
    with pytest.raises(TimescaleError) as raised:
        parse_timescale("next Tuesday")

    message = str(raised.value)
    assert '"next Tuesday" is not understood' in message
    assert '"May 2011"' in message
    assert '"Summer 2011"' in message
    assert '"On-going"' in message


def test_leftover_words_beside_a_date_are_refused_not_ignored() -> None:
    with pytest.raises(TimescaleError, match=r'"maybe" in "May 2010 maybe" is not understood'):
        parse_timescale("May 2010 maybe")


def test_month_without_a_year_is_refused_asking_for_the_year() -> None:
    with pytest.raises(TimescaleError, match=r'"March" is not understood: add a year'):
        parse_timescale("March")


def test_impossible_day_is_refused() -> None:
    with pytest.raises(TimescaleError, match=r'"31 Feb 2010" is not a real date'):
        parse_timescale("31 Feb 2010")


def test_impossible_month_is_refused() -> None:
    with pytest.raises(TimescaleError, match=r'"31/13/2010" is not a real date: there is no month 13'):
        parse_timescale("31/13/2010")


@pytest.mark.parametrize("text", ["May 1999", "May 2100", "11/11/1999"])
def test_year_outside_2000_to_2099_is_refused(text: str) -> None:
    with pytest.raises(TimescaleError, match=f'"{text}" has the year'):
        parse_timescale(text)


def test_range_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(TimescaleError, match=r'"Nov – Feb 2011" ends before it starts'):
        parse_timescale("Nov – Feb 2011")


def test_onwards_without_a_date_is_refused() -> None:
    with pytest.raises(TimescaleError, match=r'"Onwards" needs a single date just before'):
        parse_timescale("Onwards")


def test_connecting_words_alone_are_refused() -> None:
    with pytest.raises(TimescaleError, match=r'"By end of" is not understood'):
        parse_timescale("By end of")


@pytest.mark.parametrize(
    "text",
    [
        "next Tuesday",
        "May 2010 maybe",
        "March",
        "2010/12",
        "Q0 2010/11",
        "Nov 200",
        "31 Feb 2010",
        "30 February 2012",
        "0 May 2010",
        "31/13/2010",
        "00/01/2010",
        "May 1999",
        "Nov – Feb 2011",
        "Onwards",
        "Mar – Sep 2010 onwards",
        "By end of",
        "–",
        "TBC maybe",
    ],
)
def test_every_refusal_is_a_timescale_error_naming_the_text(text: str) -> None:
    with pytest.raises(TimescaleError) as raised:
        parse_timescale(text)

    assert isinstance(raised.value, ValueError)
    assert f'"{text}"' in str(raised.value)
