// Journey 4, breaches and wanted/missing: the demo manager opens a person, records a breach (first
// with a validation error), records its outcome, marks them wanted (the record then warns), and
// cancels the circulation. Every page visited gets the checks of helpers.mjs (axe-core, CSP and
// console errors, the stylesheet).

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { checkPage, follow, h1, openSession, signIn, url } from './helpers.mjs'

async function fillDate (scope, legend, [day, month, year]) {
  const group = scope.getByRole('group', { name: legend, exact: true })
  await group.getByLabel('Day', { exact: true }).fill(day)
  await group.getByLabel('Month', { exact: true }).fill(month)
  await group.getByLabel('Year', { exact: true }).fill(year)
}

/** [day, month, year] of a moment `daysAgo` days back, as the UK calendar has it. */
function londonDate (daysAgo) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' })
    .formatToParts(new Date(Date.now() - daysAgo * 86_400_000))
  const part = (type) => parts.find((p) => p.type === type).value
  return [part('day'), part('month'), part('year')]
}

// Unique to this run, so reruns against a reused database are told apart.
const RUN = Date.now().toString().slice(-6)
const REFERENCE = `26/${RUN}W`

describe('journey 4: breaches and wanted/missing', () => {
  let manager
  let recordPath

  before(async () => {
    manager = await openSession()
    await signIn(manager, 'manager')
    await manager.page.goto(url('/'))
    recordPath = await manager.page.locator('table.govuk-table a').first().getAttribute('href')
    assert.match(recordPath, /^\/people\/[0-9a-f-]{36}$/)
  })

  after(async () => {
    await manager?.close()
  })

  test('record a breach, its outcome, mark the person wanted and cancel it', async () => {
    const { page } = manager
    await page.goto(url(recordPath))
    await checkPage(manager, 'the record')
    await follow(page, page.getByRole('navigation', { name: 'Parts of the record' }).getByRole('link', { name: 'Breaches', exact: true }))
    assert.equal(new URL(page.url()).pathname, `${recordPath}/breaches`)
    assert.equal(await h1(page), 'Breaches and circulations')
    await checkPage(manager, 'breaches and circulations')

    // Established two days ago at 09:00: more than 24 hours ago, so recorded late (NOTIF-53).
    await follow(page, page.getByRole('link', { name: 'Record a breach', exact: true }))
    assert.equal(await h1(page), 'Record a breach')
    await checkPage(manager, 'record a breach')
    await page.getByLabel('Kind of breach', { exact: true }).selectOption('breach_of_licence_condition')
    await page.getByLabel('Licence condition breached', { exact: true }).fill(`Not to enter the exclusion zone (run ${RUN})`)
    await page.getByLabel('What happened', { exact: true }).fill('Seen inside the exclusion zone by a patrol')
    await fillDate(page, 'Date the breach was established', londonDate(2))
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
    const summary = page.locator('.govuk-error-summary')
    assert.equal(await summary.getByRole('link', { name: 'Enter the time the breach was established' }).getAttribute('href'), '#discovered_time')
    await checkPage(manager, 'record a breach with an error')
    await page.getByLabel('Time the breach was established', { exact: true }).fill('09:00')
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
    assert.equal(new URL(page.url()).pathname, `${recordPath}/breaches`)
    const card = page.locator('.govuk-summary-card', { hasText: `run ${RUN}` })
    assert.equal(await card.count(), 1)
    assert.match(await card.textContent(), /Recorded late/)
    await checkPage(manager, 'breaches with the new breach')

    await follow(page, card.getByRole('link', { name: /^Record an outcome/ }))
    assert.equal(await h1(page), 'Record an outcome')
    await checkPage(manager, 'record an outcome')
    await page.getByLabel('Outcome', { exact: true }).selectOption('recall')
    await fillDate(page, 'Date of the outcome', londonDate(0))
    await page.getByLabel('Reference (optional)', { exact: true }).fill(`REC/${RUN}`)
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
    assert.match(await page.locator('.govuk-summary-card', { hasText: `run ${RUN}` }).textContent(), new RegExp(`Recalled to custody[\\s\\S]*REC/${RUN}`))
    await checkPage(manager, 'breaches with the outcome')

    await follow(page, page.getByRole('link', { name: 'Mark as wanted or missing', exact: true }))
    assert.equal(await h1(page), 'Mark as wanted or missing')
    await checkPage(manager, 'mark as wanted or missing')
    await page.getByLabel('Circulated as', { exact: true }).selectOption('wanted')
    await page.getByLabel('PNC circulation reference', { exact: true }).fill(REFERENCE)
    await fillDate(page, 'Date circulated', londonDate(0))
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
    assert.match(await page.locator('.govuk-warning-text', { hasText: 'Wanted on the PNC' }).textContent(), new RegExp(`Wanted on the PNC since .*${REFERENCE}`))
    await checkPage(manager, 'breaches while wanted')

    // The record itself warns while the person is wanted.
    await page.goto(url(recordPath))
    assert.match(await page.locator('.govuk-warning-text', { hasText: 'Wanted on the PNC' }).textContent(), new RegExp(`Wanted on the PNC since .*${REFERENCE}`))
    await checkPage(manager, 'the record while wanted')

    await page.goto(url(`${recordPath}/breaches`))
    await follow(page, page.getByRole('link', { name: `Cancel circulation ${REFERENCE}`, exact: true }))
    assert.equal(await h1(page), 'Cancel a circulation')
    await checkPage(manager, 'cancel a circulation')
    await fillDate(page, 'Date cancelled', londonDate(0))
    await follow(page, page.getByRole('button', { name: 'Cancel circulation', exact: true }))
    assert.equal(await page.locator('.govuk-warning-text', { hasText: 'Wanted on the PNC' }).count(), 0)
    assert.match(await page.getByRole('region', { name: 'Wanted and missing circulations', exact: true }).textContent(), new RegExp(`${REFERENCE}[\\s\\S]*Cancelled`))
    await checkPage(manager, 'breaches after the cancellation')
  })
})
