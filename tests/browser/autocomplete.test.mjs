// Forms that fit the task (issue 9, point 5), with JavaScript, from the keyboard, on a phone and a
// desktop: the agency to share with is typed and picked from GOV.UK's accessible autocomplete, and
// a person's form grows a row with "Add another name". Every page is also checked by helpers.mjs
// (axe-core, CSP/console errors), so the autocomplete must keep to the CSP.

import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { api, checkPage, follow, h1, openSession, PASSWORD, signIn, url } from './helpers.mjs'

const RUN = [...Date.now().toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')

for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
  describe(`choosing from long lists at ${viewport.width}px`, () => {
    let personId

    before(async () => {
      const { token } = await api('POST', '/api/v1/auth/token', null, { username: 'manager', password: PASSWORD })
      const person = await api('POST', '/api/v1/nominals', token, {
        surname: `Picktest${RUN}${viewport.width}`, forenames: 'Sam', date_of_birth: '1984-02-03', gender: 'female'
      })
      personId = person.id
    })

    test('an agency is typed and picked with the keyboard, and the record is shared with it', async () => {
      const session = await openSession({ viewport })
      const { page } = session
      try {
        await signIn(session, 'manager')
        await page.goto(url(`/people/${personId}/shares/new`))
        assert.equal(await h1(page), 'Share with another agency')
        const agency = page.getByRole('combobox', { name: 'Agency' })
        assert.equal(await agency.count(), 1, 'the select became a combobox')
        await agency.focus()
        await page.keyboard.type('Hous')
        const option = page.getByRole('option', { name: /Housing/ }).first()
        await option.waitFor()
        await checkPage(session, `agency suggestions at ${viewport.width}px`)
        await page.keyboard.press('ArrowDown')
        await page.keyboard.press('Enter')
        assert.match(await agency.inputValue(), /Housing/)
        await page.getByLabel('Reason for sharing', { exact: true }).fill('Synthetic reason: housing needs to know')
        await follow(page, page.getByRole('button', { name: 'Share', exact: true }))
        assert.equal(new URL(page.url()).pathname, `/people/${personId}/details`)
        assert.match(await page.locator('.govuk-notification-banner--success').textContent(), /Shared with another agency/)
        assert.match(await page.getByRole('region', { name: 'Sharing', exact: true }).textContent(), /Housing/)
      } finally {
        await session.close()
      }
    })

    test('"Add another name" adds a row and keeps what was typed', async () => {
      const session = await openSession({ viewport })
      const { page } = session
      try {
        await signIn(session, 'manager')
        await page.goto(url(`/people/${personId}/edit`))
        await page.getByLabel('Other name 1', { exact: true }).fill('Sammy')
        await follow(page, page.getByRole('button', { name: 'Add another name', exact: true }))
        assert.equal(await page.getByLabel('Other name 1', { exact: true }).inputValue(), 'Sammy')
        assert.equal(await page.getByLabel('Other name 2', { exact: true }).count(), 1, 'a second row')
        await checkPage(session, `person form with another row at ${viewport.width}px`)
      } finally {
        await session.close()
      }
    })
  })
}
