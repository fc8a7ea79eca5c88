"""axe-core (from the npm registry, `npm ci`) on every page type: no serious or critical
violation, text contrast (4.5:1) included."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext

from .conftest import AXE, PAGE_TYPES, PageType, SiteServer, open_page, under_ci


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        reason = (f"缺少 axe-core（{AXE}）：运行 make setup（它运行 npm ci；没有 npm 时，"
                  "请有 root 权限的人运行 apt-get install -y npm）")
        if under_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def violations(context: BrowserContext, url: str, axe_source: str) -> list[str]:
    page, _ = open_page(context, url)
    page.add_script_tag(content=axe_source)
    results = page.evaluate("""async () => {
      const result = await axe.run(document, {resultTypes: ["violations"]});
      return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(" ") + " — " + n.failureSummary)}));
    }""")
    return [f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
            for v in results if v["impact"] in {"serious", "critical"}]


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda p: p.key)
def test_no_serious_accessibility_problem(phone: BrowserContext, server: SiteServer,
                                          page_type: PageType, axe_source: str) -> None:
    found = violations(phone, server.url(page_type.path), axe_source)
    assert not found, "\n".join(found)


def test_no_serious_accessibility_problem_in_large_text(
        phone: BrowserContext, server: SiteServer, axe_source: str) -> None:
    phone.add_init_script("localStorage.setItem('sc-large-text', '1')")
    found = violations(phone, server.url("villages/dongshancun/"), axe_source)
    assert not found, "\n".join(found)
