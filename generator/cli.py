"""The `showcase` command: build, serve and check the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .output import export
from .pipeline import Settings, build
from .problems import format_report, has_errors


def _project(args: argparse.Namespace) -> Path:
    return Path(args.project).resolve()


def cmd_check(args: argparse.Namespace) -> int:
    result = build(Settings.for_project(_project(args)))
    if result.problems:
        print(format_report(result.problems))
    else:
        print("检查通过：没有发现问题。")
    return 1 if has_errors(result.problems) else 0


def cmd_export(args: argparse.Namespace) -> int:
    result = build(Settings.for_project(_project(args)))
    if result.problems:
        print(format_report(result.problems))
    if not result.ok:
        return 1
    export(result.files, Path(args.folder))
    print(f"已导出 {len(result.files)} 个文件到 {args.folder}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .mkdocs_plugin import BuildFailed, build_site

    project = _project(args)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else None
    try:
        result = build_site(project / args.config, site_dir=site_dir, offline=args.offline)
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return 1
    stats = result.media
    print(f"照片：新处理 {stats.processed} 张，沿用缓存 {stats.reused} 张。")
    print(f"网站已生成：{site_dir or project / 'site'}")
    if args.offline:
        print("这是离线版：可以直接双击其中的 index.html 打开，或复制到 U 盘。")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .mkdocs_plugin import serve_site

    serve_site(_project(args) / args.config, dev_addr=args.addr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="showcase", description="党建品牌展示站生成器")
    parser.add_argument("--project", default=".", help="项目文件夹（默认当前文件夹）")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="生成网站到 site/")
    p_build.add_argument("--config", default="mkdocs.yml")
    p_build.add_argument("--site-dir", default=None, help="输出文件夹（默认 site/）")
    p_build.add_argument("--offline", action="store_true",
                         help="生成离线版：不用网站服务器，直接从文件夹或 U 盘打开（file://）也能浏览和搜索")
    p_build.set_defaults(func=cmd_build)
    p_serve = sub.add_parser("serve", help="本地预览，保存文件后自动刷新")
    p_serve.add_argument("--config", default="mkdocs.yml")
    p_serve.add_argument("--addr", default="127.0.0.1:8000")
    p_serve.set_defaults(func=cmd_serve)
    p_check = sub.add_parser("check", help="检查 content/ 里的所有内容")
    p_check.set_defaults(func=cmd_check)
    p_export = sub.add_parser("export", help="把生成的 Markdown 页面和照片写到一个文件夹（供检查）")
    p_export.add_argument("folder")
    p_export.set_defaults(func=cmd_export)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
