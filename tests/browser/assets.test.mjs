// The embedded assets as the running server serves them (no browser needed).

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { url } from './helpers.mjs'

async function stylesheetUrl () {
  const html = await (await fetch(url('/sign-in'))).text()
  const href = html.match(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/)?.[1] ??
    html.match(/<link[^>]+href="([^"]+)"[^>]+rel="stylesheet"/)?.[1]
  assert.ok(href, 'the sign-in page links a stylesheet')
  return href.replaceAll('&amp;', '&')
}

test('the stylesheet linked from a page is cached for a year and set in Arial', async () => {
  const href = await stylesheetUrl()
  assert.match(href, /^\/assets\/application\.css\?v=[0-9a-f]+$/)
  const response = await fetch(url(href))
  assert.equal(response.status, 200)
  assert.match(response.headers.get('content-type'), /^text\/css/)
  assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable')
  const css = await response.text()
  assert.match(css, /arial/i)
  assert.doesNotMatch(css, /GDS Transport/i)
})

test('an asset without its hash must be revalidated, and an unknown one is 404', async () => {
  const response = await fetch(url('/assets/application.js'))
  assert.equal(response.status, 200)
  assert.match(response.headers.get('content-type'), /^text\/javascript/)
  assert.equal(response.headers.get('cache-control'), 'no-cache')
  assert.equal((await fetch(url('/assets/no-such-file.css'))).status, 404)
})
