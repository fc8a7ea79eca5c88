"""mkdocs.yml checked the way content files are: a mistake is a Chinese problem at its line,
never MkDocs' traceback. `config_problems` reads the file as YAML (cheap, for `showcase
check`); `load` also lets MkDocs validate it, and says which setting it refused and where."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml

from generator.content.yamlsource import check_syntax, decode
from generator.problems import Problem, Severity, format_report, has_errors

_log = logging.getLogger("mkdocs.plugins.showcase")


class ConfigProblems(Exception):
    """mkdocs.yml cannot be used; `problems` say why, where and what to write."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(format_report(problems))
        self.problems = problems


def config_problems(config_file: Path, shown: str = "") -> list[Problem]:
    """What is wrong with mkdocs.yml as a YAML file (missing, encoding, typing slips, syntax)."""
    shown = shown or config_file.name
    try:
        raw = config_file.read_bytes()
    except FileNotFoundError:
        return [Problem(shown, code="config-missing",
                        message=f"找不到网站配置文件 {shown}。",
                        hint="在项目文件夹里运行命令，或从仓库里把 mkdocs.yml 复制回来。")]
    except OSError as error:
        return [Problem(shown, code="config-unreadable",
                        message=f"无法读取网站配置文件 {shown}（{error.strerror}）。",
                        hint="检查文件是否被其他程序占用，或是否有读取权限。")]
    text, problems = decode(raw, shown)
    if text is None:
        return problems
    root, problems = check_syntax(text, shown)
    if root is not None and not isinstance(root, yaml.MappingNode):
        problems.append(Problem(shown, 1, 1, code="config-not-mapping",
                                message=f"{shown} 的最外层应当是一行一个“设置: 值”。",
                                hint="从仓库里把原来的 mkdocs.yml 复制回来，再改要改的那一行。"))
    return problems


def _key_lines(config_file: Path) -> dict[str, tuple[int, int]]:
    """Line and column of each top-level setting of a readable mkdocs.yml."""
    root = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {str(key.value): (key.start_mark.line + 1, key.start_mark.column + 1)
            for key, _ in root.value if isinstance(key, yaml.ScalarNode)}


class _Refusals(logging.Handler):
    """The settings MkDocs refuses or doubts, as it logs them ("Config value 'x': why")."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.refused: list[tuple[str, str]] = []
        self.doubted: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if text.startswith("Config value '"):
            key, _, why = text[len("Config value '"):].partition("': ")
            found = self.refused if record.levelno >= logging.ERROR else self.doubted
            found.append((key, why))


def _setting_problem(shown: str, lines: dict[str, tuple[int, int]], key: str, why: str,
                     severity: Severity) -> Problem:
    from generator.adapter.options import chinese_config_error

    line, column = lines.get(key.split(".")[0], (1, 1))
    doubt = severity is Severity.WARNING
    if key == "plugins":  # the showcase plugin's own options explain themselves in Chinese
        return Problem(shown, line, column, severity=severity, code="config-refused",
                       message=f"{shown} 里的设置不对："
                               f"{chinese_config_error(f'Config value {key!r}: {why}')}",
                       hint="对照仓库里原来的 mkdocs.yml 改正；不确定时删掉这一项，用默认设置。")
    return Problem(shown, line, column, severity=severity, code="config-refused",
                   message=f"{shown} 里“{key}”这一项" + ("可能写错了" if doubt else "的设置不对")
                           + f"（MkDocs 的说明：{why}）。",
                   hint="对照仓库里原来的 mkdocs.yml 改正"
                        + ("；写错的设置名会被当作没写。" if doubt
                           else "；不确定时删掉这一项，用默认设置。"))


def load(config_file: Path, **overrides: Any) -> Any:
    """MkDocs' configuration from `config_file`, or ConfigProblems naming each mistake."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    shown = config_file.name
    problems = config_problems(config_file)
    if has_errors(problems):
        raise ConfigProblems(problems)
    refusals = _Refusals()
    logger = logging.getLogger("mkdocs.config")
    logger.addHandler(refusals)
    logger.propagate = False  # told below, in Chinese and at their lines
    try:
        loaded = load_config(str(config_file), **overrides)
    except (exceptions.Abort, exceptions.ConfigurationError) as error:
        lines = _key_lines(config_file)
        found = [_setting_problem(shown, lines, key, why, Severity.ERROR)
                 for key, why in refusals.refused]
        raise ConfigProblems(found or [Problem(
            shown, 1, 1, code="config-refused",
            message=f"{shown} 无法使用（MkDocs 的说明：{error}）。",
            hint="对照仓库里原来的 mkdocs.yml 改正。")]) from None
    finally:
        logger.removeHandler(refusals)
        logger.propagate = True
    if refusals.doubted:
        lines = _key_lines(config_file)
        for key, why in refusals.doubted:
            _log.warning(_setting_problem(shown, lines, key, why, Severity.WARNING).format())
    return loaded
