// Journeys 1 and 3 in a real browser, with the page checks of helpers.mjs (axe-core, CSP/console
// errors, stylesheet) on every page visited:
//   1. the front counter: the reception officer finds a person, records a notification (one
//      mistake first), and gets the acknowledgement with the next date due;
//   3. a manager opens the compliance list, filters it, opens a person and the explanation.
//
// Two synthetic people owned by the demo police force are set up through the API first, each
// with a name and an area unique to this run, so reruns against a reused database are fine.

import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { api, checkPage, follow, h1, openSession, PASSWORD, signIn, url } from './helpers.mjs'

const RUN = [...Date.now().toString(26)].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')
const AREA = `Browsertest area ${RUN}`

function pathname (page) {
  return new URL(page.url()).pathname
}

/** A person with a Schedule 3 conviction, never notified: subject to notification and overdue. */
async function registeredPerson (token, surname) {
  const person = await api('POST', '/api/v1/nominals', token, {
    surname, forenames: 'Jordan', date_of_birth: '1984-05-06', gender: 'male'
  })
  await api('POST', `/api/v1/nominals/${person.id}/disposals`, token, {
    kind: 'conviction',
    date: '2024-03-04',
    schedule_3: true,
    offences: [{ description: 'Synthetic offence', schedule_3: true }],
    sentence: { type: 'community_order' }
  })
  await api('PUT', `/api/v1/nominals/${person.id}/mappa`, token, { owning_area: AREA, status: 'active_community' })
  return person.id
}

async function errorSummaryLinks (page) {
  const summary = page.locator('.govuk-error-summary')
  assert.equal(await summary.count(), 1, 'a GOV.UK error summary is shown')
  return await summary.getByRole('link').evaluateAll((links) =>
    links.map((a) => ({ text: a.textContent.replace(/\s+/g, ' ').trim(), href: a.getAttribute('href') })))
}

