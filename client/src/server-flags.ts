/**
 * Node flags the server always runs with, in the editor and in the bench (free of `vscode` for that).
 * A young generation capped at 4 MB per semi-space (V8's default grows to 16 MB) keeps the server's resident
 * memory near what it really holds: with 1,000 Terraform files open it is mostly short-lived parse and analysis
 * garbage, which otherwise inflated the peak RSS by some 25 MB.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
