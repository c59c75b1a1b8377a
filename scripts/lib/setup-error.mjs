/** A set-up step that failed in a way its message explains: shown without a stack trace. */
export class SetupError extends Error {}
