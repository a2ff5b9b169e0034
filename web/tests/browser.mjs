// Browser tests of the Assize web interface: Debian's Chromium driven by playwright-core through
// the real server with the demo data (`assize demo`), axe-core on every page visited, a
// screenshot of each main page. Run by scripts/browser-test.sh, which serves a fresh instance and
// sets ASSIZE_BASE_URL; run alone with `node web/tests/browser.mjs` against a served demo. The
// task-page scenarios are in tasks.mjs, the shared browser and people in people.mjs.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  Api,
  assertNoBrowserErrors,
  checkA11y,
  checkPage,
  expectStatus,
  fullName,
  londonToday,
  screenshot,
  signIn,
} from "./helpers.mjs";
import { closeAll, person } from "./people.mjs";
// The task pages (intake, audit, representation, lists, listing) and the session warning; their
// tests register (and so run) before this file's, each independent of the others.
import "./tasks.mjs";
import "./workload.mjs";
import "./listing.mjs";
import "./trials.mjs";
import "./notices.mjs";

/** One demo user per role (crates/assize-api/src/demo/people.rs). */
const ROLES = [
  { username: "london.adviser", role: "legal adviser", name: "Grace Mensah (legal adviser)", org: "HMCTS London" },
  { username: "london.listing", role: "listing officer", name: "Ray Cole (London listing)", org: "HMCTS London" },
  { username: "london.judge", role: "judge", name: "HHJ Rahman", org: "London bench and judiciary" },
  { username: "tv.magistrate", role: "magistrate", name: "Mrs J. Patel JP", org: "Thames Valley bench and judiciary" },
  { username: "cps.london", role: "prosecutor", name: "Priya Shah (CPS London)", org: "CPS London" },
  { username: "met.officer", role: "police officer", name: "PC Amara Okafor", org: "Metropolitan Police Service" },
  { username: "firm-a.solicitor", role: "defence solicitor (firm A)", name: "Imran Khan (Khan & Partners)", org: "Khan & Partners Solicitors" },
  { username: "firm-b.solicitor", role: "defence solicitor (firm B)", name: "Siobhán Ó Briain (Ó Briain Defence)", org: "Ó Briain Defence LLP" },
  { username: "auditor", role: "auditor", name: "Alex Reed (audit)", org: "Assize audit office" },
  { username: "probation.officer", role: "probation (agency)", name: "Chris Dunn (Probation)", org: "Probation Service London" },
];

/** Submit the search box by keyboard and wait for the results page. */
async function search(page, q) {
  if (!page.url().includes("/search")) await page.goto("/search");
  const box = page.locator("#q");
  await box.focus();
  await box.fill("");
  await page.keyboard.type(q);
  // (Each search of a test is for a different q, so the URL tells the new page from the old.)
  await Promise.all([
    page.waitForURL((u) => u.pathname === "/search" && u.searchParams.get("q") === q, { waitUntil: "load" }),
    page.keyboard.press("Enter"),
  ]);
}

async function resultUrns(page) {
  const table = page.locator("[data-test=search-results]");
  if ((await table.count()) === 0) return [];
  return table.locator("tbody tr td:first-child a").allTextContents();
}

/** Wait until the page's live stream (assize.js: window.assizeLive) is open. */
async function waitForLiveStream(page) {
  await page.waitForFunction(() => window.assizeLive && window.assizeLive.readyState === 1, null, { timeout: 5000 });
}

// --- Sign-in page, keyboard -------------------------------------------------------------------

