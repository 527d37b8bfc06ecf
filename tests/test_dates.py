from __future__ import annotations

import datetime as dt

import pytest

from parley.index.text.sources import Source, dated_by_name
from parley.index.timeline.dates import DateMention, dated_sentences, find_dates, sentence_date

MONDAY = dt.date(2022, 3, 21)
D = dt.date


def only(text: str, published: dt.date | None = MONDAY) -> DateMention:
    found = find_dates(text, published)
    assert len(found) == 1, [m.expression for m in found]
    assert text[found[0].start : found[0].end] == found[0].expression
    return found[0]


def values(text: str, published: dt.date | None = MONDAY) -> list[tuple[str, str]]:
    return [(m.expression, m.date.isoformat()) for m in find_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "expression", "date"),
    [
        ("On March 3, the two sides met.", "March 3", D(2022, 3, 3)),
        ("The orders were signed on Feb. 21 in Moscow.", "Feb. 21", D(2022, 2, 21)),
        ("Putin spoke on Mar. 11 in a meeting.", "Mar. 11", D(2022, 3, 11)),
        ("He left on 3 March 2019.", "3 March 2019", D(2019, 3, 3)),
        ("They met on the 21st of February.", "the 21st of February", D(2022, 2, 21)),
        (
            "On Tuesday, March 15th, 2022, talks went on.",
            "Tuesday, March 15th, 2022",
            D(2022, 3, 15),
        ),
        ("The file is dated 2021-11-05.", "2021-11-05", D(2021, 11, 5)),
    ],
)
def test_absolute_dates(text: str, expression: str, date: dt.date) -> None:
    mention = only(text)
    assert (mention.expression, mention.date, mention.precision) == (expression, date, "day")
    assert mention.kind == "explicit" and not mention.planned


def test_the_year_of_a_date_without_one() -> None:
    assert only("They met on Dec. 20.", D(2023, 1, 5)).date == D(2022, 12, 20)
    assert only("Talks will resume on Jan. 2.", D(2022, 12, 30)).date == D(2023, 1, 2)
    # the past one, unless the next is less than half as far
    assert only("They proposed talks on July 1.", D(2025, 6, 3)).date == D(2025, 7, 1)
    assert only("They had talks on Nov. 1.", D(2025, 6, 3)).date == D(2024, 11, 1)
    # ... but a date that says when a verb in the past tense happened is the past one
    assert only("He said so when he spoke in June.", D(2025, 2, 10)).date == D(2024, 6, 1)
    assert only("On March 10, the ministers met.", D(2026, 2, 18)).date == D(2025, 3, 10)
    assert only("The talks will resume on March 10.", D(2026, 2, 18)).date == D(2026, 3, 10)


