/** Cookie and header names of dashboard sessions. */
export const SESSION_COOKIE = 'rig_session';
/** Readable by the dashboard's script, which echoes it in CSRF_HEADER on writes. */
export const CSRF_COOKIE = 'rig_csrf';
export const CSRF_HEADER = 'x-rig-csrf';
