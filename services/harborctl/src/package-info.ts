import pkg from '../package.json' with { type: 'json' };

/** harborctl's own version, from its package.json, so there is one place to bump it. */
export const VERSION: string = pkg.version;
export const USER_AGENT = `harborctl/${VERSION}`;
