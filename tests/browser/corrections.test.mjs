// Mistakes put right (issue 9, point 8), as a manager would, with the keyboard, on a phone and on a
// desktop: a wrong address is corrected from the record (the form opens filled in and asks why),
// a conviction recorded in error is withdrawn with a reason, and the history says what was done and
// why. Every page is also checked by helpers.mjs (axe-core, CSP/console errors).
//
// The synthetic person is set up through the API with a name unique to this run.

import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { api, checkPage, follow, h1, openSession, PASSWORD, signIn, url } from './helpers.mjs'

const RUN = [...Date.now().toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')

for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
  describe(`putting mistakes right at ${viewport.width}px`, () => {
    let personId

    before(async () => {
      const { token } = await api('POST', '/api/v1/auth/token', null, { username: 'manager', password: PASSWORD })
      const person = await api('POST', '/api/v1/nominals', token, {
        surname: `Fixtest${RUN}${viewport.width}`, forenames: 'Alex', date_of_birth: '1981-04-12', gender: 'male'
      })
      personId = person.id
      await api('POST', `/api/v1/nominals/${personId}/disposals`, token, {
        kind: 'conviction', date: '2022-05-09', schedule_3: true,
        offences: [{ description: 'Synthetic offence in error', schedule_3: true }],
        sentence: { type: 'community_order' }
      })
      await api('POST', `/api/v1/nominals/${personId}/addresses`, token, {
        kind: 'home', line1: '7 Synthetic Road', town: 'Testtown', postcode: 'TT1 1AA', from: '2022-06-01'
      })
    })

    test('an address is corrected and a conviction withdrawn, each with its reason', async () => {
      const session = await openSession({ viewport })
      const { page } = session
      try {
        await signIn(session, 'manager')
        await page.goto(url(`/people/${personId}/details`))
        const addresses = page.getByRole('region', { name: 'Addresses', exact: true })
        const correct = addresses.getByRole('link', { name: 'Correct the address from 1 June 2022', exact: true })
        await correct.focus()
        await Promise.all([page.waitForURL(/\/correct$/), page.keyboard.press('Enter')])
        assert.equal(await h1(page), 'Correct an address')
        assert.equal(await page.getByLabel('Address line 1', { exact: true }).inputValue(), '7 Synthetic Road', 'filled in')
        await checkPage(session, `correction form at ${viewport.width}px`)

        await page.getByLabel('Address line 1', { exact: true }).fill('17 Synthetic Road')
        await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
        assert.equal(await h1(page), 'Correct an address', 'asked again, still a correction')
        const summary = page.locator('.govuk-error-summary')
        assert.match(await summary.textContent(), /Enter why the entry is being corrected/)
        assert.equal(await page.getByLabel('Address line 1', { exact: true }).inputValue(), '17 Synthetic Road', 'what was typed is kept')
        await checkPage(session, `correction form with an error at ${viewport.width}px`)
        await page.getByLabel('Why are you correcting this entry?', { exact: true }).fill('House number typed wrongly')
        await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
        assert.equal(new URL(page.url()).pathname, `/people/${personId}/details`)
        assert.match(await page.locator('.govuk-notification-banner--success').textContent(), /Correction made/)
        const rows = await addresses.locator('tbody tr').allTextContents()
        assert.equal(rows.length, 1, 'only the corrected address stands')
        assert.match(rows[0], /17 Synthetic Road/)

        await follow(page, page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name: 'Convictions', exact: true }))
        const disposals = page.getByRole('region', { name: 'Convictions, cautions and findings', exact: true })
        await follow(page, disposals.getByRole('link', { name: 'Withdraw the Conviction of 9 May 2022', exact: true }))
        assert.equal(await h1(page), 'Withdraw this conviction, caution or finding')
        await checkPage(session, `withdrawal at ${viewport.width}px`)
        await page.getByLabel('Why are you withdrawing this entry?', { exact: true }).fill('Recorded on the wrong person')
        await follow(page, page.getByRole('button', { name: 'Withdraw conviction, caution or finding', exact: true }))
        assert.match(await page.locator('.govuk-notification-banner--success').textContent(), /Entry withdrawn/)
        assert.doesNotMatch(await page.locator('main').textContent(), /Synthetic offence in error/)
        const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)
        assert.equal(wide, false, 'the record still fits the screen')
        await checkPage(session, `record after corrections at ${viewport.width}px`)

        await page.goto(url(`/people/${personId}/history`))
        const history = await page.locator('main').textContent()
        assert.match(history, /Correction made/)
        assert.match(history, /House number typed wrongly/)
        assert.match(history, /Recorded on the wrong person/)
        await checkPage(session, `history at ${viewport.width}px`)
      } finally {
        await session.close()
      }
    })
  })
}
