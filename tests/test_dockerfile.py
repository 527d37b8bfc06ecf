"""The Dockerfile builds: its steps are scripts/install's, and they run as a non-root user."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests import dockerfile_steps

REPO = Path(__file__).resolve().parent.parent
DOCKERFILE = (REPO / "Dockerfile").read_text()
needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="switching to the build user needs root, as the engine has"
)


def test_the_image_installs_with_scripts_install_and_nothing_else():
    runs = [s.argument for s in dockerfile_steps.steps(DOCKERFILE) if s.keyword == "RUN"]
    assert any("scripts/install" in command for command in runs)
    # Any pip of its own would drift from the pins scripts/install applies.
    assert not any("pip " in command for command in runs)


def test_torch_comes_from_a_cpu_index_by_default_and_reaches_scripts_install():
    args = {
        name: default
        for name, _, default in (
            s.argument.partition("=")
            for s in dockerfile_steps.steps(DOCKERFILE)
            if s.keyword == "ARG"
        )
    }
    assert args["TORCH_INDEX_URL"].endswith("/cpu")
    assert "TORCH_INDEX_URL" in (REPO / "scripts" / "install").read_text()


def test_directories_the_user_writes_are_made_and_handed_over_before_user():
    keywords = [s.keyword for s in dockerfile_steps.steps(DOCKERFILE)]
    before_user = dockerfile_steps.steps(DOCKERFILE)[: keywords.index("USER")]
    root_commands = " ".join(s.argument for s in before_user if s.keyword == "RUN")
    assert "mkdir -p /app /data" in root_commands
    assert "chown parley:parley /app /data" in root_commands


def test_the_venv_and_data_stay_out_of_the_build_context():
    ignored = (REPO / ".dockerignore").read_text().split()
    assert {".venv", "data", ".git"} <= set(ignored)


@needs_root
def test_the_runner_fails_the_old_order_a_user_cannot_create_data(tmp_path):
    # The Dockerfile as it was: `USER parley` before `mkdir -p /data`. If this passed, the
    # real run below would prove nothing.
    old = "FROM python:3.11-slim\nRUN useradd --uid 1000 parley\nUSER parley\nRUN mkdir -p /data\n"
    root = Path(tempfile.mkdtemp(prefix="parley-image-"))
    try:
        build = dockerfile_steps.run(old, tmp_path, root)
        assert build.failed is not None and build.failed.argument == "mkdir -p /data"
        assert "Permission denied" in build.output
    finally:
        subprocess.run(["rm", "-rf", str(root)], check=False)


@pytest.mark.slow
@needs_root
def test_the_dockerfile_steps_build_an_image_that_answers():
    # /tmp, not tmp_path: pytest's directory is root-only, and the build user must enter it.
    root = Path(tempfile.mkdtemp(prefix="parley-image-"))
    try:
        # No network to PyTorch's index here; pip's own indexes hold the CPU wheel, which is
        # exactly the documented `--build-arg TORCH_INDEX_URL=`.
        build = dockerfile_steps.run(DOCKERFILE, REPO, root, {"TORCH_INDEX_URL": ""})
        assert build.failed is None, build.output[-3000:]
        current = build.path("/data") / "index" / "CURRENT"
        assert current.exists() and current.stat().st_uid == dockerfile_steps.BUILD_UID
        parley = build.path("/app") / ".venv" / "bin" / "parley"
        answer = subprocess.run(
            [
                "setpriv",
                f"--reuid={dockerfile_steps.BUILD_UID}",
                f"--regid={dockerfile_steps.BUILD_UID}",
                "--clear-groups",
                str(parley),
                "ask",
                "What did Medinsky say?",
                "--json",
            ],
            env=build.env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert answer.returncode == 0, answer.stderr
        assert json.loads(answer.stdout)["passages"]
    finally:
        subprocess.run(["rm", "-rf", str(root)], check=False)
