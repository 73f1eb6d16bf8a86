/** The few things that touch the browser outside the page: clipboard and file download. */

export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Older browsers and non-secure origins: the selection-based fallback.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('The browser refused to copy.');
}

export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A heredoc the shell passes through untouched (quoted delimiter: no expansion). */
export function kubectlApplySnippet(manifest: string): string {
  let delimiter = 'EOF';
  for (let index = 1; manifest.split(/\r?\n/).includes(delimiter); index += 1) delimiter = `EOF_${index}`;
  const body = manifest.endsWith('\n') ? manifest : `${manifest}\n`;
  return `kubectl apply -f - <<'${delimiter}'\n${body}${delimiter}\n`;
}