describe("sign-in page", { concurrency: false }, () => {
  test("the skip link is the first Tab stop and moves focus to the main content", async (t) => {
    t.after(closeAll);
    const { page } = await person();
    await page.goto("/sign-in");
    await checkPage(page, "sign-in");
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => ({
      text: document.activeElement.textContent.trim(),
      href: document.activeElement.getAttribute("href"),
    }));
    assert.deepEqual(first, { text: "Skip to main content", href: "#main-content" });
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "main-content");
    assert.ok(page.url().endsWith("#main-content"));
  });

  test("a wrong password shows the error summary", async (t) => {
    t.after(closeAll);
    const { page } = await person();
    expectStatus(page, 422);
    await page.goto("/sign-in");
    await page.locator("#username").focus();
    await page.keyboard.type("london.adviser");
    await page.keyboard.press("Tab");
    await page.keyboard.type("not-the-password");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/sign-in") && r.request().method() === "POST"),
      page.keyboard.press("Enter"),
    ]);
    assert.equal(response.status(), 422);
    await page.waitForLoadState("load");
    const summary = page.locator(".govuk-error-summary");
    await summary.waitFor({ state: "visible" });
    assert.match(await summary.textContent(), /There is a problem[\s\S]*Enter a correct username and password/);
    assert.equal(await page.locator("#username").inputValue(), "london.adviser", "the username is kept");
    assert.equal(await page.locator("#password").inputValue(), "", "the password is not sent back");
    assert.match(await page.title(), /^Error: /);
    // GOV.UK Frontend moves focus to the summary; its link leads to the field.
    await page.waitForFunction(() => document.activeElement?.classList.contains("govuk-error-summary"));
    await checkPage(page, "sign-in-error");
    assert.equal(await page.locator("[data-test=identity]").count(), 0, "not signed in");
  });
});

// --- Every role -------------------------------------------------------------------------------

describe("sign in and out as each role", { concurrency: false }, () => {
  for (const r of ROLES) {
    test(`${r.role}: ${r.username}`, async (t) => {
      t.after(closeAll);
      const { page } = await person();
      await signIn(page, r.username);
      assert.equal(new URL(page.url()).pathname, "/");
      const identity = page.locator("[data-test=identity]");
      await identity.waitFor();
      const text = (await identity.textContent()).replace(/\s+/g, " ");
      assert.ok(text.includes(r.name), `identity bar "${text}" names ${r.name}`);
      assert.ok(text.includes(r.org), `identity bar "${text}" names ${r.org}`);
      assert.equal((await page.locator(".app-marking").textContent()).trim(), "OFFICIAL-SENSITIVE");
      assert.equal((await page.locator("h1").textContent()).trim(), "Home");
      await checkPage(page, `home-${r.username}`);

      await Promise.all([
        page.waitForURL((u) => u.pathname === "/sign-in"),
        page.getByRole("button", { name: "Sign out" }).click(),
      ]);
      await page.waitForLoadState("load");
      assert.match(await page.locator(".govuk-notification-banner--success").textContent(), /You have signed out/);
      assert.equal(await page.locator("[data-test=identity]").count(), 0);
      await checkPage(page, "signed-out", { shot: r.username === "london.adviser" });
      // The session is gone: the home page asks to sign in again.
      await page.goto("/");
      assert.equal(new URL(page.url()).pathname, "/sign-in");
      await checkA11y(page, "sign-in (after sign-out)");
      assertNoBrowserErrors(page.context());
    });
  }
});

// --- Search and the case page -------------------------------------------------------------

