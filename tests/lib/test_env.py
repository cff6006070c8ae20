import pytest

from tipnet.lib.env import ConfigError, env_bool, env_int, env_list, env_str


def test_env_helpers_parse_and_fail_fast(monkeypatch):
    monkeypatch.setenv("T_BOOL", "yes")
    monkeypatch.setenv("T_INT", "42")
    monkeypatch.setenv("T_LIST", "a, b,,c")
    assert env_bool("T_BOOL") is True
    assert env_int("T_INT", 1) == 42
    assert env_list("T_LIST") == ["a", "b", "c"]
    monkeypatch.setenv("T_BOOL", "maybe")
    with pytest.raises(ConfigError, match="T_BOOL"):
        env_bool("T_BOOL")
    monkeypatch.setenv("T_INT", "ten")
    with pytest.raises(ConfigError, match="T_INT"):
        env_int("T_INT", 1)
    monkeypatch.setenv("T_INT2", "0")
    with pytest.raises(ConfigError, match="minimum"):
        env_int("T_INT2", 5, minimum=1)
    with pytest.raises(ConfigError, match="T_MISSING must be set"):
        env_str("T_MISSING")
