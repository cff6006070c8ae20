"""Every setting and every command is documented (a habit borrowed from Datasette)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "tipnet"


def test_every_environment_variable_is_documented():
    used = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', path.read_text()))
        used |= set(re.findall(r'_secret\("([A-Z_]+)"\)', path.read_text()))
    documented = (ROOT / "docs" / "configuration.md").read_text()
    assert used, "no settings found: the pattern is stale"
    missing = sorted(v for v in used if f"`{v}`" not in documented)
    assert not missing, f"undocumented settings: {missing}"


def test_every_management_command_is_documented():
    commands = {p.stem for p in SRC.glob("*/management/commands/*.py")
                if not p.stem.startswith("_")}
    documented = (ROOT / "docs" / "commands.md").read_text()
    assert commands
    missing = sorted(c for c in commands if f"tipnet {c}" not in documented)
    assert not missing, f"undocumented commands: {missing}"