describe("finding and reading a case", { concurrency: false }, () => {
  test("legal adviser searches by name and by URN, and opens the case", async (t) => {
    t.after(closeAll);
    const api = await Api.signIn("london.adviser");
    const cases = await api.allCases();
    // An active case with one defendant whose full name no other visible case shares.
    const counts = new Map();
    for (const c of cases) for (const n of c.defendant_names) counts.set(n, (counts.get(n) ?? 0) + 1);
    const target = cases.find((c) => c.status === "active" && c.defendant_names.length === 1 && counts.get(c.defendant_names[0]) === 1);
    assert.ok(target, "the demo data has an active single-defendant case for the adviser");
    const name = target.defendant_names[0];

    const { page } = await person();
    await signIn(page, "london.adviser");
    await page.goto("/search");
    await checkPage(page, "search");

    await search(page, name);
    const byName = await resultUrns(page);
    assert.ok(byName.includes(target.urn), `searching "${name}" finds ${target.urn} (found ${byName.join(", ")})`);
    await checkPage(page, "search-results-name");

    await search(page, target.urn);
    assert.deepEqual(await resultUrns(page), [target.urn]);
    assert.match(await page.locator("#results-heading").textContent(), /1 case found/);
    await checkPage(page, "search-results-urn", { shot: false });

    // Open it from the results with the keyboard.
    const link = page.locator("[data-test=search-results] a", { hasText: target.urn });
    await link.focus();
    await Promise.all([page.waitForURL(`**/cases/${target.case_id}`), page.keyboard.press("Enter")]);
    await page.waitForLoadState("load");
    assert.ok((await page.locator("h1").textContent()).includes(target.urn));
    await checkPage(page, "case-from-search", { shot: false });
  });

  test("the case page shows defendants, hearings and the timeline", async (t) => {
    t.after(closeAll);
    const api = await Api.signIn("london.adviser");
    const cases = await api.allCases();
    // A multi-handed case shows the most.
    const target = cases.find((c) => c.status === "active" && c.defendant_names.length > 1) ?? cases[0];
    const detail = await api.case(target.case_id);

    const { page } = await person();
    await signIn(page, "london.adviser");
    const response = await page.goto(`/cases/${target.case_id}`);
    assert.equal(response.status(), 200);
    assert.ok((await page.locator("h1").textContent()).includes(target.urn), "the heading is the URN");
    for (const id of ["defendants", "hearings", "timeline"]) {
      assert.equal(await page.locator(`#${id}`).count(), 1, `section #${id}`);
    }
    assert.ok((await page.locator("[data-live-region]").count()) >= 1, "a live region");
    const defendants = await page.locator("#defendants").textContent();
    for (const d of detail.case.defendants) assert.ok(defendants.includes(fullName(d)), `defendant ${fullName(d)} shown`);
    const hearingRows = await page.locator("#hearings tbody tr").count();
    assert.ok(hearingRows >= detail.case.hearings.length, "a row for each hearing");
    await checkPage(page, "case");

    // The same case as the prosecutor and as a defence firm on record (different disclosure).
    for (const username of ["cps.london", ...(detail.case.defendants.some((d) => d.defence) ? ["firm-a.solicitor", "firm-b.solicitor"] : [])]) {
      const other = await person();
      await signIn(other.page, username);
      expectStatus(other.page, 404);
      const r = await other.page.goto(`/cases/${target.case_id}`);
      if (r.status() === 404) {
        // This firm represents nobody in this case.
        await checkPage(other.page, `case-not-found-${username}`, { shot: false });
        continue;
      }
      assert.equal(r.status(), 200, `${username} reads the case`);
      await checkPage(other.page, `case-${username}`);
    }
  });
});

// --- Live updates -------------------------------------------------------------------------

