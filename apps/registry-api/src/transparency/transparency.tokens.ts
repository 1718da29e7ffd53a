/** The transparency settings (TransparencyConfig). */
export const TRANSPARENCY_CONFIG = Symbol('TRANSPARENCY_CONFIG');
/** The log's signed-note signer (NoteSigner). */
export const LOG_SIGNER = Symbol('LOG_SIGNER');
