const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

/** The page a person sees in the browser when the OAuth callback is refused (nothing was stored). */
export function renderCallbackFailure(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Connection failed · qbo-cache</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem">
<h1>QuickBooks was not connected</h1>
<p>${escapeHtml(message)}</p>
<p>Nothing was stored and any existing connection is unchanged. <a href="/">Back to the status page</a>.</p>
</body></html>`;
}
