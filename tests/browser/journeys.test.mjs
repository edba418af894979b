// The key journeys through mappa's pages, in a real browser, with the page checks of
// helpers.mjs (axe-core, CSP/console errors, stylesheet) on every page visited.
//
// Runs against a server started by scripts/browser-tests.sh (`mappa demo`), given as BASE_URL.
// The tests run in order and share state: journey 2 creates the person that 3 and 4 use.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { checkPage, follow, h1, openSession, PASSWORD, signIn, url } from './helpers.mjs'

// The demo manager's display name (crates/mappa-app/src/demo.rs, USERS).
const MANAGER_NAME = 'Sam Patel'

// A surname unique to this run, in letters only, so reruns against a reused database don't
// collide and no name rule rejects it: "Browsertest" + the time in base 26 as letters.
const RUN = [...Date.now().toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')
const SURNAME = `Browsertest${RUN}`
const FORENAMES = 'Alice'
const HEADING = `${SURNAME.toUpperCase()}, ${FORENAMES}`

function pathname (page) {
  return new URL(page.url()).pathname
}

async function serviceNavLink (page, name) {
  const link = page.locator('nav').getByRole('link', { name, exact: true })
  assert.equal(await link.count(), 1, `one "${name}" link in the navigation`)
  return link
}

async function errorSummaryLinks (page) {
  const summary = page.locator('.govuk-error-summary')
  assert.equal(await summary.count(), 1, 'a GOV.UK error summary is shown')
  return await summary.getByRole('link').evaluateAll((links) =>
    links.map((a) => ({ text: a.textContent.replace(/\s+/g, ' ').trim(), href: a.getAttribute('href') })))
}

describe('mappa key journeys', () => {
  let manager
  let personPath = null

  before(async () => {
    manager = await openSession()
  })

  after(async () => {
    await manager?.close()
  })

  test('1. sign-in: a wrong password is refused, then the manager signs in and sees their caseload', async () => {
    const { page } = manager

    const response = await page.goto(url('/sign-in'))
    assert.equal(response.status(), 200)
    assert.equal(await h1(page), 'Sign in')
    await checkPage(manager, 'sign-in')

    await page.getByLabel('Username', { exact: true }).fill('manager')
    await page.getByLabel('Password', { exact: true }).fill('not-the-password')
    await follow(page, page.getByRole('button', { name: 'Sign in', exact: true }))
    assert.equal(pathname(page), '/sign-in', 'stays on the sign-in page')
    assert.equal(await h1(page), 'Sign in')
    const summary = page.locator('.govuk-error-summary')
    assert.equal(await summary.count(), 1, 'a GOV.UK error summary is shown')
    assert.match(await summary.textContent(), /Enter a correct username and password/)
    await checkPage(manager, 'sign-in with an error')

    await page.getByLabel('Username', { exact: true }).fill('manager')
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await follow(page, page.getByRole('button', { name: 'Sign in', exact: true }))
    assert.equal(pathname(page), '/', 'redirected to the caseload')
    assert.equal(await h1(page), 'My caseload')

    const header = page.locator('.govuk-header')
    assert.equal(await header.count(), 1, 'one GOV.UK header')
    assert.match(await header.textContent(), new RegExp(MANAGER_NAME), 'the header shows the user\'s name')
    assert.equal(await page.getByRole('button', { name: 'Sign out', exact: true }).count(), 1, 'a Sign out button')
    for (const [name, href] of [['My caseload', '/'], ['Search', '/people/search'], ['Add a person', '/people/new']]) {
      assert.equal(await (await serviceNavLink(page, name)).getAttribute('href'), href, `"${name}" goes to ${href}`)
    }
    await checkPage(manager, 'caseload')
  })

  test('2. add a person: errors are explained, then the record is saved, found, opened and its history shown', async () => {
    const { page } = manager

    await follow(page, await serviceNavLink(page, 'Add a person'))
    assert.equal(pathname(page), '/people/new')
    assert.equal(await h1(page), 'Add a person')
    await checkPage(manager, 'add a person')

    // Empty surname and a date of birth in the future.
    const dateOfBirth = page.getByRole('group', { name: 'Date of birth', exact: true })
    const gender = page.getByRole('group', { name: 'Gender', exact: true })
    assert.equal(await dateOfBirth.count(), 1, 'a "Date of birth" fieldset')
    assert.equal(await gender.count(), 1, 'a "Gender" fieldset')
    for (const option of ['Male', 'Female', 'Other', 'Not known']) {
      assert.equal(await gender.getByLabel(option, { exact: true }).count(), 1, `a "${option}" radio`)
    }
    await page.getByLabel('Surname', { exact: true }).fill('')
    await page.getByLabel('Forenames', { exact: true }).fill(FORENAMES)
    await dateOfBirth.getByLabel('Day', { exact: true }).fill('1')
    await dateOfBirth.getByLabel('Month', { exact: true }).fill('1')
    await dateOfBirth.getByLabel('Year', { exact: true }).fill(String(new Date().getFullYear() + 1))
    await gender.getByLabel('Female', { exact: true }).check()
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))

    assert.equal(await h1(page), 'Add a person', 'the form is shown again')
    const links = await errorSummaryLinks(page)
    assert.deepEqual(
      links.filter((l) => ['Enter surname', 'Date of birth must be today or in the past'].includes(l.text)),
      [
        { text: 'Enter surname', href: '#surname' },
        { text: 'Date of birth must be today or in the past', href: '#date_of_birth-day' }
      ],
      `the error summary links each error to its field (found ${JSON.stringify(links)})`
    )
    assert.equal(await page.locator('#surname').count(), 1, '#surname is the Surname field')
    assert.equal(await page.locator('#date_of_birth-day').count(), 1, '#date_of_birth-day is the Day field')
    assert.equal(await page.getByLabel('Forenames', { exact: true }).inputValue(), FORENAMES, 'what was typed is kept')
    await checkPage(manager, 'add a person with errors')

    // GOV.UK Frontend's error summary script moves focus to the field when its error is clicked.
    await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter surname' }).click()
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'surname', 'the Surname field has focus')

    // Fix both and save.
    await page.getByLabel('Surname', { exact: true }).fill(SURNAME)
    await page.getByLabel('Forenames', { exact: true }).fill(FORENAMES)
    const dateOfBirthAgain = page.getByRole('group', { name: 'Date of birth', exact: true })
    await dateOfBirthAgain.getByLabel('Day', { exact: true }).fill('14')
    await dateOfBirthAgain.getByLabel('Month', { exact: true }).fill('3')
    await dateOfBirthAgain.getByLabel('Year', { exact: true }).fill('1985')
    await page.getByRole('group', { name: 'Gender', exact: true }).getByLabel('Female', { exact: true }).check()
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))

    assert.match(pathname(page), /^\/people\/[^/]+$/, `redirected to the new record (at ${page.url()})`)
    assert.notEqual(pathname(page), '/people/new')
    assert.equal(await h1(page), HEADING)
    personPath = pathname(page)
    await checkPage(manager, 'person')

    // Find them by surname.
    await follow(page, await serviceNavLink(page, 'Search'))
    assert.equal(pathname(page), '/people/search')
    assert.equal(await h1(page), 'Search')
    await page.getByLabel('Name or identifier', { exact: true }).fill(SURNAME)
    await follow(page, page.getByRole('button', { name: 'Search', exact: true }))
    assert.equal(pathname(page), '/people/search')
    assert.equal(new URL(page.url()).search, '', 'the search text is posted, never put in the address')
    assert.equal(await h1(page), 'Search')
    const result = page.locator('table.govuk-table').getByRole('link', { name: HEADING, exact: true })
    assert.equal(await result.count(), 1, `one result "${HEADING}" in the results table`)
    assert.equal(await result.getAttribute('href'), personPath)
    await checkPage(manager, 'search results')

    // A search that finds nobody says so.
    const nobody = `Qzxwvq${RUN}`
    await page.getByLabel('Name or identifier', { exact: true }).fill(nobody)
    await follow(page, page.getByRole('button', { name: 'Search', exact: true }))
    assert.match(await page.locator('main').textContent(), /No people found/)
    await checkPage(manager, 'search without results')

    // Open the record from the results.
    await page.getByLabel('Name or identifier', { exact: true }).fill(SURNAME)
    await follow(page, page.getByRole('button', { name: 'Search', exact: true }))
    await follow(page, page.locator('table.govuk-table').getByRole('link', { name: HEADING, exact: true }))
    assert.equal(pathname(page), personPath)
    assert.equal(await h1(page), HEADING)

    // Its history shows the creation.
    const history = page.getByRole('link', { name: 'History', exact: true })
    assert.equal(await history.count(), 1, 'a "History" link')
    assert.equal(await history.getAttribute('href'), `${personPath}/history`)
    await follow(page, history)
    assert.equal(pathname(page), `${personPath}/history`)
    assert.equal(await h1(page), 'History')
    const events = page.locator('main table')
    assert.ok(await events.count() >= 1, 'a table of events')
    assert.match(await events.first().textContent(), /Record created/)
    await checkPage(manager, 'history')
  })

  test('3. a partner agency user is told the record does not exist (404)', async (t) => {
    if (!personPath) return t.skip('journey 2 did not create a person')
    const partner = await openSession()
    try {
      await signIn(partner, 'partner')
      const response = await partner.page.goto(url(personPath))
      assert.equal(response.status(), 404)
      assert.equal(await h1(partner.page), 'Page not found')
      assert.doesNotMatch(await partner.page.locator('body').textContent(), new RegExp(SURNAME, 'i'), 'nothing of the record leaks')
      await checkPage(partner, '404 page')
    } finally {
      await partner.close()
    }
  })

  test('4. signing out returns to the sign-in page and ends the session', async () => {
    const { page } = manager
    await page.goto(url('/'))
    assert.equal(pathname(page), '/', 'still signed in')
    await follow(page, page.getByRole('button', { name: 'Sign out', exact: true }))
    assert.equal(pathname(page), '/sign-in')
    assert.equal(await h1(page), 'Sign in')
    await checkPage(manager, 'sign-in after signing out')

    await page.goto(url('/'))
    assert.equal(pathname(page), '/sign-in', 'the caseload now asks to sign in')
    if (personPath) {
      await page.goto(url(personPath))
      assert.equal(pathname(page), '/sign-in', 'so does the record')
    }
  })
})
