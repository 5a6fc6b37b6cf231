// Random bytes for the webview's nonce. The browser bundle takes `random.web.ts` in its place.
export { randomBytes } from 'node:crypto';
