// Accounts and the audit trail in a real browser (issue 8): the auditor's Audit page, "Your
// account" with its password form, and setting up a second factor; each page checked by
// helpers.mjs (axe-core, CSP/console errors, stylesheet), and at a phone's width too.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { checkPage, follow, h1, openSession, signIn, url } from './helpers.mjs'

/** The page fits a 320 px wide screen: nothing pushes it sideways. */
async function fitsAPhone (session, name) {
  const { page } = session
  await page.setViewportSize({ width: 320, height: 640 })
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 320, `${name} is ${width}px wide at 320px`)
  await checkPage(session, `${name} at 320px`)
  await page.setViewportSize({ width: 1280, height: 900 })
}

describe('accounts and the audit trail', () => {
  test('an auditor finds what a user did on the Audit page', async () => {
    const session = await openSession()
    const { page } = session
    try {
      await signIn(session, 'auditor')
      await follow(page, page.locator('nav').getByRole('link', { name: 'Audit', exact: true }))
      assert.equal(await h1(page), 'Audit trail')
      await checkPage(session, 'audit page')
      await page.getByLabel('Username (optional)', { exact: true }).fill('auditor')
      await follow(page, page.getByRole('button', { name: 'Show the audit trail', exact: true }))
      const table = page.locator('table.govuk-table')
      assert.ok(await table.count() === 1, 'a table of audit records')
      assert.match(await table.textContent(), /Signed in/)
      await checkPage(session, 'audit results')
      await fitsAPhone(session, 'audit results')
    } finally {
      await session.close()
    }
  })

  test('a user opens their account from their name and is told what is wrong with a password change', async () => {
    const session = await openSession()
    const { page } = session
    try {
      await signIn(session, 'probation')
      await follow(page, page.locator('header').getByRole('link', { name: /your account/ }))
      assert.equal(await h1(page), 'Your account')
      await checkPage(session, 'your account')
      // The keyboard reaches the form in order.
      await page.getByLabel('Current password', { exact: true }).focus()
      await page.keyboard.type('not-my-password')
      await page.keyboard.press('Tab')
      await page.keyboard.type('short')
      await follow(page, page.getByRole('button', { name: 'Change password', exact: true }))
      const summary = page.locator('.govuk-error-summary')
      assert.equal(await summary.count(), 1)
      assert.match(await summary.textContent(), /current password is not right/)
      await checkPage(session, 'your account with errors')
      await fitsAPhone(session, 'your account')
    } finally {
      await session.close()
    }
  })

  test('an administrator sees the accounts and opens one to change it', async () => {
    const session = await openSession()
    const { page } = session
    try {
      await signIn(session, 'admin')
      await follow(page, page.locator('nav').getByRole('link', { name: 'Accounts', exact: true }))
      assert.equal(await h1(page), 'Accounts')
      await checkPage(session, 'accounts')
      await fitsAPhone(session, 'accounts')
      await follow(page, page.locator('table.govuk-table').getByRole('link').first())
      assert.equal(await h1(page), 'Change an account')
      await checkPage(session, 'change an account')
    } finally {
      await session.close()
    }
  })

  test('an administrator adds an agency with the keyboard and is told what is wrong first', async () => {
    const session = await openSession()
    const { page } = session
    try {
      await signIn(session, 'admin')
      await follow(page, page.locator('nav').getByRole('link', { name: 'Agencies', exact: true }))
      assert.equal(await h1(page), 'Agencies')
      await checkPage(session, 'agencies')
      await fitsAPhone(session, 'agencies')
      // Name, then code, then kind, in that order from the keyboard.
      await page.getByLabel('Name', { exact: true }).focus()
      await page.keyboard.type('Browser Test Housing')
      await page.keyboard.press('Tab')
      await page.keyboard.type('!')
      await follow(page, page.getByRole('button', { name: 'Add the agency', exact: true }))
      const summary = page.locator('.govuk-error-summary')
      assert.equal(await summary.count(), 1)
      assert.match(await summary.textContent(), /Agency code must be/)
      assert.match(await summary.textContent(), /Select the kind of agency/)
      await checkPage(session, 'agencies with errors')
      await page.getByLabel('Short code', { exact: true }).fill('BT-HSG')
      await page.getByLabel('Kind of agency', { exact: true }).selectOption({ label: 'Housing' })
      await follow(page, page.getByRole('button', { name: 'Add the agency', exact: true }))
      assert.equal(await h1(page), 'Agencies')
      assert.match(await page.locator('table.govuk-table').textContent(), /Browser Test Housing/)
    } finally {
      await session.close()
    }
  })

  test('the sign-in page offers setting up a second factor', async () => {
    const session = await openSession()
    const { page } = session
    try {
      await page.goto(url('/sign-in'))
      await follow(page, page.getByRole('link', { name: 'Set up a second factor', exact: true }))
      assert.equal(await h1(page), 'Set up a second factor')
      await checkPage(session, 'second factor set-up')
      await fitsAPhone(session, 'second factor set-up')
    } finally {
      await session.close()
    }
  })
})
