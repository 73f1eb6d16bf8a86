/**
 * The one store: the manifest text and the form's fields. Everything shown besides them (the
 * hardened text, changes, findings, errors) is derived through the core and never stored here.
 */
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { DEFAULT_FIELDS, type OptionFields, type TextFieldName } from './option-fields';
import { DEFAULT_VIEW, type OutputTab, type ViewState } from './view-state';

export type AppState = {
  readonly manifest: string;
  readonly fields: OptionFields;
  /** The output tab and diff layout: not an input, but part of what a link reopens. */
  readonly view: ViewState;
  setManifest(manifest: string): void;
  setField(name: TextFieldName, value: string): void;
  setFlag(name: 'hardenServiceAccounts' | 'emitServiceAccount', value: boolean): void;
  setContainerIncluded(name: string, included: boolean): void;
  setTab(tab: OutputTab): void;
  setSideBySide(sideBySide: boolean): void;
  /** Replaces the whole state, as opening a link or an example does (the view only when given). */
  load(manifest: string, fields?: OptionFields, view?: ViewState): void;
  resetFields(): void;
};

/** The state creator, exported so tests can build fresh stores. */
export const createAppState =
  (manifest: string): StateCreator<AppState> =>
  (set) => ({
    manifest,
    fields: DEFAULT_FIELDS,
    view: DEFAULT_VIEW,
    setManifest: (next) => set({ manifest: next }),
    setField: (name, value) => set((state) => ({ fields: { ...state.fields, [name]: value } })),
    setFlag: (name, value) => set((state) => ({ fields: { ...state.fields, [name]: value } })),
    setContainerIncluded: (name, included) =>
      set((state) => {
        const rest = state.fields.excludedContainers.filter((excluded) => excluded !== name);
        const excludedContainers = included ? rest : [...rest, name].sort();
        return { fields: { ...state.fields, excludedContainers } };
      }),
    setTab: (tab) => set((state) => ({ view: { ...state.view, tab } })),
    setSideBySide: (sideBySide) => set((state) => ({ view: { ...state.view, diffLayout: sideBySide ? 'side-by-side' : 'inline' } })),
    load: (next, fields = DEFAULT_FIELDS, view) => set(view ? { manifest: next, fields, view } : { manifest: next, fields }),
    resetFields: () => set({ fields: DEFAULT_FIELDS }),
  });

export function createAppStore(manifest: string): StoreApi<AppState> {
  return createStore<AppState>()(createAppState(manifest));
}