describe("live updates", { concurrency: false }, () => {
  test("a restriction imposed in a second browser appears on the open case page without reloading", async (t) => {
    t.after(closeAll);
    const adviserApi = await Api.signIn("london.adviser");
    const prosecutorApi = await Api.signIn("cps.london");
    const prosecutorCases = new Set((await prosecutorApi.allCases()).map((c) => c.case_id));
    const target = (await adviserApi.allCases()).find((c) => c.status === "active" && prosecutorCases.has(c.case_id));
    assert.ok(target, "a London case both the adviser and CPS London can read");

    // Browser 1: the prosecutor has the case open.
    const one = await person();
    await signIn(one.page, "cps.london");
    await one.page.goto(`/cases/${target.case_id}`);
    await waitForLiveStream(one.page);
    const urlBefore = one.page.url();
    const marker = `marker-${Date.now()}`;
    await one.page.evaluate((m) => {
      window.__assizeMarker = m;
    }, marker);
    const regionBefore = await one.page.locator("[data-live-region]").first().innerHTML();
    assert.ok(await one.page.locator("#live-banner").isHidden());

    // Browser 2: the legal adviser records a reporting restriction through the JSON API with
    // the session cookie of their browser.
    const two = await person();
    await signIn(two.page, "london.adviser");
    const read = await two.context.request.get(`/api/v1/cases/${target.case_id}`);
    assert.equal(read.status(), 200);
    const post = await two.context.request.post(`/api/v1/cases/${target.case_id}/reporting-restrictions`, {
      headers: { "If-Match": read.headers().etag },
      data: { basis: "cca1981_s4_2", details: "Postponed until the end of the trial of a co-accused (browser test)" },
    });
    assert.ok([200, 201].includes(post.status()), `restriction imposed: ${post.status()} ${await post.text()}`);
    const changedAt = Date.now();

    // Browser 1 shows it within 5 seconds, without navigating.
    await one.page.waitForFunction(
      (before) => {
        const banner = document.getElementById("live-banner");
        const region = document.querySelector("[data-live-region]");
        return banner && !banner.hidden && region && region.innerHTML !== before;
      },
      regionBefore,
      { timeout: 5000 },
    );
    t.diagnostic(`change shown after ${Date.now() - changedAt} ms`);
    assert.equal(one.page.url(), urlBefore, "no navigation");
    assert.equal(await one.page.evaluate(() => window.__assizeMarker), marker, "no reload");
    assert.match(await one.page.locator("[data-live-region]").first().textContent(), /Contempt of Court Act 1981/);
    await one.page.waitForTimeout(200);
    await checkPage(one.page, "case-live-updated");
    assertNoBrowserErrors(two.context);
  });

  test("a hearing listed for today appears on the listing officer's open home page", async (t) => {
    t.after(closeAll);
    const adviserApi = await Api.signIn("london.adviser");
    const cases = await adviserApi.allCases();
    const today = londonToday();
    let target;
    for (const c of cases.filter((c) => c.status === "active")) {
      const detail = await adviserApi.case(c.case_id);
      if (detail.case.venue === "magistrates_court" && !detail.case.hearings.some((h) => h.hearing_date === today)) {
        target = { summary: c, detail };
        break;
      }
    }
    assert.ok(target, "an active magistrates' court case with no hearing today");
    const court = target.detail.case.hearings.at(-1).court_ou;

    const one = await person();
    await signIn(one.page, "london.listing");
    await waitForLiveStream(one.page);
    const marker = `marker-${Date.now()}`;
    await one.page.evaluate((m) => {
      window.__assizeMarker = m;
    }, marker);

    const two = await person();
    await signIn(two.page, "london.adviser");
    const post = await two.context.request.post(`/api/v1/cases/${target.summary.case_id}/hearings`, {
      headers: { "If-Match": target.detail.etag },
      data: { court_ou: court, hearing_date: today, hearing_type: "FH" },
    });
    assert.ok([200, 201].includes(post.status()), `hearing listed: ${post.status()} ${await post.text()}`);

    await one.page.waitForFunction(
      (urn) => document.querySelector("[data-test=todays-hearings]")?.textContent.includes(urn),
      target.summary.urn,
      { timeout: 5000 },
    );
    assert.equal(new URL(one.page.url()).pathname, "/");
    assert.equal(await one.page.evaluate(() => window.__assizeMarker), marker, "no reload");
    assert.ok(await one.page.locator("#live-banner").isVisible());
    await one.page.waitForTimeout(200);
    await checkPage(one.page, "home-live-updated");
  });
});

// --- Defence isolation --------------------------------------------------------------------

