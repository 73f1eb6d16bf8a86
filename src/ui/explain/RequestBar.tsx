/** A workload's API requests over the audit log's window, as a small bar chart: the quiet ones stand out. */

const WIDTH = 128;
const HEIGHT = 18;

export function RequestBar({
  histogram,
  requests,
  firstSeen,
  lastSeen,
}: {
  histogram: readonly number[];
  requests: number;
  firstSeen: string | undefined;
  lastSeen: string | undefined;
}) {
  const peak = Math.max(1, ...histogram);
  const step = histogram.length > 0 ? WIDTH / histogram.length : WIDTH;
  const label =
    requests === 0
      ? 'No API request in the audit log'
      : `${requests.toLocaleString('en')} API ${requests === 1 ? 'request' : 'requests'}, first ${firstSeen ?? '?'}, last ${lastSeen ?? '?'}`;
  return (
    <div className="request-bar">
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        <line x1={0} y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} className="request-bar-axis" />
        {histogram.map((count, index) =>
          count === 0 ? null : (
            <rect
              key={index}
              x={index * step}
              width={Math.max(1, step - 1)}
              // Any request shows at least two pixels: one call in eight days must not vanish.
              y={HEIGHT - 1 - Math.max(2, ((HEIGHT - 2) * count) / peak)}
              height={Math.max(2, ((HEIGHT - 2) * count) / peak)}
            />
          ),
        )}
      </svg>
      <span className={requests === 0 ? 'request-count quiet' : 'request-count'} aria-hidden="true">
        {requests === 0 ? 'no requests' : `${requests.toLocaleString('en')} ${requests === 1 ? 'request' : 'requests'}`}
      </span>
    </div>
  );
}
