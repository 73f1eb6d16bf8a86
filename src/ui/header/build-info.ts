/** Facts from package.json, written into the page when it is built (vite.config.ts `define`). */
declare const __APP_VERSION__: string | undefined;
declare const __APP_SOURCE__: string | undefined;

// `typeof` keeps a module that imports this loadable where nothing defines them (unit tests).
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '';

const source = typeof __APP_SOURCE__ === 'string' ? __APP_SOURCE__ : '';

/** Where the source lives, when package.json says (`homepage` or `repository`); else none. */
export const SOURCE_URL: string | undefined = source === '' ? undefined : source;