test("defence firm B sees nothing of firm A's client", async (t) => {
  t.after(closeAll);
  const firmA = await Api.signIn("firm-a.solicitor");
  const firmB = await Api.signIn("firm-b.solicitor");
  const bCases = await firmB.allCases();
  const bIds = new Set(bCases.map((c) => c.case_id));
  const bNames = new Set(bCases.flatMap((c) => c.defendant_names));
  // A case of firm A that firm B has no part in, with a client whose name no case of firm B shares.
  let target;
  for (const c of await firmA.allCases()) {
    if (bIds.has(c.case_id)) continue;
    const detail = await firmA.case(c.case_id);
    const client = detail.case.defendants.find((d) => d.asn && !bNames.has(fullName(d)));
    if (client) {
      target = { c, detail, client };
      break;
    }
  }
  assert.ok(target, "the demo data has a firm A client in a case without firm B");
  const name = fullName(target.client);

  const { page } = await person();
  await signIn(page, "firm-b.solicitor");
  await search(page, name);
  assert.deepEqual(await resultUrns(page), [], `firm B finds nothing for "${name}"`);
  assert.match(await page.locator("#results-heading").textContent(), /0 cases found/);
  await checkPage(page, "search-no-results-firm-b");

  await search(page, target.client.asn);
  assert.deepEqual(await resultUrns(page), [], `firm B finds nothing for ASN ${target.client.asn}`);
  await checkA11y(page, "search by ASN (firm B)");

  expectStatus(page, 404);
  const response = await page.goto(`/cases/${target.c.case_id}`);
  assert.equal(response.status(), 404);
  assert.equal((await page.locator("h1").textContent()).trim(), "Page not found");
  const html = await response.text();
  const escaped = (s) => [s, s.replaceAll("'", "&#39;"), s.replaceAll("'", "&#x27;")];
  const secrets = [
    target.c.urn,
    target.client.asn,
    ...target.detail.case.defendants.flatMap((d) => escaped(fullName(d))),
    ...(target.c.case_number ? [target.c.case_number] : []),
  ];
  for (const s of secrets) assert.ok(!html.includes(s), `the 404 page does not contain "${s}"`);
  // The same page as for a case that does not exist at all.
  const missing = await page.context().request.get(`/cases/00000000-0000-7000-8000-000000000000`);
  assert.equal(missing.status(), 404);
  assert.equal(await missing.text(), html, "firm A's case looks exactly like a case that does not exist");
  await checkPage(page, "not-found-firm-b");

  // The JSON API agrees.
  assert.equal((await page.context().request.get(`/api/v1/cases/${target.c.case_id}`)).status(), 404);
});

// --- Resulting a hearing by keyboard --------------------------------------------------------

