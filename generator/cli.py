"""The `showcase` command: build, serve and check the site; scaffold items and schemas."""

from __future__ import annotations

import argparse
import errno
import gc
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from generator.media.stage import DamagedPhoto
from generator.output import export
from generator.pipeline import Settings, build, check
from generator.problems import format_report, has_errors, terminal_safe


def _project(args: argparse.Namespace) -> Path:
    return Path(args.project).resolve()


def cmd_check(args: argparse.Namespace) -> int:
    """Content, references and photo files, without rendering a page or a photo: the answer
    in seconds even when hundreds of photos are new (`showcase build` checks them all again
    as it processes them)."""
    from generator.adapter.config import config_problems
    from generator.adapter.plugin import BuildFailed, settings_from_config

    project = _project(args)
    config = project / "mkdocs.yml"
    problems = config_problems(config) if config.exists() else []
    if has_errors(problems):
        print(format_report(problems))
        return 1
    try:  # the folders and image settings mkdocs.yml gives, as a build would use them
        settings = settings_from_config(config) if config.is_file() else Settings.for_project(
            project)
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return 1
    problems += check(settings, photos=True).problems
    if problems:
        print(format_report(problems))
    else:
        print("检查通过：没有发现问题。")
    return 1 if has_errors(problems) else 0


def cmd_export(args: argparse.Namespace) -> int:
    result = build(Settings.for_project(_project(args)))
    if result.problems:
        print(format_report(result.problems))
    if not result.ok:
        return 1
    try:
        export(result.files, Path(args.folder), result.source)
    except DamagedPhoto as error:  # a photo changed while the export read it
        print(format_report([error.problem]))
        return 1
    print(f"已导出 {len(result.files)} 个文件到 {args.folder}")
    return 0


def _engine(args: argparse.Namespace) -> bool:
    """Start the site engine asked for (MkDocs or ProperDocs) before the adapter imports it."""
    from generator.adapter import engine

    try:
        engine.use(getattr(args, "engine", None))
    except engine.EngineMissing as error:
        print(f"错误: {error}", file=sys.stderr)
        return False
    return True


def _add_engine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=["mkdocs", "properdocs"], default=None,
                        help="用哪个引擎生成网站：mkdocs（默认，装了它时）或 properdocs")


def cmd_build(args: argparse.Namespace) -> int:
    if not _engine(args):
        return 1
    from generator.adapter.plugin import BuildFailed, build_site, failure_message

    project = _project(args)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else None
    try:
        result = build_site(project / args.config, site_dir=site_dir, offline=args.offline)
    except BuildFailed as error:
        print(failure_message(error), file=sys.stderr)
        return 1
    stats = result.media
    print(f"照片：新处理 {stats.processed} 张，沿用缓存 {stats.reused} 张。")
    # pages converted by MkDocs, and pages whose HTML came from an earlier build unchanged
    print(f"页面：新生成 {result.pages.built} 页，沿用上次生成的 {result.pages.reused} 页。")
    print(f"网站已生成：{site_dir or project / 'site'}")
    if args.offline:
        print("这是离线版：可以直接双击其中的 index.html 打开，或复制到 U 盘。")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    if not _engine(args):
        return 1
    from generator.adapter.plugin import BuildFailed, failure_message, serve_site

    try:
        serve_site(_project(args) / args.config, dev_addr=args.addr)
    except BuildFailed as error:
        print(failure_message(error), file=sys.stderr)
        return 1
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        print(f"错误: {args.addr} 已经被别的程序占用（也许是另一个正在运行的预览）。 提示: 关掉它，"
              "或换一个端口：showcase serve --addr 127.0.0.1:8001", file=sys.stderr)
        return 1
    return 0


SITE_WORDS = {"site", "站点", "本站", "网站"}  # `showcase new site 青山镇`: content/site.yaml


