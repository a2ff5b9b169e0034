// Browser tests of the task pages — case intake, the access log, representation, the court
// lists, listing — and of the session-expiry warning and changes announced during resulting.
// Imported by browser.mjs (one run, one browser); see that file for how the suite runs.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  Api,
  assertNoBrowserErrors,
  checkA11y,
  checkPage,
  expectStatus,
  londonToday,
  screenshot,
  signIn,
} from "./helpers.mjs";
import { closeAll, person } from "./people.mjs";

// --- The other task pages -------------------------------------------------------------------

test("a police officer finds an offence code by typing words on the intake form", async (t) => {
  t.after(closeAll);
  const { page } = await person();
  await signIn(page, "met.admin");
  await page.goto("/cases/new");
  await checkPage(page, "intake");
  const code = page.locator('#intake-form input[name="d0-o0-code"]');
  await code.focus();
  await page.keyboard.type("theft from a shop");
  const listbox = page.locator("#d0-o0-code-listbox");
  await listbox.waitFor({ state: "visible" });
  assert.equal(await code.getAttribute("aria-expanded"), "true");
  await checkA11y(page, "intake with offence suggestions open");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  assert.equal(await code.inputValue(), "TH68010", "the chosen suggestion fills in the code");
  assert.equal(new URL(page.url()).pathname, "/cases/new", "picking a suggestion does not submit the form");
  await screenshot(page, "intake-offence-suggestion");
  // Enter in a box sends the (incomplete) form: every problem is listed and linked, input kept.
  expectStatus(page, 422);
  await Promise.all([page.waitForLoadState("load"), page.waitForURL("**/cases/new"), page.keyboard.press("Enter")]);
  await page.locator(".govuk-error-summary").waitFor();
  assert.equal(await page.locator('input[name="d0-o0-code"]').inputValue(), "TH68010", "input kept");
  await checkPage(page, "intake-errors");

  // Completed, the case is shown for checking before anything is sent.
  const [y, m, d] = londonToday().split("-");
  await page.locator("#urn").fill(`01AB${String(Date.now()).slice(-5)}26`);
  await page.locator('input[name="initiation-type"][value="charge"]').check();
  await page.locator("select#prosecution-authority-code").selectOption({ index: 1 });
  await page.locator("#d0-given-names").fill("Browser");
  await page.locator("#d0-family-name").fill("Tester");
  await page.locator('input[name="d0-custody-status"][value="unconditional_bail"]').check();
  await page.locator("#d0-o0-wording").fill("Stole goods from a shop");
  await page.locator("#d0-o0-from-day").fill(d);
  await page.locator("#d0-o0-from-month").fill(m);
  await page.locator("#d0-o0-from-year").fill(y);
  await page.locator("select#hearing-court").selectOption({ index: 1 });
  await page.locator("#hearing-date-day").fill(d);
  await page.locator("#hearing-date-month").fill(m);
  await page.locator("#hearing-date-year").fill(String(Number(y) + 1));
  expectStatus(page, 200);
  await Promise.all([page.waitForLoadState("load"), page.locator('button[value="send"]:not(.govuk-visually-hidden)').click()]);
  await page.locator("[data-test=check-case]").waitFor();
  await checkPage(page, "intake-check");
});

test("the auditor searches the access log and the defence finds the representation page", async (t) => {
  t.after(closeAll);
  const auditor = await person();
  await signIn(auditor.page, "auditor");
  await auditor.page.goto("/audit");
  await checkA11y(auditor.page, "audit (empty)");
  await auditor.page.locator("#user").focus();
  await auditor.page.keyboard.type("london.adviser");
  await Promise.all([auditor.page.waitForURL((u) => u.searchParams.get("user") === "london.adviser"), auditor.page.keyboard.press("Enter")]);
  await auditor.page.locator("[data-test=access-log]").waitFor();
  await checkPage(auditor.page, "audit");

  const defence = await person();
  await signIn(defence.page, "firm-a.solicitor");
  await defence.page.locator("[data-test=represent-link]").focus();
  await Promise.all([defence.page.waitForURL("**/representation/new"), defence.page.keyboard.press("Enter")]);
  await checkPage(defence.page, "representation");
});

test("a change by someone else is announced on the resulting screen without touching what is typed", async (t) => {
  t.after(closeAll);
  const api = await Api.signIn("london.adviser");
  const cases = (await api.allCases()).filter((c) => c.status === "active");
  let target;
  for (const c of cases) {
    const detail = await api.case(c.case_id);
    const hearing = detail.case.hearings.find((h) => h.status === "listed" && detail.case.venue === "magistrates_court");
    if (hearing) {
      target = { c, detail, hearing };
      break;
    }
  }
  assert.ok(target, "an active magistrates' case with a listed hearing");
  const { page } = await person();
  await signIn(page, "london.adviser");
  await page.goto(`/cases/${target.c.case_id}/hearings/${target.hearing.id}/result`);
  await page.locator("#adj-reason").fill("Typed before the other change");
  // Someone else (a second legal adviser) changes the case meanwhile.
  const other = await Api.signIn("london.adviser2");
  const current = await other.case(target.c.case_id);
  await other.request("POST", `/cases/${target.c.case_id}/reporting-restrictions`, {
    headers: { "If-Match": current.etag },
    body: { basis: "cca1981_s4_2", details: "Postponed until the end of the trial" },
  });
  await page.locator("[data-test=changed-meanwhile]").waitFor({ state: "visible", timeout: 5_000 });
  assert.equal(await page.locator("#adj-reason").inputValue(), "Typed before the other change");
  await checkPage(page, "result-hearing-changed-meanwhile");
});

