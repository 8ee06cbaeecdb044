// The worker that reads the shop's files (see www/worker-host.js for what it does). The served
// page starts it as a module worker from this file; the single file (dist/shopscore.html)
// carries it bundled as a classic script and starts it from a blob: URL, because a module
// worker cannot start from file://. Either way the wasm arrives by postMessage with the first
// request (`init`): the worker fetches nothing.

import init, { Shop } from './pkg/shopscore.js';
import { createHost } from './worker-host.js';

const host = createHost({ default: init, Shop }, (message) => self.postMessage(message));
self.onmessage = (event) => host.handle(event.data);
