"""The command line contract: `parley ask --json`, `--jsonl`, and clear one-line errors."""

from __future__ import annotations

import codecs
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from parley.index.text.sources import load_seeds

from .conftest import run


def test_ask_json_contract(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ask", "How long did the talks in Istanbul last?", "--json")
    assert code == 0
    assert "building" in err.lower() and str(project / "data") in err  # says where it stored it
    answer = json.loads(out)
    assert answer["question"] == "How long did the talks in Istanbul last?"
    assert answer["abstained"] is False
    assert len(answer["passages"]) == 3
    originals = {s.id: s.text for s in load_seeds(project / "seeds")}
    for passage in answer["passages"]:
        assert isinstance(passage["score"], float)
        assert isinstance(passage["paragraph"], int) and passage["paragraph"] >= 1
        assert (
            passage["text"] == originals[passage["source"]["id"]][passage["start"] : passage["end"]]
        )
        assert set(passage["source"]) == {
            "id",
            "title",
            "author",
            "url",
            "outlet",
            "published",
            "published_estimated",
            "written_in",
            "language_note",
            "translation",
        }
        assert "speaker" in passage


def test_k_sets_the_number_of_passages(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "Istanbul talks", "--json", "--k", "5")
    assert code == 0 and len(json.loads(out)["passages"]) == 5


def test_readable_answer_names_source_and_paragraph(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "ask", "What did Medinsky say about the ceasefire?")
    assert code == 0
    assert "paragraph " in out and "2022-" in out
    assert out.count("[") >= 3


def test_jsonl_answers_in_order(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = project / "q.jsonl"
    asked = ["Istanbul talks", "drones launched by Russia", "   ", "Medinsky neutrality"]
    questions.write_text("\n".join(json.dumps({"question": q}) for q in asked) + "\n")
    code, out, _ = run(capsys, "ask", "--jsonl", str(questions))
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["question"] for line in lines] == asked
    assert "error" in lines[2] and lines[2]["passages"] == []


ASKED = json.dumps({"question": "Istanbul talks"}).encode()


@pytest.mark.parametrize(
    ("lines", "errors"),
    [
        ([ASKED, b'{"question": "\xff\xfe"}', ASKED], {2: "not valid UTF-8"}),
        ([ASKED, b"[" * 100_000 + b"]" * 100_000, ASKED], {2: "nested too deeply"}),
        ([ASKED, b"not json", b"[1, 2]", b'{"q": 1}'], {2: "not JSON", 3: "object", 4: "object"}),
        (
            [b'{"question": 12345}', b'{"question": null}', b'{"question": ["a"]}'],
            {1: "not int", 2: "not null", 3: "not list"},
        ),
        ([b'{"question": {"a": 1}}', b'{"question": NaN}'], {1: "not dict", 2: "not float"}),
    ],
)
def test_jsonl_answers_every_line_and_says_what_is_wrong_with_a_bad_one(
    project: Path, capsys: pytest.CaptureFixture[str], lines: list[bytes], errors: dict[int, str]
) -> None:
    """A bad line once stopped the run (or, for a number or null, was asked as a string)."""
    questions = project / "q.jsonl"
    questions.write_bytes(b"\n".join(lines) + b"\n")
    code, out, err = run(capsys, "ask", "--jsonl", str(questions))
    assert code == 0 and "Traceback" not in err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == len(lines)
    for number, record in enumerate(records, start=1):
        if number in errors:
            assert errors[number] in record["error"] and record["line"] == number
            assert record["passages"] == [] and record["abstained"] is True
        else:
            assert "error" not in record and record["passages"]


@pytest.mark.parametrize(
    "encoded",
    [
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),  # with its byte-order mark, as Windows writes it
        lambda text: text.encode("utf-32"),
    ],
)
def test_jsonl_with_a_byte_order_mark_is_read(
    project: Path, capsys: pytest.CaptureFixture[str], encoded: Any
) -> None:
    questions = project / "q.jsonl"
    text = "\n".join(json.dumps({"question": q}) for q in ["Istanbul talks", "Medinsky neutrality"])
    questions.write_bytes(encoded(text + "\n"))
    code, out, _ = run(capsys, "ask", "--jsonl", str(questions))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["question"] for r in records] == [
        "Istanbul talks",
        "Medinsky neutrality",
    ]