test("the session-expiry warning appears before the idle timeout and 'Stay signed in' works", async (t) => {
  t.after(closeAll);
  const { page } = await person();
  await signIn(page, "london.adviser");
  // The page's timers run on a fake clock, so the test need not wait half an hour.
  await page.clock.install();
  await page.goto("/");
  const idle = Number(await page.locator("body").getAttribute("data-idle-secs"));
  assert.ok(idle > 120, `an idle timeout is declared (${idle} s)`);
  const warning = page.locator("#session-warning");
  assert.equal(await warning.isVisible(), false);
  await page.clock.fastForward((idle - 100) * 1000);
  await warning.waitFor({ state: "visible" });
  assert.equal(await page.evaluate(() => document.activeElement?.id), "session-keep-alive", "focus moves to the button");
  await checkPage(page, "session-warning");
  await page.keyboard.press("Enter");
  await warning.waitFor({ state: "hidden" });
  assert.equal(new URL(page.url()).pathname, "/", "still signed in, still on the page");
});

test("court lists: the internal list for court staff and the public list for anyone", async (t) => {
  t.after(closeAll);
  const staff = await person();
  await signIn(staff.page, "london.adviser");
  // A court of theirs with hearings today or on one of the next few days: the demo lists hearings on
  // sitting days only, so on a weekend or bank holiday today's lists are rightly empty.
  const links = staff.page.locator("[data-test=court-list-link]");
  const nextDays = (href, n) => {
    const [, prefix, day] = href.match(/^(.*\/)(\d{4}-\d{2}-\d{2})$/);
    return [...Array(n).keys()].map((k) => `${prefix}${new Date(Date.parse(`${day}T12:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10)}`);
  };
  let link;
  let steps;
  for (let i = 0; i < (await links.count()) && !link; i++) {
    const candidate = links.nth(i);
    const days = nextDays(await candidate.getAttribute("href"), 5);
    for (let k = 0; k < days.length; k++) {
      const body = await (await staff.context.request.get(days[k])).text();
      if (body.includes("govuk-table__row")) {
        [link, steps] = [candidate, k];
        break;
      }
    }
  }
  assert.ok(link, "one of the adviser's courts has hearings today or within the next four days");
  const today = await link.getAttribute("href");
  assert.match(today, /^\/courts\/[A-Z0-9]{7}\/lists\/\d{4}-\d{2}-\d{2}$/);
  await link.focus();
  await Promise.all([staff.page.waitForURL(`**${today}`), staff.page.keyboard.press("Enter")]);
  // Day by day to the one with hearings, as a keyboard user would.
  for (let k = 1; k <= steps; k++) {
    const next = nextDays(today, k + 1)[k];
    await staff.page.getByRole("link", { name: "Next day" }).focus();
    await Promise.all([staff.page.waitForURL(`**${next}`), staff.page.keyboard.press("Enter")]);
  }
  const href = new URL(staff.page.url()).pathname;
  await checkPage(staff.page, "court-list-internal");

  // The public list of the same court and day needs no sign-in and carries no marking.
  const anyone = await person();
  const publicPath = href.replace(/^\/courts\/([^/]+)\/lists\//, "/lists/$1/");
  const response = await anyone.page.goto(publicPath);
  assert.equal(response.status(), 200);
  assert.equal(new URL(anyone.page.url()).pathname, publicPath, "not sent to sign in");
  await checkPage(anyone.page, "court-list-public");
  assert.ok(await anyone.page.locator(".govuk-table__row").count() > 0, "the public list has entries");
  await anyone.page.goto(`${publicPath}?print=1`);
  await checkPage(anyone.page, "court-list-public-print");
});

test("sittings: the London listing officer opens a court's sittings of a weekday", async (t) => {
  t.after(closeAll);
  const api = await Api.signIn("london.listing");
  // A court of theirs and a weekday on which it sits (the demo sets up a fortnight from today).
  const from = londonToday();
  const to = new Date(Date.parse(`${from}T12:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
  let found;
  for (const ou of api.me.court_ous) {
    const sittings = await api.get(`/courts/${ou}/sittings?from=${from}&to=${to}`);
    const weekday = sittings.find((s) => ![0, 6].includes(new Date(`${s.date}T12:00:00Z`).getUTCDay()));
    if (weekday) {
      found = { ou, date: weekday.date };
      break;
    }
  }
  assert.ok(found, "a London court of the listing officer sits on a weekday in the next fortnight");
  const lister = await person();
  await signIn(lister.page, "london.listing");
  const response = await lister.page.goto(`/courts/${found.ou}/sittings?date=${found.date}`);
  assert.equal(response.status(), 200);
  assert.ok(await lister.page.locator("[data-test=sittings] .govuk-table__row").count() > 1, "the day's sittings are shown");
  assert.ok(await lister.page.locator("form[data-test=add-sitting] select#courtroom").isVisible(), "the form to add a sitting");
  await checkPage(lister.page, "sittings");
});
