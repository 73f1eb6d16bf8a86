import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openFragment } from './state/link-state';
import { App } from './ui/App';
import { appStore } from './ui/store';
import './ui/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const opened = await openFragment(window.location.hash);
appStore.getState().load(opened.manifest, opened.fields, opened.view);

createRoot(root).render(
  <StrictMode>
    <App initialNotice={opened.notice} />
  </StrictMode>,
);
