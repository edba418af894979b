// mappa's only script: progressive enhancement of GOV.UK Frontend and MoJ Frontend components.
// Every page works without it. It is loaded with <script type="module">, so it runs once the page
// is parsed and only in browsers that support ES modules, which are the browsers GOV.UK Frontend
// supports. The CSP forbids inline script, so the classes that GOV.UK's page template would add
// with an inline snippet are added here instead.
import { initAll as initGovuk } from './govuk-frontend.min.js'
import { initAll as initMoj } from './moj-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initGovuk()
initMoj()
