// Issue 10, MAPPA itself, as practitioners use it: the police manager refers a person (first with
// errors), the coordinator screens the referral, schedules today's meeting, lists the case with
// housing invited and records attendance, writes the minutes with an action for housing; the chair
// approves them; the housing partner finds the action on the home page and marks it done; the
// coordinator and an analyst read agency accountability. Every page visited gets the checks of
// helpers.mjs (axe-core, CSP and console errors, the stylesheet); the minutes and the figures also
// at a phone's width.
//
// The person is made for this run through the API, so nothing depends on how much demo data exists.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { api, checkPage, follow, h1, openSession, PASSWORD, signIn, url } from './helpers.mjs'

const RUN = [...Date.now().toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')
const SURNAME = `Mappatest${RUN}`
const PHONE = { width: 320, height: 700 }

/** [day, month, year] `days` from today in the UK calendar. */
function londonDate (days) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' })
    .formatToParts(new Date(Date.now() + days * 86_400_000))
  const part = (type) => parts.find((p) => p.type === type).value
  return [part('day'), part('month'), part('year')]
}

async function fillDate (scope, id, [day, month, year]) {
  await scope.locator(`#${id}-day`).fill(day)
  await scope.locator(`#${id}-month`).fill(month)
  await scope.locator(`#${id}-year`).fill(year)
}

async function fits (session, name) {
  const { scrollWidth, viewport } = await session.page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth
  }))
  assert.ok(scrollWidth <= viewport, `${name} is ${scrollWidth}px wide on a ${viewport}px screen`)
  await checkPage(session, `${name} at ${viewport}px`)
}

