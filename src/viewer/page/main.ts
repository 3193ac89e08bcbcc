import { showList } from './list-view.js';
import { showTrace } from './trace-view.js';

// Two pages, each at its own URL: `/` (the list) and `/trace/<id>` (one trace), so links can be shared.
const root = document.getElementById('app');
if (root !== null) {
  const match = /^\/trace\/([^/]+)$/.exec(location.pathname);
  if (match !== null) void showTrace(root, decodeURIComponent(match[1]!));
  else showList(root);
}
