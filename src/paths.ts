// Where thox's own files are: the package root, found from this module's location (src/ or dist/).
// The factory content (programs/, runtimes/, store/) and the kernel's Lua prelude are read from there.

/** The package root as a file: URL ending in '/'. */
export const PACKAGE_ROOT = new URL('..', import.meta.url);
