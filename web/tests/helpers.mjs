// Helpers of the browser tests (web/tests/browser.mjs): Chromium through playwright-core, a
// per-page watch on the console (CSP violations, JavaScript errors), axe-core, screenshots, the
// keyboard sign-in, and a small JSON API client to find demo data.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = require("axe-core").source;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const BASE = (process.env.ASSIZE_BASE_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
export const ARTIFACTS = process.env.ASSIZE_ARTIFACTS || path.join(ROOT, "target/test-artifacts");
export const SCREENSHOTS = path.join(ARTIFACTS, "screenshots");
export const PASSWORD = "assize-demo-2026";

/** The WCAG 2.0, 2.1 and 2.2 A and AA rules of axe-core. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/** Every axe run of this process, written to axe.json at the end. */
const axeRuns = [];

// --- Browser ----------------------------------------------------------------------------------

export async function launch() {
  const args = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    // Without these Chromium keeps calling Google's hosts, which this machine's closed network
    // refuses, many at a time.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ];
  if (process.getuid?.() === 0) args.unshift("--no-sandbox");
  return chromium.launch({
    executablePath: process.env.ASSIZE_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args,
  });
}

/**
 * A new browser context (one person) whose pages are watched: every console error and uncaught
 * exception is recorded against the page. `expectStatus(page, n)` allows the one "Failed to load
 * resource: ... status of n" message that a deliberately requested error page causes.
 */
export async function newPerson(browser) {
  const context = await browser.newContext({
    baseURL: BASE,
    viewport: { width: 1280, height: 900 },
    locale: "en-GB",
    timezoneId: "Europe/London",
    reducedMotion: "reduce",
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  context.on("page", watch);
  const page = await context.newPage();
  return { context, page };
}

function watch(page) {
  page.assize = { problems: [], allowedStatuses: new Set() };
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    const status = /status of (\d{3})/.exec(text);
    if (status && page.assize.allowedStatuses.has(Number(status[1]))) return;
    const kind = /Content[- ]Security[- ]Policy/i.test(text) ? "CSP violation" : "console error";
    const where = msg.location()?.url ? ` (${msg.location().url})` : "";
    page.assize.problems.push(`${kind} on ${page.url()}: ${text}${where}`);
  });
  page.on("pageerror", (err) => {
    page.assize.problems.push(`JavaScript error on ${page.url()}: ${err.message}`);
  });
}

/** The page's main document may answer with this status without it counting as a console error. */
export function expectStatus(page, status) {
  page.assize.allowedStatuses.add(status);
}

/** Fail if any page of the context reported a CSP violation, a console error or a JS error. */
export function assertNoBrowserErrors(context) {
  const problems = context.pages().flatMap((p) => p.assize?.problems ?? []);
  assert.deepEqual(problems, [], `the browser reported problems:\n  ${problems.join("\n  ")}`);
}

// --- axe-core, screenshots ------------------------------------------------------------------

/**
 * Run axe-core (WCAG 2.0/2.1/2.2 A and AA) on the page as it is now; fail on any violation.
 * axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy
 * (script-src 'self') does not apply to, so the policy stays as strict as in real use.
 */
export async function checkA11y(page, name) {
  await page.waitForLoadState("load");
  const loaded = await page.evaluate(() => typeof window.axe === "object");
  if (!loaded) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] }),
    AXE_TAGS,
  );
  const violations = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.join(" ")),
    html: v.nodes.map((n) => n.html),
    summaries: v.nodes.map((n) => n.failureSummary),
  }));
  axeRuns.push({
    name,
    url: page.url(),
    violations,
    incomplete: results.incomplete.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) })),
  });
  if (violations.length > 0) {
    const text = violations
      .map((v) => `  ${v.id} (${v.impact}): ${v.help}\n${v.targets.map((t, i) => `      ${t}   ${v.html[i]}`).join("\n")}`)
      .join("\n");
    assert.fail(`axe-core: ${violations.length} violation(s) on "${name}" (${page.url()}):\n${text}`);
  }
}

export function writeAxeReport() {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, "axe.json"), JSON.stringify({ tags: AXE_TAGS, runs: axeRuns }, null, 2));
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Check a page (axe, browser errors) and keep a screenshot of it. */
export async function checkPage(page, name, { shot = true } = {}) {
  if (shot) await screenshot(page, name);
  await checkA11y(page, name);
  assertNoBrowserErrors(page.context());
}

// --- Signing in -------------------------------------------------------------------------------

/**
 * Sign in through the form with the keyboard only: focus the username field, type, Tab, type,
 * Enter. Returns once the page after sign-in has loaded. Both pages are checked with axe-core.
 */
export async function signIn(page, username, password = PASSWORD) {
  await page.goto("/sign-in");
  await checkA11y(page, `sign-in (${username})`);
  await page.locator("#username").focus();
  await page.keyboard.type(username);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "password", "Tab from the username goes to the password");
  await page.keyboard.type(password);
  await Promise.all([page.waitForURL((u) => u.pathname !== "/sign-in"), page.keyboard.press("Enter")]);
  await page.waitForLoadState("load");
  await checkA11y(page, `${new URL(page.url()).pathname} after sign-in (${username})`);
  assertNoBrowserErrors(page.context());
}

// --- JSON API ---------------------------------------------------------------------------------

/** A person signed in to the JSON API with the session cookie (for finding demo data). */
export class Api {
  static async signIn(username) {
    const r = await fetch(`${BASE}/api/v1/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    const text = await r.text();
    assert.ok([200, 201].includes(r.status), `API sign-in of ${username}: ${r.status} ${text}`);
    const cookie = r.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return new Api(cookie, JSON.parse(text));
  }

  constructor(cookie, me) {
    this.cookie = cookie;
    this.me = me;
  }

  async request(method, url, { body, headers = {}, ok = [200, 201] } = {}) {
    const r = await fetch(`${BASE}/api/v1${url}`, {
      method,
      headers: {
        Cookie: this.cookie,
        ...(body ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    assert.ok(ok.includes(r.status), `${method} ${url} as ${this.me.username}: ${r.status} ${text}`);
    return { status: r.status, etag: r.headers.get("etag"), body: text ? JSON.parse(text) : null };
  }

  async get(url) {
    return (await this.request("GET", url)).body;
  }

  /** Every case this person can see: a name search for each family name the demo data uses. */
  async allCases() {
    const byId = new Map();
    for (const family of DEMO_FAMILY_NAMES) {
      const list = await this.get(`/cases?name=${encodeURIComponent(family)}&limit=100`);
      for (const c of list.cases) byId.set(c.case_id, c);
    }
    return [...byId.values()];
  }

  async case(id) {
    const r = await this.request("GET", `/cases/${id}`);
    return { ...r.body, etag: r.etag };
  }
}

// The family names of crates/assize-api/src/demo/cases.rs (every demo defendant has one).
const DEMO_FAMILY_NAMES = [
  "Smith",
  "O'Brien",
  "Nowak",
  "Okafor",
  "Jones",
  "Müller",
  "Ahmed",
  "Ó Súilleabháin",
  "Williams",
  "Kowalczyk",
  "Patel",
  "Evans",
  "García-López",
  "Brown",
  "Davies",
  "Nguyễn",
];

export function fullName(d) {
  return `${d.name.given_names} ${d.name.family_name}`;
}

/** The date today in Europe/London (the court calendar), `YYYY-MM-DD`. */
export function londonToday() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
}
