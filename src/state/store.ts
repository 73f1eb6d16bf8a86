/**
 * The one store: the manifest text and the form's fields. Everything shown besides them (the
 * hardened text, changes, findings, errors) is derived through the core and never stored here.
 */
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { DEFAULT_FIELDS, type OptionFields, type TextFieldName } from './option-fields';

export type AppState = {
  readonly manifest: string;
  readonly fields: OptionFields;
  setManifest(manifest: string): void;
  setField(name: TextFieldName, value: string): void;
  setFlag(name: 'hardenServiceAccounts' | 'emitServiceAccount', value: boolean): void;
  setContainerIncluded(name: string, included: boolean): void;
  /** Replaces the whole state, as opening a link or an example does. */
  load(manifest: string, fields?: OptionFields): void;
  resetFields(): void;
};

/** The state creator, exported so tests can build fresh stores. */
export const createAppState =
  (manifest: string): StateCreator<AppState> =>
  (set) => ({
    manifest,
    fields: DEFAULT_FIELDS,
    setManifest: (next) => set({ manifest: next }),
    setField: (name, value) => set((state) => ({ fields: { ...state.fields, [name]: value } })),
    setFlag: (name, value) => set((state) => ({ fields: { ...state.fields, [name]: value } })),
    setContainerIncluded: (name, included) =>
      set((state) => {
        const rest = state.fields.excludedContainers.filter((excluded) => excluded !== name);
        const excludedContainers = included ? rest : [...rest, name].sort();
        return { fields: { ...state.fields, excludedContainers } };
      }),
    load: (next, fields = DEFAULT_FIELDS) => set({ manifest: next, fields }),
    resetFields: () => set({ fields: DEFAULT_FIELDS }),
  });

export function createAppStore(manifest: string): StoreApi<AppState> {
  return createStore<AppState>()(createAppState(manifest));
}
