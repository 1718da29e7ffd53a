/** DI tokens of the credentials module. */
export const CREDENTIALS_CONFIG = Symbol('CREDENTIALS_CONFIG');
export const CREDENTIAL_KEYS = Symbol('CREDENTIAL_KEYS');
/**
 * The transparency log (apps/registry-api/src/transparency, `TransparencyLogPort`), when the app provides
 * one: credentials then name the checkpoint that includes the events they rely on.
 */
export const CREDENTIAL_TRANSPARENCY_LOG = Symbol('CREDENTIAL_TRANSPARENCY_LOG');

/** The VC-JOSE-COSE media type of everything this module signs. */
export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
