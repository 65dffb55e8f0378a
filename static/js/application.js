// Starts GOV.UK Frontend's components (the service navigation's Menu toggle, error summaries,
// buttons, details…) on every page. Kept in a file, not inline, so the pages need no inline script
// beyond the one-line class switch GOV.UK Frontend documents.
import { initAll } from "../govuk/govuk-frontend.min.js"

initAll()
