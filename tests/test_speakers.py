"""The speaker extractor on the forms news uses, and on the hand-labelled seed sample."""

from __future__ import annotations

import pytest

from parley.index.attribution.speakers import SURE, Attribution, attribute
from parley.index.evaluation.attribution import load_seed_labels, score
from parley.index.settings import PROJECT_ROOT
from parley.index.text.names import Names
from parley.index.text.paragraphs import paragraphs
from parley.index.text.passages import sentences, split_passages
from parley.index.text.quotation_marks import without_stray_openings
from parley.index.text.sources import Source, load_seeds

from .conftest import CHUNKING, SEEDS

NAMES = Names.load(PROJECT_ROOT / "config" / "aliases.toml")


def attributions(text: str) -> list[Attribution]:
    """Each sentence's attribution, in an article of `text`."""
    by_paragraph = [sentences(text, span) for span in paragraphs(Source(id="t", text=text))]
    return [a for row in attribute(text, by_paragraph, NAMES) for a in row]


def said(text: str) -> list[tuple[str | None, str | None, bool]]:
    return [(a.speaker, a.role, a.direct) for a in attributions(text)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Lavrov said, "We will define our destiny by ourselves."', "Lavrov"),
        ('"We will define our destiny by ourselves," Lavrov said.', "Lavrov"),
        ('"We will define our destiny by ourselves," said Lavrov.', "Lavrov"),
        ('Kuleba told reporters that "the talks were hard."', "Kuleba"),
        ('Podolyak tweeted: "Negotiations continue."', "Podolyak"),
        ('According to Medinsky, "a ceasefire is one of the topics."', "Medinsky"),
        ("Medinsky said that the talks were constructive.", "Medinsky"),
        ("Shoigu has indicated that he will focus on the east.", "Shoigu"),
        ("Zelensky noted that the positions sound more realistic.", "Zelensky"),
        ("Vladimir Medinsky has told the press that the talks were constructive.", "Medinsky"),
        ("The Russian side also said that it would reduce operations.", None),
        ("Macron spoke with Putin again in a call that lasted 90 minutes.", None),
        ("Zelensky's spokesmen stated that the delegation did leave.", None),
        ('It was hailed by security chief Vasyl Maliuk as "a major slap in the face."', "Maliuk"),
        ('The pullback was described by Kirby as "a relocation, not a withdrawal."', "Kirby"),
        ('The plan was called by some "a relocation, not a withdrawal."', None),
    ],
)
def test_reporting_forms(text: str, speaker: str | None) -> None:
    assert said(text)[0][0] == speaker


def test_a_pronoun_is_the_person_named_before() -> None:
    rows = said("Kuleba met Lavrov in Antalya. He said the talks were hard.")
    assert rows[1][0] == "Kuleba"


def test_he_told_x_is_not_x() -> None:
    text = (
        "Macron called Putin on Friday. According to the readout, he told Macron that it was fine."
    )
    assert said(text)[1][0] == "Putin"


