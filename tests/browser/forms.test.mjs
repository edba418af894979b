// The record's smaller forms and the rules calculator, in a real browser, with the page checks of
// helpers.mjs (axe-core, CSP/console errors, stylesheet) on every page visited.

import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { checkPage, follow, h1, openSession, signIn, url } from './helpers.mjs'

async function fillDate (scope, legend, day, month, year) {
  const group = scope.getByRole('group', { name: legend, exact: true })
  await group.getByLabel('Day', { exact: true }).fill(day)
  await group.getByLabel('Month', { exact: true }).fill(month)
  await group.getByLabel('Year', { exact: true }).fill(year)
}

describe('record forms and the rules calculator', () => {
  let manager
  let recordPath

  before(async () => {
    manager = await openSession()
    await signIn(manager, 'manager')
    // The first person on the demo manager's caseload.
    await manager.page.goto(url('/'))
    recordPath = await manager.page.locator('table.govuk-table a').first().getAttribute('href')
    assert.match(recordPath, /^\/people\/[0-9a-f-]{36}$/)
  })

  after(async () => {
    await manager?.close()
  })

  test('each form on a record is accessible, and an address is validated then saved', async () => {
    const { page } = manager
    for (const [path, heading] of [
      ['/edit', null],
      ['/disposals/new', 'Add a conviction, caution or finding'],
      ['/decisions/new', 'Record a MAPPA decision'],
      ['/mappa/edit', 'Change MAPPA case details'],
      ['/shares/new', 'Share with another agency'],
      ['/history', 'History']
    ]) {
      const response = await page.goto(url(recordPath + path))
      assert.equal(response.status(), 200, path)
      if (heading) assert.equal(await h1(page), heading)
      await checkPage(manager, `record ${path}`)
    }

    await page.goto(url(recordPath + '/addresses/new'))
    await page.getByLabel('Type of address', { exact: true }).selectOption('home')
    await page.getByLabel('Address line 1', { exact: true }).fill('12 Weaver Close')
    await page.getByLabel('Postcode', { exact: true }).fill('XX 123')
    await fillDate(page, 'From', '1', '2', '2024')
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
    const summary = page.locator('.govuk-error-summary')
    assert.equal(await summary.getByRole('link', { name: 'Enter a real UK postcode, like SW1A 1AA' }).getAttribute('href'), '#postcode')
    await checkPage(manager, 'address with an error')
    await page.getByLabel('Postcode', { exact: true }).fill('n17 6ab')
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }))
    assert.equal(new URL(page.url()).pathname, `${recordPath}/details`)
    assert.match(await page.getByRole('region', { name: 'Addresses', exact: true }).textContent(), /12 Weaver Close, N17 6AB/)
  })

  test('the rules calculator works out the worked example of rules.md, with the law cited', async () => {
    const { page } = manager
    await page.goto(url('/rules'))
    assert.equal(await h1(page), 'Rules calculator')
    await checkPage(manager, 'rules calculator')
    await fillDate(page, 'Date of assessment', '15', '1', '2025')
    await fillDate(page, 'Date of birth', '1', '5', '1990')
    await page.locator('#disposals-0-kind').selectOption('conviction')
    await fillDate(page, 'Outcome 1: date of conviction, caution or finding', '4', '3', '2019')
    await page.locator('#disposals-0-schedule_3').check()
    await page.locator('#disposals-0-sentence_type').selectOption('imprisonment')
    await page.locator('#disposals-0-term_months').fill('24')
    await fillDate(page, 'Custody 1: from', '4', '3', '2019')
    await fillDate(page, 'Custody 1: to (release day)', '1', '6', '2020')
    await fillDate(page, 'Notification 1: date', '2', '6', '2020')
    await page.getByLabel('Notification 1: kind', { exact: true }).selectOption('initial')
    await follow(page, page.getByRole('button', { name: 'Work it out', exact: true }))
    const answer = await page.locator('main').textContent()
    for (const expected of ['3 March 2029', '3 June 2020', '2 June 2021']) {
      assert.match(answer, new RegExp(expected), `the assessment shows ${expected}`)
    }
    await page.locator('details summary').first().click()
    assert.match(await page.locator('details').first().textContent(), /NOTIF-10 \(Sexual Offences Act 2003, s\.83\(1\)\)/)
    await checkPage(manager, 'rules calculator with an assessment')
  })
})
