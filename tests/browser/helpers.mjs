// Shared helpers for the browser tests: a Debian Chromium driven by playwright-core, signing in,
// and the checks run on every page (axe-core accessibility, console errors including CSP
// violations, failed sub-resources).

import assert from 'node:assert/strict'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createRequire } from 'node:module'
import { chromium } from 'playwright-core'

const require = createRequire(import.meta.url)

export const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '')
export const PASSWORD = process.env.MAPPA_DEMO_PASSWORD ?? 'demo-password'
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** The absolute URL of a path on the server under test. */
export function url (pathname) {
  return new URL(pathname, BASE_URL + '/').href
}

/** Calls the API (JSON in and out) and fails the test on any answer but success. */
export async function api (method, path, token, body) {
  const response = await fetch(url(path), {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await response.text()
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`)
  return text ? JSON.parse(text) : null
}

/**
 * A browser session: its own Chromium with a fresh profile (so its own cookies), and one page
 * whose console errors and failed requests are recorded for `checkPage`. Call `close()`.
 * `javaScriptEnabled: false` gives a browser without JavaScript; `viewport` another screen size.
 */
export async function openSession ({ javaScriptEnabled = true, viewport = { width: 1280, height: 900 } } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run scripts/browser-tests.sh, which installs Debian's chromium`)
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mappa-browser-'))
  // launchPersistentContext is playwright's way to give Chromium its --user-data-dir. The page's
  // CSP stays in force (no bypassCSP), so a violation shows up as a console error.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    javaScriptEnabled,
    locale: 'en-GB',
    timezoneId: 'Europe/London'
  })
  context.setDefaultTimeout(15_000)
  context.setDefaultNavigationTimeout(30_000)
  const page = context.pages()[0] ?? await context.newPage()
  const problems = []
  page.on('console', (message) => {
    if (message.location()?.url?.endsWith('/favicon.ico')) return // see 'response' below
    if (message.type() !== 'error') return
    const forDocument = documentStatus !== null && message.location()?.url === page.url() &&
      message.text().startsWith(`Failed to load resource: the server responded with a status of ${documentStatus} `)
    if (!forDocument) problems.push({ kind: 'console error', text: message.text(), url: page.url() })
  })
  page.on('pageerror', (error) => problems.push({ kind: 'uncaught exception', text: String(error), url: page.url() }))
  page.on('requestfailed', (request) => {
    problems.push({ kind: 'request failed', text: `${request.url()}: ${request.failure()?.errorText}`, url: page.url() })
  })
  // The status of the page's own document, which tests assert themselves (e.g. 404, or 401 for a
  // refused sign-in): Chromium's console error for it is not a problem of the page.
  let documentStatus = null
  page.on('response', (response) => {
    const request = response.request()
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) documentStatus = response.status()
    // A browser may ask for /favicon.ico on its own; that is not something a page asked for.
    if (new URL(response.url()).pathname === '/favicon.ico') return
    if (request.resourceType() !== 'document' && response.status() >= 400) {
      problems.push({ kind: `HTTP ${response.status()}`, text: response.url(), url: page.url() })
    }
  })
  return {
    context,
    page,
    problems,
    async close () {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    }
  }
}

/** Clicks something that navigates (a link, or a button that submits a form) and waits for the
 * new page to load, following redirects; returns the final document response. */
export async function follow (page, locator) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()])
  return response
}

/** Signs in through the sign-in page and waits to leave it. */
export async function signIn (session, username, password = PASSWORD) {
  const { page } = session
  await page.goto(url('/sign-in'))
  await page.getByLabel('Username', { exact: true }).fill(username)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await follow(page, page.getByRole('button', { name: 'Sign in', exact: true }))
  if (new URL(page.url()).pathname === '/sign-in') throw new Error(`could not sign in as ${username}`)
}

/** The text of the page's only h1. */
export async function h1 (page) {
  const headings = page.locator('h1')
  assert.equal(await headings.count(), 1, `exactly one h1 on ${page.url()}`)
  return (await headings.textContent()).replace(/\s+/g, ' ').trim()
}

/** Formats axe violations for a person to read. */
export function formatViolations (violations) {
  return violations.map((v) => {
    const nodes = v.nodes.map((n) => `      - ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ')}`).join('\n')
    return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`
  }).join('\n')
}

/**
 * The checks run on every page visited:
 * - axe-core (WCAG 2.2 A and AA, and best practices) finds no violations;
 * - no console error (a CSP violation is one), uncaught exception, failed request or 4xx/5xx
 *   sub-resource since the previous check (the page's own status is for the tests to assert);
 * - the stylesheet is the embedded one and applied (Arial); no inline <script> or <style>.
 */
export async function checkPage (session, name) {
  const { page, problems } = session
  await page.waitForLoadState('load')

  // Injected through the DevTools protocol rather than a <script> tag, which the page's CSP would
  // (rightly) refuse.
  if (!await page.evaluate(() => typeof window.axe !== 'undefined')) {
    await page.evaluate(AXE_SOURCE)
  }
  const results = await page.evaluate(async () => {
    return await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations']
    })
  })
  assert.equal(
    results.violations.length, 0,
    `axe found ${results.violations.length} accessibility violation(s) on ${name} (${page.url()}):\n${formatViolations(results.violations)}`
  )

  const page_ = await page.evaluate(() => ({
    stylesheets: [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.getAttribute('href')),
    inlineScripts: [...document.querySelectorAll('script:not([src])')].filter((s) => s.type !== 'application/json').length,
    // Style attributes set by scripts through the CSSOM are allowed by a CSP; ones in the markup
    // are not and show up as console errors (CSP violations), checked below.
    inlineStyles: document.querySelectorAll('style').length,
    headerFont: (() => {
      const header = document.querySelector('.govuk-header')
      return header ? getComputedStyle(header).fontFamily : null
    })()
  }))
  assert.ok(
    page_.stylesheets.some((href) => /^\/assets\/application\.css\?v=[0-9a-f]+$/.test(href)),
    `${name} links the embedded stylesheet with its hash (found ${JSON.stringify(page_.stylesheets)})`
  )
  assert.equal(page_.inlineScripts, 0, `${name} has no inline script`)
  assert.equal(page_.inlineStyles, 0, `${name} has no <style> element`)
  if (page_.headerFont !== null) {
    assert.match(page_.headerFont, /arial/i, `${name}: the header is set in Arial`)
  }

  assert.deepEqual(problems.splice(0), [], `${name}: no console errors, CSP violations or failed requests`)
}
