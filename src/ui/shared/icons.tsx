/**
 * The few icons the buttons carry, drawn inline: no icon font to load, nothing from another
 * origin. Decorative only (the button's text names the action), so hidden from screen readers.
 */
import type { ReactNode } from 'react';

function Icon({ children, className }: { children: ReactNode; className?: string | undefined }) {
  return (
    <svg
      className={className === undefined ? 'icon' : `icon ${className}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

export function CopyIcon() {
  return (
    <Icon>
      <rect x="5.25" y="5.25" width="8.5" height="8.5" rx="1.5" />
      <path d="M10.75 2.75v-.5a1 1 0 0 0-1-1h-6.5a1 1 0 0 0-1 1v6.5a1 1 0 0 0 1 1h.5" />
    </Icon>
  );
}

export function CheckIcon() {
  return (
    <Icon className="icon-done">
      <path d="M3 8.5l3.25 3.25L13 5" />
    </Icon>
  );
}

export function DownloadIcon() {
  return (
    <Icon>
      <path d="M8 2v8.5M4.75 7.25 8 10.5l3.25-3.25M2.5 13.5h11" />
    </Icon>
  );
}

export function TerminalIcon() {
  return (
    <Icon>
      <rect x="1.75" y="2.75" width="12.5" height="10.5" rx="1.5" />
      <path d="M4.5 6.25 6.5 8l-2 1.75M8.5 10h3" />
    </Icon>
  );
}

export function LinkIcon() {
  return (
    <Icon>
      <path d="M6.75 9.25a2.5 2.5 0 0 0 3.5 0l2.5-2.5a2.5 2.5 0 0 0-3.5-3.5l-.75.75" />
      <path d="M9.25 6.75a2.5 2.5 0 0 0-3.5 0l-2.5 2.5a2.5 2.5 0 0 0 3.5 3.5l.75-.75" />
    </Icon>
  );
}

export function ShieldIcon() {
  return (
    <Icon>
      <path d="M8 1.75 2.75 3.5v4c0 3.25 2.25 5.5 5.25 6.75 3-1.25 5.25-3.5 5.25-6.75v-4z" />
      <path d="M5.75 8 7.4 9.6 10.5 6.5" />
    </Icon>
  );
}

export function InfoIcon() {
  return (
    <Icon>
      <circle cx="8" cy="8" r="6.25" />
      <path d="M8 7.25v4M8 4.75v.01" />
    </Icon>
  );
}

export function KeyboardIcon() {
  return (
    <Icon>
      <rect x="1.25" y="3.75" width="13.5" height="8.5" rx="1.5" />
      <path d="M4 6.5h.01M6.67 6.5h.01M9.33 6.5h.01M12 6.5h.01M4.75 9.5h6.5" />
    </Icon>
  );
}
