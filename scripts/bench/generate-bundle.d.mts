/** The benchmark bundle: `count` Deployments, two containers each, with comments. */
export function generateBundle(count?: number): string;
