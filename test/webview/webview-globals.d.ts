// What the webview host gives the access-matrix page's script, for type-checking media/matrix.js.
declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };
