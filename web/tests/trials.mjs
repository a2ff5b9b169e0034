// Browser tests of the Crown Court's warned and firm trial lists: a listing officer warns a trial
// for a period by keyboard, finds it on the warned list, fixes it a date through the move page and
// finds it on the firm list, with axe on every page (and on the error state). Imported by
// browser.mjs (one run, one browser); see that file for how the suite runs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Api, checkPage, expectStatus, londonToday, signIn } from "./helpers.mjs";
import { closeAll, person } from "./people.mjs";

/** `YYYY-MM-DD` `days` after `date`. */
function plus(date, days) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday after `date`. */
function nextMonday(date) {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay(); // 0 Sunday
  return plus(date, ((8 - weekday) % 7) || 7);
}

/** A London case with a hearing at one of the listing officer's Crown Courts, and a trial listed
 * there by date (through the API) for which suitable sittings are proposed. */
async function crownTrial(api) {
  const today = londonToday();
  for (const c of await api.allCases()) {
    if (c.status !== "active") continue;
    const detail = await api.case(c.case_id);
    const crown = detail.case.hearings.find(
      (h) => h.status === "listed" && h.court_ou.startsWith("C") && api.me.court_ous.includes(h.court_ou),
    );
    if (!crown) continue;
    const listed = await api.request("POST", `/cases/${c.case_id}/hearings`, {
      headers: { "If-Match": detail.etag },
      body: { court_ou: crown.court_ou, hearing_date: plus(today, 21), hearing_type: "TRIAL" },
    });
    const trial = listed.body.created_ids[0];
    const proposals = await api.get(`/cases/${c.case_id}/hearings/${trial}/proposals`);
    if (proposals.proposals.length === 0) continue;
    return { c, court: crown.court_ou, trial };
  }
  return null;
}

/** Press Enter on a focused link or button and wait for the page it leads to. */
async function follow(page, locator, url) {
  await locator.focus();
  await Promise.all([page.waitForURL(url), page.keyboard.press("Enter")]);
}

/** Type into a GOV.UK date input by keyboard. */
async function typeDate(page, key, date) {
  const [y, m, d] = date.split("-");
  for (const [part, value] of [["day", d], ["month", m], ["year", y]]) {
    await page.locator(`#${key}-${part}`).focus();
    await page.keyboard.type(String(Number(value)));
  }
}

test("trial lists: the listing officer warns a Crown Court trial, then fixes it a firm date", async (t) => {
  t.after(closeAll);
  const api = await Api.signIn("london.listing");
  const found = await crownTrial(api);
  assert.ok(found, "a London case at a Crown Court with sittings to propose");
  const { c, court, trial } = found;
  const { page } = await person();
  await signIn(page, "london.listing");
  await page.goto(`/cases/${c.case_id}`);
  const warn = page.locator(`a[data-test=warn-trial][href$="/hearings/${trial}/warn"]`);
  await follow(page, warn, `**/hearings/${trial}/warn`);
  await checkPage(page, "trial-warn");

  // Sent empty: every problem listed and linked to its input.
  expectStatus(page, 422);
  await page.getByRole("button", { name: "Warn the trial" }).focus();
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.status() === 422),
    page.keyboard.press("Enter"),
  ]);
  await page.locator("[data-test=error-summary]").waitFor();
  for (const id of ["from-day", "to-day", "reason"]) {
    assert.ok(await page.locator(`[data-test=error-summary] a[href='#${id}']`).isVisible(), id);
  }
  await checkPage(page, "trial-warn-error", { shot: false });

  // The week commencing next Monday.
  const from = nextMonday(londonToday());
  await typeDate(page, "from", from);
  await typeDate(page, "to", plus(from, 4));
  await page.locator("#reason").focus();
  await page.keyboard.type("Warned list: week commencing Monday");
  await follow(page, page.getByRole("button", { name: "Warn the trial" }), /\?warned=1$/);
  const warnedLine = await page.locator(`#hearing-${trial} [data-test=hearing-warned]`).textContent();
  assert.ok(warnedLine.startsWith("Warned for trial from"), warnedLine);
  await checkPage(page, "trial-warned");

  // On the court's warned list, with a link to fix a date.
  await page.goto(`/courts/${court}/trial-lists?from=${from}`);
  await checkPage(page, "trial-lists-warned");
  assert.ok((await page.locator("[data-test=warned-list]").textContent()).includes(c.urn));
  const fix = page.locator(`a[data-test=fix-date][href$="/hearings/${trial}/listing"]`);
  await follow(page, fix, `**/hearings/${trial}/listing`);
  const proposal = page.locator("[data-test=proposals] input[type=radio]").first();
  const sittingDate = await proposal.evaluate((el) => document.querySelector(`label[for="${el.id}"]`)?.textContent ?? "");
  await proposal.focus();
  await page.keyboard.press("Space");
  await page.locator("#reason").focus();
  await page.keyboard.type("Fixed from the warned list");
  await follow(page, page.getByRole("button", { name: "Move hearing" }), /\?moved=1$/);
  // (Another trial of the same case may be warned: the demo warns some.)
  const row = page.locator(`#hearing-${trial}`);
  assert.equal(await row.locator("[data-test=hearing-warned]").count(), 0, `fixed: ${sittingDate}`);
  assert.equal(await row.locator("[data-test=hearing-slot]").count(), 1, "its courtroom and time are shown");

  // Now on the firm list for its date, and off the warned list.
  const detail = await api.case(c.case_id);
  const fixed = detail.case.hearings.find((h) => h.id === trial);
  assert.equal(fixed.warned, undefined);
  await page.goto(`/courts/${court}/trial-lists?from=${fixed.hearing_date}`);
  await checkPage(page, "trial-lists-firm");
  assert.ok((await page.locator("[data-test=firm-list]").textContent()).includes(c.urn));
  const warnedNow = page.locator("[data-test=warned-list]");
  if ((await warnedNow.count()) > 0) {
    assert.ok(!(await page.locator(`[data-test=warned-list] a[href$="/hearings/${trial}/listing"]`).count()));
  }
});
