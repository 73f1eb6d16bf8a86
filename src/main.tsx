import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_EXAMPLE } from './examples';
import { openFragment } from './state/link-state';
import { App } from './ui/App';
import { appStore } from './ui/shared/store';
import './ui/styles/base.css';
import './ui/styles/header.css';
import './ui/styles/options.css';
import './ui/styles/editors.css';
import './ui/styles/changes.css';
import './ui/styles/workloads.css';
import './ui/styles/policy.css';
import './ui/styles/layout.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

/**
 * Inside another site's frame, that site could overlay the buttons (clickjacking) or watch what is
 * pasted; a `<meta>` Content-Security-Policy cannot forbid framing (public/_headers does, where the
 * host reads it). So a framed page says where it lives and does not start.
 */
function isFramed(): boolean {
  try {
    return window.top !== window.self;
  } catch {
    // A cross-origin parent may refuse even the comparison: that is a frame too.
    return true;
  }
}

if (isFramed()) {
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = 'sa-token-hardener does not run inside a frame on another page. Open it in its own tab: ';
  const link = document.createElement('a');
  link.href = window.location.href.split('#')[0] ?? '';
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = link.href;
  message.append(link);
  root.replaceChildren(message);
} else {
  const opened = await openFragment(window.location.hash);
  appStore.getState().load(opened.manifest ?? DEFAULT_EXAMPLE.text, opened.fields, opened.view);

  createRoot(root).render(
    <StrictMode>
      <App initialNotice={opened.notice} openedManifest={opened.manifest} />
    </StrictMode>,
  );
}
