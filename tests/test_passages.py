from __future__ import annotations

import re
from dataclasses import replace

import pytest

from parley.index.settings import PROJECT_ROOT
from parley.index.text.names import Names
from parley.index.text.paragraphs import paragraphs
from parley.index.text.passages import split_passages
from parley.index.text.sources import Source, load_seeds

from .conftest import CHUNKING, SEEDS

NAMES = Names.load(PROJECT_ROOT / "config" / "aliases.toml")

SEED_SOURCES = load_seeds(SEEDS)


@pytest.mark.parametrize("source", SEED_SOURCES, ids=lambda s: s.id)
def test_every_passage_is_verbatim_and_whole(source: Source) -> None:
    passages = split_passages(source, CHUNKING)
    assert passages
    for passage in passages:
        assert passage.text == source.text[passage.start : passage.end]
        assert passage.text == passage.text.strip()
        # never cut mid-word: the characters just outside the passage are not letters
        before = source.text[passage.start - 1] if passage.start else " "
        after = source.text[passage.end] if passage.end < len(source.text) else " "
        assert not (before.isalnum() and passage.text[0].isalnum())
        assert not (after.isalnum() and passage.text[-1].isalnum())


def test_seed_metadata_comes_from_sources_toml() -> None:
    by_id = {s.id: s for s in SEED_SOURCES}
    cameron = by_id["001_e55dd8b5d7ff508a"]
    assert cameron.author == "David R. Cameron"
    assert cameron.published is not None and cameron.published.isoformat() == "2022-03-21"
    assert by_id["002_d9caad12be1a3fe4"].title is None
    assert by_id["002_d9caad12be1a3fe4"].label == "002_d9caad12be1a3fe4"


def test_headlines_headings_and_captions_are_not_passages() -> None:
    texts = [p.text for s in SEED_SOURCES for p in split_passages(s, CHUNKING)]
    joined = "\n".join(texts)
    for not_body in (
        "As Russian attacks against Kyiv, Mariupol, other cities continue",  # headline
        "No to NATO?",  # section heading
        "Screenshot from Twitter",  # caption
        "4 min read",
        "David R. Cameron March 21, 2022",  # byline
    ):
        assert not any(t.startswith(not_body) for t in texts), not_body
    assert "Image credit" not in joined


def test_a_photo_caption_set_as_a_sentence_is_not_body_text() -> None:
    # where a caption says where each one stands, it is one, with or without its full stop:
    # it had been quoted as the real library's answer to how many sat at the table
    captions = [
        "Envoy Ana Ruiz, second right, and Minister Per Holm talk to the press in Geneva.",
        "Norland's envoys (L) and the hosts (c) meet Ostland's (R) in Geneva.",
        "Members of the delegation, (from 2nd L) General Ola Berg and Minister Per Holm.",
    ]
    body = [
        "Senator Ruiz (R) and Senator Lund (R) said the talks had stalled.",  # a party, twice
        "Ruiz, the left's candidate, said the right would lose.",
        "The two teams, a dozen people each, sat at long tables.",
    ]
    text = "\n\n".join([*captions, *body])
    found = [text[s.start : s.end] for s in paragraphs(Source(id="t", text=text))]
    assert found == body


def test_a_web_pages_words_to_its_reader_are_no_part_of_the_article() -> None:
    body = [
        "The delegations met in Ankara on Monday.",
        "Officials said the countries that signed up to the plan would meet again.",
        '"Subscribe to our principles or leave the table," the envoy told reporters.',
        "Analysts said your view of the talks depends on where you live.",
        "We subscribe to the principles of the Charter, the minister said on Tuesday.",
    ]
    furniture = [
        "This site uses cookies so that we can show you fewer ads.",
        "The Evening Brief Our daily newsletter explains what happened and why it matters.",
        "Get our best reporting sent to your inbox each morning.",
        "Think you know the region? Try our map quiz: click here.",
    ]
    # the last line runs on mid-sentence, as an excerpt's does: still none of the article
    last = "Sign up for our newsletter to get the top stories from Kyiv in your inbox every"
    text = "\n\n".join([furniture[0], body[0], furniture[1], *body[1:], *furniture[2:], last])
    found = [text[s.start : s.end] for s in paragraphs(Source(id="t", text=text))]
    assert found == body


