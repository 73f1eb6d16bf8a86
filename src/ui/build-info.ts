/** Facts from package.json, written into the page when it is built (vite.config.ts `define`). */
declare const __APP_VERSION__: string;
declare const __APP_SOURCE__: string;

export const APP_VERSION: string = __APP_VERSION__;

/** Where the source lives, when package.json says (`homepage` or `repository`); else none. */
export const SOURCE_URL: string | undefined = __APP_SOURCE__ === '' ? undefined : __APP_SOURCE__;