def test_a_date_without_a_year_takes_the_year_the_narration_is_in() -> None:
    def dated(text: str, published: dt.date) -> list[tuple[str, str]]:
        sentences = dated_sentences(Source("s", text, published=published))
        return [(m.expression, m.date.isoformat()) for s in sentences for m in s.mentions]

    # an overview of 2026 telling 2022 names the year once
    overview = (
        "The first talks took place in February 2022.\n\n"
        "The sides held three rounds in Belarus, ending on March 7.\n\n"
        "On March 10, the ministers met in Antalya."
    )
    assert dated(overview, D(2026, 2, 18))[1:] == [
        ("March 7", "2022-03-07"),
        ("March 10", "2022-03-10"),
    ]
    # ... and stays there through a sentence in the past whose verb the tagger reads as a
    # participle (it had been read as the present)
    later = (
        "The summit was held in June 2024.\n\n"
        "In a surprise, Macron called Putin and spoke with him for an hour.\n\n"
        "On February 18, the envoys met in Riyadh."
    )
    assert dated(later, D(2026, 2, 18))[-1] == ("February 18", "2025-02-18")
    # what is, or has been, brings it back to the article's day: news with a background
    news = (
        "In February 2022, Putin sent in troops.\n\n"
        "Russia holds about a fifth of the country.\n\n"
        "The agency learned in November that the Kremlin would welcome a call."
    )
    assert dated(news, D(2025, 2, 10))[-1] == ("November", "2024-11-01")
    # ... as does a day counted from it, and a caption neither sets it nor takes it
    assert dated(
        "In 2022 the sides met. On Monday they met again. They met on May 5.", D(2025, 6, 3)
    )[-1] == ("May 5", "2025-05-05")
    caption = (
        "Two leaders shake hands in Osaka, June 28, 2019. Photo: A. Photographer\n"
        "MOSCOW, Feb 10 - Talks went on, he said."
    )
    assert ("Feb 10", "2025-02-10") in dated(caption, D(2025, 2, 10))


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Last Monday, the negotiators met.", D(2022, 3, 14)),  # published on a Monday
        ("On Friday, Macron called Putin.", D(2022, 3, 18)),
        ("The talks resumed last Tuesday.", D(2022, 3, 15)),
        ("Talks went on on Monday.", D(2022, 3, 21)),  # a bare weekday may be the day itself
        ("Kirby said so yesterday.", D(2022, 3, 20)),
        ("Four weeks ago, the orders were signed.", D(2022, 2, 21)),
        ("The convoy left two weeks ago.", D(2022, 3, 7)),
        ("Delegates met on the 19th, as planned.", D(2022, 3, 19)),
    ],
)
def test_relative_dates_count_from_publication(text: str, date: dt.date) -> None:
    assert only(text).date == date


def test_an_ordinal_day_must_not_be_followed_by_a_noun() -> None:
    assert find_dates("He lives on the 2nd floor.", MONDAY) == []


def test_the_explicit_date_wins_over_its_relative_apposition() -> None:
    text = "Four weeks ago, on Feb. 21, Putin signed executive orders."
    assert values(text) == [("Four weeks ago", "2022-02-21"), ("Feb. 21", "2022-02-21")]
    sentence = dated_sentences(Source("s", text, published=MONDAY))[0]
    mention = sentence_date(sentence)
    assert mention is not None and mention.expression == "Feb. 21"


def test_anaphora_count_from_the_last_day_the_narration_named() -> None:
    text = (
        "On March 4, Scholz repeated the message of the previous day. "
        "On Mar. 11 Putin spoke, and the next day he called again. "
        "Three days later, nothing had changed. The talks that day went well."
    )
    assert values(text) == [
        ("March 4", "2022-03-04"),
        ("the previous day", "2022-03-03"),
        ("Mar. 11", "2022-03-11"),
        ("the next day", "2022-03-12"),
        ("Three days later", "2022-03-15"),
        ("that day", "2022-03-15"),
    ]


def test_an_anaphor_with_nothing_before_it_is_not_a_date() -> None:
    assert find_dates("The talks that day went well.", MONDAY) == []


def test_words_inside_a_quotation_count_from_when_they_were_said() -> None:
    text = 'On March 3, an official said, "He said so yesterday. Today he repeated it."'
    assert values(text) == [
        ("March 3", "2022-03-03"),
        ("yesterday", "2022-03-02"),
        ("Today", "2022-03-03"),
    ]
    assert [m.quoted for m in find_dates(text, MONDAY)] == [False, True, True]


def test_future_tense_points_a_weekday_forward_and_marks_it_planned() -> None:
    mention = only("Talks will resume on Friday.", D(2022, 3, 2))
    assert mention.date == D(2022, 3, 4) and mention.planned
    # the future belongs to what was said, not to the saying: Tuesday is past
    past = only("On Tuesday, he said talks will only be possible later.", D(2022, 3, 2))
    assert past.date == D(2022, 3, 1) and not past.planned