def test_roles_are_kept() -> None:
    assert said('Medinsky, the head of the Russian delegation, said, "We are halfway there."')[0][
        :2
    ] == ("Medinsky", "head of the Russian delegation")
    assert said('A Pentagon spokesman, Kirby, said that "this is a relocation."')[0][:2] == (
        "Kirby",
        "Pentagon spokesman",
    )
    assert said("Russian Foreign Minister Sergei Lavrov said that talks go on.")[0][1] == (
        "Russian Foreign Minister"
    )
    text = 'It was hailed by Ukrainian security chief Vasyl Maliuk as "a slap in the face."'
    assert said(text)[0][:2] == ("Maliuk", "Ukrainian security chief")
    # the role ends with a name of its own; the comma, not the capitals, ends the role
    text = "A close advisor to Russian President Putin, Vladimir Medinsky, has told the press."
    assert said(text)[0][:2] == ("Medinsky", "close advisor to Russian President Putin")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        # News sets a role off bare, without "the" or a possessive
        (
            "Piet Halvorsen, head of the presidential office, said the talks went well.",
            "head of the presidential office",
        ),
        ('"The talks went well," said Piet Halvorsen, Kremlin spokesman.', "Kremlin spokesman"),
        ("Piet Halvorsen, Deputy Head of DIU, said the lists were checked.", "Deputy Head of DIU"),
        # a clause set off after a name is no role, though a role noun comes in it
        ("Piet Halvorsen, who heads the ministry, said the talks went well.", None),
        ("Piet Halvorsen, addressing the leaders of the bloc, said the talks went well.", None),
        ("Piet Halvorsen, Ana Ruiz and the minister, said the talks went well.", None),
    ],
)
def test_a_role_set_off_bare_after_a_name_is_kept(text: str, role: str | None) -> None:
    found = [a for a in attributions(text) if a.speaker]
    assert [(a.speaker, a.role) for a in found] == [("Halvorsen", role)]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        # a title starts after a quotation, a verb, a conjunction or a dateline's dash
        (
            '"We will meet again every month," said Latvian Defense Minister Oleh Marchenko '
            "on Monday.",
            "Latvian Defense Minister",
        ),
        (
            "VILNIUS — Latvian Foreign Minister Anna Berzina said the talks were hard and long.",
            "Latvian Foreign Minister",
        ),
        (
            "But Latvian Foreign Minister Anna Berzina said the talks went on for a long time.",
            "Latvian Foreign Minister",
        ),
        # a capital after "of" is the title's, not a first name
        (
            "Secretary of State Anna Berzina said the talks were useful for both sides.",
            "Secretary of State",
        ),
    ],
)
def test_a_title_before_a_name_is_only_the_title(text: str, role: str) -> None:
    found = [a for a in attributions(text) if a.speaker]
    assert [(a.role, a.role_source) for a in found] == [(role, "article")]


def test_a_colon_introduces_a_quote_in_the_next_paragraph() -> None:
    text = (
        "Deputy Minister Alexander Formin had the following to say:\n\n"
        "“The decision has been taken to cut back.”"
    )
    rows = said(text)
    assert rows[1][0] == "Fomin" and rows[1][2] is True


def test_a_quote_running_over_sentences_keeps_its_speaker() -> None:
    text = 'Cavusoglu said, "There is no point in expecting miracles. These were first talks."'
    rows = said(text)
    assert rows[0][0] == "Cavusoglu"


def test_passages_never_mix_speakers() -> None:
    for source in load_seeds(SEEDS):
        by_paragraph = [sentences(source.text, span) for span in paragraphs(source)]
        flat = [
            (span, a)
            for spans, row in zip(
                by_paragraph, attribute(source.text, by_paragraph, NAMES), strict=True
            )
            for span, a in zip(spans, row, strict=True)
        ]
        for passage in split_passages(source, CHUNKING, NAMES):
            # every sentence the passage overlaps (a long quotation is cut into pieces)
            inside = {
                a.speaker
                for span, a in flat
                if span.start < passage.end and passage.start < span.end
            }
            assert inside == {passage.speaker}


def test_extractor_on_the_labelled_sample() -> None:
    """Hand-labelled statements of the seed articles (eval/attribution.jsonl): a regression
    floor a little under what the extractor measured (precision 0.99, recall 0.91)."""
    seeds = load_seeds(SEEDS)
    labels = load_seed_labels(PROJECT_ROOT / "eval" / "attribution.jsonl", seeds)
    figures = score(seeds, labels, NAMES).figures()
    assert figures["attribution_precision"] >= 0.95
    assert figures["attribution_recall"] >= 0.88


# -- people the alias table does not know (issue 14) -----------------------------------------


def speakers_of(text: str) -> list[str | None]:
    return [speaker for speaker, _, _ in said(text)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"We will not give up on the talks," Cruz said on Tuesday.', "Cruz"),
        ('"The campaign has nothing to hide," Mr. Podesta said in a statement.', "Podesta"),
        ('"The meeting was productive," Rubio told reporters in Jeddah.', "Rubio"),
        (
            '"No deal is ready yet," Senate Minority Leader Chuck Schumer, D-N.Y., said.',
            "Schumer",
        ),
        (
            "Zelensky is open to meeting Putin, Foreign Ministry spokesman Georgy Tykhyi said.",
            "Tykhyi",
        ),
    ],
)
def test_a_person_the_alias_table_lacks_is_found_in_the_text(text: str, speaker: str) -> None:
    assert speakers_of(text) == [speaker]