test("a legal adviser results today's hearing with the keyboard only", async (t) => {
  t.after(closeAll);
  // A case not yet resulted: one defendant, in the magistrates' court, no plea or result yet;
  // best with one summary-only offence (a plea, then a sentence), else one either-way offence.
  const api = await Api.signIn("london.adviser");
  const today = londonToday();
  const candidates = [];
  for (const c of (await api.allCases()).filter((c) => c.status === "active" && c.defendant_names.length === 1)) {
    const detail = await api.case(c.case_id);
    const offences = detail.case.defendants[0].offences;
    const fresh = offences.every((o) => o.mode_of_trial !== "indictable_only" && !o.plea && !o.indicated_plea && o.results.length === 0);
    if (detail.case.venue === "magistrates_court" && fresh) {
      const score = offences.length * 2 + (offences[0].mode_of_trial === "summary_only" ? 0 : 1);
      candidates.push({ c, detail, score });
    }
  }
  candidates.sort((a, b) => a.score - b.score);
  const target = candidates[0];
  assert.ok(target, "an active, unresulted single-defendant magistrates' case");
  let hearing = target.detail.case.hearings.find((h) => h.hearing_date === today && h.status === "listed");
  if (!hearing) {
    const r = await api.request("POST", `/cases/${target.c.case_id}/hearings`, {
      headers: { "If-Match": target.detail.etag },
      body: { court_ou: target.detail.case.hearings.at(-1).court_ou, hearing_date: today, hearing_type: "FH" },
    });
    assert.ok(r.status === 200 || r.status === 201);
    hearing = (await api.case(target.c.case_id)).case.hearings.find((h) => h.hearing_date === today && h.status === "listed");
  }

  const { page } = await person();
  await signIn(page, "london.adviser");
  // The home page links to the resulting screen from today's list.
  const link = page.locator(`[data-test=todays-hearings] a[href="/cases/${target.c.case_id}/hearings/${hearing.id}/result"]`);
  await link.focus();
  await Promise.all([page.waitForURL(`**/hearings/${hearing.id}/result`), page.keyboard.press("Enter")]);
  await page.waitForLoadState("load");
  await checkPage(page, "result-hearing");

  // Tab from the top of the main content to the first radio of attendance.
  await page.locator("#main-content").focus();
  const tabTo = async (predicate, what, limit = 60) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(predicate)) return;
    }
    assert.fail(`Tab never reached ${what}`);
  };
  const focusedLabel = () => {
    const el = document.activeElement;
    const label = el?.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    return { type: el?.type, name: el?.name, label: label?.textContent.trim() ?? "" };
  };
  // Attendance: the first radio of the group; arrow keys move and select within it.
  await tabTo(() => document.activeElement?.type === "radio" && /attend/i.test(document.activeElement.name), "the attendance radios");
  for (let i = 0; i < 6; i++) {
    const f = await page.evaluate(focusedLabel);
    if (/in person/i.test(f.label)) break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Space");
  assert.match((await page.evaluate(focusedLabel)).label, /in person/i);
  assert.ok(await page.evaluate(() => document.activeElement.checked), "attendance chosen");

  // Plea: the next radio group with "plea" in its name; choose "Guilty".
  await tabTo(() => document.activeElement?.type === "radio" && /plea/i.test(document.activeElement.name), "the plea radios");
  for (let i = 0; i < 8; i++) {
    const f = await page.evaluate(focusedLabel);
    if (/^guilty$/i.test(f.label)) break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Space");
  assert.match((await page.evaluate(focusedLabel)).label, /^guilty$/i);

  // A result code: 1015 (fine) with an amount, typed.
  await tabTo(() => document.activeElement?.hasAttribute("data-result-code"), "the result code");
  await page.keyboard.type("1015");
  const amount = page.locator("input[name*=amount]").first();
  if ((await amount.count()) > 0) {
    await tabTo(() => /amount/i.test(document.activeElement?.name ?? ""), "the amount");
    await page.keyboard.type("250");
  }
  await checkA11y(page, "result-hearing (filled in)");
  await screenshot(page, "result-hearing-filled");

  // "Share results" by Enter.
  await tabTo(() => document.activeElement?.tagName === "BUTTON" && /share results/i.test(document.activeElement.textContent), "the Share results button", 200);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith("/result")), page.keyboard.press("Enter")]);
  await page.waitForLoadState("load");
  // A confirmation step, if any, is also by keyboard.
  if (/\/result\/|confirm/.test(new URL(page.url()).pathname)) {
    await checkPage(page, "result-hearing-confirm");
    const share = page.getByRole("button", { name: /share results/i });
    await share.focus();
    await Promise.all([page.waitForURL(`**/cases/${target.c.case_id}*`), page.keyboard.press("Enter")]);
    await page.waitForLoadState("load");
  }
  assert.equal(new URL(page.url()).pathname, `/cases/${target.c.case_id}`);
  const hearings = await page.locator("#hearings").textContent();
  assert.match(hearings, /Resulted/);
  const results = await page.locator("[data-test=results]").allTextContents();
  assert.ok(results.some((r) => /1015|fine/i.test(r)), `the case shows the result (${results.join(" | ")})`);
  await checkPage(page, "case-after-resulting");
  const after = await api.case(target.c.case_id);
  assert.equal(after.case.hearings.find((h) => h.id === hearing.id).status, "resulted");
});
