// Start the GOV.UK Frontend components on the page (the service navigation's menu on phones,
// the error summary's focus). The pages work without it.
import { initAll } from "./vendor/govuk/govuk-frontend.min.js";

initAll();