def test_abbreviations_do_not_end_sentences() -> None:
    text = "On Feb. 21, the U.S. said it was ready. Mr. Kirby agreed on Mar. 11 in Washington."
    source = Source(id="t", text=text)
    passages = split_passages(source, replace(CHUNKING, max_sentences=1, max_chars=40))
    assert [p.text for p in passages] == [
        "On Feb. 21, the U.S. said it was ready.",
        "Mr. Kirby agreed on Mar. 11 in Washington.",
    ]


def test_a_quote_spanning_sentences_stays_in_one_sentence() -> None:
    text = 'He said, "We will continue. There is no other option." Then he left the room.'
    passages = split_passages(Source(id="t", text=text), replace(CHUNKING, max_sentences=1))
    assert passages[0].text == 'He said, "We will continue. There is no other option."'


def test_a_quotation_too_long_for_a_passage_is_cut_at_its_own_sentences() -> None:
    text = (
        'Podoliak said, "The second round of talks is over. Unfortunately, Ukraine does not '
        "have the results it needs yet. There are decisions only on the organization of "
        "humanitarian corridors. There is a dramatic situation with medicines, food, and "
        'evacuation." Then he left.'
    )
    source = Source(id="t", text=text)
    passages = split_passages(source, replace(CHUNKING, max_sentences=1, max_chars=120))
    assert [p.text for p in passages] == [
        'Podoliak said, "The second round of talks is over.',
        "Unfortunately, Ukraine does not have the results it needs yet.",
        "There are decisions only on the organization of humanitarian corridors.",
        'There is a dramatic situation with medicines, food, and evacuation."',
        "Then he left.",
    ]
    assert all(p.text == text[p.start : p.end] for p in passages)


def test_a_sentence_broken_by_a_blank_line_is_joined() -> None:
    cameron = next(s for s in SEED_SOURCES if s.id.startswith("001"))
    passage = next(
        p
        for s in [cameron]
        for p in split_passages(s, CHUNKING)
        if "my personal expectations" in p.text
    )
    assert "According to" in passage.text  # the words before the break are in the same passage
    assert re.search(r"According to\s+my personal expectations", passage.text)


def test_paragraph_numbers_count_body_paragraphs() -> None:
    source = Source(
        id="t",
        text="Headline Here\n\nFirst paragraph. It has two sentences.\n\nThe second one ends here.",
    )
    assert len(paragraphs(source)) == 2
    numbers = [p.paragraph for p in split_passages(source, CHUNKING)]
    assert numbers == [1, 2]


@pytest.mark.parametrize(
    ("last", "kept"),
    [
        # a wire story's last paragraph runs into its credit line
        (
            "Speaking in Ankara, the minister told a news conference that no corridor was "
            "agreed. (Reporting by Ana Ruiz; Editing by",
            "Speaking in Ankara, the minister told a news conference that no corridor was agreed.",
        ),
        # an excerpt stops mid-sentence: its whole sentences are kept, a stub is not...
        (
            'The envoy said both sides had exchanged lists of prisoners. "We will meet again '
            'soon," he said. The delegations then',
            'The envoy said both sides had exchanged lists of prisoners. "We will meet again '
            'soon," he said.',
        ),
        # ... but a sentence's worth is, to its last whole word ("U.S." ends no sentence)
        (
            "The aide said that the resumed U.S. deliveries would come first from the "
            "depots already in Poland and from the money set aside last ye",
            "The aide said that the resumed U.S. deliveries would come first from the "
            "depots already in Poland and from the money set aside last",
        ),
        # a form's leftovers, a line of names, a pointer: too few words, or not prose
        ("Your comment will appear once it is approved. Fields marked * are needed", None),
        ("Ana Ruiz, Piet Halvorsen, Leyla Demir, Ingrid Solberg, Maria Ortiz and Oleh Dem", None),
        (
            "Follow our coverage of the talks in Ankara and Istanbul at https://example.org/talks",
            None,
        ),
        # a caption that closes the article is no paragraph either
        (
            "Members of the two delegations sit down for the second round of talks at the "
            "palace in Istanbul, Turkey, June 2, 2025. (AP Photo/Ana Ruiz",
            None,
        ),
    ],
)
def test_an_article_cut_off_mid_sentence_keeps_what_can_be_quoted_of_its_last_line(
    last: str, kept: str | None
) -> None:
    text = f"Talks in Ankara\n\nThe delegations met on Monday.\n\n{last}"
    found = [text[s.start : s.end] for s in paragraphs(Source(id="t", text=text))]
    assert found == ["The delegations met on Monday."] + ([kept] if kept else [])
    # only the last line: a caption in the middle of an article is not body
    caption = "An envoy arrives in Ankara, Turkey. (AP Photo/Ana Ruiz"
    middle = f"The delegations met on Monday.\n\n{caption}\n\nThey talked for an hour."
    found = [middle[s.start : s.end] for s in paragraphs(Source(id="t", text=middle))]
    assert found == ["The delegations met on Monday.", "They talked for an hour."]


