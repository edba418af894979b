// On a phone, and on a desktop (issue 9): the pages a practitioner uses most fit the screen, with
// tables scrolling inside their own labelled region rather than pushing the page (and its "Mark as
// done" and "Withdraw" buttons) sideways; the service navigation folds behind GOV.UK Frontend's
// "Menu" button on a phone, opens from the keyboard, and shows every link without JavaScript; the
// header stays short. Every page is also checked by helpers.mjs (axe-core, CSP/console errors).
//
// A synthetic person owned by the demo police force is set up through the API first (with a name
// unique to this run, a conviction that makes them subject to notification and a share, so that
// the record's tables and buttons are there); nothing here depends on how much demo data exists.

import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { api, checkPage, follow, h1, openSession, PASSWORD, signIn, url } from './helpers.mjs'

const RUN = [...Date.now().toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')
const SURNAME = `Phonetest${RUN}`
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 900 }

/** The page is no wider than the screen, and passes the checks every page gets. */
async function fits (session, name) {
  const { page } = session
  const { scrollWidth, viewport } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth
  }))
  assert.ok(scrollWidth <= viewport, `${name} is ${scrollWidth}px wide on a ${viewport}px screen`)
  // Every table scrolls inside a region the keyboard can reach and a screen reader can name.
  const bare = await page.locator('table').evaluateAll((tables) => tables.filter((t) => {
    const region = t.closest('.app-table-container')
    return !region || region.getAttribute('tabindex') !== '0' || region.getAttribute('role') !== 'region' ||
      !region.getAttribute('aria-label')
  }).length)
  assert.equal(bare, 0, `${name}: every table is inside a focusable, labelled region`)
  await checkPage(session, `${name} at ${viewport}px`)
}

