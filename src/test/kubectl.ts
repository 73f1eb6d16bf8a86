/**
 * kubectl's own decoding of manifests (sigs.k8s.io/yaml), as a second reader beside the `yaml`
 * package: `kubectl annotate --local -o json` reads every object and prints it as JSON, offline.
 * One call reads many texts (kubectl starts slowly): each text is a file in a folder, followed by
 * a marker object, so the printed stream can be cut back into texts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

export const hasKubectl = findKubectl();

const MARKER = 'sa-token-hardener-test-boundary';
const ANNOTATION = 'sa-token-hardener.test/read=kubectl';

/** What kubectl read from one text: its objects (lists expanded into their items), or its error. */
export type KubectlReading = { readonly objects: unknown[] } | { readonly error: string };

/** Reads each text as kubectl does; one kubectl run for all of them. */
export function readWithKubectl(texts: readonly string[]): KubectlReading[] {
  const folder = mkdtempSync(join(tmpdir(), 'kubectl-read-'));
  try {
    texts.forEach((text, index) => {
      const number = String(index).padStart(5, '0');
      writeFileSync(join(folder, `${number}-a.yaml`), text);
      writeFileSync(join(folder, `${number}-b.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${MARKER}-${index}\n`);
    });
    const run = spawnSync('kubectl', ['annotate', '--local', '-f', folder, ANNOTATION, '-o', 'json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      timeout: 120_000,
    });
    const errors = new Map<number, string>();
    for (const line of (run.stderr ?? '').split('\n')) {
      const match = /(\d{5})-a\.yaml: (.*)$/.exec(line);
      if (match) errors.set(Number(match[1]), match[2] ?? line);
    }
    const readings: unknown[][] = texts.map(() => []);
    let current = 0;
    for (const chunk of (run.stdout ?? '').split(/\n(?=\{\n)/)) {
      if (chunk.trim() === '') continue;
      const object = JSON.parse(chunk) as { kind?: unknown; metadata?: { name?: unknown } };
      const name = String(object.metadata?.name ?? '');
      if (object.kind === 'ConfigMap' && name.startsWith(`${MARKER}-`)) current = Number(name.slice(MARKER.length + 1)) + 1;
      else readings[current]?.push(object);
    }
    return readings.map((objects, index) => {
      const error = errors.get(index);
      return error === undefined ? { objects } : { error };
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