def test_a_surname_alone_later_is_the_person_named_in_full_before() -> None:
    text = (
        "Kremlin spokesman Dmitry Peskov spoke to reporters in Moscow on Monday.\n\n"
        '"We are ready to talk," Peskov said.'
    )
    assert speakers_of(text)[-1] == "Peskov"


@pytest.mark.parametrize(
    "text",
    [
        '"The talks will go on," the White House said on Friday.',
        '"Drones hit the city overnight," Sky News reported.',
        "The General Staff said 472 drones had been launched overnight.",
        "The United States said it would keep up the pressure on Moscow.",
        # the small model tags a company's name after its kind a PERSON now and then
        "The head of the state nuclear corporation Energoatom said the plant was safe.",
        "A spokesman for the state energy firm Naftogaz said the pipeline was closed.",
    ],
)
def test_an_organisation_or_an_outlet_is_no_person(text: str) -> None:
    assert speakers_of(text) == [None]


def test_he_is_the_speaker_just_quoted_not_the_last_name_mentioned() -> None:
    text = (
        '"We are ready to talk," Peskov said after the call. '
        "Ushakov was also in the room with the delegation. "
        '"But not at any price," he said.'
    )
    assert speakers_of(text) == ["Peskov", None, "Peskov"]


def test_a_new_paragraph_that_names_someone_has_moved_on_to_them() -> None:
    text = (
        '"We have a plan," Dale Hurst said on Sunday.\n\n'
        "On Monday, Anna Berg opened the hearing in the capital. "
        '"The plan is late," she said.'
    )
    assert speakers_of(text) == ["Hurst", None, "Berg"]


def test_she_is_the_subject_of_the_main_clause_not_of_an_opening_one() -> None:
    text = (
        "Dale Hurst spoke on Sunday.\n\n"
        "A day after Hurst visited the plant, Anna Berg hit back on Thursday. "
        '"The plan is on time," she said.'
    )
    assert speakers_of(text)[-1] == "Berg"


def test_a_labelled_quotation_goes_on_with_the_speaker() -> None:
    text = (
        "Anna Berg said the exchange was being prepared.\n\n"
        'Quote: "We met the team today. The lists are nearly done."'
    )
    assert speakers_of(text) == ["Berg", "Berg"]


def test_in_an_interview_a_quoted_paragraph_answers_the_writers_question() -> None:
    text = (
        "Mayor Anna Berg met me at city hall on Friday. She said the city would cope.\n\n"
        "Would the city cut the budget again?\n\n"  # the writer asks, in the writer's words
        '"Only if the council asks me to."\n\n'
        "Ole Dahl, her rival, said the budget was a disgrace.\n\n"
        "I asked the mayor about that.\n\n"  # the writer names whom, by a role
        '"He has never run anything."\n\n'
        "And the bridge?\n\n"  # the one answering, not the one quoted last
        '"It opens in May."\n\n'
        "It was raining in the square.\n\n"  # neither a question nor a statement
        '"Nobody comes here now."'
    )
    speakers = [None, "Berg", None, "Berg", "Dahl", None, "Berg", None, "Berg", None, None]
    assert speakers_of(text) == speakers


def test_a_participle_after_a_comma_is_said_by_the_main_clauses_subject() -> None:
    # the parser hangs "saying" on the verb inside the vow or the pledge; the words are
    # the main clause's subject's
    text = (
        "Anna Berg also repeated her vow that the town will not give up, saying "
        '"We have not surrendered and never will."\n\n'
        "Mayor Ole Dahl renewed his pledge that the mill will not shut down, saying "
        '"The workers can count on us."\n\n'
        'He also repeated his vow that the city will not give in, saying "We are still here."'
    )
    assert speakers_of(text) == ["Berg", "Dahl", "Dahl"]


def test_a_countrys_leader_is_its_president_or_premier_the_article_named() -> None:
    text = (
        "Norlandic President Anna Berg opened the summit on Monday.\n\n"
        "The Norlandic leader said the border would stay open.\n\n"
        "Norlandic Prime Minister Ole Dahl arrived a day later.\n\n"
        "The Norlandic leader said the talks were over."  # two heads now: neither
    )
    assert speakers_of(text) == [None, "Berg", None, None]


