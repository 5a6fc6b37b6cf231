/** A problem with how the CLI was called or with its inputs: printed as one message, exit code 2. */
export class UsageError extends Error {}