@pytest.mark.parametrize(
    ("text", "date", "end_date", "precision", "planned"),
    [
        (
            "Talks could resume between June 20 and June 30.",
            "2025-06-20",
            "2025-06-30",
            "range",
            True,
        ),
        ("Talks may resume June 20-30.", "2025-06-20", "2025-06-30", "range", True),
        ("They were held in mid-May in Istanbul.", "2025-05-01", None, "month", False),
        ("Russia annexed four regions in September 2022.", "2022-09-01", None, "month", False),
        ("The invasion began in 2022.", "2022-01-01", None, "year", False),
        ("It happened early last year.", "2024-01-01", None, "year", False),
        ("Ministers met last week.", "2025-05-26", "2025-06-01", "range", False),
        ("Security guarantees were requested in December.", "2024-12-01", None, "month", False),
    ],
)
def test_months_years_and_ranges_keep_their_precision(
    text: str, date: str, end_date: str | None, precision: str, planned: bool
) -> None:
    mention = only(text, D(2025, 6, 3))
    assert mention.date.isoformat() == date
    assert (mention.end_date.isoformat() if mention.end_date else None) == end_date
    assert (mention.precision, mention.planned) == (precision, planned)


@pytest.mark.parametrize(
    "text",
    [
        "Sovereignty will be discussed for the next 15 years.",
        "The talks lasted about three and a half hours.",
        "Kyiv would need two weeks to respond.",
        "The framework may include Canada.",
        "May we expect a ceasefire?",
        "The most urgent priority now is to stop the attacks.",
        "The 70-year-old negotiator, aged 70, has led talks for 12 years.",
        "At least 25 people were killed in 24 hours.",
        "The exchange of 6,000 bodies was agreed in just over two weeks.",
        "In the coming days, the second round may follow.",
        "You May Also Like",
    ],
)
def test_durations_the_verb_may_now_and_ages_are_not_dates(text: str) -> None:
    assert find_dates(text, MONDAY) == []


def test_without_a_publication_date_only_dates_with_a_year_resolve() -> None:
    text = "On Friday they met; on March 3 they talked; in February 2015 they signed."
    assert values(text, None) == [("February 2015", "2015-02-01")]


def test_an_undated_article_of_a_known_month_gives_a_day_named_without_a_year_its_year() -> None:
    # "2026-02_...": the saver knew the month, not the day. "February 17" is that month's,
    # "in December" the one before it, a day still to come the first one after; "on Friday"
    # needs the day of writing, which nobody gave: it is of the month, no day
    text = (
        "The talks ended on February 17 after two hours. The draft dates from talks in "
        "December. The envoys will meet again on March 3. On Friday they spoke by phone."
    )
    article = Source("s", text, file="2026-02_geneva-talks.txt")
    found = [m for s in dated_sentences(article) for m in s.mentions]
    assert [(m.expression, m.date.isoformat(), m.planned) for m in found] == [
        ("February 17", "2026-02-17", False),
        ("December", "2025-12-01", False),
        ("March 3", "2026-03-03", True),
        ("Friday", "2026-02-01", False),
    ]
    assert found[-1].precision == "month"
    # a name that gives the day dates the article itself, "Friday" too
    named_a_day = dated_by_name(Source("s", text, file="2026-02-18_geneva-talks.txt"))
    assert [m.expression for s in dated_sentences(named_a_day) for m in s.mentions][-1] == "Friday"


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("In February last year, the two leaders quarrelled.", D(2021, 2, 1)),
        ("The treaty was signed in mid-March of last year.", D(2021, 3, 1)),
        ("Elections are due in May next year.", D(2023, 5, 1)),
    ],
)
def test_a_month_of_last_or_next_year(text: str, date: dt.date) -> None:
    # read as a month alone, "February" in an article of March was this February
    assert only(text).date == date


