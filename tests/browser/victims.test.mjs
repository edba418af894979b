// Victims (issue 11, journey 4) and the record's victim-contact warning (issue 9, finding 4): the
// demo manager adds a victim from the record's Victims page (first with the error summary), the top
// of the record then warns of victim contact, at a desktop's width and a phone's; the housing
// partner, whose agency the record is shared with, sees neither the victim nor the warning.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { api, checkPage, follow, h1, openSession, PASSWORD, signIn, url } from './helpers.mjs'

const RUN = Date.now().toString().slice(-6)
const VICTIM = `Orla Pemberton-${RUN}`

describe('victims: seen by the owner and the liaison officer only', () => {
  let personId
  const sessions = []

  before(async () => {
    const { token } = await api('POST', '/api/v1/auth/token', null, { username: 'manager', password: PASSWORD })
    const person = await api('POST', '/api/v1/nominals', token, {
      surname: 'Threlkeld', forenames: 'Ivo', date_of_birth: '1979-08-14', gender: 'male'
    })
    personId = person.id
    for (const agency of ['PRB-LDN', 'HSG-NBR']) {
      await api('POST', `/api/v1/nominals/${personId}/shares`, token, { agency, reason: 'Risk management plan' })
    }
  })

  after(async () => {
    for (const s of sessions) await s.close()
  })

  test('the manager adds a victim with the keyboard and the record warns of victim contact', async () => {
    const manager = await openSession()
    sessions.push(manager)
    await signIn(manager, 'manager')
    const page = manager.page
    await page.goto(url(`/people/${personId}/victims`))
    assert.equal(await h1(page), 'Victims')
    await checkPage(manager, 'the victims page, none yet')
    await follow(page, page.getByRole('link', { name: 'Add a victim', exact: true }))
    await checkPage(manager, 'the victim form')
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
    const summary = page.locator('.govuk-error-summary')
    assert.match(await summary.textContent(), /Enter the victim's name/)
    await checkPage(manager, 'the victim form with errors')

    await page.getByLabel("Victim's name", { exact: true }).fill(VICTIM)
    await page.getByLabel('Opted in to the Victim Contact Scheme', { exact: true }).check()
    await page.getByLabel('Victim liaison officer', { exact: true }).selectOption({ label: 'Dee Okafor, London Probation (demo)' })
    await page.getByLabel('Views for the next meeting', { exact: true }).fill('Asks to be told before any move to Northborough')
    await page.getByRole('button', { name: 'Save', exact: true }).focus()
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await page.waitForURL(url(`/people/${personId}/victims`))
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Victim added/)
    assert.match(await page.locator('main').textContent(), new RegExp(VICTIM))

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 })
      await page.goto(url(`/people/${personId}`))
      const warning = page.locator('.govuk-warning-text', { hasText: 'Victim contact' })
      assert.equal(await warning.count(), 1, `the warning at ${width} px`)
      assert.ok(await warning.isVisible())
      const wide = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(wide <= width, `the record fits ${width} px (${wide})`)
      await checkPage(manager, `the record with a victim at ${width} px`)
    }
  })

  test('the housing partner sees neither the victim nor the warning', async () => {
    const partner = await openSession()
    sessions.push(partner)
    await signIn(partner, 'partner')
    const page = partner.page
    await page.goto(url(`/people/${personId}`))
    assert.equal(await page.locator('.govuk-warning-text', { hasText: 'Victim contact' }).count(), 0)
    await page.goto(url(`/people/${personId}/victims`))
    const main = await page.locator('main').textContent()
    assert.match(main, /There are no victims for your agency to see/)
    assert.doesNotMatch(main, new RegExp(VICTIM))
    await checkPage(partner, "the partner's victims page")
  })
})
