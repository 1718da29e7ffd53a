// setupFiles of the integration, e2e and browser tiers: embedded stores start from the run's initdb image.
require('./pglite-image').install();