def test_a_day_carries_to_sentences_that_continue_it() -> None:
    text = (
        "Also on March 3, the representatives met again in Belarus. "
        "The negotiators agreed on the need for humanitarian corridors. "
        'Podoliak said, "The second round is over." '
        "Kyiv has long wanted a ceasefire."
    )
    found = dated_sentences(Source("s", text, published=MONDAY))
    assert [s.carried.date if s.carried else None for s in found] == [
        None,
        D(2022, 3, 3),
        D(2022, 3, 3),
        None,  # present perfect, "long": not that day's news
    ]


def test_captions_and_bylines_are_searched_but_have_no_paragraph() -> None:
    text = (
        "Zelensky calling Saturday for talks\n\n"
        "On Friday, the French president called his counterpart in Moscow.\n\n"
        "J. Doe March 21, 2022"
    )
    found = dated_sentences(Source("s", text, published=MONDAY))
    dated = [(s.paragraph, m.expression, m.date) for s in found for m in s.mentions]
    assert dated == [
        (None, "Saturday", D(2022, 3, 19)),
        (1, "Friday", D(2022, 3, 18)),
        (None, "March 21, 2022", D(2022, 3, 21)),
    ]


def test_a_date_before_a_future_cue_belongs_to_the_reporting_verb_before_it() -> None:
    found = find_dates("Putin said on Sunday that talks will resume on Wednesday.", MONDAY)
    assert [(m.expression, m.date, m.planned) for m in found] == [
        ("Sunday", D(2022, 3, 20), False),
        ("Wednesday", D(2022, 3, 23), True),
    ]
    assert only("Talks are due to restart on Friday.").date == D(2022, 3, 25)


def test_a_day_that_dates_a_past_verb_is_past_whatever_future_the_sentence_holds() -> None:
    # "plan to" names a plan here, and "would" belongs to another clause: neither makes the
    # envoys' Thursday a coming one
    thursday = D(2025, 3, 13)
    text = "The two envoys, Smith and Jones, on Thursday praised talks on the plan to end the war."
    assert (only(text, thursday).date, only(text, thursday).planned) == (thursday, False)
    met = only("The ministers met on Tuesday and said talks would go on.", thursday)
    assert (met.date, met.planned) == (D(2025, 3, 11), False)
    # a coming day stays coming: no past verb is dated by it
    assert only("The envoys plan to meet on Friday.", thursday).date == D(2025, 3, 14)


def test_can_tells_of_a_coming_day() -> None:
    # a present modal reaches forward as "will" does: in a Sunday's article the envoys' Monday
    # is the next day, not the Monday before
    sunday = D(2025, 11, 23)
    found = only("He added that the envoys can keep talking Monday and after.", sunday)
    assert (found.date, found.planned) == (D(2025, 11, 24), True)
    # ... but only to a day after it: here "can" is a trait of the man, Saturday is past
    past = only("His speech on Saturday was warmer, from a man who can still rally them.", sunday)
    assert (past.date, past.planned) == (D(2025, 11, 22), False)


def test_a_weekend_is_its_saturday_and_sunday_by_the_tense_of_what_it_dates() -> None:
    monday, friday = D(2025, 2, 10), D(2025, 5, 23)

    def weekend(text: str, published: dt.date) -> tuple[dt.date, dt.date | None, str, bool]:
        found = only(text, published)
        return found.date, found.end_date, found.precision, found.planned

    told = "The envoy said over the weekend that the call had gone well."
    assert weekend(told, monday) == (D(2025, 2, 8), D(2025, 2, 9), "range", False)
    coming = "The delegations will meet again over the weekend."
    assert weekend(coming, monday) == (D(2025, 2, 15), D(2025, 2, 16), "range", True)
    # no tense to go by: the nearer weekend, the coming one for a Friday's news
    assert weekend("The swap is slated to go ahead over the weekend.", friday)[:2] == (
        D(2025, 5, 24),
        D(2025, 5, 25),
    )
    assert weekend("They had met last weekend.", friday)[:2] == (D(2025, 5, 17), D(2025, 5, 18))
    assert find_dates("The weekend talks covered prisoners.", monday) == []


