"""The `showcase` command: build, serve and check the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .output import export
from .pipeline import Settings, build, check
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
        build_site(project / args.config, site_dir=site_dir)
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return 1
    print(f"网站已生成：{site_dir or project / 'site'}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .mkdocs_plugin import serve_site

    serve_site(_project(args) / args.config, dev_addr=args.addr)
    return 0


# ---- showcase qr -------------------------------------------------------------------


def cmd_qr(args: argparse.Namespace) -> int:
    """Write the QR code of every page to DIR/<collection>/<slug>.svg|png."""
    from . import qr
    from .mkdocs_plugin import BuildFailed, settings_from_config

    project = _project(args)
    try:
        settings = settings_from_config(project / args.config)
    except BuildFailed as error:
        print(error, file=sys.stderr)
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
    parser = argparse.ArgumentParser(prog="showcase", description="党建品牌展示站生成器")
    parser.add_argument("--project", default=".", help="项目文件夹（默认当前文件夹）")
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="生成网站到 site/")
    p_build.add_argument("--config", default="mkdocs.yml")
    p_build.add_argument("--site-dir", default=None, help="输出文件夹（默认 site/）")
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
    add_qr_command(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
