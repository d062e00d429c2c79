// Human-readable moments for the status page: "3 min ago (14:02)", "in 42 min (15:00)".

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
const STEPS = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', Infinity],
];

/** `{text}` for an ISO 8601 time or null ("—"). */
export function formatMoment(iso, now = Date.now()) {
  if (!iso) return { text: '—' };
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return { text: String(iso) };
  let amount = (at - now) / 1000;
  let unit = 'second';
  for (const [name, size] of STEPS) {
    unit = name;
    if (Math.abs(amount) < size) break;
    amount /= size;
  }
  const clock = new Date(at).toLocaleString(undefined, sameDay(at, now) ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' });
  return { text: `${relative.format(Math.round(amount), unit)} (${clock})` };
}

function sameDay(a, b) {
  return new Date(a).toDateString() === new Date(b).toDateString();
}