def test_the_past_24_hours_are_the_day_before_the_news_and_its_own() -> None:
    tuesday = D(2026, 2, 3)
    for told in (
        "Ukraine reported renewed air strikes over the past 24 hours.",
        "Over the past day, Ukraine said that more aid had arrived.",
        "Officials said forces repelled several assaults in the last twenty-four hours.",
    ):
        found = only(told, tuesday)
        assert (found.date, found.end_date, found.precision) == (D(2026, 2, 2), tuesday, "range")
    # a duration with no "over"/"in" before it, or a longer one, names no day
    assert find_dates("The past 24 hours have underscored the risk.", tuesday) == []
    assert find_dates("Strikes went on over the past 48 hours.", tuesday) == []


def test_earlier_in_the_day_is_the_day_the_narration_is_at_else_the_day_of_the_news() -> None:
    assert values("Envoys met on March 3. Earlier in the day, the talks were set.") == [
        ("March 3", "2022-03-03"),
        ("Earlier in the day", "2022-03-03"),
    ]
    # no day before it: the news is of its own day, as with "earlier today"
    assert values("The delegation landed in Ankara earlier in the day.") == [
        ("earlier in the day", "2022-03-21")
    ]
    assert values("The delegation landed in Ankara that day.") == []


def test_this_weekday_is_the_one_of_the_publication_week() -> None:
    wednesday = D(2022, 4, 6)
    assert only("They met this Monday.", wednesday).date == D(2022, 4, 4)
    assert only("Talks are set for this Friday.", wednesday).date == D(2022, 4, 8)


def test_anaphora_chain_and_capitalised_openers() -> None:
    text = "On March 10 they met. A day later, they met again. The next morning, he left."
    assert values(text) == [
        ("March 10", "2022-03-10"),
        ("A day later", "2022-03-11"),
        ("The next morning", "2022-03-12"),
    ]


def test_the_weekday_of_the_story_is_that_day_in_any_tense() -> None:
    tuesday = D(2022, 3, 29)
    assert values("The two leaders will speak by telephone on Tuesday.", tuesday) == [
        ("Tuesday", "2022-03-29")
    ]
    assert values("The two leaders will speak on Wednesday.", tuesday) == [
        ("Wednesday", "2022-03-30")
    ]
    assert values("They will meet next Tuesday.", tuesday) == [("next Tuesday", "2022-04-05")]


def test_an_ordinal_day_is_a_day_of_the_month_the_article_is_at() -> None:
    # dateparser reads "the 10th" as October: "on the 10th" in a story of the Antalya
    # meeting, in an article of March 29, was dated October of the year before
    article = D(2022, 3, 29)
    assert values("On March 7 they met, and on the 10th they met in Antalya.", article) == [
        ("March 7", "2022-03-07"),
        ("the 10th", "2022-03-10"),
    ]
    assert values("They met on the 30th in Gomel.", D(2022, 4, 2)) == [("the 30th", "2022-03-30")]
    assert values("They will meet again on the 2nd and sign.", article) == [
        ("the 2nd", "2022-04-02")
    ]
    # a future tense read where the day is yesterday's: the day before, not a month on
    assert values("The minister said he will move troops on the 28th, officials say.", article) == [
        ("the 28th", "2022-03-28")
    ]


def test_expression_boundaries() -> None:
    assert only("The May 9 parade will go ahead.", D(2022, 4, 30)).expression == "May 9"
    assert only("A spokesman said on the 29th that troops left.", D(2022, 3, 30)).expression == (
        "the 29th"
    )
    assert only("On Saturday evening, he spoke.").expression == "Saturday evening"
    assert only("The talks were on Wednesday, the seventh day of the invasion.").expression == (
        "Wednesday, the seventh day of the invasion"
    )
