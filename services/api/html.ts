// The page shell shared by the login page and the dashboards: one small stylesheet, no scripts
// from elsewhere. Callers escape what they interpolate with escapeHtml.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f5}
header{background:#14532d;color:#fff;padding:.7rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
header a{color:#dcfce7;text-decoration:none}header strong{font-size:1.1rem}
main{padding:1.2rem;max-width:1100px}
table{border-collapse:collapse;background:#fff;margin:.5rem 0 1.2rem}
td,th{border:1px solid #d4d4d4;padding:.3rem .6rem;text-align:left;font-variant-numeric:tabular-nums}
th{background:#ecfdf5}.num{text-align:right}
.ok{color:#166534}.bad{color:#b91c1c}.error{color:#b91c1c}.hint{color:#555}
form label{display:block;margin:.6rem 0}input{padding:.3rem;font-size:1rem}
button{padding:.35rem .9rem;font-size:1rem}
`;

export function renderPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · spotlake</title><style>${STYLE}</style></head>
<body><header><strong>spotlake</strong><a href="/">Dashboard</a><a href="/runs-page">Runs</a><a href="/wrapup">Wrap-up</a>
<a href="/admin/queues">Queues</a></header><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}
