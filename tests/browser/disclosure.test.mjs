// MAPPA disclosure (issue 11, journey 1): the demo manager records a decision to disclose to a
// third party outside MAPPA from the record's "Disclosure, PDP and transfers" page (first with the
// error summary), with the reasons against the four tests, then the disclosure made with the
// recipient's undertaking; every page checked for accessibility, at a desktop's width and a phone's.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { api, checkPage, follow, h1, openSession, PASSWORD, signIn, url } from './helpers.mjs'

const RUN = Date.now().toString().slice(-6)
const RECIPIENT = `Mrs Hester Quayle-${RUN}, head teacher`

async function fillDate (page, legend, d) {
  const group = page.getByRole('group', { name: legend })
  await group.getByLabel('Day', { exact: true }).fill(String(d.getDate()))
  await group.getByLabel('Month', { exact: true }).fill(String(d.getMonth() + 1))
  await group.getByLabel('Year', { exact: true }).fill(String(d.getFullYear()))
}

describe('MAPPA disclosure: a decision with its reasons, then the disclosure made', () => {
  let personId
  const sessions = []

  before(async () => {
    const { token } = await api('POST', '/api/v1/auth/token', null, { username: 'manager', password: PASSWORD })
    const person = await api('POST', '/api/v1/nominals', token, {
      surname: 'Ashdown', forenames: 'Corin', date_of_birth: '1981-04-09', gender: 'male'
    })
    personId = person.id
    await api('POST', `/api/v1/nominals/${personId}/disposals`, token, {
      kind: 'conviction', date: '2023-05-02', schedule_3: true,
      offences: [{ description: 'Sexual activity with a child', schedule_3: true, child_sex_offence: true }],
      sentence: { type: 'imprisonment', term_months: 12 }
    })
    await api('POST', `/api/v1/nominals/${personId}/decisions`, token, {
      kind: 'category', value: 1, rationale: 'Subject to notification'
    })
  })

  after(async () => {
    for (const s of sessions) await s.close()
  })

  test('the manager records the decision and the disclosure with the keyboard', async () => {
    const manager = await openSession()
    sessions.push(manager)
    await signIn(manager, 'manager')
    const page = manager.page
    await page.goto(url(`/people/${personId}`))
    await follow(page, page.getByRole('link', { name: 'Disclosure, PDP and transfers', exact: true }))
    assert.equal(await h1(page), 'Disclosure, PDP and transfers')
    assert.match(await page.locator('main').textContent(), /No disclosure decision is recorded/)
    await checkPage(manager, 'the public protection page, nothing recorded')

    await follow(page, page.getByRole('link', { name: 'Record a disclosure decision', exact: true }))
    await checkPage(manager, 'the disclosure decision form')
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
    const summary = await page.locator('.govuk-error-summary').textContent()
    assert.match(summary, /Select the decision/)
    assert.match(summary, /Enter why it is lawful/)
    await checkPage(manager, 'the disclosure decision form with errors')

    await page.getByLabel('Disclose', { exact: true }).check()
    await page.getByLabel('Who the disclosure is to', { exact: true }).fill(RECIPIENT)
    await page.getByLabel('A school, college or university', { exact: true }).check()
    await page.getByLabel('Their organisation (optional)', { exact: true }).fill('Brookfield Primary School')
    await page.getByLabel('What is to be disclosed', { exact: true }).fill('His conviction and licence conditions')
    await page.getByLabel('Why it is reasonable', { exact: true }).fill('He collects a child from the school')
    await page.getByLabel('Why it is necessary', { exact: true }).fill('Only the school can supervise contact')
    await page.getByLabel('Why it is lawful', { exact: true }).fill('Criminal Justice Act 2003, section 327A')
    await page.getByLabel('Why it is proportionate', { exact: true }).fill('Told to the head teacher only')
    await page.getByLabel('By whom', { exact: true }).fill('Police and probation jointly')
    await page.getByLabel('In person', { exact: true }).check()
    await page.getByRole('button', { name: 'Save', exact: true }).focus()
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await page.waitForURL(url(`/people/${personId}/protection`))
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Disclosure decision recorded/)
    assert.match(await page.locator('main').textContent(), /Decision to disclose/)

    await follow(page, page.getByRole('link', { name: /Record the disclosure made/ }))
    await checkPage(manager, 'the disclosure made form')
    const today = new Date()
    await fillDate(page, 'Date it was made', today)
    await fillDate(page, 'Date the recipient signed the undertaking of confidentiality', today)
    await page.getByLabel('Yes', { exact: true }).check()
    await page.getByRole('button', { name: 'Save', exact: true }).focus()
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await page.waitForURL(url(`/people/${personId}/protection`))
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Disclosure made/)
    const main = await page.locator('main').textContent()
    assert.match(main, /Undertaking of confidentiality signed/)
    assert.match(main, new RegExp(RECIPIENT.split(',')[0]))

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 })
      await page.goto(url(`/people/${personId}/protection`))
      const wide = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(wide <= width, `the page fits ${width} px (${wide})`)
      await checkPage(manager, `the public protection page at ${width} px`)
    }
  })
})