def cmd_new(args: argparse.Namespace) -> int:
    """`showcase new village 东山村`: a commented skeleton; never overwrites a file."""
    from generator.editor.scaffold import (
        collection_choices,
        create,
        create_site,
        find_collection,
        item_name,
        name_problem,
    )

    project = _project(args)
    name = item_name(args.name)
    site = args.collection.strip().lower() in SITE_WORDS
    collection = None if site else find_collection(args.collection)
    if collection is None and not site:
        print(f"错误: 不认识“{args.collection}”。可以新建：{collection_choices()}；"
              "或 site（本站信息 content/site.yaml）。", file=sys.stderr)
        return 1
    problem = name_problem(name)
    if problem:
        print(f"错误: {problem}", file=sys.stderr)
        return 1
    try:
        if collection is None:
            path = create_site(name, project / "content", project)
        else:
            path = create(collection, name, project / "content", project)
    except FileExistsError as error:
        shown = Path(str(error)).relative_to(project).as_posix()
        print(f"错误: {shown} 已经存在，没有覆盖它。 提示: 直接打开它修改，或换一个名称。",
              file=sys.stderr)
        return 1
    photos = f"assets/{collection.folder}/{name}/" if collection else "assets/site/"
    print(f"已新建 {path.relative_to(project).as_posix()}：打开它填写内容，"
          f"照片放到 {photos} 里；写好后运行 showcase check 检查。")
    return 0


def _add_new(sub: argparse._SubParsersAction) -> None:
    p_new = sub.add_parser(
        "new", help="新建一项内容（带中文说明的模板），例如：showcase new village 东山村")
    p_new.add_argument("collection",
                       help="类别：village、industry、scenic、base、route、event、stay，"
                            "或 site（本站信息 content/site.yaml）")
    p_new.add_argument("name", help="名称，也是文件名，例如 东山村")
    p_new.set_defaults(func=cmd_new)


def cmd_init(args: argparse.Namespace) -> int:
    """`showcase init 青山镇 [文件夹]`: a new project, with no sample content."""
    from generator.editor.project import init
    from generator.editor.scaffold import item_name

    name = item_name(args.name)
    if not name:
        print("错误: 名称不能是空的。 提示: 写本站运营单位的名称，例如 showcase init 青山镇",
              file=sys.stderr)
        return 1
    root = Path(args.folder).resolve() if args.folder else _project(args)
    try:
        written = init(name, root)
    except FileExistsError as error:
        taken = "、".join(error.args[0])
        print(f"错误: {root} 里已经有 {taken}，什么也没有写。 提示: 这里已经是一个展示站项目了；"
              "新项目请换一个空文件夹，例如 showcase init 青山镇 新文件夹名。", file=sys.stderr)
        return 1
    go = f"先进入这个文件夹（cd {args.folder}），再" if args.folder else ""
    print(f"已在 {root} 新建{name}的展示站（{len(written)} 个文件），还没有任何内容：\n"
          "  content/site.yaml  本站信息：先打开它，写上党建品牌、简介、联系方式和页脚备案号\n"
          "  content/villages/ 等  每个村、景区、基地、线路、活动、民宿一个文件\n"
          "  assets/  照片\n"
          "  README.md  写给维护网站的同志：常用命令和每个文件夹的用处\n"
          f"下一步：{go}运行 showcase new village 村名 新增一个村，"
          "showcase serve 预览，showcase build 生成网站。")
    return 0


def _add_init(sub: argparse._SubParsersAction) -> None:
    p_init = sub.add_parser(
        "init", help="新建一个展示站项目（没有示例内容，马上就能生成），例如：showcase init 青山镇")
    p_init.add_argument("name", help="本站运营单位（镇、县）的名称，例如 青山镇")
    p_init.add_argument("folder", nargs="?", default=None,
                        help="项目文件夹（默认当前文件夹；不存在时新建）")
    p_init.set_defaults(func=cmd_init)


def cmd_schema(args: argparse.Namespace) -> int:
    """`showcase schema`: JSON Schema files for editors, from the content model."""
    from generator.editor.schema import SCHEMA_FOLDER, write_schemas

    project = _project(args)
    folder = Path(args.folder) if args.folder else project / SCHEMA_FOLDER
    written = write_schemas(folder.resolve())
    print(f"已写好 {len(written)} 个字段说明文件到 {folder}（VS Code 的 YAML 插件用它们补全字段、"
          "标出写错的地方）。")
    return 0


def _add_schema(sub: argparse._SubParsersAction) -> None:
    p_schema = sub.add_parser("schema", help="生成编辑器用的字段说明（JSON Schema）到 schemas/")
    p_schema.add_argument("--folder", default=None, help="输出文件夹（默认 schemas/）")
    p_schema.set_defaults(func=cmd_schema)


