// The file system's one error: a message in CraftOS's words ('/x: No such file', 'Out of space'), which the
// fs context answers as an ERROR and runtimes pass on unchanged.

/** A refused or failed file system operation; the message is what the program sees. */
export class FsError extends Error {}

/** Why host I/O failed, in the words CraftOS uses where it has them. */
export function hostFailure(shown: string, e: unknown): FsError {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new FsError('Out of space');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new FsError(`${shown}: Access denied`);
  if (code === 'ENOENT') return new FsError(`${shown}: No such file`);
  if (code === 'ENOTDIR') return new FsError(`${shown}: Not a directory`);
  return new FsError(`${shown}: host I/O error (${code ?? String(e)})`);
}
