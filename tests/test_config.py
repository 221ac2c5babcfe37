from pathlib import Path

import pytest

from ormlint.api import Option
from ormlint.core.config import (
    Config,
    ConfigError,
    find_config,
    load_config,
    parse_table,
    with_overrides,
)
from ormlint.engine.registry import all_rules

SPECS = {"float-money": {"extra-money-names": Option(list, [], "more names")}}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    return path


def test_defaults_without_a_file():
    config = load_config(None, SPECS)
    assert config.select == ("ALL",)
    assert "tests/" in config.test_paths and "alembic/versions/" in config.migration_paths


def test_reads_every_key(tmp_path):
    path = write(tmp_path, """
[tool.ormlint]
select = ["ORM1", "float-money"]
ignore = ["ORM102"]
extend-select = ["ORM3"]
extend-exclude = ["legacy/"]
test-paths = ["qa/"]
per-file-ignores = { "scripts/*.py" = ["ORM502"] }
max-file-bytes = 1_000_000
max-file-tokens = 50_000

[tool.ormlint.float-money]
extra-money-names = ["premium"]
""")
    config = load_config(path, SPECS)
    assert config.select == ("ORM1", "float-money")
    assert config.ignore == ("ORM102",)
    assert config.extend_select == ("ORM3",)
    assert config.extend_exclude == ("legacy/",)
    assert config.test_paths == ("qa/",)
    assert config.per_file_ignores == (("scripts/*.py", ("ORM502",)),)
    assert (config.max_file_bytes, config.max_file_tokens) == (1_000_000, 50_000)
    assert config.options_for("float-money") == {"extra-money-names": ("premium",)}
    assert config.source == str(path)


def test_unknown_key_names_file_and_suggests(tmp_path):
    path = write(tmp_path, '[tool.ormlint]\nselct = ["ORM1"]\n')
    with pytest.raises(ConfigError) as err:
        load_config(path, SPECS)
    message = str(err.value)
    assert str(path) in message and "selct" in message and "did you mean 'select'" in message


def test_bad_values_are_errors(tmp_path):
    with pytest.raises(ConfigError, match="select must be a list of strings"):
        load_config(write(tmp_path, "[tool.ormlint]\nselect = 3\n"), SPECS)
    with pytest.raises(ConfigError, match="unknown option"):
        load_config(write(tmp_path, "[tool.ormlint.float-money]\nmoney = []\n"), SPECS)
    with pytest.raises(ConfigError, match="must be a list of strings"):
        load_config(write(tmp_path, '[tool.ormlint.float-money]\nextra-money-names = "x"\n'.replace('"x"', "1")), SPECS)


@pytest.mark.parametrize("value", ["0", "-5", "true", '"10MB"', "1.5"])
def test_file_limits_must_be_positive_integers(tmp_path, value):
    with pytest.raises(ConfigError, match=r"\[tool.ormlint\] max-file-tokens must be a positive integer"):
        load_config(write(tmp_path, f"[tool.ormlint]\nmax-file-tokens = {value}\n"), SPECS)


def test_invalid_toml_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(write(tmp_path, "[tool.ormlint\n"), SPECS)


def test_find_config_walks_up_and_needs_the_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.ormlint]\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(nested) == tmp_path / "pyproject.toml"


def test_cli_overrides_replace_file_values():
    config = parse_table({"select": ["ORM1"]}, "pyproject.toml", SPECS)
    assert with_overrides(config, select=("ORM5",), ignore=None).select == ("ORM5",)
    assert with_overrides(config, select=None).select == ("ORM1",)


def test_digest_changes_with_configuration():
    assert Config().digest() != Config(select=("ORM1",)).digest()


def test_the_readmes_configuration_example_is_valid_and_shows_the_default_roles(tmp_path):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pyproject.toml").write_text(block.replace("# since", "since").replace("# all-", "all-"))
    config = load_config(tmp_path / "pyproject.toml", {rule.name: rule.options for rule in all_rules() if rule.options})
    defaults = Config()
    for key in ("test_paths", "test_settings_paths", "dev_data_paths", "script_paths", "example_paths",
                "migration_paths"):
        assert getattr(config, key) == getattr(defaults, key), key
    assert config.skip_roles == (("query-in-loop", ("migration",)), ("ORM6", ("test", "shipped-migration")))
    assert config.since == "origin/main" and config.all_migrations is True