def test_a_question_that_was_not_utf8_is_asked_without_the_bad_bytes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bytes that are not UTF-8 reach Python's argv as lone surrogates, which the tokenizer
    refused with a TypeError."""
    code, out, err = run(capsys, "ask", "What did \udcff\udcfe Medinsky say?", "--json")
    assert code == 0 and "Traceback" not in err
    assert json.loads(out)["question"] == "What did Medinsky say?"


def test_escape_sequences_in_an_article_never_reach_the_terminal(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = project / "colours.txt"
    article.write_text(  # four control characters in 500: under the 1% that ingest refuses
        "Officials met in Brest on Monday. " * 12
        + "\n\nThe envoy said \x1b[31mthe talks\x1b[0m went well and would\x07 resume on Friday.\n"
    )
    code, _, _ = run(capsys, "sources", "add", str(article), "--published", "2022-03-01")
    assert code == 0
    code, out, _ = run(capsys, "ask", "The envoy said it went well and would resume", "--k", "10")
    assert code == 0 and "the talks went well" in out
    assert not any(ord(c) < 32 and c not in "\n\t" or 127 <= ord(c) < 160 for c in out)
    code, out, _ = run(capsys, "ask", "envoy talks went well resume Friday", "--json")
    assert "\\u001b[31m" in out  # --json keeps the text exactly, escaped as JSON does


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", ""], "empty"),
        (["ask", "   \n"], "empty"),
        (["ask", "x" * 1001], "1000"),
    ],
)
def test_bad_questions_get_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    run(capsys, "index")
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_corrupt_index_says_how_to_rebuild(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "index")
    for vectors in (project / "data" / "index" / "builds").glob("*/vectors.faiss"):
        vectors.write_bytes(b"not faiss")
    code, _, err = run(capsys, "ask", "Istanbul")
    assert code == 1 and "parley index" in err and len(err.strip().splitlines()) == 1


def test_unreadable_seed_is_named(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "seeds" / "bad.txt").write_bytes(b"\xff\xfe\x00broken")
    code, _, err = run(capsys, "index")
    assert code == 1 and "bad.txt" in err and "Traceback" not in err


def test_index_prints_count_and_time(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "index")
    assert code == 0
    assert out.startswith("Indexed ") and " passages from 5 sources in " in out


def test_eval_prints_the_figures(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "eval")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()[:5]]
    assert names == ["hit@1", "hit@3", "speaker@1", "abstain_acc", "quote_chars_p50"]


def test_a_reader_that_goes_away_ends_it_quietly(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `parley timeline | head -1`: once the reader is gone, no traceback, and the status a
    # program stopped by SIGPIPE has
    run(capsys, "index")
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from parley.bot.cli import main; sys.exit(main(['timeline']))",
            ],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parent.parent,
            timeout=60,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, "")


def test_eval_probes_print_their_figures(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "eval", "--probes")
    lines = [line.split(" ") for line in out.splitlines()]
    figures = {words[0]: words[1] for words in lines if words[0].endswith("_same")}
    probed = {name: float(figures[name]) for name in ("reworded_same", "respelled_same")}
    assert code == 0 and all(0.0 <= value <= 1.0 for value in probed.values())


def test_timeline_json_shape_and_order(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", "--json", "--from", "2022-03", "--to", "2022-03-10")
    assert code == 0
    events = json.loads(out)["events"]
    assert events and [e["date"] for e in events] == sorted(e["date"] for e in events)
    # an event is in when any of its days is: a month or range may start earlier
    assert all(e["date"] <= "2022-03-10" for e in events)
    assert all(e["date"] >= "2022-03-01" for e in events if e["precision"] == "day")
    first = events[0]
    assert set(first) == {
        "date",
        "end_date",
        "precision",
        "planned",
        "estimated",
        "aside",
        "text",
        "expression",
        "people",
        "sources",
    }
    told = first["sources"][0]
    assert set(told) == {
        "id", "title", "published", "published_estimated", "written_in", "language_note",
        "translation", "paragraph", "text", "start", "end",
    }  # fmt: skip
    seed = next(s for s in load_seeds(project / "seeds") if s.id == told["id"])
    assert seed.text[told["start"] : told["end"]] == told["text"]  # each source's own words


def test_timeline_about_a_person_in_any_spelling(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "timeline", "--about", "Medinksy", "--json")
    events = json.loads(out)["events"]
    assert code == 0 and events
    assert all("Medinsky" in e["people"] for e in events)


def test_timeline_readable_lines(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", "--about", "Medinsky")
    assert code == 0
    lines = out.splitlines()
    assert lines and all(re.match(r"(?:c\. )?\d{4}-\d\d-\d\d", line) for line in lines)
    assert all("¶" in line for line in lines)


def test_timeline_cites_a_caption_as_one(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # seed 001's photo caption names its Saturday: an event, but in no body paragraph
    code, out, _ = run(capsys, "timeline", "--from", "2022-03-19", "--to", "2022-03-19")
    captions = [line for line in out.splitlines() if line.endswith(" caption")]
    assert code == 0 and len(captions) == 1 and "calling Saturday" in captions[0]
    code, out, _ = run(capsys, "timeline", "--from", "2022-03-19", "--to", "2022-03-19", "--json")
    told = [s for e in json.loads(out)["events"] for s in e["sources"] if s["paragraph"] is None]
    assert code == 0 and len(told) == 1 and "calling Saturday" in told[0]["text"]


@pytest.mark.parametrize("bound", ["2022-13", "yesterday", "3/4/2022"])
def test_bad_timeline_bounds_name_the_accepted_forms(
    project: Path, capsys: pytest.CaptureFixture[str], bound: str
) -> None:
    code, _, err = run(capsys, "timeline", "--from", bound)
    assert code == 1 and "YYYY-MM-DD" in err and len(err.strip().splitlines()) == 1


def test_sources_add_list_show_remove(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = Path(__file__).parent / "pages" / "article.html"
    code, out, _ = run(capsys, "sources", "add", str(page), "--author", "Desk")
    assert code == 0 and out.startswith("article: added; embedded ")
    code, out, _ = run(capsys, "sources", "list")
    assert code == 0 and len(out.splitlines()) == 6 and "2025-03-14" in out
    code, out, _ = run(capsys, "sources", "show", "article")
    assert "Geneva talks end without ceasefire deal" in out and "Desk" in out
    code, out, _ = run(capsys, "sources", "add", str(page), "--author", "Desk")
    assert "unchanged" in out
    code, out, _ = run(capsys, "ask", "Geneva prisoners of war Zaporizhzhia", "--json")
    assert any(p["source"]["id"] == "article" for p in json.loads(out)["passages"])
    code, out, _ = run(capsys, "sources", "remove", "article")
    assert code == 0 and "removed" in out
    code, out, _ = run(capsys, "ask", "Geneva prisoners of war Zaporizhzhia", "--json", "--k", "10")
    assert all(p["source"]["id"] != "article" for p in json.loads(out)["passages"])


@pytest.mark.parametrize(
    ("location", "says"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("file:///etc/passwd", "file://"),
        ("notes.pdf", "refused"),
    ],
)
def test_sources_add_refusals_are_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], location: str, says: str
) -> None:
    run(capsys, "index")
    code, out, err = run(capsys, "sources", "add", location, "--published", "2022-03-01")
    assert code == 1 and says in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "sources", "list")
    assert len(out.splitlines()) == 5  # the library is unchanged


def test_sources_add_without_a_date_asks_for_it_unless_its_file_name_begins_with_one(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = "Negotiators met again in Geneva and agreed to exchange prisoners.\n"
    note, dated = tmp_path / "note.txt", tmp_path / "2025-03-20_geneva.txt"
    note.write_text(text)
    dated.write_text(text.replace("Geneva", "Riyadh"))
    code, _, err = run(capsys, "sources", "add", str(note))
    assert code == 1 and "--published" in err  # no terminal to ask on: says how to give it
    code, out, _ = run(capsys, "sources", "add", str(note), "--published", "2025-03-20")
    assert code == 0 and "added" in out
    code, out, _ = run(capsys, "sources", "add", str(dated))  # dated by its name
    assert code == 0 and "added" in out
    code, out, _ = run(capsys, "sources", "list")
    assert "c. 2025-03-20 (estimated)" in out


def test_eval_attribution_scores_a_set_in_the_shared_format(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = project / "labelled"
    (folder / "articles").mkdir(parents=True)
    text = (
        '"We are ready to talk," Kremlin spokesman Dmitry Peskov said in Moscow on Monday.\n\n'
        "The White House said the envoy would travel to Geneva later in the week."
    )
    (folder / "articles" / "one.txt").write_text(text)
    (folder / "sources.toml").write_text('[[source]]\nfile = "one.txt"\npublished = 2025-06-02\n')
    statement = text.index('"We are'), text.index(" Kremlin")
    white_house = text.index("The White House"), len(text)
    rows = [
        {
            "source": "one",
            "start": statement[0],
            "end": statement[1],
            "speaker": "Peskov",
            "method": "named",
        },
        {
            "source": "one",
            "start": white_house[0],
            "end": white_house[1],
            "speaker": None,
            "method": "none:non-person-or-unnamed",
        },
    ]
    (folder / "gold.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    code, out, _ = run(capsys, "eval", "--attribution", str(folder))
    assert code == 0
    figures = dict(line.split() for line in out.splitlines()[:2])
    assert figures == {"attribution_precision": "1.00", "attribution_recall": "1.00"}
    assert "rule subject 1.00 of 1" in out  # each rule's precision, for its confidence

    # One half of a split: only its articles and their labels are scored.
    (folder / "articles" / "two.txt").write_text("Lavrov said the talks would go on.\n")
    with (folder / "sources.toml").open("a") as toml:
        toml.write('[[source]]\nfile = "two.txt"\npublished = 2025-06-03\n')
    split = folder / "split.json"
    split.write_text(json.dumps({"tuning": ["two"], "test": ["one"]}))
    args = ["eval", "--attribution", str(folder), "--split-file", str(split), "--split"]
    code, out, _ = run(capsys, *args, "test")
    assert code == 0 and "articles 1, named statements 1, sentences attributed 1" in out
    code, out, _ = run(capsys, *args, "tuning")  # one attribution, which no label backs
    assert code == 0 and out.startswith("attribution_precision 0.00\n")
    assert "named statements 0" in out
    split.write_text(json.dumps({"tuning": ["three"], "test": ["one"]}))
    code, _, err = run(capsys, *args, "tuning")
    assert code == 1 and "does not hold" in err


def test_eval_attribution_reads_a_library_folder_with_its_labels_kept_apart(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a library as admins add it (seeds format, no articles/ folder), labelled by offsets in
    # a file of its own: the repository keeps the labels, never the articles' text
    library = project / "library"
    library.mkdir()
    text = (
        "Foreign Minister Ana Ruiz met her counterpart in Ankara.\n\n"
        "She said the talks had been useful. Ruiz said a second round would follow."
    )
    (library / "talk.txt").write_text(text)
    (library / "sources.toml").write_text('[[source]]\nfile = "talk.txt"\npublished = 2025-06-02\n')
    pronoun = text.index("She said"), text.index(" Ruiz said")
    named = text.index("Ruiz said"), len(text)
    rows = [
        {"source": "talk", "start": pronoun[0], "end": pronoun[1], "speaker": "Ruiz",
         "method": "pronoun"},
        {"source": "talk", "start": named[0], "end": named[1], "speaker": "Ruiz",
         "method": "named"},
    ]  # fmt: skip
    gold = project / "talk-labels.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    code, out, _ = run(capsys, "eval", "--attribution", str(library), "--gold", str(gold))
    assert code == 0 and "articles 1, named statements 1" in out
    # "She said", resolved by the labeller, counts toward the second recall only
    assert "attribution_recall_resolved 1.00 (of the 2 statements" in out
    code, _, err = run(capsys, "eval", "--gold", str(gold))
    assert code == 1 and "--attribution" in err


def test_timeline_png_and_a_backwards_range(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    picture = project / "timeline.png"
    code, out, err = run(capsys, "timeline", "--from", "2022-03-01", "--png", str(picture))
    assert code == 0 and out and f"written to {picture}" in err
    with Image.open(picture) as image:
        image.verify()  # a whole PNG, not a truncated one
    with Image.open(picture) as image:
        assert image.format == "PNG" and image.width == 1100 and image.height > 300
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
        assert len(colours) > 20  # drawn on, not a blank page
    code, _, err = run(capsys, "timeline", "--from", "2022-03-20", "--to", "2022-03-01")
    assert code == 1 and "runs backwards" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("articles", "sample"),
    [
        ("", "talks"),  # the seeds' format: the articles beside their sources.toml
        ("articles", "polnear"),  # the shared format of ../shared/attribution/
    ],
)
def test_eval_timeline_scores_the_extractor_without_an_index(
    project: Path, capsys: pytest.CaptureFixture[str], articles: str, sample: str
) -> None:
    folder = project / "more"
    (folder / articles).mkdir(parents=True)
    text = "Envoys met in Geneva on Monday and agreed to meet again.\n\nIt rained.\n"
    (folder / articles / "one.txt").write_text(text)
    (folder / "sources.toml").write_text('[[source]]\nfile = "one.txt"\npublished = 2025-06-04\n')
    sets = project / "sets"
    sets.mkdir()
    (sets / "questions.jsonl").write_text("")
    end = text.index("\n")
    row = {"source": "one", "start": 0, "end": end, "events": [
        {"date": "2025-06-02", "precision": "day", "end_date": None, "planned": False,
         "evidence_span": {"start": 6, "end": 12}}
    ]}  # fmt: skip
    (sets / f"timeline-{sample}-tuning.jsonl").write_text(json.dumps(row) + "\n")
    code, out, _ = run(
        capsys, "eval", "--timeline", str(folder), "--questions", str(sets / "questions.jsonl")
    )
    assert code == 0 and out.startswith("events ") and "from 6 articles" in out
    figures = dict(line.split() for line in out.splitlines()[1:] if not line.startswith("miss"))
    assert figures == {
        f"timeline_{sample}_tuning_date_precision": "1.00",
        f"timeline_{sample}_tuning_event_precision": "1.00",
        f"timeline_{sample}_tuning_recall": "1.00",
        "timeline_year_only_but_finer": "0",
    }
    assert not (project / "data").exists()  # no index was built