describe('issue 10: referral, screening, meeting, minutes, actions and accountability', () => {
  const sessions = []
  let personId
  let personName
  let minutesPath

  async function as (username, options) {
    const s = await openSession(options)
    sessions.push(s)
    await signIn(s, username)
    return s
  }

  before(async () => {
    const { token } = await api('POST', '/api/v1/auth/token', null, { username: 'manager', password: PASSWORD })
    const person = await api('POST', '/api/v1/nominals', token, {
      surname: SURNAME, forenames: 'Robin', date_of_birth: '1981-04-02', gender: 'male'
    })
    personId = person.id
  })

  after(async () => {
    for (const s of sessions) await s.close()
  })

  test('the manager refers, the coordinator screens and holds the meeting, the chair approves', async () => {
    const manager = await as('manager')
    let page = manager.page
    await page.goto(url(`/people/${personId}`))
    await follow(page, page.getByRole('link', { name: 'Refer to level 2 or 3', exact: true }))
    assert.equal(await h1(page), 'Refer to level 2 or 3')
    await checkPage(manager, 'the referral form')
    await follow(page, page.getByRole('button', { name: 'Send referral', exact: true }))
    const summary = page.locator('.govuk-error-summary')
    assert.equal(await summary.getByRole('link', { name: 'Select the level referred to (2 or 3)' }).getAttribute('href'), '#level')
    await checkPage(manager, 'the referral form with errors')
    await page.getByRole('group', { name: 'Level referred to' }).getByLabel(/^Level 2/).check()
    await page.getByRole('group', { name: 'MAPPA category' }).getByLabel(/^Category 2/).check()
    await page.getByLabel('Reason for referral', { exact: true }).fill(`Threats to a former partner (run ${RUN})`)
    await page.getByLabel('Index offence and sentence', { exact: true }).fill('Wounding, 4 years')
    await follow(page, page.getByRole('button', { name: 'Send referral', exact: true }))
    personName = await h1(page)
    assert.match(personName, new RegExp(SURNAME, 'i'))
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Referred to level 2 or 3/)
    await checkPage(manager, 'the referral')

    // The coordinator screens it from the list of referrals.
    const coordinator = await as('coordinator')
    page = coordinator.page
    await page.goto(url('/'))
    await follow(page, page.getByRole('link', { name: 'Referrals', exact: true }))
    await checkPage(coordinator, 'referrals')
    await follow(page, page.getByRole('link', { name: personName, exact: true }))
    await checkPage(coordinator, 'a referral to screen')
    await follow(page, page.getByRole('button', { name: 'Save decision', exact: true }))
    assert.equal(await page.locator('.govuk-error-summary').getByRole('link').first().getAttribute('href'), '#outcome')
    await checkPage(coordinator, 'screening with errors')
    await page.getByRole('group', { name: 'Decision' }).getByLabel('Accept at level 2 or 3', { exact: true }).check()
    await page.getByRole('group', { name: 'Level accepted at' }).getByLabel('Level 2', { exact: true }).check()
    await page.getByRole('group', { name: 'Criteria met' }).getByLabel(/^Assessed as high or very high/).check()
    await page.getByLabel('Rationale', { exact: true }).fill('Meetings would add value')
    await follow(page, page.getByRole('button', { name: 'Save decision', exact: true }))
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Referral screened/)

    // Today's meeting of the Hackney panel, with the case listed and housing invited.
    await follow(page, page.getByRole('link', { name: 'Meetings', exact: true }))
    await checkPage(coordinator, 'meetings')
    await follow(page, page.getByRole('link', { name: 'Schedule a meeting', exact: true }))
    await checkPage(coordinator, 'schedule a meeting')
    await page.getByLabel('Panel', { exact: true }).selectOption({ label: 'Hackney level 2 (Level 2)' })
    await fillDate(page, 'date', londonDate(0))
    await follow(page, page.getByRole('button', { name: 'Schedule', exact: true }))
    assert.equal(await h1(page), 'Hackney level 2')
    await checkPage(coordinator, 'the meeting')
    await page.getByLabel('Person', { exact: true }).selectOption({ label: `${personName}: new referral` })
    await page.getByLabel('Northborough Housing (demo)', { exact: true }).check()
    await follow(page, page.getByRole('button', { name: 'List the case', exact: true }))
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Listed for a meeting/)
    await follow(page, page.getByRole('link', { name: `Record attendance for ${personName}` }))
    await checkPage(coordinator, 'attendance')
    await page.getByLabel('The confidentiality and diversity statement was read at the start of the meeting').check()
    await page.getByRole('group', { name: 'How Northborough Housing (demo) took part' }).getByLabel('Present', { exact: true }).check()
    await page.locator('#HSG-NBR-attendee').fill('A. Tenancy')
    await follow(page, page.getByRole('button', { name: 'Save attendance', exact: true }))
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Attendance recorded/)

    // The minutes, with an action for housing.
    await follow(page, page.getByRole('link', { name: new RegExp(`^Not written\\s?: minutes for ${personName}$`) }))
    minutesPath = new URL(page.url()).pathname
    await checkPage(coordinator, 'minutes not yet written')
    await follow(page, page.getByRole('link', { name: 'Write the minutes', exact: true }))
    await checkPage(coordinator, 'the minutes form')
    await page.getByLabel('The meeting considered disclosure', { exact: true }).check()
    await page.getByRole('group', { name: 'Disclosure decision' }).getByLabel('Disclosure not agreed', { exact: true }).check()
    await page.locator('#disclosure-reason').fill('No third party at risk')
    await page.getByRole('group', { name: 'Level decision' }).getByLabel('Stay at this level', { exact: true }).check()
    await page.locator('#level_rationale').fill('Risk unchanged')
    await page.locator('#supervision').fill('Weekly reporting')
    await page.locator('#actions-0-description').fill(`Confirm the tenancy (run ${RUN})`)
    await page.locator('#actions-0-owner_agency').selectOption({ label: 'Northborough Housing (demo)' })
    await fillDate(page, 'actions-0-due_date', londonDate(-1))
    await page.locator('#actions-0-pillar').selectOption('monitoring_and_control')
    await follow(page, page.getByRole('button', { name: 'Save the draft', exact: true }).last())
    assert.equal(
      await page.locator('.govuk-error-summary').getByRole('link', { name: 'An action cannot be due before the meeting that agreed it' }).getAttribute('href'),
      '#actions-0-due_date-day'
    )
    await checkPage(coordinator, 'the minutes form with errors')
    await fillDate(page, 'actions-0-due_date', londonDate(14))
    await follow(page, page.getByRole('button', { name: 'Save the draft', exact: true }).last())
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Minutes saved/)
    await checkPage(coordinator, 'the draft minutes')

    const chair = await as('chair')
    page = chair.page
    await page.goto(url(minutesPath))
    await follow(page, page.getByRole('button', { name: 'Approve the minutes', exact: true }))
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Minutes approved/)
    assert.match(await page.locator('.app-handling').textContent(), /OFFICIAL-SENSITIVE/)
    await checkPage(chair, 'the approved minutes')
  })

  test('the housing partner finds its action at home and marks it done', async () => {
    const partner = await as('partner')
    const { page } = partner
    await page.goto(url('/'))
    assert.match(await page.locator('main').textContent(), /MAPPA meetings and actions/)
    await checkPage(partner, "the partner's home page")
    await follow(page, page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Actions', exact: true }))
    await checkPage(partner, "the agency's actions")
    await follow(page, page.getByRole('link', { name: `Confirm the tenancy (run ${RUN})`, exact: true }))
    assert.equal(await h1(page), `Confirm the tenancy (run ${RUN})`)
    await checkPage(partner, 'an action')
    await follow(page, page.getByRole('button', { name: 'Mark as done', exact: true }))
    assert.equal(await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter what was done' }).getAttribute('href'), '#note')
    await page.getByLabel('What was done', { exact: true }).fill('Tenancy confirmed with the landlord')
    await follow(page, page.getByRole('button', { name: 'Mark as done', exact: true }))
    assert.match(await page.locator('.govuk-notification-banner').textContent(), /Action done/)
    await checkPage(partner, 'the action done')
    await page.goto(url(minutesPath))
    assert.match(await page.locator('main').textContent(), /Weekly reporting/)
    await checkPage(partner, 'the approved minutes read by an invited agency')
  })

  test('agency accountability for the coordinator and an analyst, on a desktop and a phone', async () => {
    const coordinator = await as('coordinator')
    let page = coordinator.page
    await page.goto(url('/'))
    await follow(page, page.getByRole('link', { name: 'Agency accountability', exact: true }))
    assert.equal(await h1(page), 'Agency accountability')
    await checkPage(coordinator, 'agency accountability')
    await follow(page, page.getByRole('link', { name: 'Northborough Housing (demo)', exact: true }))
    assert.equal(await h1(page), 'Northborough Housing (demo)')
    await checkPage(coordinator, "housing's meetings and actions")

    const analyst = await as('analyst', { viewport: PHONE })
    page = analyst.page
    await page.goto(url('/reports/agency-accountability'))
    assert.equal(await page.getByRole('link', { name: 'Northborough Housing (demo)' }).count(), 0, 'no drill-down for analysts')
    assert.doesNotMatch(await page.locator('main').textContent(), new RegExp(SURNAME, 'i'))
    await fits(analyst, 'agency accountability')
    const phone = await as('coordinator', { viewport: PHONE })
    await phone.page.goto(url(minutesPath))
    await fits(phone, 'the approved minutes')
    await phone.page.goto(url('/meetings'))
    await fits(phone, 'meetings')
  })
})