describe('on a phone and on a desktop', () => {
  let personId

  before(async () => {
    const { token } = await api('POST', '/api/v1/auth/token', null, { username: 'manager', password: PASSWORD })
    const person = await api('POST', '/api/v1/nominals', token, {
      surname: SURNAME, forenames: 'Robin', date_of_birth: '1979-08-09', gender: 'female'
    })
    personId = person.id
    await api('POST', `/api/v1/nominals/${personId}/disposals`, token, {
      kind: 'conviction',
      date: '2023-02-01',
      schedule_3: true,
      offences: [{ description: 'Synthetic offence', schedule_3: true }],
      sentence: { type: 'community_order' }
    })
    await api('POST', `/api/v1/nominals/${personId}/shares`, token, {
      agency: 'HSG-NBR', reason: 'Synthetic reason: housing needs to know'
    })
  })

  for (const viewport of [PHONE, DESKTOP]) {
    test(`at ${viewport.width}px the home page, search, a record, the compliance list and the notification form fit the screen`, async () => {
      const session = await openSession({ viewport })
      const { page } = session
      try {
        await signIn(session, 'manager')
        assert.equal(await h1(page), 'My caseload')
        await fits(session, 'home page')

        await page.goto(url('/people/search'))
        await page.getByLabel('Name or identifier', { exact: true }).fill(SURNAME)
        await follow(page, page.locator('main').getByRole('button', { name: 'Search', exact: true }))
        const result = page.locator('table').getByRole('link', { name: `${SURNAME.toUpperCase()}, Robin`, exact: true })
        assert.equal(await result.count(), 1, 'the search finds the person')
        await fits(session, 'search results')

        await follow(page, result)
        assert.equal(new URL(page.url()).pathname, `/people/${personId}`)
        await fits(session, 'record overview')
        // The parts of the record are a tap away, in the sub-navigation.
        await follow(page, page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name: 'Personal details', exact: true }))
        assert.equal(new URL(page.url()).pathname, `/people/${personId}/details`)
        const withdraw = page.getByRole('button', { name: /^Withdraw/ })
        assert.equal(await withdraw.count(), 1, 'the record shows its share with a "Withdraw" button')
        await fits(session, 'record')
        // The button is reachable: scrolled into view inside its table's region, the page stays put.
        await withdraw.scrollIntoViewIfNeeded()
        const box = await withdraw.evaluate((b) => {
          const r = b.getBoundingClientRect()
          return { left: r.left, right: r.right, width: window.innerWidth }
        })
        assert.ok(box.left >= 0 && box.right <= box.width, `"Withdraw" can be brought onto the screen (${JSON.stringify(box)})`)
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true,
          'and the page itself still fits')

        await page.goto(url('/compliance'))
        assert.equal(await h1(page), 'Compliance')
        await fits(session, 'compliance list')

        await page.goto(url(`/people/${personId}/notifications/new`))
        assert.equal(await h1(page), 'Record a notification')
        await fits(session, 'notification form: the kind')
        await page.goto(url(`/people/${personId}/notifications/new?kind=foreign_travel`))
        await fits(session, 'notification form: foreign travel')
      } finally {
        await session.close()
      }
    })
  }

  test('on a phone the menu is folded behind a "Menu" button that opens with the keyboard', async () => {
    const session = await openSession({ viewport: PHONE })
    const { page } = session
    try {
      await signIn(session, 'manager')
      const nav = page.getByRole('navigation', { name: 'Menu' })
      const menu = nav.getByRole('button', { name: 'Menu', exact: true })
      const search = nav.getByRole('link', { name: 'Search', exact: true })
      assert.ok(await menu.isVisible(), 'a "Menu" button')
      assert.equal(await menu.getAttribute('aria-controls'), 'navigation')
      assert.equal(await menu.getAttribute('aria-expanded'), 'false')
      assert.equal(await search.isVisible(), false, 'the links are folded away')

      // From the keyboard: Tab to the button, then Enter.
      await page.locator('body').focus()
      let reached = false
      for (let i = 0; i < 12 && !reached; i++) {
        await page.keyboard.press('Tab')
        reached = await menu.evaluate((b) => b === document.activeElement)
      }
      assert.ok(reached, 'Tab reaches the "Menu" button')
      await page.keyboard.press('Enter')
      assert.equal(await menu.getAttribute('aria-expanded'), 'true')
      assert.ok(await search.isVisible(), 'the links are shown')
      await page.keyboard.press('Tab')
      assert.equal(await page.evaluate(() => document.activeElement?.textContent.trim()), 'My caseload',
        'the next Tab goes to the first link')
      await checkPage(session, 'the menu open on a phone')

      // The header is short: the name and "Sign out" on a phone, well under a fifth of the screen
      // with the folded menu.
      await page.keyboard.press('Enter')
      const header = page.locator('header.govuk-header')
      assert.match(await header.textContent(), /Sam Patel/)
      assert.ok(await header.getByRole('button', { name: 'Sign out', exact: true }).isVisible())
      const tops = await page.evaluate(() => ({
        header: document.querySelector('header').getBoundingClientRect().height,
        navigation: document.querySelector('.govuk-service-navigation').getBoundingClientRect().height
      }))
      assert.ok(tops.header + tops.navigation <= 844 / 5,
        `the header and folded menu take ${tops.header + tops.navigation}px of an 844px screen`)

      // On a desktop, no button: the links are all there.
      await page.setViewportSize(DESKTOP)
      assert.equal(await menu.isVisible(), false, 'no "Menu" button on a desktop')
      assert.ok(await search.isVisible(), 'the links are shown on a desktop')
    } finally {
      await session.close()
    }
  })

  test('without JavaScript the menu\'s links are all shown on a phone', async () => {
    const session = await openSession({ viewport: PHONE, javaScriptEnabled: false })
    const { page } = session
    try {
      await signIn(session, 'manager')
      const nav = page.getByRole('navigation', { name: 'Menu' })
      assert.equal(await nav.getByRole('button', { name: 'Menu', exact: true }).count(), 0, 'no "Menu" button')
      for (const name of ['My caseload', 'Search', 'Add a person', 'Compliance']) {
        assert.ok(await nav.getByRole('link', { name, exact: true }).isVisible(), `"${name}" is shown`)
      }
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= PHONE.width, `the home page is ${width}px wide without JavaScript`)
    } finally {
      await session.close()
    }
  })
})
