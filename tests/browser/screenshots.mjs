// Takes the README's screenshots (scripts/screenshots.sh runs this against the demo): the home
// page, a record and the compliance list at a phone's width and a desktop's.

import * as path from 'node:path'
import { follow, openSession, signIn, url } from './helpers.mjs'

const OUT = process.env.OUT ?? 'screenshots'
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } }

for (const [size, viewport] of Object.entries(SIZES)) {
  const session = await openSession({ viewport })
  const { page } = session
  try {
    await signIn(session, 'manager')
    await page.screenshot({ path: path.join(OUT, `home-${size}.png`) })
    await page.goto(url('/compliance'))
    await page.screenshot({ path: path.join(OUT, `compliance-${size}.png`) })
    // The first person on the list: someone with something overdue.
    await follow(page, page.locator('main table a[href^="/people/"]').first())
    await page.screenshot({ path: path.join(OUT, `record-${size}.png`) })
  } finally {
    await session.close()
  }
}
