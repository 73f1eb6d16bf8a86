/** The Changes panel's list: changes grouped by object, findings ranked, narrowed by an object filter. */

/** Changes of one object, in the order the core made them. */
export type ObjectGroup<T> = { readonly object: string; readonly items: readonly T[] };

/**
 * Consecutive changes of the same object, as the core lists them (document by document). An object
 * that comes back later (a List's items, say) gets a group of its own there, so order is kept.
 */
export function groupByObject<T>(items: readonly T[], objectOf: (item: T) => string): ObjectGroup<T>[] {
  const groups: { object: string; items: T[] }[] = [];
  for (const item of items) {
    const object = objectOf(item);
    const last = groups[groups.length - 1];
    if (last && last.object === object) last.items.push(item);
    else groups.push({ object, items: [item] });
  }
  return groups;
}

/** Findings to review before notes, each kind in the core's order; with its index for a stable key. */
export function rankFindings<T extends { readonly severity: 'info' | 'warning' }>(findings: readonly T[]): { index: number; item: T }[] {
  const indexed = findings.map((item, index) => ({ index, item }));
  return [...indexed.filter(({ item }) => item.severity === 'warning'), ...indexed.filter(({ item }) => item.severity !== 'warning')];
}

/**
 * Whether an object's label matches the filter: every word of the filter, in any case, anywhere in
 * `Kind/namespace/name`. An empty filter matches everything.
 */
export function matchesObject(object: string, filter: string): boolean {
  const label = object.toLowerCase();
  return filter
    .toLowerCase()
    .split(/\s+/)
    .every((word) => label.includes(word));
}

/** The distinct non-empty object labels, in first-seen order. */
export function objectsOf(lists: readonly (readonly { readonly object: string }[])[]): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const { object } of list) if (object !== '') seen.add(object);
  return [...seen];
}
