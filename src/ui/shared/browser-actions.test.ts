import { describe, expect, it } from 'vitest';
import { kubectlApplySnippet } from './browser-actions';

describe('kubectlApplySnippet', () => {
  it('wraps the manifest in a quoted heredoc', () => {
    expect(kubectlApplySnippet('kind: Pod\n')).toBe("kubectl apply -f - <<'EOF'\nkind: Pod\nEOF\n");
  });
  it('adds the final newline and avoids a delimiter the manifest contains', () => {
    expect(kubectlApplySnippet('a: |\n  x\nEOF')).toBe("kubectl apply -f - <<'EOF_1'\na: |\n  x\nEOF\nEOF_1\n");
  });
});
