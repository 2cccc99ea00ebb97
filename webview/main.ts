/**
 * The panel's entry point (bundled to dist/webview.js): registers the toolkit's components and starts the
 * panel in <main id="app">.
 */
import { Panel } from './panel';
import { registerToolkit } from './toolkit';
import { connectToHost } from './vscodeApi';

registerToolkit();
const root = document.getElementById('app');
if (root) new Panel(root, connectToHost()).start();
