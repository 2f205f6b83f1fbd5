"""The README and the CLI agree: every command is documented, and the set-up commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from graph.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    return sorted(command.name or command.callback.__name__ for command in app.registered_commands)


def test_every_command_has_help_text() -> None:
    runner = CliRunner()
    for name in command_names():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        command = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)
        assert (command.help or (command.callback.__doc__ or "")).strip(), f"{name} has no help text"


def test_every_command_appears_in_the_readme() -> None:
    missing = [name for name in command_names() if not re.search(rf"aftalegraf {name}\b", README)]
    assert not missing, f"commands not shown in README.md: {missing}"


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_the_second() -> None:
    blocks = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    build, tests = blocks[0].strip(), blocks[1].strip()
    assert build.endswith("aftalegraf build"), build
    assert "pytest" in tests, tests
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