class _SafeStream:
    """A text stream that shows control characters and direction overrides from content as
    escapes (`problems.terminal_safe`), whoever prints: this command, MkDocs or its logging."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _tolerant_output() -> None:
    """A Windows console or pipe in a legacy code page cannot show every character a file may
    contain: show a "?" rather than fail with a traceback. Nothing printed can steer the
    terminal."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    if not isinstance(sys.stdout, _SafeStream):
        sys.stdout = _SafeStream(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, _SafeStream):
        sys.stderr = _SafeStream(sys.stderr)  # type: ignore[assignment]


# ---- showcase qr -------------------------------------------------------------------


def cmd_qr(args: argparse.Namespace) -> int:
    """Write the QR code of every page to DIR/<collection>/<slug>.svg|png."""
    if not _engine(args):
        return 1
    from generator.adapter.plugin import BuildFailed, failure_message, settings_from_config
    from generator.pages import qr

    project = _project(args)
    try:
        settings = settings_from_config(project / args.config)
    except BuildFailed as error:
        print(failure_message(error), file=sys.stderr)
        return 1
    if not settings.site_url:
        print(f"没有生成二维码：{args.config} 里没有设置 site_url（本站的正式网址）。\n"
              f"请在 {args.config} 里加一行，例如“site_url: https://dangjian.example.gov.cn/”，"
              "写本站上线后的真实网址，再运行 showcase qr。", file=sys.stderr)
        return 1
    result = check(settings)
    if result.site is None or has_errors(result.problems):
        print(format_report(result.problems), file=sys.stderr)
        return 1
    codes = qr.index(result.site, settings.site_url, settings.directory_urls)
    out = Path(args.out)
    every = [c for c in [codes.home, *codes.codes] if c is not None]
    for code in every:
        target = out / f"{code.name}.{args.format}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if args.format == "png":
            target.write_bytes(qr.make_png(code.url))
        else:
            target.write_text(code.svg(), encoding="utf-8")
    print(f"已写出 {len(every)} 个二维码到 {out}（网址以 {settings.site_url} 开头）")
    return 0


def add_qr_command(sub: argparse._SubParsersAction) -> None:
    p_qr = sub.add_parser("qr", help="把每个页面的二维码写成文件（需要 mkdocs.yml 里的 site_url）")
    p_qr.add_argument("--config", default="mkdocs.yml")
    p_qr.add_argument("--format", choices=["svg", "png"], default="svg",
                      help="svg（默认，印刷不失真）或 png")
    p_qr.add_argument("--out", default="qr", help="输出文件夹（默认 qr/）")
    p_qr.set_defaults(func=cmd_qr)


def main(argv: list[str] | None = None) -> int:
    _tolerant_output()
    parser = argparse.ArgumentParser(prog="showcase", description="党建品牌展示站生成器")
    parser.add_argument("--project", default=".", help="项目文件夹（默认当前文件夹）")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="生成网站到 site/")
    p_build.add_argument("--config", default="mkdocs.yml")
    p_build.add_argument("--site-dir", default=None, help="输出文件夹（默认 site/）")
    p_build.add_argument("--offline", action="store_true",
                         help="生成离线版：不用网站服务器，直接从文件夹或 U 盘打开（file://）也能浏览和搜索")
    _add_engine(p_build)
    p_build.set_defaults(func=cmd_build)
    p_serve = sub.add_parser("serve", help="本地预览，保存文件后自动刷新")
    p_serve.add_argument("--config", default="mkdocs.yml")
    p_serve.add_argument("--addr", default="127.0.0.1:8000")
    _add_engine(p_serve)
    p_serve.set_defaults(func=cmd_serve)
    p_check = sub.add_parser("check", help="检查 content/ 里的所有内容")
    p_check.set_defaults(func=cmd_check)
    p_export = sub.add_parser("export", help="把生成的 Markdown 页面和照片写到一个文件夹（供检查）")
    p_export.add_argument("folder")
    p_export.set_defaults(func=cmd_export)
    _add_init(sub)
    _add_new(sub)
    _add_schema(sub)
    add_qr_command(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


def run() -> None:
    """The `showcase` command. What it made is left to the system as the process ends: the
    collector would otherwise look at its millions of objects again while the interpreter
    shuts down, a fifth of a warm build's time at a thousand villages (benchmarks/README.md)."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
