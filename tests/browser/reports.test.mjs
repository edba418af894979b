// The MAPPA annual report (issue 12): the coordinator reads the tables and charts, chooses another
// year with the keyboard, opens a figure into the people it counts and downloads the files; a year
// before MAPPA shows the error summary; an analyst sees the figures with no way to the people; an
// administrator enters the population. Every page checked for accessibility, at a desktop's width
// and at 320 px.

import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { checkPage, follow, h1, openSession, signIn, url } from './helpers.mjs'

describe('the annual report: tables, charts, people behind a figure, files', () => {
  const sessions = []

  after(async () => {
    for (const s of sessions) await s.close()
  })

  test('the coordinator reads the report, changes year and opens a figure', async () => {
    const coordinator = await openSession()
    sessions.push(coordinator)
    await signIn(coordinator, 'coordinator')
    const page = coordinator.page
    await page.goto(url('/'))
    await follow(page, page.getByRole('link', { name: 'Annual report', exact: true }))
    assert.equal(await h1(page), 'MAPPA annual report')
    const main = await page.locator('main').textContent()
    assert.match(main, /MAPPA-eligible offenders on 31 March \d{4}/)
    assert.match(main, /RSOs cautioned or convicted for breach of notification requirements/)
    assert.match(main, /How this is counted/)
    // Charts read without JavaScript: an image with a title and every figure in its description.
    const chart = page.locator('svg.app-chart').first()
    assert.equal(await chart.getAttribute('role'), 'img')
    assert.match(await chart.locator('desc').textContent(), /Category 1: Registered sex offenders: \d{4}\/\d{2}: \d+/)
    await checkPage(coordinator, 'the annual report')

    // Another year, with the keyboard.
    const years = page.getByLabel('Reporting year', { exact: true })
    const options = await years.locator('option').allTextContents()
    assert.ok(options.length >= 2, `years offered: ${options}`)
    await years.selectOption({ index: 1 })
    await page.getByRole('button', { name: 'Show the report', exact: true }).focus()
    await Promise.all([page.waitForURL(/year=\d{4}/), page.keyboard.press('Enter')])
    await checkPage(coordinator, 'the annual report for another year')

    // A figure opens into the people it counts.
    await page.goto(url('/reports/annual'))
    const figure = page.locator('#eligible-on-31-march a.govuk-link').first()
    await follow(page, figure)
    assert.match(await h1(page), /MAPPA-eligible offenders on 31 March/)
    assert.match(await page.locator('main').textContent(), /\d+ counted/)
    assert.ok(await page.locator('main a[href^="/people/"]').count() > 0, 'the people are listed')
    await checkPage(coordinator, 'the people behind a figure')

    // The files.
    await page.goto(url('/reports/annual'))
    for (const [name, type] of [
      ['Download the report (PDF)', 'application/pdf'],
      ['Download every table (spreadsheet)', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['Download every table (CSV)', 'text/csv; charset=utf-8']
    ]) {
      const href = await page.getByRole('link', { name, exact: true }).getAttribute('href')
      const r = await page.request.get(url(href))
      assert.equal(r.status(), 200, name)
      assert.equal(r.headers()['content-type'], type, name)
    }

    // A year before MAPPA: the error summary, linked to the field.
    await page.goto(url('/reports/annual?year=1999'))
    assert.match(await page.locator('.govuk-error-summary').textContent(), /There are no MAPPA reports before/)
    await checkPage(coordinator, 'the annual report with an error')

    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 })
      await page.goto(url('/reports/annual'))
      const wide = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(wide <= width, `the report fits ${width} px (${wide})`)
      await checkPage(coordinator, `the annual report at ${width} px`)
    }
  })

  test('an analyst sees the figures and no way to the people', async () => {
    const analyst = await openSession()
    sessions.push(analyst)
    await signIn(analyst, 'analyst')
    const page = analyst.page
    await page.goto(url('/reports/annual'))
    assert.match(await page.locator('main').textContent(), /MAPPA-eligible offenders on 31 March/)
    assert.equal(await page.locator('a[href*="/reports/annual/people"]').count(), 0)
    await checkPage(analyst, 'the annual report for an analyst')
  })

  test('an administrator enters the population', async () => {
    const admin = await openSession()
    sessions.push(admin)
    await signIn(admin, 'admin')
    const page = admin.page
    await page.goto(url('/admin/areas'))
    await follow(page, page.getByRole('link', { name: 'Populations for the annual report', exact: true }))
    assert.equal(await h1(page), 'Populations for the annual report')
    await checkPage(admin, 'the populations page')
    await follow(page, page.getByRole('button', { name: 'Save the population', exact: true }))
    assert.match(await page.locator('.govuk-error-summary').textContent(), /Enter the population as a whole number/)
    await checkPage(admin, 'the populations page with errors')
    await page.getByLabel('Reporting year', { exact: true }).selectOption({ index: 2 })
    await page.getByLabel('Population aged 10 and over', { exact: true }).fill('7,610,000')
    await page.getByLabel('Source', { exact: true }).fill('ONS mid-year estimate for the police area')
    await page.getByRole('button', { name: 'Save the population', exact: true }).focus()
    await page.keyboard.press('Enter')
    await page.locator('main td', { hasText: '7,610,000' }).waitFor()
    assert.equal(await page.locator('.govuk-error-summary').count(), 0)
    await checkPage(admin, 'the populations page with a population')
  })
})
