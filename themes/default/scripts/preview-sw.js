/* The service worker `chyrak serve` answers for sw.js: it removes itself and its
   caches, so that no copy stands between an author and their edits. */
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(caches.keys()
  .then((keys) => Promise.all(keys.map((k) => caches.delete(k))))
  .then(() => self.registration.unregister())));
