// Browser tests of the operators' pages of notices to agencies: the auditor (the platform's
// operator in the demo) opens the recipients from the home page, follows one to its notices and
// settings, sends the settings form with a problem (422, the error linked to its input, nothing
// saved) and reads the routing of result codes, by keyboard, with axe on every page and on the
// error state. Imported by browser.mjs (one run, one browser); see that file for how the suite runs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Api, checkPage, expectStatus, signIn } from "./helpers.mjs";
import { closeAll, person } from "./people.mjs";

/** Follow a link by keyboard (focus, Enter) and wait for the page at `path`. */
async function follow(page, link, path) {
  await link.focus();
  await Promise.all([page.waitForURL((u) => u.pathname === path, { waitUntil: "load" }), page.keyboard.press("Enter")]);
}

test("notices: the operator reads the recipients, a recipient's notices and settings, and the routing", async (t) => {
  t.after(closeAll);
  const { page } = await person();
  await signIn(page, "auditor");

  // From the home page to every recipient, with its figures.
  await follow(page, page.locator("a[data-test=notices-admin-link]"), "/admin/notices");
  const rows = page.locator("[data-test=recipients] [data-test=recipient]");
  assert.ok((await rows.count()) > 0, "the demo's results wrote notices to recipients");
  assert.match(await page.locator("main").innerText(), /undelivered for longer than \d+ (second|minute|hour|day)s?/);
  await checkPage(page, "notices");

  // One recipient: its settings and notices.
  const first = rows.first().locator("a[data-test=recipient-link]");
  const href = await first.getAttribute("href");
  await follow(page, first, href);
  await page.locator("[data-test=settings]").waitFor();
  assert.ok((await page.locator("[data-test=notices] [data-test=notice]").count()) > 0, "the recipient's notices are listed");
  await checkPage(page, "notices-recipient");

  // Its settings: an empty name is refused with the error linked to the input, nothing saved.
  await follow(page, page.locator("a[data-test=change-settings]"), `${href}/settings`);
  await checkPage(page, "notices-settings");
  const name = await page.locator("#name").inputValue();
  await page.locator("#name").fill("");
  await page.locator("#max-attempts").fill("lots");
  const save = page.locator("[data-test=settings-form] button[type=submit]");
  expectStatus(page, 422);
  await save.focus();
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.status() === 422),
    page.keyboard.press("Enter"),
  ]);
  await page.waitForLoadState("load");
  await page.locator("[data-test=error-summary] a[href='#name']").waitFor();
  await page.locator("[data-test=error-summary] a[href='#max-attempts']").waitFor();
  assert.equal(await page.locator("#max-attempts").inputValue(), "lots", "input kept");
  await checkPage(page, "notices-settings-errors");
  // The error summary's link moves focus to the input.
  await page.locator("[data-test=error-summary] a[href='#name']").focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.activeElement?.id === "name");
  await page.goto(href);
  assert.equal((await page.locator("h1").innerText()).trim(), name, "nothing was saved");

  // The routing of result codes: a search, then one code's agencies.
  await page.goto("/admin/notices/routes?q=curfew");
  assert.ok((await page.locator("[data-test=route]").count()) > 0, "curfew results found");
  await checkPage(page, "notices-routes");
  const code = page.locator("a[data-test=route-link]").first();
  await follow(page, code, await code.getAttribute("href"));
  await page.locator("[data-test=route-form]").waitFor();
  assert.equal(await page.locator("input[name=kinds][value=police_force]").count(), 0, "parties are not offered");
  await checkPage(page, "notices-route");

  // The day's reconciliation, then a date it cannot read (422, the error linked to its input).
  await page.goto("/admin/notices");
  await follow(page, page.locator("a[data-test=reconcile-link]"), "/admin/notices/reconciliation");
  await page.locator("[data-test=reconcile-summary]").waitFor();
  await checkPage(page, "notices-reconciliation");
  expectStatus(page, 422);
  await page.goto("/admin/notices/reconciliation?date=not-a-date");
  await page.locator(".govuk-error-summary a[href='#date']").waitFor();
  await checkPage(page, "notices-reconciliation-error", { shot: false });
});

test("notices: the legal adviser opens a case's orders and warrants and a printable document", async (t) => {
  t.after(closeAll);
  // A case of theirs whose results need a printed document (the demo remands and bails people).
  const api = await Api.signIn("london.adviser");
  const { page, context } = await person();
  await signIn(page, "london.adviser");
  let found;
  for (const c of await api.allCases()) {
    const body = await (await context.request.get(`/cases/${c.case_id}/documents`)).text();
    if (body.includes('data-test="document-link"')) {
      found = c.case_id;
      break;
    }
  }
  assert.ok(found, "a demo case of the London adviser has a printable document");
  await page.goto(`/cases/${found}`);
  // The case's actions are in the MoJ button menu: open it by keyboard, then follow the link.
  const toggle = page.locator(".moj-button-menu__toggle-button");
  if (await toggle.count()) {
    await toggle.focus();
    await page.keyboard.press("Enter");
  }
  await follow(page, page.locator("a[data-test=case-documents-link]"), `/cases/${found}/documents`);
  await checkPage(page, "case-documents");
  const link = page.locator("a[data-test=document-link]").first();
  const href = await link.getAttribute("href");
  await follow(page, link, href);
  assert.equal(await page.locator("h1").count(), 1, "one main heading");
  await checkPage(page, "notice-document");
});
