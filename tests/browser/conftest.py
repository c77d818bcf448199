"""axe-core on every page the browser tests visit.

`page` is pytest-playwright's page with axe-core (installed from the npm registry at set-up,
`scripts/ensure-system-packages.sh`, into var/node) added as an init script, so it is present in
every document the test opens, whatever opened it (goto, a link, a form, a redirect; the init
script is not subject to the page's CSP). The script runs axe once each document has loaded and
again after each htmx swap, and keeps the results in the tab's sessionStorage, which outlives
the navigation. `check_axe(page)` runs axe on the page as it is now and fails at once; when the
test ends the fixture fails on any violation of impact serious or critical found on the way,
listed by page, rule and element. A run cut short by the next navigation is lost, so tests call
`check_axe(page)` on the pages that matter. Moderate and minor findings are kept in
`page.axe_minor` (printed with AXE_VERBOSE=1), not a failure."""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / "var/node/node_modules/axe-core/axe.min.js"
FAILING_IMPACTS = ("serious", "critical")

# Runs in every document before its own scripts. axe only runs on the portal's pages (http),
# one run at a time; `window.__corAxe.collect()` waits for the runs so far and hands them over.
_RUNNER = """
(() => {
  if (window.__corAxe || !/^https?:$/.test(location.protocol) || window.top !== window) return;
  const KEY = "cor-axe-results";
  let chain = Promise.resolve();
  function keep(entry) {
    const all = JSON.parse(sessionStorage.getItem(KEY) || "[]");
    all.push(entry);
    sessionStorage.setItem(KEY, JSON.stringify(all));
  }
  function run(when) {
    chain = chain.then(() => new Promise((resolve) => setTimeout(resolve, 30))).then(() =>
      window.axe.run(document, { resultTypes: ["violations"] }).then((r) => keep({
        when: when, url: location.href, violations: r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary || "" })),
        })),
      }), (error) => keep({ when: when, url: location.href, error: String(error) })));
    return chain;
  }
  window.__corAxe = {
    run: run,
    collect: () => chain.then(() => {
      const all = JSON.parse(sessionStorage.getItem(KEY) || "[]");
      sessionStorage.removeItem(KEY);
      return all;
    }),
  };
  if (document.readyState === "complete") run("load");
  else window.addEventListener("load", () => run("load"));
  document.addEventListener("htmx:afterSettle", () => run("htmx swap"));
})();
"""


def _collect(page: Page) -> list[dict]:
    try:
        return page.evaluate("() => window.__corAxe ? window.__corAxe.collect() : []") or []
    except PlaywrightError:  # the document went away (a download, a closed page)
        return []


def _record(page: Page, runs: list[dict]) -> None:
    for run in runs:
        if "error" in run:
            page.axe_errors.append(f"{run['url']} ({run['when']}): {run['error']}")
            continue
        for violation in run["violations"]:
            entry = {"url": run["url"], "when": run["when"], **violation}
            if violation["impact"] in FAILING_IMPACTS:
                page.axe_failures.append(entry)
            else:
                page.axe_minor.append(entry)
        page.axe_checked.append(run["url"])


def _describe(failures: list[dict]) -> str:
    lines = []
    for f in failures:
        lines.append(f"{f['impact']} {f['id']} on {f['url']} ({f['when']}): {f['help']}")
        for node in f["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['summary'].splitlines()[-1]}")
    return "\n".join(lines)


def check_axe(page: Page) -> None:
    """Run axe on the document as it is now and fail at once on a serious or critical finding."""
    page.wait_for_load_state("load")
    page.evaluate("() => window.__corAxe && window.__corAxe.run('check_axe')")
    before = len(page.axe_failures)
    _record(page, _collect(page))
    new = page.axe_failures[before:]
    assert not new, "axe found serious or critical violations:\n" + _describe(new)


@pytest.fixture
def page(page: Page):
    if not AXE_JS.exists():
        pytest.fail(
            f"{AXE_JS} is missing: run `bash scripts/ensure-system-packages.sh` "
            "(installs axe-core from the npm registry into var/node)."
        )
    page.axe_failures, page.axe_minor, page.axe_errors, page.axe_checked = [], [], [], []
    page.add_init_script(script=AXE_JS.read_text() + _RUNNER)

    yield page
    if not page.is_closed():
        _record(page, _collect(page))
    if os.environ.get("AXE_VERBOSE"):
        print("axe checked:", *page.axe_checked, sep="\n  ")
        print("axe moderate/minor:\n" + _describe(page.axe_minor))
    assert not page.axe_errors, "axe could not run:\n" + "\n".join(page.axe_errors)
    assert page.axe_checked, "axe checked no page"
    assert not page.axe_failures, "axe found serious or critical violations:\n" + _describe(
        page.axe_failures
    )
