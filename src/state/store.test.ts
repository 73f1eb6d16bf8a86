import { describe, expect, it } from 'vitest';
import { DEFAULT_FIELDS, toOptionInput } from './option-fields';
import { createAppStore } from './store';

describe('app store', () => {
  it('holds the manifest and fields, and nothing derived', () => {
    const store = createAppStore('kind: Pod\n');
    const data = Object.entries(store.getState()).filter(([, value]) => typeof value !== 'function');
    expect(Object.fromEntries(data)).toEqual({ manifest: 'kind: Pod\n', fields: DEFAULT_FIELDS });
  });

  it('tracks unticked containers, sorted and without repeats', () => {
    const store = createAppStore('');
    store.getState().setContainerIncluded('web', false);
    store.getState().setContainerIncluded('metrics', false);
    store.getState().setContainerIncluded('web', false);
    expect(store.getState().fields.excludedContainers).toEqual(['metrics', 'web']);
    store.getState().setContainerIncluded('web', true);
    expect(store.getState().fields.excludedContainers).toEqual(['metrics']);
  });

  it('turns the fields into the core option input', () => {
    expect(toOptionInput(DEFAULT_FIELDS).containers).toBeUndefined();
    expect(toOptionInput({ ...DEFAULT_FIELDS, excludedContainers: ['b'] }).excludedContainers).toEqual(['b']);
  });
});
