// Moving a case to another area (issue 11, journey 7): the demo's London manager asks to move a
// Level 3 case to Kent (first with the error summary), and Kent's manager reads the request with the
// case's key information and accepts it with the keyboard; every page checked for accessibility,
// at a desktop's width and a phone's.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { api, checkPage, follow, h1, openSession, PASSWORD, signIn, url } from './helpers.mjs'

describe('transfers: asked by the owning team, answered by the receiving area', () => {
  let personId
  const sessions = []

  before(async () => {
    const { token } = await api('POST', '/api/v1/auth/token', null, { username: 'manager', password: PASSWORD })
    const person = await api('POST', '/api/v1/nominals', token, {
      surname: 'Brackenridge', forenames: 'Owain', date_of_birth: '1977-12-01', gender: 'male'
    })
    personId = person.id
    for (const [kind, value] of [['category', 2], ['level', 3]]) {
      await api('POST', `/api/v1/nominals/${personId}/decisions`, token, {
        kind, value, rationale: 'Licence for a violent offence; level 3 criteria met'
      })
    }
  })

  after(async () => {
    for (const s of sessions) await s.close()
  })

  test('the London manager asks to move the case to Kent', async () => {
    const manager = await openSession()
    sessions.push(manager)
    await signIn(manager, 'manager')
    const page = manager.page
    await page.goto(url(`/people/${personId}/protection`))
    assert.match(await page.locator('main').textContent(), /No transfer has been asked for/)
    await follow(page, page.getByRole('link', { name: 'Ask to move the case to another area', exact: true }))
    assert.equal(await h1(page), 'Ask to move the case to another area')
    await checkPage(manager, 'the transfer request form')
    await follow(page, page.getByRole('button', { name: 'Send the request', exact: true }))
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Select the MAPPA area the case moves to/)
    await checkPage(manager, 'the transfer request form with errors')
    await page.getByLabel('Where the case should move to', { exact: true }).selectOption({ label: 'Kent: Maidstone' })
    await page.getByLabel('Why the case should move', { exact: true }).fill('Moved to Maidstone to live with his brother')
    await page.getByRole('button', { name: 'Send the request', exact: true }).focus()
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await page.waitForURL(url(`/people/${personId}/protection`))
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Transfer to another area requested/)
    const main = await page.locator('main').textContent()
    assert.match(main, /Answer due by/)
    assert.match(main, /Level 3: escalated if unanswered by/)
  })

  test('the Kent manager reads the case and accepts the transfer with the keyboard', async () => {
    const kent = await openSession()
    sessions.push(kent)
    await signIn(kent, 'kent')
    const page = kent.page
    await page.goto(url(`/people/${personId}/protection`))
    await follow(page, page.getByRole('link', { name: /Accept or refuse/ }))
    assert.equal(await h1(page), 'Answer a transfer request')
    assert.match(await page.locator('main').textContent(), /Risk management plan/)
    await checkPage(kent, 'the transfer answer page')
    await follow(page, page.getByRole('button', { name: 'Save the answer', exact: true }))
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Select whether you accept or refuse the transfer/)
    await checkPage(kent, 'the transfer answer page with errors')
    await page.getByLabel('Accept the transfer', { exact: true }).check()
    await page.getByRole('button', { name: 'Save the answer', exact: true }).focus()
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await page.waitForURL(url(`/people/${personId}/protection`))
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Transfer accepted/)
    assert.match(await page.locator('main').textContent(), /Sending team's access ends/)

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 })
      await page.goto(url(`/people/${personId}/protection`))
      const wide = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(wide <= width, `the page fits ${width} px (${wide})`)
      await checkPage(kent, `the moved case at ${width} px`)
    }
  })
})
