import { randomBytes } from './random';

/** The access-matrix webview's page. Pure (no vscode import) so tests can render it in a browser. */
export interface MatrixPageOptions {
  /** The webview's `cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/**
 * A strict Content-Security-Policy: nothing by default, styles and images only from the extension's media
 * folder, and only the one script that carries the nonce. The page itself holds no policy-derived text;
 * the script renders it as text.
 */
export function matrixPage(o: MatrixPageOptions): string {
  const csp = [`default-src 'none'`, `style-src ${o.cspSource}`, `img-src ${o.cspSource}`, `font-src ${o.cspSource}`, `script-src 'nonce-${o.nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${o.styleUri}">
<title>Effective access</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${o.nonce}" src="${o.scriptUri}"></script>
</body>
</html>`;
}

/** A fresh, unguessable nonce for each page. */
export function makeNonce(): string {
  return randomBytes(18).toString('hex');
}
