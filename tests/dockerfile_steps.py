"""Run a Dockerfile's steps on this machine, without a Docker engine.

No engine runs here, so the image build is proved by doing what the engine would: the same
RUN commands, in order, with the same environment, as root until `USER` and as an unprivileged
user after it, inside a temporary directory that stands in for the image's filesystem. The
absolute paths the Dockerfile names (`/app`, `/data`) are rewritten under that directory.
What this cannot prove is the base image itself; the machine's Python stands in for it.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

# uid/gid the unprivileged steps run as: the Dockerfile's `useradd --uid 1000`.
BUILD_UID = 1000

# Without /root on PATH: the build user cannot enter /root, as in a real image.
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


@dataclass(frozen=True)
class Step:
    keyword: str
    argument: str


def steps(dockerfile: str) -> list[Step]:
    """The instructions in order, continuation lines joined, comments dropped."""
    found: list[Step] = []
    pending = ""
    for line in dockerfile.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = pending + stripped
        pending = ""
        keyword, _, argument = whole.partition(" ")
        found.append(Step(keyword.upper(), argument.strip()))
    return found


@dataclass
class Build:
    """The outcome of running the steps: where the image's files went, and what failed."""

    root: Path
    env: dict[str, str] = field(default_factory=dict)
    failed: Step | None = None
    output: str = ""

    def path(self, image_path: str) -> Path:
        return self.root / image_path.lstrip("/")


def run(
    dockerfile: str, context: Path, root: Path, build_args: dict[str, str] | None = None
) -> Build:
    """Run `dockerfile`'s steps with `context` as the build context, into `root`."""
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)
    build = Build(root)
    home = root / "home" / "builder"
    home.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        os.chown(home, BUILD_UID, BUILD_UID)
    args = dict(build_args or {})
    build.env = {"PATH": SYSTEM_PATH, "HOME": str(home)}
    build.env.update({k: v for k, v in os.environ.items() if k.startswith("PIP_")})
    workdir = root
    user: str | None = None

    def mapped(text: str) -> str:
        return re.sub(r"(?<![\w./:-])/(app|data)\b", lambda m: str(build.path(m.group(0))), text)

    for step in steps(dockerfile):
        if step.keyword == "ARG":
            name, _, default = step.argument.partition("=")
            args.setdefault(name, default)
        elif step.keyword == "ENV":
            for pair in shlex.split(_expand(step.argument, build.env)):
                name, _, value = pair.partition("=")
                build.env[name] = mapped(value)
        elif step.keyword == "WORKDIR":
            workdir = Path(mapped(step.argument))
            workdir.mkdir(parents=True, exist_ok=True)
        elif step.keyword == "COPY":
            _copy(step.argument, context, Path(mapped(step.argument.split()[-1])))
        elif step.keyword == "USER":
            user = step.argument
        elif step.keyword == "RUN":
            result = _run_command(mapped(step.argument), workdir, {**args, **build.env}, user)
            build.output += result.stdout
            if result.returncode != 0:
                build.failed = step
                return build
    return build


def _expand(text: str, env: dict[str, str]) -> str:
    return re.sub(r"\$\{(\w+)\}", lambda m: env.get(m.group(1), ""), text)


def _copy(argument: str, context: Path, destination: Path) -> None:
    """COPY [--chown=...] . DEST, leaving out what .dockerignore names."""
    ignore_file = context / ".dockerignore"
    patterns = ignore_file.read_text().split() if ignore_file.exists() else []

    def ignored(directory: str, names: list[str]) -> set[str]:
        relative = Path(directory).relative_to(context)
        return {
            name
            for name in names
            for pattern in patterns
            if fnmatch.fnmatch(str(relative / name), pattern.removeprefix("**/"))
            or fnmatch.fnmatch(name, pattern.removeprefix("**/"))
        }

    shutil.copytree(context, destination, ignore=ignored, dirs_exist_ok=True, symlinks=True)
    if "--chown=" in argument and os.geteuid() == 0:
        for path in [destination, *destination.rglob("*")]:
            os.lchown(path, BUILD_UID, BUILD_UID)


def _run_command(
    command: str, workdir: Path, env: dict[str, str], user: str | None
) -> subprocess.CompletedProcess[str]:
    if user is None:
        # The root steps may make the build user and hand it files by name; here that user is
        # BUILD_UID, which needs no account on this machine.
        prelude = (
            "useradd() { :; }\n"
            f'chown() {{ command chown "${{@//parley:parley/{BUILD_UID}:{BUILD_UID}}}"; }}\n'
        )
        argv = ["bash", "-c", prelude + command]
    else:
        argv = ["bash", "-c", command]
        if os.geteuid() == 0:
            argv = [
                "setpriv",
                f"--reuid={BUILD_UID}",
                f"--regid={BUILD_UID}",
                "--clear-groups",
                *argv,
            ]
    return subprocess.run(
        argv,
        cwd=workdir,
        env=env,
        capture_output=False,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
