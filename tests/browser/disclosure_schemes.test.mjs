// A Child Sex Offender Disclosure Scheme application (issue 11, journey 2): the demo manager records
// a grandmother's application from the subject's record (first with the error summary), then its
// steps to the decision and the disclosure, with the keyboard; every page checked for
// accessibility, at a desktop's width and a phone's.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { api, checkPage, follow, h1, openSession, PASSWORD, signIn, url } from './helpers.mjs'

async function fillToday (page, legend) {
  const d = new Date()
  const group = page.getByRole('group', { name: legend })
  await group.getByLabel('Day', { exact: true }).fill(String(d.getDate()))
  await group.getByLabel('Month', { exact: true }).fill(String(d.getMonth() + 1))
  await group.getByLabel('Year', { exact: true }).fill(String(d.getFullYear()))
}

async function save (page, personId) {
  await page.getByRole('button', { name: 'Save', exact: true }).focus()
  await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
  await page.waitForURL(url(`/people/${personId}/protection#applications`))
}

describe('child sex offender disclosure: an application from asking to disclosure', () => {
  let personId
  const sessions = []

  before(async () => {
    const { token } = await api('POST', '/api/v1/auth/token', null, { username: 'manager', password: PASSWORD })
    const person = await api('POST', '/api/v1/nominals', token, {
      surname: 'Wrexley', forenames: 'Tam', date_of_birth: '1975-06-30', gender: 'male'
    })
    personId = person.id
  })

  after(async () => {
    for (const s of sessions) await s.close()
  })

  test('the manager records the application and its steps', async () => {
    const manager = await openSession()
    sessions.push(manager)
    await signIn(manager, 'manager')
    const page = manager.page
    await page.goto(url(`/people/${personId}/protection`))
    await follow(page, page.getByRole('link', { name: 'Record a disclosure scheme application', exact: true }))
    assert.equal(await h1(page), 'Record a disclosure scheme application')
    await checkPage(manager, 'the application form')
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
    const summary = await page.locator('.govuk-error-summary').textContent()
    assert.match(summary, /Select the scheme/)
    assert.match(summary, /Enter the date the application was received/)
    await checkPage(manager, 'the application form with errors')

    await page.getByLabel('Child Sex Offender Disclosure Scheme', { exact: true }).check()
    await page.getByLabel('Right to ask', { exact: true }).check()
    await fillToday(page, 'Date received')
    await page.getByLabel('Who applies', { exact: true }).fill('Ros Delamere, grandmother')
    await page.getByLabel('Child sex offender disclosure: the child or children at risk', { exact: true }).fill('Her granddaughter, aged 8')
    await page.getByLabel("Child sex offender disclosure: this person's contact with them", { exact: true }).fill('He has moved in with the child\'s mother')
    await page.getByLabel('There is an immediate risk of harm: start urgent safeguarding now', { exact: true }).check()
    await save(page, personId)
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Disclosure scheme application recorded/)
    assert.match(await page.locator('main').textContent(), /To be completed by/)

    for (const step of ['Initial contact', 'Face-to-face meeting', 'Checks completed']) {
      await follow(page, page.getByRole('link', { name: /Record a step/ }))
      await page.getByLabel(step, { exact: true }).check()
      await save(page, personId)
    }
    await follow(page, page.getByRole('link', { name: /Record a step/ }))
    await checkPage(manager, 'the step form')
    await page.getByLabel('Decision', { exact: true }).check()
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Select the decision/)
    await checkPage(manager, 'the step form with errors')
    await page.getByLabel('Disclose', { exact: true }).check()
    await page.getByLabel('Reasons', { exact: true }).fill('Convicted of sexual offences against children; lives with the child')
    await page.getByLabel('Who it is disclosed to', { exact: true }).fill("The child's mother, best placed to protect her")
    await save(page, personId)
    await follow(page, page.getByRole('link', { name: /Record a step/ }))
    await page.getByLabel('Disclosure made', { exact: true }).check()
    await page.getByLabel('In person', { exact: true }).check()
    await save(page, personId)
    const main = await page.locator('main').textContent()
    assert.match(main, /Disclosure made,/)
    assert.match(main, /best placed to protect her/)

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 })
      await page.goto(url(`/people/${personId}/protection`))
      const wide = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(wide <= width, `the page fits ${width} px (${wide})`)
      await checkPage(manager, `the application at ${width} px`)
    }
  })
})
