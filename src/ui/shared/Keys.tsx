/** A key combination, each key in its own `kbd`. */
export function Keys({ keys }: { keys: readonly string[] }) {
  return keys.map((key, index) => (
    <span key={key}>
      {index > 0 && '+'}
      <kbd>{key}</kbd>
    </span>
  ));
}
