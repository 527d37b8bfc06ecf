"""What a member sees can be cited: estimated dates and translations said, one id everywhere,
quotes shown clean while `--json` keeps the exact text, and a command line without rough edges."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from parley.bot import render
from parley.bot.terminal import in_quotation_marks, source_line
from parley.index.answers import Quote
from parley.index.attribution.roles import _role_phrase
from parley.index.ingest.drafts import source_id_for
from parley.index.settings import PROJECT_ROOT
from parley.index.text.passages import Passage
from parley.index.text.sources import Source, dated, load_seeds, translated_from

from .conftest import run

TALKS = PROJECT_ROOT.parent / "shared" / "library" / "talks"
TRANSLATED = "002_d9caad12be1a3fe4"  # estimated date, machine translation from Japanese


def test_estimated_dates_and_translations_read_as_such() -> None:
    assert dated(None, False) == "date unknown"
    assert dated(dt.date(2022, 3, 29), True) == "c. 2022-03-29 (estimated)"
    assert translated_from("machine translation (from Japanese)") == (
        "machine translation from Japanese"
    )
    assert translated_from("English original") is None
    assert translated_from("English") is None


def test_an_article_named_for_its_day_is_dated_by_it_where_nothing_else_dates_it(
    tmp_path: Path,
) -> None:
    text = "Negotiators met again in Geneva and agreed to exchange prisoners.\n"
    for name in ("2022-03-30_talks.txt", "2022-03-31_listed.txt", "2022-13-40_x.txt", "t.txt"):
        (tmp_path / name).write_text(text)
    (tmp_path / "sources.toml").write_text(
        '[[source]]\nfile = "2022-03-31_listed.txt"\npublished = 2022-04-02\n'
    )
    found = {s.id: (s.published, s.published_estimated) for s in load_seeds(tmp_path)}
    assert found == {
        "2022-03-30_talks": (dt.date(2022, 3, 30), True),  # the saver's word: estimated
        "2022-03-31_listed": (dt.date(2022, 4, 2), False),  # the metadata knows better
        "2022-13-40_x": (None, False),  # no such day
        "t": (None, False),
    }


def test_answers_say_estimated_and_translated_in_text_and_json(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "ask", "What did Shoigu say about the Donbas?", "--json")
    passages = json.loads(out)["passages"]
    translated = [p for p in passages if p["source"]["id"] == TRANSLATED]
    assert translated, "the question is about a passage of the translated seed"
    meta = translated[0]["source"]
    assert meta["published"] == "2022-03-30" and meta["published_estimated"] is True
    assert meta["translation"] == "machine translation from Japanese"
    assert meta["language_note"] == "machine translation (from Japanese)"

    _, text, _ = run(capsys, "ask", "What did Shoigu say about the Donbas?")
    line = next(line for line in text.splitlines() if line.strip().startswith(TRANSLATED))
    assert "c. 2022-03-30 (estimated)" in line and "machine translation from Japanese" in line


def test_a_dated_original_is_shown_plainly() -> None:
    source = next(s for s in load_seeds(PROJECT_ROOT / "seeds") if s.id.startswith("001_"))
    line = source_line(_quote(source))
    assert "2022-03-21" in line and "estimated" not in line and "translation" not in line


def test_the_bot_shows_the_same_date_and_translation() -> None:
    source = next(s for s in load_seeds(PROJECT_ROOT / "seeds") if s.id == TRANSLATED)
    block = render.quote_block(_quote(source))
    assert "c. 2022-03-30 (estimated)" in block and "machine translation from Japanese" in block
    embed = render.source_embed(source, 10, [], "").to_dict()
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert fields["Published"] == "c. 2022-03-30 (estimated)"
    assert fields["Language"] == "machine translation from Japanese"


def test_timeline_entries_carry_the_estimate(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "timeline", "--json")
    sources = [s for event in json.loads(out)["events"] for s in event["sources"]]
    translated = [s for s in sources if s["id"] == TRANSLATED]
    assert translated and all(s["published_estimated"] for s in translated)
    assert all(s["language_note"] for s in translated)
    # a day worked out from an estimated publication date ("on Tuesday") is estimated too
    relative = [e for e in json.loads(out)["events"] if e["sources"][0]["id"] == TRANSLATED]
    assert any(e["estimated"] for e in relative)
    assert all(not e["estimated"] for e in json.loads(out)["events"]
               if not any(s["published_estimated"] for s in e["sources"]))  # fmt: skip
    _, text, _ = run(capsys, "timeline")
    lines = [line for line in text.splitlines() if TRANSLATED in line]
    assert lines and all("machine translation from Japanese" in line for line in lines)
    assert any(line.startswith("c. 2022-03-") and "(estimated)" in line for line in lines)


def test_an_untitled_source_has_one_id_in_every_form_shown(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    untitled = "000_cd1059603c919596"
    code, listing, _ = run(capsys, "sources", "list")
    assert code == 0 and untitled in listing and f"{untitled}.txt" not in listing
    for typed in (untitled, f"{untitled}.txt", f"  {untitled}  "):
        code, out, err = run(capsys, "sources", "show", typed)
        assert code == 0, err
        assert re.search(rf"id: {untitled}$", out, re.MULTILINE)
    code, _, err = run(capsys, "sources", "show", "000_nothing")
    assert code == 1 and "no source '000_nothing'" in err and "sources list" in err


def test_sources_show_sets_the_heading_apart_from_the_body(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "sources", "show", "003_1e75131f4e34b38f")
    blocks = [b for b in out.split("\n\n")[1:] if b.strip()]
    assert len(blocks) >= 2, "headline and body are separate blocks"
    assert blocks[0].endswith("[not quoted: heading or caption]")
    assert "[not quoted" not in blocks[-1]
    assert "published: c. 2025-06-03 (estimated)" in out


def test_sources_list_columns_line_up_whatever_the_id_length(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = project / "a-much-longer-file-name-than-the-seeds-have.txt"
    article.write_text("Talks\n\nThe delegations met again on Monday, an official said.\n")
    code, _, err = run(capsys, "sources", "add", str(article), "--published", "2022-03-01")
    assert code == 0, err
    _, out, _ = run(capsys, "sources", "list")
    rows = out.splitlines()
    assert len(rows) == 6
    # the passage count column ends at the same place on every row
    ends = {re.search(r"\d+ passages?", row).end() for row in rows}  # type: ignore[union-attr]
    assert len(ends) == 1


def test_display_folds_white_space_and_never_doubles_marks() -> None:
    assert in_quotation_marks("Hopefully, the\n\n first attempts") == (
        "“Hopefully, the first attempts”"
    )
    # one quotation: its own marks are the only ones, curly whatever the article used
    assert in_quotation_marks("“We are ready to talk.”") == "“We are ready to talk.”"
    assert in_quotation_marks('"Enough."') == "“Enough.”"
    # a quotation inside the passage is nested in single marks, never shown doubled
    assert in_quotation_marks("“We are ready,” he said.") == "“‘We are ready,’ he said.”"
    assert in_quotation_marks('He called it "a step".') == "“He called it ‘a step’.”"
    assert in_quotation_marks("‘Hi,’ she said, ‘bye.’") == "“‘Hi,’ she said, ‘bye.’”"


def test_json_keeps_the_exact_text_while_the_terminal_folds_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = project / "broken.txt"
    broken.write_text(
        "Ceasefire talks\n\nThe negotiator said the sides had agreed on a corridor\nfor "
        "civilians, and that the next round would follow on Friday.\n"
    )
    run(capsys, "sources", "add", str(broken), "--published", "2022-03-05")
    _, out, _ = run(capsys, "ask", "corridor for civilians next round Friday", "--json")
    passage = next(p for p in json.loads(out)["passages"] if p["source"]["id"] == "broken")
    assert "\n" in passage["text"]  # exactly the article's characters
    _, text, _ = run(capsys, "ask", "corridor for civilians next round Friday")
    assert "corridor for civilians" in text  # folded onto one line


@pytest.mark.parametrize(
    ("phrase", "role"),
    [
        ("Deputy Minister of", "Deputy Minister"),
        ("the head of the delegation and", "head of the delegation"),
        ("Foreign Minister", "Foreign Minister"),
    ],
)
def test_a_role_cut_where_the_name_began_is_trimmed(phrase: str, role: str) -> None:
    assert _role_phrase(phrase) == role


def test_option_errors_read_as_sentences(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        run(capsys, "ask", "Istanbul", "--k", "abc")
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "parley ask: --k takes a whole number, 1 or more, not 'abc'; see `parley ask --help`"
    )
    assert "_positive" not in err


@pytest.mark.parametrize(
    "command",
    [
        ["index"],
        ["ask"],
        ["timeline"],
        ["eval"],
        ["serve"],
        ["sources"],
        ["sources", "add"],
        ["sources", "list"],
        ["sources", "show"],
        ["sources", "remove"],
    ],
)
def test_every_command_help_says_what_it_does_with_an_example(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        run(capsys, *command, "--help")
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out and "parley " + command[0] in out.split("example")[1]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(capsys, "--version")
    assert re.fullmatch(r"parley \d+\.\d+\.\d+\n", capsys.readouterr().out)


def test_the_progress_bar_has_no_stray_first_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, err = run(capsys, "index")
    frames = [frame for frame in re.split(r"[\r\n]", err) if frame.strip()]
    assert frames and all("Embedding passages" in frame for frame in frames)
    # A bar made before it knows its total draws "0passage [00:00, ?passage/s]": no percentage.
    assert all("%|" in frame for frame in frames), frames


def test_a_folder_with_its_sources_toml_is_added_in_one_command(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = project / "batch"
    folder.mkdir()
    for n in range(3):
        (folder / f"article-{n}.txt").write_text(
            f"Round {n}\n\nThe envoy Ostap Kravets{n} said the round {n} of talks was useful.\n"
        )
    (folder / "notes.txt").write_text("Title only\n")  # no passage: refused, batch goes on
    (folder / "sources.toml").write_text(
        "".join(
            f'[[source]]\nfile = "article-{n}.txt"\ntitle = "Round {n}"\n'
            f'outlet = "Example Wire"\npublished = 2022-03-0{n + 1}\n'
            for n in range(3)
        )
    )
    code, out, err = run(capsys, "sources", "add", str(folder))
    assert code == 0, err
    assert out.startswith("3 articles: 3 added, 0 replaced, 0 unchanged") and " s in all" in out
    assert "skipped: " in err and "notes.txt" in err
    _, shown, _ = run(capsys, "sources", "show", "article-1")
    assert "outlet: Example Wire" in shown and "published: 2022-03-02" in shown
    _, again, _ = run(capsys, "sources", "add", str(folder))
    assert again.startswith("3 articles: 0 added, 0 replaced, 3 unchanged")


@pytest.mark.skipif(not TALKS.is_dir(), reason="../shared/library/talks is not here")
def test_the_shared_library_adds_in_one_command_and_answers(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    talks = tmp_path / "talks"
    shutil.copytree(TALKS, talks)
    started = time.perf_counter()
    code, out, err = run(capsys, "sources", "add", str(talks))
    seconds = time.perf_counter() - started
    assert code == 0, err
    added = int(re.match(r"(\d+) articles: (\d+) added", out).group(2))  # type: ignore[union-attr]
    assert added >= 80, out
    assert seconds < 600
    _, listing, _ = run(capsys, "sources", "list")
    assert len(listing.splitlines()) == 5 + added
    _, answer, _ = run(capsys, "ask", "What did Peskov say about the talks?", "--json")
    quotes = json.loads(answer)["passages"]
    # from an article just added (some have no headline in their sources.toml)
    added_ids = {source_id_for(file=path.name) for path in talks.glob("*.txt")}
    assert quotes and quotes[0]["source"]["id"] in added_ids
    assert "Peskov" in (quotes[0]["speaker"] or "")


def _quote(source: Source) -> Quote:
    start = source.text.index(".") + 1
    passage = Passage(
        source_id=source.id, start=0, end=start, paragraph=1, text=source.text[:start]
    )
    return Quote(passage=passage, source=source, score=0.5)
