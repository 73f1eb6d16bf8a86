/** The page's one store instance and its React binding. */
import { useStore } from 'zustand';
import { DEFAULT_EXAMPLE } from '../../examples';
import { createAppStore, type AppState } from '../../state/store';

export const appStore = createAppStore(DEFAULT_EXAMPLE.text);

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
