// Browser tests of a court's workload and calendar: the listing officer reads a week's workload,
// changes a sitting's bench (after a refused change that keeps the input) and adds a sitting
// pattern, by keyboard, with axe on every page and on the error states. Imported by browser.mjs
// (one run, one browser); see that file for how the suite runs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { Api, checkPage, expectStatus, londonToday, signIn } from "./helpers.mjs";
import { closeAll, person } from "./people.mjs";

/** `YYYY-MM-DD` `days` after `date`. */
function addDays(date, days) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The first court of `api`'s person with a sitting in the next fortnight, and that sitting. */
async function courtWithSitting(api) {
  const today = londonToday();
  for (const ou of api.me.court_ous) {
    const sittings = await api.get(`/courts/${ou}/sittings?from=${today}&to=${addDays(today, 13)}`);
    if (sittings.length > 0) return { ou, sitting: sittings[0] };
  }
  return null;
}

/** Submit a form with Enter on its button and wait for the response with `status`. */
async function submit(page, button, status) {
  expectStatus(page, status);
  await button.focus();
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.status() === status),
    page.keyboard.press("Enter"),
  ]);
  await page.waitForLoadState("load");
}

test("workload: the London listing officer reads a week, changes a sitting's bench and adds a pattern", async (t) => {
  t.after(closeAll);
  const api = await Api.signIn("london.listing");
  const found = await courtWithSitting(api);
  assert.ok(found, "a London court has sittings in the next fortnight");
  const { ou, sitting } = found;
  const { page } = await person();
  await signIn(page, "london.listing");

  // The week's workload: one row per day and a total.
  await page.goto(`/courts/${ou}/workload?from=${sitting.date}`);
  await page.locator("[data-test=utilisation]").waitFor();
  assert.equal(await page.locator("[data-test=workload-day]").count(), 7, "a row for each day of the week");
  assert.match(await page.locator("[data-test=workload-total]").innerText(), /Total for the week/);
  await checkPage(page, "workload");
  const next = page.locator("a[data-test=next-week]");
  await next.focus();
  const nextFrom = new URL(await next.getAttribute("href"), page.url()).searchParams.get("from");
  assert.ok(nextFrom > sitting.date, "the next week starts after this one");
  await Promise.all([page.waitForURL((u) => u.searchParams.get("from") === nextFrom), page.keyboard.press("Enter")]);
  await page.locator("[data-test=workload-week]").waitFor();
  await checkPage(page, "workload-next-week", { shot: false });

  // The sitting's day, then its Change link.
  await page.goto(`/courts/${ou}/sittings?date=${sitting.date}`);
  const change = page.locator(`a[data-test=change-sitting][href$="/sittings/${sitting.id}/edit"]`);
  await change.focus();
  await Promise.all([page.waitForURL(`**/sittings/${sitting.id}/edit`), page.keyboard.press("Enter")]);
  await checkPage(page, "sitting-edit");
  const save = page.locator("[data-test=change-sitting-form] button[type=submit]");
  // A capacity that is not a number: 422, the error linked, the bench typed kept.
  const bench = `District Judge (MC) Browser ${Date.now() % 100000}`;
  await page.locator("#judiciary").fill(bench);
  await page.locator("#capacity").fill("lots");
  await submit(page, save, 422);
  await page.locator("[data-test=error-summary] a[href='#capacity']").waitFor();
  assert.equal(await page.locator("#judiciary").inputValue(), bench, "input kept");
  await checkPage(page, "sitting-edit-errors");
  await page.locator("#capacity").fill(String(sitting.capacity.cases ?? sitting.capacity.minutes));
  expectStatus(page, 200);
  await save.focus();
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith("/sittings") && u.searchParams.has("changed")), page.keyboard.press("Enter")]);
  await page.locator("[data-test=sitting-done]").waitFor();
  assert.match(await page.locator("main").innerText(), new RegExp(bench.replace(/[()]/g, "\\$&")));
  await checkPage(page, "sittings-changed");

  // A sitting pattern: no day chosen is refused with the input kept; then it is set up.
  await page.goto(`/courts/${ou}/sitting-patterns`);
  await checkPage(page, "sitting-patterns");
  const form = page.locator("[data-test=add-pattern]");
  for (const day of ["monday", "tuesday", "wednesday", "thursday", "friday"]) {
    const box = form.locator(`input[name=weekdays][value=${day}]`);
    if (await box.isChecked()) await box.uncheck();
  }
  await page.locator("select#courtroom").selectOption({ index: 1 });
  await page.locator("select#session").selectOption("afternoon");
  await page.locator("select#kind").selectOption("sentencing");
  await page.locator("#judiciary").fill("Mrs J. Patel JP");
  await page.locator("#capacity").fill("12");
  await page.locator("select#capacity-unit").selectOption("cases");
  const [fy, fm, fd] = addDays(londonToday(), 300).split("-");
  const [uy, um, ud] = addDays(londonToday(), 327).split("-");
  for (const [id, v] of [["from-day", fd], ["from-month", fm], ["from-year", fy], ["until-day", ud], ["until-month", um], ["until-year", uy]]) {
    await page.locator(`#${id}`).fill(String(Number(v)));
  }
  const add = form.locator("button[type=submit]");
  await submit(page, add, 422);
  await page.locator("[data-test=error-summary] a[href='#weekdays']").waitFor();
  assert.equal(await page.locator("#capacity").inputValue(), "12", "input kept");
  await checkPage(page, "sitting-patterns-errors");
  await page.locator("input[name=weekdays][value=wednesday]").check();
  expectStatus(page, 200);
  await add.focus();
  await Promise.all([page.waitForURL((u) => u.searchParams.has("added")), page.keyboard.press("Enter")]);
  await page.locator("[data-test=pattern-added]").waitFor();
  assert.match(await page.locator("[data-test=patterns]").innerText(), /Wednesday/);
  await checkPage(page, "sitting-patterns-added");
});
