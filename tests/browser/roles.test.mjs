// Pages by role (issues 9 and 10): each demo user's menu and home page offer what their role can do and
// nothing else. Every link in the service navigation, and every link on the home page, answers
// 200 (never 403); a page the role may not use (403) keeps the header with the user's name, their
// menu and "Sign out". Every page visited is checked by helpers.mjs (axe-core, CSP/console errors).
//
// The demo users and their roles are in crates/mappa-app/src/demo.rs (USERS); nothing here
// depends on how many people the demo holds.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { checkPage, h1, openSession, signIn, url } from './helpers.mjs'

const CASEWORK = ['Search', 'Compliance', 'Visits overdue', 'Rules calculator']
const EDITS = ['Search', 'Add a person', 'Compliance', 'Visits overdue', 'Meetings', 'Actions', 'Rules calculator']
const PARTNER = ['Search', 'Compliance', 'Visits overdue', 'Meetings', 'Actions', 'Rules calculator']
const UNIT = ['Search', 'Compliance', 'Visits overdue', 'Referrals', 'Meetings', 'Actions', 'Agency accountability', 'Annual report', 'Rules calculator']

// username: [the menu, the home page's heading, a page the role may not use]
const ROLES = {
  manager: [['My caseload', ...EDITS], 'My caseload', '/audit'],
  supervisor: [['My caseload', ...EDITS], 'My caseload', '/admin/users'],
  reception: [['Front counter', ...CASEWORK], 'Front counter', '/people/new'],
  probation: [['My caseload', ...EDITS], 'My caseload', '/admin/agencies'],
  coordinator: [['My caseload', ...UNIT], 'My caseload', '/people/new'],
  chair: [['My caseload', ...UNIT], 'My caseload', '/people/new'],
  partner: [['Shared with your agency', ...PARTNER], 'Shared with your agency', '/people/new'],
  vlo: [['Shared with your agency', ...CASEWORK], 'Shared with your agency', '/people/new'],
  analyst: [['Home', 'Agency accountability', 'Annual report', 'Rules calculator'], 'What you can do here', '/compliance'],
  'lay.adviser': [['Home', 'Agency accountability', 'Annual report', 'Rules calculator'], 'What you can do here', '/people/search'],
  auditor: [['Home', 'Audit', 'Rules calculator'], 'Audit', '/people/new'],
  admin: [['Home', 'Accounts', 'Agencies', 'MAPPA areas', 'Rules calculator'], 'Accounts and agencies', '/audit']
}

/** The service navigation's links, as [name, href]. */
async function menu (page) {
  return await page.getByRole('navigation', { name: 'Menu' }).getByRole('link').evaluateAll((links) =>
    links.map((a) => [a.textContent.replace(/\s+/g, ' ').trim(), a.getAttribute('href')]))
}

/** The name in the header, which links to the user's account. */
async function headerName (page) {
  const link = page.locator('header').getByRole('link', { name: /your account/ })
  assert.equal(await link.count(), 1, `the header links to the user's account on ${page.url()}`)
  return (await link.textContent()).replace(/: your account/, '').replace(/\s+/g, ' ').trim()
}

describe('pages by role', () => {
  for (const [username, [expectedMenu, heading, forbidden]] of Object.entries(ROLES)) {
    test(`${username}: the menu and home page lead only to pages the role can use`, async () => {
      const session = await openSession()
      const { page, context } = session
      try {
        await signIn(session, username)
        assert.equal(new URL(page.url()).pathname, '/')
        const name = await headerName(page)
        const homeHeading = await h1(page)
        await checkPage(session, `${username}'s home page`)
        const links = await menu(page)

        // Every link on the home page (its menu included) answers 200.
        const hrefs = await page.locator('main a[href^="/"], nav a[href^="/"]').evaluateAll((as) =>
          [...new Set(as.map((a) => a.getAttribute('href').split('#')[0]))])
        for (const href of hrefs) {
          const response = await context.request.get(url(href), { maxRedirects: 0 })
          assert.equal(response.status(), 200, `${username}: ${href} answers ${response.status()}`)
        }

        // Each page in the menu opens, and passes the page checks.
        for (const [label, href] of links) {
          const response = await page.goto(url(href))
          assert.equal(response.status(), 200, `${username}: "${label}" (${href})`)
          await checkPage(session, `${username}: ${label}`)
        }

        // A page the role may not use: refused, with the header, the menu and "Sign out" kept.
        const refused = await page.goto(url(forbidden))
        assert.equal(refused.status(), 403, `${username}: ${forbidden} is refused`)
        assert.equal(await h1(page), 'You cannot do this')
        assert.equal(await headerName(page), name, 'the header still names the user')
        assert.equal(await page.locator('header').getByRole('button', { name: 'Sign out', exact: true }).count(), 1,
          'the header still has "Sign out"')
        assert.deepEqual(await menu(page), links, 'the menu is still there')
        await checkPage(session, `${username}: refused`)

        // What the role's menu and home page are.
        assert.deepEqual(links.map(([label]) => label), expectedMenu, `${username}'s menu`)
        assert.equal(homeHeading, heading, `${username}'s home page`)
      } finally {
        await session.close()
      }
    })
  }

  test('a page that does not exist keeps the header and menu too', async () => {
    const session = await openSession()
    const { page } = session
    try {
      await signIn(session, 'reception')
      const response = await page.goto(url('/no-such-page'))
      assert.equal(response.status(), 404)
      assert.equal(await h1(page), 'Page not found')
      assert.equal(await page.locator('header').getByRole('button', { name: 'Sign out', exact: true }).count(), 1)
      assert.deepEqual((await menu(page)).map(([label]) => label), ROLES.reception[0])
      await checkPage(session, '404 page, signed in')
    } finally {
      await session.close()
    }
  })
})
