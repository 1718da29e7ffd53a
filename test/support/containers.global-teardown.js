/** Stops what containers.global-setup.js started (nothing, where no container runtime answered). */
module.exports = require('./containers.global-setup').teardown;
