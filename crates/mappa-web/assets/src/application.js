// mappa's only script: progressive enhancement of GOV.UK Frontend and MoJ Frontend components.
// Every page works without it. It is loaded with <script type="module">, so it runs once the page
// is parsed and only in browsers that support ES modules, which are the browsers GOV.UK Frontend
// supports. The CSP forbids inline script, so the classes that GOV.UK's page template would add
// with an inline snippet are added here instead.
import { initAll as initGovuk } from './govuk-frontend.min.js'
import { initAll as initMoj } from './moj-frontend.min.js'
import './accessible-autocomplete.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initGovuk()
initMoj()

// Long lists (countries, agencies) are plain <select>s that work without JavaScript; with it they
// become GOV.UK's accessible autocomplete, keeping the select's id, label and error message.
// The "Select ..." prompt of an empty choice is for the plain select only: typed over, it would be
// taken for an answer.
for (const select of document.querySelectorAll('select[data-app-autocomplete]')) {
  for (const option of select.options) if (option.value === '') option.text = ''
  window.accessibleAutocomplete.enhanceSelectElement({ selectElement: select, showAllValues: true })
}