def test_a_passage_cut_short_is_shown_with_an_ellipsis() -> None:
    from parley.bot.terminal import in_quotation_marks
    from parley.index.answers import Quote

    text = (
        "The delegations met on Monday.\n\n"
        "Kremlin spokesman Ivan Orlov told reporters that the talks would be focused on the "
        "exchange of prisoners and on a meeting of the two presid"
    )
    source = Source(id="t", text=text)
    first, cut = split_passages(source, CHUNKING)
    assert not first.cut_short and cut.cut_short
    assert cut.text.endswith("a meeting of the two")
    assert in_quotation_marks(cut.text, cut.cut_short).endswith("of the two …”")
    shown = Quote(cut, source, 0.5).to_dict()
    assert shown["cut_short"] is True and shown["text"] == cut.text  # --json: the exact text
    signed = Source(id="s", text='"We will win." ― Maria L. Ortiz')
    assert not any(p.cut_short for p in split_passages(signed, CHUNKING))
    after = Source(
        id="s", text='"We will win, and soon, for all of us, whatever it takes."\n\n― Ana Ruiz'
    )
    assert not any(p.cut_short for p in split_passages(after, CHUNKING))


def test_packing_respects_limits_but_never_cuts_a_sentence() -> None:
    long_sentence = "word " * 120 + "end."
    text = f"One. Two. Three. Four. {long_sentence}"
    passages = split_passages(
        Source(id="t", text=text), replace(CHUNKING, max_sentences=3, max_chars=100)
    )
    assert [p.text for p in passages][:2] == ["One. Two. Three.", "Four."]
    assert passages[-1].text == long_sentence.strip()


def test_a_sentence_that_says_whose_the_words_were_stays_with_them() -> None:
    # alone, "This was stated by X" is no answer and the words before it do not say whose
    # they are: one passage, however long
    text = (
        "Only today, at the talks in Istanbul, the other side gave us the paper on a truce it "
        "had promised for weeks. This was stated by the head of the delegation, Defense "
        "Minister Rustem Umerov, when he spoke to the press after the meeting.\n"
    )
    short = replace(CHUNKING, max_sentences=1, max_chars=120)
    passages = split_passages(Source(id="u", text=text), short, NAMES)
    assert [(p.text, p.speaker) for p in passages] == [(text.strip(), "Umerov")]


def test_a_paragraph_that_introduces_the_next_is_quoted_with_its_opening() -> None:
    text = (
        "The head of the delegation, Vladimir Medinsky, had the following to say:\n\n"
        "“We have agreed to meet again next week in the same place.”\n\n"
        "The talks lasted two hours.\n"
    )
    passages = split_passages(Source(id="m", text=text), CHUNKING, NAMES)
    first = passages[0]
    assert first.speaker == "Medinsky"
    assert first.text.endswith(":\n\n“We have agreed to meet again next week in the same place.”")
    assert [p.text for p in passages[1:]] == ["The talks lasted two hours."]


@pytest.mark.parametrize(
    "after",
    [
        "",  # the page lost the words the introduction announced
        "Ana Ruiz, the mediator, said the talks would resume in the spring.\n",  # another voice
    ],
)
def test_an_introduction_whose_words_are_not_there_is_nobodys_statement(after: str) -> None:
    # Alone, "X stated the following:" ranked first for "what did X say" and quoted nothing
    text = (
        "The talks ended at noon.\n\n"
        "The head of the delegation, Vladimir Medinsky, stated the following:\n\n" + after
    )
    passages = split_passages(Source(id="m", text=text), CHUNKING, NAMES)
    introduction = next(p for p in passages if p.text.endswith(":"))
    assert (introduction.speaker, introduction.speaker_role) == (None, None)


def test_an_introduction_after_the_speakers_own_words_keeps_them_theirs() -> None:
    text = "Vladimir Medinsky said the talks had been constructive. He added the following:\n"
    passages = split_passages(Source(id="m", text=text), CHUNKING, NAMES)
    assert [p.speaker for p in passages] == ["Medinsky"]