describe('notifications and compliance journeys', () => {
  const counterSurname = `Counter${RUN}`
  const overdueSurname = `Overdue${RUN}`
  let counterId
  let overdueId

  before(async () => {
    const { token } = await api('POST', '/api/v1/auth/token', null, { username: 'manager', password: PASSWORD })
    counterId = await registeredPerson(token, counterSurname)
    overdueId = await registeredPerson(token, overdueSurname)
  })

  test('1. the front counter: find the person, record a notification, print the acknowledgement', async () => {
    const session = await openSession()
    const { page } = session
    try {
      await signIn(session, 'reception')
      await follow(page, page.locator('nav').getByRole('link', { name: 'Search', exact: true }))
      await page.getByLabel('Name or identifier', { exact: true }).fill(counterSurname)
      await follow(page, page.getByRole('button', { name: 'Search', exact: true }))
      const heading = `${counterSurname.toUpperCase()}, Jordan`
      await checkPage(session, 'search results (reception)')
      await follow(page, page.locator('table.govuk-table').getByRole('link', { name: heading, exact: true }))
      assert.equal(pathname(page), `/people/${counterId}`)
      assert.equal(await h1(page), heading)
      assert.match(await page.locator('main').textContent(), /Notification and obligations/)
      await checkPage(session, 'record (reception)')

      await follow(page, page.getByRole('link', { name: 'Record a notification', exact: true }))
      assert.equal(pathname(page), `/people/${counterId}/notifications/new`)
      assert.equal(await h1(page), 'Record a notification')
      const main = await page.locator('main').textContent()
      assert.match(main, /No notification has been recorded/, 'what was last notified')
      assert.match(main, /Initial notification/, 'what is due')
      await checkPage(session, 'notification form: the kind first')
      // One thing at a time: the kind of notification, then only its questions.
      await page.getByRole('group', { name: 'What kind of notification is it?', exact: true })
        .getByLabel('Initial notification', { exact: true }).check()
      await follow(page, page.getByRole('button', { name: 'Continue', exact: true }))
      assert.equal(await h1(page), 'Record a notification')
      assert.equal(await page.getByLabel('Date of departure').count(), 0, 'no travel questions for an initial notification')
      await checkPage(session, 'notification form')

      // The mistake: the date left blank.
      const date = page.getByRole('group', { name: 'Date of the notification', exact: true })
      for (const part of ['Day', 'Month', 'Year']) await date.getByLabel(part, { exact: true }).fill('')
      await page.getByLabel('Home address', { exact: true }).fill('1 Synthetic Row, Testtown')
      await page.getByLabel('Photographs taken', { exact: true }).check()
      await page.getByLabel('Police station', { exact: true }).fill('Testtown')
      await follow(page, page.getByRole('button', { name: 'Record the notification', exact: true }))
      assert.equal(await h1(page), 'Record a notification', 'the form is shown again')
      assert.deepEqual(await errorSummaryLinks(page), [{ text: 'Enter the date of the notification', href: '#date-day' }])
      assert.equal(await page.getByLabel('Home address', { exact: true }).inputValue(), '1 Synthetic Row, Testtown')
      await checkPage(session, 'notification form with an error')

      // Fixed: today's date.
      const today = new Date()
      const dateAgain = page.getByRole('group', { name: 'Date of the notification', exact: true })
      await dateAgain.getByLabel('Day', { exact: true }).fill(String(today.getDate()))
      await dateAgain.getByLabel('Month', { exact: true }).fill(String(today.getMonth() + 1))
      await dateAgain.getByLabel('Year', { exact: true }).fill(String(today.getFullYear()))
      await follow(page, page.getByRole('button', { name: 'Record the notification', exact: true }))
      assert.match(pathname(page), new RegExp(`^/people/${counterId}/notifications/[^/]+$`))
      assert.equal(await h1(page), 'Notification received')
      const ack = await page.locator('main').textContent()
      assert.match(ack, /1 Synthetic Row, Testtown/)
      assert.match(ack, /Late: NOTIF-10/, 'notified long after the conviction: late, with the rule')
      assert.match(await page.locator('#next-due').textContent(), /^By \d{1,2} [A-Z][a-z]+ \d{4}$/, 'the next date due')
      assert.match(ack, /Print this page/)
      await checkPage(session, 'acknowledgement')

      // Printed, the navigation is left off.
      await page.emulateMedia({ media: 'print' })
      assert.equal(await page.locator('nav').isVisible(), false, 'no navigation on paper')
      await page.emulateMedia({ media: 'screen' })
    } finally {
      await session.close()
    }
  })

  test('3. the compliance list: filter overdue, open a person and the explanation', async () => {
    const session = await openSession()
    const { page } = session
    try {
      await signIn(session, 'manager')
      await follow(page, page.locator('nav').getByRole('link', { name: 'Compliance', exact: true }))
      assert.equal(pathname(page), '/compliance')
      assert.equal(await h1(page), 'Compliance')
      await checkPage(session, 'compliance list')

      await page.getByRole('group', { name: 'Show', exact: true }).getByLabel('Overdue', { exact: true }).check()
      await page.getByLabel('Area', { exact: true }).fill(AREA)
      await follow(page, page.getByRole('button', { name: 'Apply filters', exact: true }))
      assert.equal(new URL(page.url()).searchParams.get('status'), 'overdue')
      const heading = `${overdueSurname.toUpperCase()}, Jordan`
      const row = page.locator('table.govuk-table tbody tr')
      assert.equal(await row.count(), 1, 'only the person in this area')
      assert.match(await row.textContent(), /Initial notification/)
      assert.match(await row.textContent(), /NOTIF-10/)
      assert.match(await page.locator('#total').textContent(), /^1 person/)
      await checkPage(session, 'compliance list filtered')

      await follow(page, row.getByRole('link', { name: heading, exact: true }))
      assert.equal(pathname(page), `/people/${overdueId}`)
      assert.equal(await h1(page), heading)
      const summary = page.getByText('How this was worked out', { exact: true })
      const details = page.locator('details.govuk-details').filter({ hasText: 'How this was worked out' })
      assert.equal(await details.evaluate((d) => d.open), false, 'the explanation starts closed')
      await summary.click()
      assert.equal(await details.evaluate((d) => d.open), true, 'one click opens it')
      assert.match(await details.textContent(), /NOTIF-\d+/, 'the steps name their rules')
      assert.match(await details.textContent(), /Sexual Offences Act 2003/, 'and their citations')
      await checkPage(session, 'record with the explanation open')
    } finally {
      await session.close()
    }
  })
})
