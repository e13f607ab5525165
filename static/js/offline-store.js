// ZOE NutriTech offline store: the offline data snapshot and the queue of entries made
// without a connection, kept in IndexedDB, and the sync that sends the queue to POST /sync.
// No DOM here: the pages (offline.js) and the service worker (sw.js, Background Sync) share it.
(function (root) {
  "use strict";
  var DB_NAME = "zoe-offline";
  var FORMAT = 3;          // snapshot format this script reads (offline.Format on the server)
  var BATCH = 100;         // items per POST /sync (the server accepts up to 500)
  var dbp = null;

  function open() {
    if (dbp) return dbp;
    dbp = new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        var db = req.result;
        db.createObjectStore("snapshots", { keyPath: "user_id" });
        var q = db.createObjectStore("queue", { keyPath: "uuid" });
        q.createIndex("user_id", "user_id");
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { dbp = null; reject(req.error); };
    });
    return dbp;
  }

  // run calls fn(store) in a transaction and resolves with the value of the request fn returns.
  function run(name, mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(name, mode);
        var req = fn(t.objectStore(name));
        t.oncomplete = function () { resolve(req ? req.result : undefined); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }

  function getSnapshot(userId) { return run("snapshots", "readonly", function (s) { return s.get(Number(userId)); }); }
  function putSnapshot(rec) { return run("snapshots", "readwrite", function (s) { return s.put(rec); }); }
  function clearSnapshots() { return run("snapshots", "readwrite", function (s) { return s.clear(); }); }
  function deleteSnapshot(userId) { return run("snapshots", "readwrite", function (s) { return s.delete(Number(userId)); }); }

  function queued(userId) {
    return run("queue", "readonly", function (s) { return s.index("user_id").getAll(Number(userId)); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.queued_at < b.queued_at ? -1 : 1; });
    });
  }
  function putQueued(rec) { return run("queue", "readwrite", function (s) { return s.put(rec); }); }
  function getQueued(uuid) { return run("queue", "readonly", function (s) { return s.get(uuid); }); }
  function removeQueued(uuid) { return run("queue", "readwrite", function (s) { return s.delete(uuid); }); }

  function newUUID() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var b = new Uint8Array(16);
    root.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // enqueue keeps an entry made offline; item holds the sync fields (kind, values, time).
  function enqueue(userId, item) {
    item.uuid = item.uuid || newUUID();
    item.queued_at = new Date().toISOString();
    var rec = { uuid: item.uuid, user_id: Number(userId), kind: item.kind, item: item, status: "pending",
      errors: null, queued_at: item.queued_at, tries: 0 };
    return putQueued(rec).then(function () { return rec; });
  }

  function getJSON(url, headers) {
    return fetch(url, { credentials: "same-origin", cache: "no-store", redirect: "manual",
      headers: Object.assign({ Accept: "application/json" }, headers || {}) });
  }

  // token asks the server who is signed in and for the session's CSRF token.
  function token() {
    return getJSON("/sync/token").then(function (res) {
      if (!res.ok) return null;
      return res.json().catch(function () { return null; });
    });
  }

  // refresh fetches the signed-in user's snapshot, sending the stored version's ETag so an
  // unchanged snapshot costs a 304. Resolves {state: "fresh"|"unchanged"|"off"|"signed-out"}.
  function refresh(userId) {
    return getSnapshot(userId).then(function (old) {
      var h = {};
      if (old && old.etag && old.data && old.data.format === FORMAT) h["If-None-Match"] = old.etag;
      return getJSON("/offline/data.json", h).then(function (res) {
        if (res.status === 304) {
          old.checked_at = new Date().toISOString();
          return putSnapshot(old).then(function () { return { state: "unchanged", snapshot: old }; });
        }
        if (res.status === 409) return deleteSnapshot(userId).then(function () { return { state: "off" }; });
        if (!res.ok) return { state: res.type === "opaqueredirect" || res.status === 401 ? "signed-out" : "error", status: res.status };
        return res.json().then(function (data) {
          var rec = { user_id: Number(userId), etag: res.headers.get("ETag"), data: data, checked_at: new Date().toISOString() };
          return putSnapshot(rec).then(function () { return { state: "fresh", snapshot: rec }; });
        });
      });
    });
  }

  function post(csrf, items) {
    return fetch("/sync", { method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ items: items }) });
  }

  // apply records the server's answer for each item: stored (created, duplicate) leaves the
  // queue; rejected and conflict stay, with the reasons, until the user discards them.
  function apply(recs, answer) {
    var byUUID = {};
    recs.forEach(function (r) { byUUID[r.uuid] = r; });
    return Promise.all((answer.results || []).map(function (res) {
      var rec = byUUID[res.uuid];
      if (!rec) return null;
      if (res.status === "created" || res.status === "duplicate") return removeQueued(rec.uuid);
      rec.status = res.status;
      rec.errors = res.errors || { _: "Not saved." };
      return putQueued(rec);
    }));
  }

  // A photo taken offline (kind "photo": uuid, entry_uuid, blob) goes to POST /sync/photos
  // as a form, after the batch that holds its diary entry. Stored (created, duplicate) leaves
  // the queue; refused stays with the reason; "waiting" (the entry is not on the server)
  // stays pending while the entry is still queued, and is refused once the entry is gone.
  function postPhoto(csrf, rec) {
    var fd = new FormData();
    fd.append("uuid", rec.item.uuid);
    fd.append("entry_uuid", rec.item.entry_uuid);
    fd.append("photo", rec.item.blob, "photo" + (/^image\/(png|webp)$/.test(rec.item.blob.type) ? "." + rec.item.blob.type.slice(6) : ".jpg"));
    return fetch("/sync/photos", { method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { Accept: "application/json", "X-CSRF-Token": csrf }, body: fd });
  }
  function refuse(rec, msg, summary) {
    rec.status = "rejected";
    rec.errors = { photo: msg || "The photo was not accepted." };
    summary.rejected++;
    return putQueued(rec);
  }
  function sendPhotos(csrf, recs, summary) {
    var chain = Promise.resolve();
    recs.forEach(function (rec) {
      chain = chain.then(function () {
        return postPhoto(csrf, rec).then(function (res) {
          return res.json().catch(function () { return {}; }).then(function (body) {
            if (res.status === 200) {
              summary.sent++;
              summary[body.status === "duplicate" ? "duplicate" : "created"]++;
              return removeQueued(rec.uuid);
            }
            if (res.status === 409) {
              return getQueued(rec.item.entry_uuid).then(function (entry) {
                return entry ? null : refuse(rec, body.error, summary);
              });
            }
            if (res.status === 422 || res.status === 413) return refuse(rec, body.error, summary);
            throw new Error(body.error || "The photo could not be sent (" + res.status + ").");
          });
        });
      });
    });
    return chain;
  }

  function syncNow() {
    var summary = { sent: 0, created: 0, duplicate: 0, rejected: 0, conflict: 0 };
    return token().then(function (t) {
      if (!t || !t.csrf) { summary.state = "signed-out"; return summary; }
      return queued(t.user_id).then(function (all) {
        var pending = all.filter(function (r) { return r.status === "pending" && r.kind !== "photo"; });
        var photos = all.filter(function (r) { return r.status === "pending" && r.kind === "photo"; });
        var version = null;
        var chain = Promise.resolve();
        for (var i = 0; i < pending.length; i += BATCH) {
          (function (recs) {
            chain = chain.then(function () {
              return post(t.csrf, recs.map(function (r) { return r.item; })).then(function (res) {
                return res.json().catch(function () { return { error: "The server answered " + res.status + "." }; }).then(function (body) {
                  if (!res.ok) {
                    // The whole batch was refused: keep every item visible with the reason.
                    if (res.status >= 500 || res.status === 403 || res.type === "opaqueredirect") throw new Error(body.error || "sync failed");
                    return apply(recs, { results: recs.map(function (r) { return { uuid: r.uuid, status: "rejected", errors: { _: body.error } }; }) });
                  }
                  summary.sent += recs.length;
                  ["created", "duplicate", "rejected", "conflict"].forEach(function (k) { summary[k] += body[k] || 0; });
                  version = body.version;
                  return apply(recs, body);
                });
              });
            });
          })(pending.slice(i, i + BATCH));
        }
        if (photos.length) chain = chain.then(function () { return sendPhotos(t.csrf, photos, summary); });
        return chain.then(function () {
          summary.state = "done";
          if (!summary.sent) return summary;
          return getSnapshot(t.user_id).then(function (snap) {
            if (snap && snap.data && snap.data.version === version) return summary;
            return refresh(t.user_id).then(function () { return summary; }, function () { return summary; });
          });
        });
      });
    });
  }

  // sync sends the queue; one sync at a time across the pages and the service worker.
  var running = null;
  function sync() {
    if (running) return running;
    var go = function () { return syncNow(); };
    var p = (root.navigator && root.navigator.locks) ? root.navigator.locks.request("zoe-sync", go) : go();
    running = p.then(function (r) { running = null; return r; }, function (e) { running = null; throw e; });
    return running;
  }

  root.ZoeStore = { open: open, getSnapshot: getSnapshot, clearSnapshots: clearSnapshots, deleteSnapshot: deleteSnapshot,
    queued: queued, enqueue: enqueue, newUUID: newUUID, removeQueued: removeQueued, refresh: refresh, sync: sync, token: token, FORMAT: FORMAT };
})(self);