def test_a_role_by_the_countrys_name_is_the_one_given_by_its_adjective() -> None:
    text = (
        "Turkish Foreign Minister Ayla Demir hosted both delegations at a palace on the coast.\n\n"
        "Turkey's foreign minister said the two sides had found common ground."
    )
    assert speakers_of(text) == [None, "Demir"]


def test_a_role_given_before_the_name_is_the_person_the_article_names_with_it() -> None:
    text = (
        "The deputy trade minister said on Monday that no deal was near.\n\n"
        "The ministers said they had agreed on a timetable.\n\n"  # several: no one person
        "Deputy Trade Minister Ola Brekke added that the next round would be in Oslo."
    )
    assert speakers_of(text) == ["Brekke", None, "Brekke"]


def test_the_sentences_own_reporting_verb_comes_before_a_noun_that_reports() -> None:
    text = (
        "Carl Kellner, the envoy to Spain, was barred from meeting ministers after being "
        "summoned over comments about the strike, diplomatic sources said on Monday."
    )
    assert speakers_of(text) == [None]  # the sources', not Kellner's


def test_a_heading_before_a_colon_names_no_person() -> None:
    text = (
        "Lee Hart, the agency's chief, spoke on Monday.\n\n"
        "The Feud Goes On: Under Mr. Hart a new fund for women was set up. "
        "He said he backed a bigger one."
    )
    assert speakers_of(text)[-1] == "Hart"


def test_the_role_is_the_articles_and_one_from_config_is_marked() -> None:
    text = (
        "Medinsky, Russia's chief negotiator, said the talks had been constructive.\n\n"
        "Later in the day Lavrov said the sides were far apart.\n\n"
        "Medinsky said the next round would be in Istanbul."
    )
    found = attributions(text)
    assert [(a.speaker, a.role, a.role_source) for a in found] == [
        ("Medinsky", "Russia's chief negotiator", "article"),
        ("Lavrov", "Russian Foreign Minister", "config"),  # the article gives him none
        ("Medinsky", "Russia's chief negotiator", "article"),  # as this article gave it
    ]


def test_an_uncertain_attribution_is_not_shown_as_a_fact() -> None:
    from parley.bot.terminal import speaker_line
    from parley.index.answers import Quote

    # "written by" names a writer, who may be quoting another: the rule is right one time in two
    text = 'Medinsky met Kuleba in Antalya.\n\n"We will not give up," was written by Kuleba.'
    source = Source(id="t", text=text)
    passage = split_passages(source, CHUNKING, NAMES)[-1]
    assert passage.speaker == "Kuleba" and not passage.speaker_certain
    line = speaker_line(Quote(passage, source, 0.5))
    assert passage.confidence < SURE and line is not None and line.startswith("probably ")


def test_he_said_is_shown_as_said() -> None:
    # "he said" was shown as "probably X" wherever it came: scored against PolNeAR's labels
    # of automatic coreference, not as read (index/attribution/speakers.py CONFIDENCE)
    text = (
        "Lavrov, after noting some progress, said Russia was ready to talk. But he made it "
        'clear after the meeting, "We will decide by ourselves."\n\n'
        '"It went well," he said.\n\n'
        "Medinsky met Kuleba in Antalya for several hours on Thursday.\n\n"
        '"We are far apart," he said.'
    )
    found = attributions(text)
    assert [(a.speaker, a.how) for a in found] == [
        ("Lavrov", "subject"),
        ("Lavrov", "pronoun_following"),  # right after his named statement in the paragraph
        ("Lavrov", "pronoun_next"),  # opening the paragraph after the one that ended on it
        (None, None),
        ("Medinsky", "pronoun"),  # the person named last, the subject first
    ]
    assert all(a.confidence >= SURE for a in found if a.speaker)


@pytest.mark.skipif(
    not (PROJECT_ROOT.parent / "shared" / "attribution" / "polnear-dev").is_dir(),
    reason="the PolNeAR dev split is not beside the project",
)
def test_polnear_dev_split_scores_well_above_the_alias_table_alone() -> None:
    """Real news nobody here wrote: with the alias table alone the extractor found the
    speaker of 9% of the statements naming one (precision 0.62); now 0.67 and 0.75."""
    from parley.index.evaluation.attribution import load_shared

    articles, labels = load_shared(PROJECT_ROOT.parent / "shared" / "attribution" / "polnear-dev")
    result = score(articles, labels, NAMES)
    assert result.recall >= 0.62 and result.precision >= 0.70


