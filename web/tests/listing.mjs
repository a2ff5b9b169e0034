// Browser tests of changing a listed hearing: moving it into a proposed sitting, vacating one,
// and recording a trial's outcome, each by keyboard, with axe on every page (and on the error
// states). Imported by browser.mjs (one run, one browser); see that file for how the suite runs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Api, checkPage, expectStatus, londonToday, signIn } from "./helpers.mjs";
import { closeAll, person } from "./people.mjs";

/** A case of `api`'s courts with a hearing still listed at one of them after today, for which
 * (with `withProposals`) suitable sittings are proposed. */
async function caseWithListedHearing(api, { exclude = [], withProposals = false } = {}) {
  const today = londonToday();
  for (const c of await api.allCases()) {
    if (c.status !== "active" || exclude.includes(c.case_id)) continue;
    const detail = await api.case(c.case_id);
    for (const h of detail.case.hearings) {
      if (h.status !== "listed" || h.hearing_date <= today || !api.me.court_ous.includes(h.court_ou)) continue;
      if (withProposals) {
        const list = await api.get(`/cases/${c.case_id}/hearings/${h.id}/proposals`);
        if (list.proposals.length === 0) continue;
      }
      return { c, detail, h };
    }
  }
  return null;
}

/** Submit a form with Enter on its button and wait for it to come back with its errors. */
async function submitWithErrors(page, button) {
  expectStatus(page, 422);
  await button.focus();
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.status() === 422),
    page.keyboard.press("Enter"),
  ]);
  await page.locator("[data-test=error-summary]").waitFor();
}

/** Press Enter on a focused link or button and wait for the page it leads to. */
async function follow(page, locator, url) {
  await locator.focus();
  await Promise.all([page.waitForURL(url), page.keyboard.press("Enter")]);
}

test("listing: the listing officer moves a hearing into a proposed sitting, then vacates another", async (t) => {
  t.after(closeAll);
  const api = await Api.signIn("london.listing");
  const found = await caseWithListedHearing(api, { withProposals: true });
  assert.ok(found, "a London case has a hearing listed after today");
  const { c, h } = found;
  const { page } = await person();
  await signIn(page, "london.listing");
  await page.goto(`/cases/${c.case_id}`);
  const move = page.locator(`a[data-test=move-hearing][href$="/hearings/${h.id}/listing"]`);
  await follow(page, move, `**/hearings/${h.id}/listing`);
  await checkPage(page, "listing-move");
  const proposals = page.locator("[data-test=proposals] input[type=radio]");
  assert.ok((await proposals.count()) > 0, "suitable sittings are proposed");

  // Submitting without a reason: the error summary takes focus and links to the field.
  await proposals.first().focus();
  await page.keyboard.press("Space");
  await submitWithErrors(page, page.getByRole("button", { name: "Move hearing" }));
  assert.ok(await page.locator("[data-test=error-summary] a[href='#reason']").isVisible());
  await checkPage(page, "listing-move-error", { shot: false });
  await page.locator("#reason").focus();
  await page.keyboard.type("Listed into a sitting with room for it");
  await follow(page, page.getByRole("button", { name: "Move hearing" }), /\?moved=1$/);
  assert.ok((await page.locator("main").textContent()).includes("The hearing has been moved."));
  assert.ok((await page.locator("[data-test=hearing-slot]").count()) > 0, "the room and time are shown");
  await checkPage(page, "listing-moved");

  // Vacating another case's hearing: a reason is needed; afterwards it shows as vacated.
  const other = await caseWithListedHearing(api, { exclude: [c.case_id] });
  assert.ok(other, "a second London case has a hearing listed after today");
  await page.goto(`/cases/${other.c.case_id}`);
  const vacate = page.locator(`a[data-test=vacate-hearing][href$="/hearings/${other.h.id}/vacate"]`);
  await follow(page, vacate, `**/hearings/${other.h.id}/vacate`);
  await checkPage(page, "listing-vacate");
  await submitWithErrors(page, page.getByRole("button", { name: "Vacate hearing" }));
  assert.ok(await page.locator("[data-test=error-summary] a[href='#reason']").isVisible());
  await checkPage(page, "listing-vacate-error", { shot: false });
  await page.locator("#reason").focus();
  await page.keyboard.type("Defence application to vacate granted");
  await follow(page, page.getByRole("button", { name: "Vacate hearing" }), /\?vacated=1$/);
  assert.ok((await page.locator("main").textContent()).includes("The hearing has been vacated."));
  const after = await api.case(other.c.case_id);
  assert.equal(after.case.hearings.find((x) => x.id === other.h.id).status, "vacated");
});

