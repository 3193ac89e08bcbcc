// The benchmark page ships in the npm package, where bench/ does not exist: repository files are linked.
const REPO = 'https://github.com/noveum/noveum-trace-ts';

/** A Markdown link to a repository file (or folder, ending in `/`) on the main branch. */
export const repoLink = (path) =>
  `[\`${path}\`](${REPO}/${path.endsWith('/') ? 'tree' : 'blob'}/main/${path.replace(/\/$/, '')})`;
