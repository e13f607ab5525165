// ZOE NutriTech offline use. On every page: registers the service worker, keeps the offline
// data fresh for patients who switched offline mode on, sends queued entries when the
// connection returns, and says in a banner what is waiting or was not saved. On /offline
// (the page the service worker shows without a network) it builds the dashboard, food
// search, diary, glucose log and goals from that data, and queues new entries in IndexedDB.
// No inline script or style (CSP): DOM built with textContent, classes from app.css.
/* global ZoeStore */
(function () {
  "use strict";
  if (!window.ZoeStore || !window.indexedDB) return;
  var S = window.ZoeStore;
  var REFRESH_EVERY = 2 * 60 * 1000; // ms between snapshot checks while browsing online
  var RETRY_EVERY = 30 * 1000;       // ms between sync attempts while entries wait
  var app = document.getElementById("offline-app");
  var meta = document.querySelector('meta[name="zoe-user"]');
  var userId = meta ? meta.getAttribute("content") : null;
  var role = meta ? meta.getAttribute("data-role") : null;
  // Offline mode as the server knows it ("on"/"off"; null on the cached offline pages).
  var offlineMode = meta ? meta.getAttribute("data-offline") : null;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* no offline shell: pages still work online */ });
  }

  // Who the data on this phone belongs to: the signed-in user of the last online page.
  // An online page without a user (logged out) removes the offline data from the phone.
  if (userId) {
    localStorage.setItem("zoe.user", userId);
    localStorage.setItem("zoe.role", role || "");
  } else if (!app) {
    localStorage.removeItem("zoe.user");
    localStorage.removeItem("zoe.role");
    S.clearSnapshots().catch(function () { return null; });
  }
  var owner = userId || localStorage.getItem("zoe.user");
  var isPatient = (role || localStorage.getItem("zoe.role")) === "patient";

  // ---- small DOM helpers -------------------------------------------------------------
  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") el.textContent = v;
      else if (k === "on") Object.keys(v).forEach(function (ev) { el.addEventListener(ev, v[ev]); });
      else el.setAttribute(k, v === true ? "" : v);
    });
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }
  function add(el, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { add(el, x); }); return; }
    el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  function num(v, d) { return Number(v).toLocaleString("en-GB", { maximumFractionDigits: d === undefined ? 1 : d }); }
  function ugx(v) { return "UGX " + Math.round(v).toLocaleString("en-GB"); }
  // Meal and reading-time labels come with the snapshot (offline.Labels), from the Go
  // packages that define them; the pages below draw only once a snapshot is loaded.
  function meals() { return snap.labels.meals; }
  function contexts() { return snap.labels.contexts; }
  function label(pairs, v) { for (var i = 0; i < pairs.length; i++) if (pairs[i][0] === v) return pairs[i][1]; return v; }

  // ---- the banner on every page ------------------------------------------------------
  var banner = document.getElementById("offline-banner");
  function showBanner(items) {
    if (!banner) return;
    var pending = items.filter(function (r) { return r.status === "pending"; }).length;
    var failed = items.length - pending;
    var parts = [];
    if (!navigator.onLine) parts.push("You are offline: new entries are kept on this phone.");
    if (pending) parts.push(pending + (pending === 1 ? " entry is" : " entries are") + " waiting to be sent.");
    if (failed) parts.push(failed + (failed === 1 ? " entry was" : " entries were") + " not saved.");
    banner.replaceChildren();
    if (!parts.length || app) { banner.hidden = true; return; }
    banner.append(parts.join(" ") + " ");
    if (pending || failed) banner.append(h("a", { href: "/offline#queue", text: "Review" }));
    banner.hidden = false;
  }
  function updateBanner() {
    if (!owner) return Promise.resolve();
    return S.queued(owner).then(showBanner, function () { return null; });
  }

  function say(msg) {
    document.querySelectorAll("[data-offline-status]").forEach(function (el) { el.textContent = msg; });
  }

  // ---- keeping the data fresh and sending the queue ------------------------------------
  // A page may be left while its sync is still fetching the new snapshot: "zoe.sending"
  // (entries went out, or a form changed data online) later than "zoe.refreshed" (a snapshot
  // arrived) means the data on the phone may be behind, and the next page refreshes it
  // whatever the time since the last check. A check that failed does not count as one.
  // A page that says offline mode is off asks nothing (no request, so no 409 for the many
  // who never switch it on) and removes any copy left on the phone. A page that says it is
  // on while the phone holds no copy (it was just switched on) downloads one at once.
  function refresh(force) {
    if (!owner || !isPatient) return Promise.resolve(null);
    if (offlineMode === "off") {
      localStorage.removeItem("zoe.refreshed");
      return S.clearSnapshots().then(function () { return null; }, function () { return null; });
    }
    return S.getSnapshot(owner).then(function (held) {
      if (!held) force = true;
      return check(force, !held);
    }, function () { return check(force, false); });
  }
  function check(force, first) {
    var last = Number(localStorage.getItem("zoe.checked") || 0);
    var sending = localStorage.getItem("zoe.sending");
    var behind = sending !== null && Number(sending) >= Number(localStorage.getItem("zoe.refreshed") || 0);
    if (!force && !behind && Date.now() - last < REFRESH_EVERY) return Promise.resolve(null);
    localStorage.setItem("zoe.checked", String(Date.now()));
    if (first) say("Downloading your data to this phone…");
    return S.refresh(owner).then(function (r) {
      if (r.state === "fresh" || r.state === "unchanged") localStorage.setItem("zoe.refreshed", String(Date.now()));
      if (r.state === "off") say("Offline mode is off: switch it on in your profile to keep your data on this phone.");
      else if (r.state === "fresh" || r.state === "unchanged") say("Offline data saved on this phone (" + fmtWhen(r.snapshot.data.cached_at) + ").");
      return r;
    }, function () {
      localStorage.setItem("zoe.checked", String(last));
      say("Could not reach the server: the offline data was not refreshed.");
      return null;
    });
  }
  // A form that changes data online (a reading, a meal, a goal) makes the phone's copy old.
  function markBehind() { localStorage.setItem("zoe.sending", String(Date.now())); }
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f && ((f.method || "").toLowerCase() === "post" || f.hasAttribute("hx-post"))) markBehind();
  });

  var syncing = false;
  function sync() {
    if (!owner || syncing) return Promise.resolve(null);
    return S.queued(owner).then(function (items) {
      if (!items.some(function (r) { return r.status === "pending"; })) return null;
      syncing = true;
      localStorage.setItem("zoe.sending", String(Date.now()));
      return S.sync().then(function (sum) {
        syncing = false;
        if (sum && sum.sent) {
          var msg = sum.created + " sent";
          if (sum.rejected + sum.conflict) msg += ", " + (sum.rejected + sum.conflict) + " not saved (see the reasons)";
          say("Entries made offline: " + msg + ".");
        }
        return sum;
      }, function () { syncing = false; return null; });
    }).then(function (sum) { return updateBanner().then(function () { if (app) update(); return sum; }); });
  }

  function wake() {
    sync().then(function () { return refresh(true); }).then(function () { if (app) update(); });
  }
  window.addEventListener("online", wake);
  window.addEventListener("offline", updateBanner);
  setInterval(function () { if (navigator.onLine) sync(); }, RETRY_EVERY);
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-offline-refresh]");
    if (!b) return;
    e.preventDefault();
    say("Refreshing…");
    sync().then(function () { return refresh(true); }).then(function (r) {
      if (app) update().then(function () {
        if (!r) say("Could not refresh: check the connection, and that offline mode is on in your profile.");
      });
      else if (!r) say("Could not refresh: check the connection, and that offline mode is on in your profile.");
    });
  });

  // Say when the phone's copy was last refreshed (the footer of every page, the profile).
  function sayHeld() {
    if (!owner || offlineMode === "off" || !document.querySelector("[data-offline-status]")) return null;
    return S.getSnapshot(owner).then(function (s) {
      if (s && s.checked_at) say("Offline data on this phone, last refreshed " + fmtWhen(s.checked_at) + ".");
    }, function () { return null; });
  }
  if (userId || app) sync().then(function () { return refresh(false); }).then(function (r) { if (!r) return sayHeld(); });
  updateBanner();

  // ---- the offline pages ----------------------------------------------------------------
  if (!app) return;
  var snap = null, queue = [], state = { food: null, query: "", reading: null, view: null };

  // The user's zone as the server resolved it (timezone.Of); the device's zone before a snapshot.
  function tz() { return snap ? snap.user.time_zone : undefined; }
  function dayOf(iso) {
    try { return new Intl.DateTimeFormat("en-CA", { timeZone: tz(), year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso)); }
    catch (e) { return String(iso).slice(0, 10); }
  }
  function fmtWhen(iso) {
    try {
      return new Intl.DateTimeFormat("en-GB", { timeZone: tz(), weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
    } catch (e) { return String(iso); }
  }
  // Times are typed and shown in the user's zone (the profile's time zone), as online.
  function zoneParts(date) {
    var p = {};
    new Intl.DateTimeFormat("en-US", { timeZone: tz(), hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(date).forEach(function (x) { p[x.type] = x.value; });
    p.hour = ("0" + (Number(p.hour) % 24)).slice(-2);
    return p;
  }
  function zoneOffset(date) {
    var p = zoneParts(date);
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(date.getTime() / 1000) * 1000;
  }
  function localInputNow() {
    var p = zoneParts(new Date());
    return p.year + "-" + p.month + "-" + p.day + "T" + p.hour + ":" + p.minute;
  }
  // fromLocalInput reads "YYYY-MM-DDTHH:MM" as a wall-clock time in the user's zone.
  function fromLocalInput(v) {
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v || "");
    if (!m) return null;
    var wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    var t = wall - zoneOffset(new Date(wall));
    return new Date(wall - zoneOffset(new Date(t)));
  }
  function unit() { return (snap && snap.user.glucose_unit) || "mmol/L"; }
  function showGlucose(mgdl) {
    return unit() === "mg/dL" ? num(Math.round(mgdl), 0) + " mg/dL" : num(Math.round(mgdl / snap.glucose_bands.mgdl_per_mmol_l * 10) / 10, 1) + " mmol/L";
  }
  // level classifies an unrounded mg/dL value with the server's limits (glucose.Classify).
  function level(mgdl) {
    var b = snap.glucose_bands;
    if (mgdl < b.very_low_below) return "very_low";
    if (mgdl < b.low_below) return "low";
    if (mgdl <= b.high_above) return "in_range";
    if (mgdl <= b.very_high_above) return "high";
    return "very_high";
  }
  function band(mgdl) {
    return { very_low: ["Very low", "bad"], low: ["Low", "bad"], in_range: ["In range", "ok"], high: ["High", "warn"],
      very_high: ["Very high", "bad"] }[level(mgdl)];
  }
  // feedbackBox answers a reading beside its field with the server's words
  // (snapshot.glucose_advice, from glucose.Advices): a low is announced as an alert.
  function feedbackBox(mgdl) {
    var lv = level(mgdl), a = (snap.glucose_advice || {})[lv];
    if (!a) return null;
    var value = showGlucose(mgdl);
    function sub(s) { return String(s).split("{value}").join(value); }
    var alert = lv === "very_low" || lv === "low";
    return h("div", { id: "glucose-feedback", class: "glucose-feedback fb-" + lv, role: alert ? "alert" : "status", "aria-live": alert ? "assertive" : "polite" },
      h("p", { class: "fb-heading" }, h("strong", { text: sub(a.heading) }), " ",
        h("span", { class: "small muted", text: "Saved on this phone: it is sent when you are online." })),
      a.steps && a.steps.length ? h("ol", { class: "fb-steps" }, a.steps.map(function (x) { return h("li", { text: sub(x) }); })) : null);
  }
  function food(id) { return snap.food_items.find(function (f) { return f.id === Number(id); }); }
  function price(id) { return snap.prices.find(function (p) { return p.food_item_id === Number(id); }); }
  function statusBadge(rec) {
    if (!rec) return null;
    if (rec.status === "pending") return h("span", { class: "badge warn", text: "Waiting to send" });
    return h("span", { class: "badge bad", text: "Not saved" });
  }
  function reasons(rec) {
    if (!rec || !rec.errors) return null;
    return h("ul", { class: "field-error offline-reasons" }, Object.keys(rec.errors).map(function (k) { return h("li", { text: rec.errors[k] }); }));
  }

  // Diary rows: the server's entries and the queued ones, newest first.
  function diaryRows() {
    var rows = snap.food_logs.map(function (l) { return { log: l }; });
    queue.filter(function (r) { return r.kind === "food_log"; }).forEach(function (r) {
      var f = food(r.item.food_item_id) || { name: "Food " + r.item.food_item_id, energy_kcal: 0, carb_g: 0 };
      var grams = r.item.grams || 0;
      if (r.item.measure_label) {
        var m = (f.measures || []).find(function (x) { return x.label === r.item.measure_label; });
        grams = m ? m.grams * (r.item.quantity || 1) : 0;
      }
      var p = price(r.item.food_item_id);
      rows.push({ rec: r, log: { food_name: f.name, meal_type: r.item.meal_type, grams: grams, measure_label: r.item.measure_label,
        quantity: r.item.quantity, consumed_at: r.item.consumed_at, energy_kcal: f.energy_kcal * grams / 100, carb_g: f.carb_g * grams / 100,
        cost_ugx: p && p.per_unit === "kg" ? p.price_ugx * grams / 1000 : null } });
    });
    return rows.sort(function (a, b) { return a.log.consumed_at < b.log.consumed_at ? 1 : -1; });
  }
  function readingRows() {
    var rows = snap.glucose.map(function (g) { return { g: g }; });
    queue.filter(function (r) { return r.kind === "glucose"; }).forEach(function (r) {
      var v = Number(r.item.value);
      var mgdl = (r.item.unit || unit()) === "mg/dL" ? v : v * snap.glucose_bands.mgdl_per_mmol_l;
      rows.push({ rec: r, g: { mgdl: mgdl, context: r.item.context, recorded_at: r.item.recorded_at } });
    });
    return rows.sort(function (a, b) { return a.g.recorded_at < b.g.recorded_at ? 1 : -1; });
  }

  var VIEWS = { home: "Home", diary: "Diary", glucose: "Glucose", goals: "Goals", foods: "Foods", queue: "Waiting" };
  function route() {
    var hash = location.hash.replace("#", "");
    if (VIEWS[hash]) return hash;
    var p = location.pathname;
    if (p.indexOf("/diary") === 0) return "diary";
    if (p.indexOf("/records") === 0) return "glucose";
    if (p.indexOf("/goals") === 0) return "goals";
    if (p.indexOf("/foods") === 0) return "foods";
    return "home";
  }

  // What is drawn comes in two kinds. draw() builds the whole page: on the first load and when
  // the user moves to another view. Background work (a sync attempt, a refresh, the
  // connection coming or going) calls update(), which reloads the data and rebuilds only
  // the regions that show it (the status line, the chips, lists and totals): a form the
  // user is typing into is never replaced under their fingers.
  var regions = [];
  function region(build, tag) {
    var r = { el: h(tag || "div", { "data-offline-region": true }), build: build };
    regions.push(r);
    fill(r);
    return r.el;
  }
  function fill(r) {
    r.el.replaceChildren();
    add(r.el, r.build());
  }

  var drawnFor = null; // which data the page was drawn for: none, or a snapshot
  function load() {
    var go = owner ? Promise.all([S.getSnapshot(owner), S.queued(owner)]) : Promise.resolve([null, []]);
    return go.then(function (r) {
      snap = r[0] && r[0].data && r[0].data.format === S.FORMAT ? r[0].data : null;
      queue = r[1] || [];
    }, function () { snap = null; });
  }
  function render() { return load().then(draw); }
  function update() {
    return load().then(function () {
      if (drawnFor !== (snap ? "data" : "none")) draw(); // the page's shape changes: no form to keep
      else {
        document.querySelectorAll("#offline-app [data-offline-status]").forEach(function (el) { el.textContent = statusText(); });
        regions.forEach(fill);
      }
      document.dispatchEvent(new Event("zoe:offline-updated")); // for the browser tests
    });
  }

  function draw() {
    regions = [];
    drawnFor = snap ? "data" : "none";
    var view = route();
    if (view !== state.view) { state.view = view; state.reading = null; } // the answer belongs to the form just used
    var head = h("div", { class: "offline-head" },
      h("h1", { text: snap ? "Hello, " + snap.user.display_name : "ZOE NutriTech offline" }),
      h("p", { class: "muted small", "data-offline-status": true, text: statusText() }),
      h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", "data-offline-refresh": true, text: "Refresh offline data" }),
        navigator.onLine ? h("a", { class: "button secondary", href: "/", text: "Back to the online app" }) : null));
    if (!owner || !snap) {
      app.replaceChildren(head, h("div", { class: "card" },
        h("p", { text: owner ? "There is no offline data on this phone yet." : "You are logged out on this phone." }),
        h("p", { text: "Connect to the internet, log in, and switch on offline mode in your profile to keep your data on this phone." })));
      if (owner && queue.length) app.append(queueView());
      return;
    }
    var nav = region(function () {
      return Object.keys(VIEWS).map(function (k) {
        var text = VIEWS[k] + (k === "queue" && queue.length ? " (" + queue.length + ")" : "");
        return h("a", { href: "#" + k, "aria-current": k === view ? "page" : null, text: text });
      });
    }, "nav");
    nav.className = "chips";
    nav.setAttribute("aria-label", "Offline pages");
    var body = { home: homeView, diary: diaryView, glucose: glucoseView, goals: goalsView, foods: foodsView, queue: queueView }[view]();
    app.replaceChildren(head, nav, body);
  }

  function statusText() {
    if (!snap) return navigator.onLine ? "" : "You are offline.";
    var pending = queue.filter(function (r) { return r.status === "pending"; }).length;
    return (navigator.onLine ? "" : "You are offline. ") + "Data saved on " + fmtWhen(snap.cached_at) + "." +
      (pending ? " " + pending + " waiting to send." : "");
  }

  function homeView() { return region(homeCards); }
  function homeCards() {
    var today = dayOf(new Date().toISOString());
    var kcal = 0, carbs = 0, cost = 0;
    diaryRows().forEach(function (r) {
      if (dayOf(r.log.consumed_at) !== today) return;
      kcal += r.log.energy_kcal || 0; carbs += r.log.carb_g || 0; cost += r.log.cost_ugx || 0;
    });
    var latest = readingRows()[0];
    var active = snap.goals.filter(function (g) { return g.status === "active"; });
    return h("div", { class: "grid two" },
      h("section", { class: "card" }, h("h2", { text: "Today" }),
        h("p", null, h("span", { class: "stat", text: num(kcal, 0) }), " kcal" +
          (snap.user.target_energy_kcal ? " of " + num(snap.user.target_energy_kcal, 0) : "")),
        h("p", { text: "Carbohydrate " + num(carbs, 0) + " g" + (snap.user.target_carb_g ? " of " + num(snap.user.target_carb_g, 0) + " g" : "") }),
        cost ? h("p", { text: "Spent " + ugx(cost) }) : null,
        h("a", { class: "button", href: "#diary", text: "Log a meal" })),
      h("section", { class: "card" }, h("h2", { text: "Latest glucose" }),
        latest ? [h("p", null, h("span", { class: "stat", text: showGlucose(latest.g.mgdl) }), " ",
          h("span", { class: "badge " + band(latest.g.mgdl)[1], text: band(latest.g.mgdl)[0] }), " ", statusBadge(latest.rec)),
          h("p", { class: "muted small", text: fmtWhen(latest.g.recorded_at) })] : h("p", { class: "muted", text: "No readings in the last two weeks." }),
        h("a", { class: "button", href: "#glucose", text: "Log glucose" })),
      h("section", { class: "card" }, h("h2", { text: "Goals" }),
        active.length ? h("ul", { class: "goal-list" }, active.map(function (g) {
          return h("li", null, h("strong", { text: g.title }), " ", h("span", { class: "muted small", text: num(g.percent, 0) + " %" }),
            h("progress", { class: "goal-progress", max: "100", value: String(g.percent) }));
        })) : h("p", { class: "muted", text: "No active goals." })),
      snap.recommendations.length ? h("section", { class: "card" }, h("h2", { text: "Suggested for you" }),
        h("ul", null, snap.recommendations.slice(0, 3).map(function (r) {
          return h("li", null, h("strong", { text: r.food_name }), " (" + label(meals(), r.meal_type) + ") — " + r.reasoning);
        }))) : null);
  }

  function foodLabel(f) { return f.name + (f.local_names ? " — " + f.local_names : ""); }
  function searchFoods(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var words = q.split(/\s+/);
    return snap.food_items.filter(function (f) {
      var t = (f.name + " " + (f.local_names || "") + " " + f.category).toLowerCase();
      return words.every(function (w) { return t.indexOf(w) >= 0; });
    }).slice(0, 30);
  }

  function foodsView() {
    var results = h("ul", { class: "picker-results", "aria-live": "polite" });
    function show() {
      if (!snap) return;
      results.replaceChildren();
      searchFoods(state.query).forEach(function (f) {
        var p = price(f.id);
        results.append(h("li", { class: "card" },
          h("strong", { text: foodLabel(f) }),
          h("p", { class: "small muted", text: num(f.energy_kcal, 0) + " kcal, " + num(f.carb_g) + " g carbohydrate per 100 g" +
            (f.gi ? " · GI " + num(f.gi, 0) : "") + (p ? " · " + ugx(p.price_ugx) + " per " + p.per_unit : "") }),
          h("button", { type: "button", class: "secondary", text: "Log this food", on: { click: function () { state.food = f.id; location.hash = "#diary"; } } })));
      });
      if (state.query && !results.children.length) results.append(h("li", { class: "muted", text: "No food matches “" + state.query + "”." }));
    }
    var input = h("input", { id: "off-food-q", type: "search", value: state.query, autocomplete: "off", placeholder: "e.g. matooke, beans",
      on: { input: function () { state.query = input.value; show(); } } });
    show();
    regions.push({ el: h("div"), build: function () { show(); return null; } }); // new data: the same search again
    return h("section", { class: "card" }, region(function () { return h("h2", { text: "Foods (" + snap.food_items.length + " saved on this phone)" }); }),
      h("label", { for: "off-food-q", text: "Search foods" }), input, results);
  }

  function field(id, text, control, err) {
    return [h("label", { for: id, text: text }), control, err ? h("p", { class: "field-error", text: err }) : null];
  }
  function select(id, name, pairs, value) {
    return h("select", { id: id, name: name }, pairs.map(function (p) { return h("option", { value: p[0], selected: p[0] === value, text: p[1] }); }));
  }
  function when(form, name) {
    var v = form.elements[name].value;
    var d = v ? fromLocalInput(v) : new Date();
    return !d || isNaN(d.getTime()) ? null : d.toISOString();
  }
  // queueAndSync keeps an entry for sending; the form that made it has reset itself, and
  // only the regions showing data are redrawn.
  function queueAndSync(item) {
    return S.enqueue(owner, item).then(function () {
      if (navigator.serviceWorker && window.SyncManager) {
        navigator.serviceWorker.ready.then(function (reg) { return reg.sync.register("zoe-sync"); }).catch(function () { return null; });
      }
      return update();
    }).then(function () { if (navigator.onLine) sync(); });
  }

  function diaryView() {
    var errs = {};
    var f = state.food ? food(state.food) : null;
    var picker = h("div");
    function pick() {
      picker.replaceChildren();
      var q = h("input", { id: "off-diary-q", type: "search", autocomplete: "off", value: state.query,
        on: { input: function () { state.query = q.value; list(); } } });
      var ul = h("ul", { class: "picker-results" });
      function list() {
        ul.replaceChildren();
        searchFoods(state.query).slice(0, 10).forEach(function (x) {
          ul.append(h("li", null, h("button", { type: "button", text: foodLabel(x), on: { click: function () { state.food = x.id; f = food(x.id); build(); } } })));
        });
      }
      list();
      add(picker, [field("off-diary-q", "Food", q), ul]);
    }
    var form = h("form", { class: "card", novalidate: true, "data-offline-form": "food_log" });
    function build() {
      form.replaceChildren(h("h2", { text: "Log a meal" }));
      if (!f) { pick(); form.append(picker); return; }
      var measures = f.measures || [];
      form.append(h("p", null, h("strong", { text: foodLabel(f) }), " ",
        h("button", { type: "button", class: "secondary", text: "Change", on: { click: function () { state.food = null; f = null; build(); } } })));
      add(form, field("off-meal", "Meal", select("off-meal", "meal_type", meals(), guessMeal()), errs.meal_type));
      add(form, field("off-measure", "Amount in", select("off-measure", "measure_label",
        [["", "grams"]].concat(measures.map(function (m) { return [m.label, m.label + " (" + num(m.grams, 0) + " g)"]; })), measures.length ? measures[0].label : ""), errs.measure_label));
      add(form, field("off-amount", "How much", h("input", { id: "off-amount", name: "amount", inputmode: "decimal", required: true,
        value: measures.length ? "1" : String(f.serving_g || 100) }), errs.amount));
      add(form, field("off-when", "When", h("input", { id: "off-when", name: "when", type: "datetime-local", value: localInputNow() }), errs.when));
      form.append(h("div", { class: "actions" }, h("button", { type: "submit", text: "Save meal" })));
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!f) return;
      errs = {};
      var amount = Number(String(form.elements.amount.value).replace(",", "."));
      var ml = form.elements.measure_label.value;
      if (!(amount > 0)) errs.amount = "Enter how much you ate, as a number.";
      var at = when(form, "when");
      if (!at) errs.when = "Enter a date and time.";
      else if (new Date(at) > new Date(Date.now() + 5 * 60000)) errs.when = "This time is in the future. Enter when it happened.";
      if (Object.keys(errs).length) { build(); return; }
      var item = { kind: "food_log", food_item_id: f.id, meal_type: form.elements.meal_type.value, consumed_at: at };
      if (ml) { item.measure_label = ml; item.quantity = amount; } else { item.grams = amount; }
      state.food = null;
      f = null;
      build();
      queueAndSync(item);
    });
    build();
    return h("div", null, form, region(diaryList, "section"));
  }
  function diaryList() {
    var byDay = {};
    diaryRows().forEach(function (r) { var d = dayOf(r.log.consumed_at); (byDay[d] = byDay[d] || []).push(r); });
    var days = Object.keys(byDay).sort().reverse();
    return h("div", { class: "offline-diary" }, h("h2", { text: "Diary (last two weeks)" }),
      days.length ? days.map(function (d) {
        var rows = byDay[d];
        var kcal = rows.reduce(function (s, r) { return s + (r.log.energy_kcal || 0); }, 0);
        return h("div", { class: "card diary-day" }, h("h3", { text: fmtDay(d) + " · " + num(kcal, 0) + " kcal" }),
          h("ul", { class: "offline-list" }, rows.map(function (r) {
            var l = r.log;
            return h("li", { class: r.rec ? "pending" : null },
              h("strong", { text: l.food_name }), " ",
              h("span", { class: "muted small", text: label(meals(), l.meal_type) + " · " + (l.measure_label ? num(l.quantity) + " × " + l.measure_label : num(l.grams, 0) + " g") +
                " · " + num(l.energy_kcal || 0, 0) + " kcal · " + fmtWhen(l.consumed_at) }), " ", statusBadge(r.rec), reasons(r.rec));
          })));
      }) : h("p", { class: "muted", text: "Nothing logged in the last two weeks." }));
  }
  function fmtDay(d) {
    try { return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" }).format(new Date(d + "T12:00:00Z")); }
    catch (e) { return d; }
  }
  function guessMeal() {
    var hr = Number(zoneParts(new Date()).hour);
    return hr < 11 ? "breakfast" : hr < 16 ? "lunch" : hr < 21 ? "dinner" : "snack";
  }

  function glucoseView() {
    var errs = {};
    var form = h("form", { class: "card", novalidate: true, "data-offline-form": "glucose" });
    var lim = unit() === "mg/dL" ? [20, 600] : [1.2, 33.3];
    var typed = { value: "", context: "random", notes: "" };
    function build() {
      form.replaceChildren();
      add(form, [h("h2", { text: "Log blood glucose" }),
        field("off-glucose", "Glucose (" + unit() + ")", h("input", { id: "off-glucose", name: "value", inputmode: "decimal", required: true, value: typed.value,
          "aria-invalid": errs.value ? "true" : null }), errs.value),
        state.reading !== null && !Object.keys(errs).length ? feedbackBox(state.reading) : null,
        field("off-context", "When was it taken?", select("off-context", "context", contexts(), typed.context)),
        field("off-gwhen", "Time", h("input", { id: "off-gwhen", name: "when", type: "datetime-local", value: localInputNow() }), errs.when),
        field("off-notes", "Notes (optional)", h("input", { id: "off-notes", name: "notes", maxlength: "1000", value: typed.notes })),
        h("div", { class: "actions" }, h("button", { type: "submit", text: "Save reading" }))]);
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      errs = {};
      typed = { value: form.elements.value.value, context: form.elements.context.value, notes: form.elements.notes.value };
      var v = Number(String(typed.value).replace(",", "."));
      if (typed.value === "" || isNaN(v)) errs.value = "Please enter your glucose reading as a number.";
      else if (v < lim[0] || v > lim[1]) errs.value = "Please enter a glucose between " + lim[0] + " and " + lim[1] + " " + unit() + ".";
      var at = when(form, "when");
      if (!at) errs.when = "Enter a date and time.";
      if (Object.keys(errs).length) { state.reading = null; build(); return; }
      state.reading = unit() === "mg/dL" ? v : v * snap.glucose_bands.mgdl_per_mmol_l; // answered beside the form
      var item = { kind: "glucose", value: v, unit: unit(), context: typed.context, notes: typed.notes, recorded_at: at };
      typed = { value: "", context: typed.context, notes: "" };
      build();
      queueAndSync(item);
    });
    build();
    return h("div", null, form, region(readingList, "section"));
  }
  function readingList() {
    var rows = readingRows();
    return h("div", { class: "card" }, h("h2", { text: "Readings (last two weeks)" }),
      rows.length ? h("ul", { class: "offline-list" }, rows.map(function (r) {
        var b = band(r.g.mgdl);
        return h("li", { class: r.rec ? "pending" : null }, h("strong", { text: showGlucose(r.g.mgdl) }), " ",
          h("span", { class: "badge " + b[1], text: b[0] }), " ",
          h("span", { class: "muted small", text: label(contexts(), r.g.context) + " · " + fmtWhen(r.g.recorded_at) }), " ", statusBadge(r.rec), reasons(r.rec));
      })) : h("p", { class: "muted", text: "No readings in the last two weeks." }));
  }

  function goalsView() {
    if (!snap.goals.length) return h("p", { class: "card muted", text: "No goals yet. Set goals on the Goals page when you are online." });
    return h("ul", { class: "goal-list" }, snap.goals.map(function (g) {
      var li = h("li", { class: "card goal" },
        h("h3", null, g.title, " ", h("span", { class: "badge status-" + g.status, text: g.status })),
        region(function () {
          var pend = queue.filter(function (r) { return r.kind === "goal_progress" && r.item.goal_id === g.id; });
          var latest = pend.length ? Number(pend[pend.length - 1].item.value) : g.latest_value;
          return [h("progress", { class: "goal-progress", max: "100", value: String(g.percent) }),
            h("p", { class: "small", text: "Start " + num(g.start_value) + " " + g.unit + " · target " + num(g.target_value) + " " + g.unit +
              (latest !== null && latest !== undefined ? " · latest " + num(latest) + " " + g.unit : "") }),
            pend.map(function (r) {
              return h("p", { class: "small pending" }, num(r.item.value) + " " + g.unit + " · " + fmtWhen(r.item.recorded_at) + " ", statusBadge(r), reasons(r));
            })];
        }));
      if (g.auto_updated) {
        li.append(h("p", { class: "muted small", text: "Filled in from your records." }));
        return li;
      }
      if (g.status !== "active") return li;
      var id = "off-goal-" + g.id;
      var form = h("form", { novalidate: true, "data-offline-form": "goal_progress" },
        field(id, "New value (" + g.unit + ")", h("input", { id: id, name: "value", inputmode: "decimal", required: true })),
        h("div", { class: "actions" }, h("button", { type: "submit", text: "Save progress" })));
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var v = Number(String(form.elements.value.value).replace(",", "."));
        if (form.elements.value.value === "" || isNaN(v)) {
          form.querySelectorAll(".field-error").forEach(function (x) { x.remove(); });
          form.elements.value.after(h("p", { class: "field-error", text: "Enter the value as a number." }));
          return;
        }
        form.reset();
        form.querySelectorAll(".field-error").forEach(function (x) { x.remove(); });
        queueAndSync({ kind: "goal_progress", goal_id: g.id, value: v, unit: g.unit, recorded_at: new Date().toISOString() });
      });
      li.append(form);
      return li;
    }));
  }

  function queueView() { return region(queueList); }
  function queueList() {
    var kinds = { food_log: "Meal", glucose: "Glucose", goal_progress: "Goal progress" };
    return h("section", { class: "card" }, h("h2", { text: "Entries made offline" }),
      queue.length ? h("ul", { class: "offline-list" }, queue.map(function (r) {
        var it = r.item, what = kinds[r.kind] || r.kind;
        if (r.kind === "food_log") { var f = snap && food(it.food_item_id); what += ": " + (f ? f.name : "food " + it.food_item_id); }
        if (r.kind === "glucose") what += ": " + num(it.value) + " " + (it.unit || "");
        if (r.kind === "goal_progress") what += ": " + num(it.value) + " " + (it.unit || "");
        return h("li", { class: "pending" }, h("strong", { text: what }), " ",
          h("span", { class: "muted small", text: fmtWhen(it.consumed_at || it.recorded_at) }), " ", statusBadge(r), reasons(r),
          r.status !== "pending" ? h("button", { type: "button", class: "secondary", text: "Discard", on: { click: function () {
            if (window.confirm("Discard this entry? It was not saved on the server.")) S.removeQueued(r.uuid).then(update);
          } } }) : null);
      })) : h("p", { class: "muted", text: "Nothing is waiting: every entry has been sent." }),
      h("div", { class: "actions" }, h("button", { type: "button", text: "Send now", on: { click: function () { sync(); } } })));
  }

  window.addEventListener("hashchange", draw);
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  render();
})();