test("listing: the legal adviser records that today's trial cracked", async (t) => {
  t.after(closeAll);
  const lister = await Api.signIn("london.listing");
  const today = londonToday();
  // A case with nothing else today: the trial listed for today (no sitting) keeps the day.
  let target;
  for (const c of await lister.allCases()) {
    if (c.status !== "active") continue;
    const detail = await lister.case(c.case_id);
    const court = detail.case.hearings.find((h) => lister.me.court_ous.includes(h.court_ou))?.court_ou;
    if (court && !detail.case.hearings.some((h) => h.hearing_date === today && h.status === "listed")) {
      target = { c, detail, court };
      break;
    }
  }
  assert.ok(target, "a London case with no hearing today");
  const listed = await lister.request("POST", `/cases/${target.c.case_id}/hearings`, {
    headers: { "If-Match": target.detail.etag },
    body: { court_ou: target.court, hearing_date: today, hearing_type: "TRIAL" },
  });
  const trial = listed.body.created_ids[0];

  const { page } = await person();
  await signIn(page, "london.adviser");
  await page.goto(`/cases/${target.c.case_id}`);
  const link = page.locator(`a[data-test=record-trial-outcome][href$="/hearings/${trial}/trial-outcome"]`);
  await follow(page, link, `**/hearings/${trial}/trial-outcome`);
  await checkPage(page, "trial-outcome");
  // Cracked, with no reason: the domain asks for one.
  await page.locator("#kind-cracked").focus();
  await page.keyboard.press("Space");
  await submitWithErrors(page, page.getByRole("button", { name: "Record outcome" }));
  assert.ok(await page.locator("[data-test=error-summary] a[href='#reason_code']").isVisible());
  assert.ok(await page.locator("#kind-cracked").isChecked(), "the choice is kept");
  await checkPage(page, "trial-outcome-error", { shot: false });
  await page.locator("#reason_code").selectOption("guilty_plea");
  await follow(page, page.getByRole("button", { name: "Record outcome" }), /\?outcome=1$/);
  const lines = (await page.locator("[data-test=trial-outcome]").allTextContents()).map((l) => l.trim());
  assert.ok(lines.includes("Trial cracked: Guilty plea on the day"), lines.join(" | "));
  await checkPage(page, "trial-outcome-recorded");
});

test("listing: a court admin adds a courtroom by keyboard", async (t) => {
  t.after(closeAll);
  const api = await Api.signIn("london.admin");
  const ou = api.me.court_ous[0];
  const { page } = await person();
  await signIn(page, "london.admin");
  await page.goto(`/courts/${ou}/courtrooms`);
  await checkPage(page, "courtrooms");
  const add = page.getByRole("button", { name: "Add courtroom" });
  await submitWithErrors(page, add);
  assert.ok(await page.locator("[data-test=error-summary] a[href='#name']").isVisible());
  await checkPage(page, "courtrooms-error", { shot: false });
  await page.locator("#name").focus();
  await page.keyboard.type("Court 99 (annexe)");
  await page.locator("#secure_dock").focus();
  await page.keyboard.press("Space");
  await follow(page, page.getByRole("button", { name: "Add courtroom" }), /\?added=1$/);
  assert.ok((await page.locator("[data-test=courtrooms]").textContent()).includes("Court 99 (annexe)"));
  const rooms = await api.get(`/courts/${ou}/courtrooms`);
  assert.ok(rooms.some((r) => r.name === "Court 99 (annexe)" && r.secure_dock && !r.youth_suitable));
});

test("listing: the listing officer lists a new hearing for a case from the proposed sittings", async (t) => {
  t.after(closeAll);
  const api = await Api.signIn("london.listing");
  // A case of theirs and a hearing type for which their court has a suitable sitting.
  let target;
  for (const c of await api.allCases()) {
    if (c.status !== "active") continue;
    const detail = await api.case(c.case_id);
    const court = detail.case.hearings.map((h) => h.court_ou).find((ou) => api.me.court_ous.includes(ou));
    if (!court) continue;
    for (const type of ["MNTN", "SEN", "TRL"]) {
      const list = await api.get(`/cases/${c.case_id}/proposals?hearing_type=${type}&court_ou=${court}`);
      if (list.proposals.length) {
        target = { c, court, type };
        break;
      }
    }
    if (target) break;
  }
  assert.ok(target, "a London case with a suitable sitting for a new hearing");
  const { page } = await person();
  await signIn(page, "london.listing");
  await page.goto(`/cases/${target.c.case_id}/hearings/new`);
  await checkPage(page, "list-hearing");
  await page.locator("#hearing_type").selectOption(target.type);
  await page.locator("#court_ou").selectOption(target.court);
  await follow(page, page.getByRole("button", { name: "Find sittings" }), /hearing_type=/);
  await checkPage(page, "list-hearing-proposals");
  await submitWithErrors(page, page.getByRole("button", { name: "List hearing" }));
  assert.ok(await page.locator("[data-test=error-summary] a[href='#sitting']").isVisible());
  await checkPage(page, "list-hearing-error", { shot: false });
  await page.locator("[data-test=proposals] input[type=radio]").first().focus();
  await page.keyboard.press("Space");
  await follow(page, page.getByRole("button", { name: "List hearing" }), /\?listed=1$/);
  assert.ok((await page.locator("main").textContent()).includes("The hearing has been listed."));
});
