/** Exit codes of `rig`: scripts can tell a usage error from a failure. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
/** Invalid configuration or usage. */
export const EXIT_CONFIG = 2;
/** The server answered with an error for the request (4xx). */
export const EXIT_REJECTED = 3;
/** The server could not be reached. */
export const EXIT_UNREACHABLE = 4;