@pytest.mark.skipif(
    not (PROJECT_ROOT.parent / "shared" / "library" / "talks").is_dir(),
    reason="the real library is not beside the project",
)
def test_the_labelled_statements_of_the_real_library() -> None:
    """eval/attribution-talks.jsonl, both halves (the test half was 1.00 / 0.85 when it was
    labelled, the tuning half 0.95 / 0.87): the floors catch a rule that breaks the
    product's own kind of article however PolNeAR moves."""
    from parley.index.evaluation.attribution import load_shared

    articles, labels = load_shared(
        PROJECT_ROOT.parent / "shared" / "library" / "talks",
        gold=PROJECT_ROOT / "eval" / "attribution-talks.jsonl",
    )
    result = score(articles, labels, NAMES)
    assert result.precision >= 0.93 and result.recall >= 0.85
    assert result.recall_resolved >= 0.80


def test_the_words_a_sentence_points_back_at_are_its_speakers() -> None:
    # Wire copy translated from Ukrainian sets speech unquoted, then says whose it was
    text = (
        "The lists of prisoners were exchanged only today. This was stated by Defense "
        "Minister Rustem Umerov at a press conference.\n\n"
        "Our teams will study the lists this week. We will answer next week. - said Umerov.\n\n"
        "“The lists are long and the work is hard.”\n\n"
        "This was announced by Umerov in Istanbul.\n\n"
        "The talks ended after an hour.\n\n"
        "Umerov shared details of the talks\n\n"
        "This was stated by Umerov after the talks."
    )
    assert speakers_of(text) == [
        *["Umerov"] * 2,
        *["Umerov"] * 3,
        "Umerov",
        "Umerov",
        None,  # narration before a subheading: not whose words "this" was
        "Umerov",
    ]


def test_a_relative_clause_of_speech_names_the_speaker_where_no_other_is() -> None:
    opened = (
        "The agency reported that the talks were opened by Latvian Foreign Minister Anna "
        "Berzina, who said that the goal of the talks is a ceasefire."
    )
    assert speakers_of(opened) == ["Berzina"]
    # the sentence's own speaker comes first; a relative clause of another verb says nothing
    assert speakers_of(
        "Shoigu said that Anna Berzina, who said little, would not attend the talks."
    ) == ["Shoigu"]
    assert speakers_of("The talks were opened by Anna Berzina, who arrived late.") == [None]


def test_a_passive_by_a_role_is_the_name_set_off_after_it_however_parsed() -> None:
    # the parser hangs the name on the verb, not on "head": the name was lost
    text = (
        "This was stated by the delegation's head, Minister of Defense Rustem Umerov, "
        "when he met the press after the talks."
    )
    assert said(text) == [("Umerov", "Minister of Defense", False)]


def test_a_quotation_mark_never_closed_quotes_nothing() -> None:
    # an outlet's copy of another's paragraph kept its opening mark and lost the closing one:
    # the paragraph is the other outlet's report, not anyone's words
    text = (
        "The talks ended on Monday without a ceasefire, writes The Paper.\n\n"
        "\u201cNorland\u2019s president, Ana Ruiz, said both delegations would free a hundred "
        "captives each. She said the bodies of the dead would follow.\n\n"
        "Officials said \u201call\u201d of the wounded would be swapped."
    )
    assert speakers_of(text)[1:3] == ["Ruiz", "Ruiz"]
    # ... but a quotation running over paragraphs opens each of them, as news writes it
    running = "\u201cWe agreed to swap prisoners.\n\n\u201cThe bodies will follow.\u201d"
    assert without_stray_openings(running) == running
    assert len(without_stray_openings(text)) == len(text)  # offsets kept


def test_a_quotation_closed_oddly_is_still_closed() -> None:
    # nested in another with the same marks, closed by a straight mark or by an opening one
    # typed for the closing one: each is a quotation, not a stray mark
    for text in (
        "\u201cWe will not call it \u201cpeace\u201d while the guns still fire.\u201d\n\nMore.",
        '\u201cThe deals are not needed," the chairman said.\n\nMore.',
        "\u201cThe rate is 51 percent.\u201c\n\nMore.",
    ):
        assert without_stray_openings(text) == text, text
