// Builds mappa's static assets into dist/: the stylesheet (Sass -> compressed CSS), the scripts
// (GOV.UK Frontend's and MoJ Frontend's ES module bundles plus src/application.js) and every image
// the stylesheet refers to. Run by crates/mappa-web/build.rs (`node build.mjs`); needs only `sass`.
//
//   node build.mjs [--out DIR]
//
// The output folder (default: dist/ here, which is git-ignored) is emptied and rebuilt each time, so
// nothing stale is ever embedded. build.rs passes a folder under its OUT_DIR, so that two cargo builds
// with different target folders never write to the same place.

import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const here = path.dirname(fileURLToPath(import.meta.url))
const src = path.join(here, 'src')
const outFlag = process.argv.indexOf('--out')
const dist = path.resolve(outFlag >= 0 && process.argv[outFlag + 1] ? process.argv[outFlag + 1] : path.join(here, 'dist'))
const nodeModules = path.join(here, 'node_modules')
const govuk = path.join(nodeModules, 'govuk-frontend', 'dist', 'govuk')
const moj = path.join(nodeModules, '@ministryofjustice', 'frontend', 'moj')

// Where images named in the CSS (as /assets/images/NAME) are looked for, first match wins. Our own
// images come first so that they replace a library's (the GOV.UK crown is for gov.uk only).
const imageDirs = [path.join(src, 'images'), path.join(moj, 'assets', 'images'), path.join(govuk, 'assets', 'images')]

function fail (message) {
  console.error(`build.mjs: ${message}`)
  process.exit(1)
}

function stripSourceMap (text) {
  return text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n')
}

function write (name, contents) {
  const file = path.join(dist, name)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, contents)
}

// Images named in the CSS that are deliberately not shipped: the Royal Arms, drawn by
// .govuk-footer__copyright-logo in gov.uk's footer, which our generic footer must not use.
const notShipped = new Set(['govuk-crest.svg'])

if (!fs.existsSync(govuk) || !fs.existsSync(moj)) {
  fail(`dependencies missing under ${nodeModules}: run \`npm ci\` in ${here}`)
}

fs.rmSync(dist, { recursive: true, force: true })
fs.mkdirSync(dist, { recursive: true })

// 1. Stylesheet.
let css
try {
  css = sass.compile(path.join(src, 'application.scss'), {
    style: 'compressed',
    loadPaths: [here, nodeModules],
    importers: [new sass.NodePackageImporter(here)],
    quietDeps: true, // deprecation warnings from GOV.UK/MoJ Frontend are theirs to fix
    silenceDeprecations: ['import', 'global-builtin'].filter((d) => sass.deprecations[d]?.status === 'active'),
    sourceMap: false
  }).css
} catch (error) {
  fail(`Sass failed:\n${error.message}`)
}
if (/GDS Transport/i.test(css) && !process.env.DEBUG_CSS) fail('the CSS names "GDS Transport": the font must be Arial')
if (/@font-face/.test(css)) fail('the CSS has an @font-face rule: no web fonts are shipped')
write('application.css', css)

// 2. Images the stylesheet refers to.
const images = new Set()
for (const match of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
  const url = match[1]
  if (url.startsWith('data:')) continue
  if (!url.startsWith('/assets/images/')) fail(`the CSS refers to ${url}, outside /assets/images/`)
  const name = url.slice('/assets/images/'.length)
  if (!notShipped.has(name)) images.add(name)
}
// Our own images (the favicon) are served whether or not the CSS names them.
for (const name of fs.readdirSync(path.join(src, 'images'))) images.add(name)
for (const name of [...images].sort()) {
  const from = imageDirs.map((dir) => path.join(dir, name)).find((file) => fs.existsSync(file))
  if (!from) fail(`image ${name} named in the CSS was not found in ${imageDirs.join(', ')}`)
  write(path.join('images', name), fs.readFileSync(from))
}

// 3. Scripts: both libraries ship self-contained, minified ES modules (no jQuery); GOV.UK's
// accessible autocomplete ships a self-contained script that, imported by application.js, sets
// window.accessibleAutocomplete.
write('govuk-frontend.min.js', stripSourceMap(fs.readFileSync(path.join(govuk, 'govuk-frontend.min.js'), 'utf8')))
write('accessible-autocomplete.min.js', stripSourceMap(fs.readFileSync(path.join(nodeModules, 'accessible-autocomplete', 'dist', 'accessible-autocomplete.min.js'), 'utf8')))
write('moj-frontend.min.js', stripSourceMap(fs.readFileSync(path.join(moj, 'moj-frontend.min.js'), 'utf8')))
write('application.js', fs.readFileSync(path.join(src, 'application.js')))

const files = fs.readdirSync(dist, { recursive: true }).filter((f) => fs.statSync(path.join(dist, f)).isFile())
console.log(`build.mjs: wrote ${files.length} files to ${dist}: ${files.sort().join(', ')}`)
