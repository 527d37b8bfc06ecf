"""A few checks with the real model on the seed library (seconds, not milliseconds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.evaluation import contains_evidence
from index.library import Library
from index.settings import Settings, load_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    data = tmp_path_factory.mktemp("data")
    settings: Settings = load_settings(environ={"PARLEY_DATA": str(data)})
    library = Library(settings)
    library.build()
    return library


def test_istanbul_duration_comes_first(real_library: Library) -> None:
    answer = real_library.ask("How long did the talks in Istanbul last?")
    assert contains_evidence(answer.quotes[0].passage.text, ["three and a half hours"])
    assert answer.quotes[0].source.id == "002_d9caad12be1a3fe4"


def test_scores_are_in_rank_order(real_library: Library) -> None:
    answer = real_library.ask("How many drones did Russia launch?", k=5)
    scores = [q.score for q in answer.quotes]
    assert len(scores) == 5 and scores == sorted(scores, reverse=True)
    assert any("472 drones" in quote.passage.text for quote in answer.quotes)


def test_parley_ask_command_end_to_end(tmp_path: Path) -> None:
    env = {**os.environ, "PARLEY_DATA": str(tmp_path / "data")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "ask",
            "What did Medinsky say about neutrality?",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert len(answer["passages"]) == 3
    assert "Embedding passages" in result.stderr and str(tmp_path / "data") in result.stderr


def test_flagship_question_quotes_medinsky_on_neutrality(real_library: Library) -> None:
    answer = real_library.ask("What did Medinsky say about neutrality?")
    first = answer.quotes[0]
    assert first.passage.speaker == "Medinsky"
    assert contains_evidence(
        first.passage.text,
        [
            "Austrian or Swedish version of a neutral",
            '"halfway there" in regard to Ukraine\'s neutral',
        ],
    )
    assert first.passage.speaker_role


def test_a_misspelled_name_finds_the_person(real_library: Library) -> None:
    answer = real_library.ask("What did Zelenskiy say about joining NATO?")
    assert answer.quotes and answer.quotes[0].passage.speaker == "Zelensky"


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "What did Medinsky say about the Eurovision Song Contest?",
        "How do I bake bread?",
    ],
)
def test_out_of_scope_questions_abstain(real_library: Library, question: str) -> None:
    answer = real_library.ask(question)
    assert answer.abstained and answer.quotes == ()
    assert answer.to_dict()["passages"] == []
