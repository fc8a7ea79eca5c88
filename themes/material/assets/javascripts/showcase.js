/*
 * Showcase additions to Material, loaded right before Material's bundle.
 *
 * 1. Search on demand, and the site's own. Material's bundle skips its own index download when
 *    no form is named "search"; this script takes the name away and hands the bundle a
 *    stand-in for its worker. When the visitor opens search, the stand-in loads search.js
 *    (the site's search, which reads the index search/*.js piece by piece) and passes it the
 *    bundle's messages. Nothing is loaded for search before then.
 * 2. Search from file://. Browsers refuse web workers and fetch() on file:// pages, but run
 *    scripts: search.js is no worker, and its index files are scripts, so it works there too.
 * 3. Nothing from other hosts: a stand-in for ResizeObserver where Material would fetch one.
 * 4. Large text (大字): a button in the header that enlarges every text, remembered in
 *    localStorage. Without JavaScript it stays hidden.
 * 5. Dates that are past: pages do not know the day they are read (the same content builds the
 *    same bytes), so here a temporary opening whose last day is past is hidden, and an event
 *    that is over says so (elements with data-sc-until="YYYY-MM-DD").
 * 6. The menu button for the keyboard: on phones Material's menu button is a <label> that Tab
 *    skips and screen readers do not announce; here a <button> inside it (Tab, Enter, Space)
 *    says whether the menu is open. The open menu takes the focus and gives it back on
 *    Escape; leaving it with Tab closes it. (The closed menu is out of the Tab order by CSS.)
 * 7. 近期活动 on the home page: the build never reads the clock (the same content gives the
 *    same site), so the page lists events by date; here, by the visitor's own date, those
 *    still to come go first and those that are over are marked 已结束 and go last.
 */
(function () {
  "use strict";

  function readConfig() {
    var script = document.getElementById("__config");
    return script ? JSON.parse(script.textContent) : null;
  }

  function absolute(url) {
    return new URL(url, location.href).href;
  }

  /* Loads a classic script into a document; resolves when it has run. */
  function loadScript(doc, src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("无法加载 " + src)); };
      (doc.head || doc.documentElement).appendChild(script);
    });
  }

  /*
   * Gives `target` a Worker's message events (addEventListener, removeEventListener,
   * onmessage) and returns the function that sends one: the lazy stand-in below and the
   * search engine (search.js, which finds it as window.ShowcaseMessages) both answer Material
   * as its worker would.
   */
  function messages(target) {
    var listeners = [];
    target.addEventListener = function (type, fn) {
      if (type === "message" && listeners.indexOf(fn) < 0) listeners.push(fn);
    };
    target.removeEventListener = function (type, fn) {
      var at = listeners.indexOf(fn);
      if (at >= 0) listeners.splice(at, 1);
    };
    return function (data) {
      var event = { type: "message", data: data, target: target };
      listeners.slice().forEach(function (fn) { fn.call(target, event); });
      if (typeof target.onmessage === "function") target.onmessage(event);
    };
  }
  window.ShowcaseMessages = messages;

  /*
   * Stands in for Material's search worker until the visitor opens search, then hands every
   * message to the site's own search (search.js, loaded then). Messages the bundle sends
   * before then (its first empty query) wait in a queue.
   */
  function LazySearchWorker(config) {
    var self = this;
    var queue = [];
    var engine = null;
    var starting = null;

    var emit = messages(self);

    function showProblem() {
      var meta = document.querySelector(".md-search-result__meta");
      if (meta) meta.textContent = "搜索暂时用不了：没能加载搜索数据，请检查网络后重新打开搜索。";
    }

    this.postMessage = function (message) {
      if (engine) engine.postMessage(message);
      else queue.push(message);
    };
    this.terminate = function () {};

    this.start = function () {
      if (starting) return starting;
      var script = new URL("assets/javascripts/search.js", config.base).href;
      starting = (window.ShowcaseSearch ? Promise.resolve() : loadScript(document, script))
        .then(function () {
          var real = new window.ShowcaseSearch(config.base);
          real.addEventListener("message", function (event) { emit(event.data); });
          return real.ready.then(function () {
            engine = real;
            queue.splice(0).forEach(function (message) { real.postMessage(message); });
          });
        }).catch(function (error) {
          starting = null; // try again the next time search is opened
          showProblem();
          if (window.console) console.warn("showcase search:", error);
        });
      return starting;
    };
  }

  function setupSearch() {
    var config = readConfig();
    var form = document.forms.namedItem("search");
    if (!config || !config.search || !form || typeof window.Worker !== "function") return;
    form.removeAttribute("name"); // Material now leaves the index to us
    var dialog = form.closest("[data-md-component=search]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "搜索");
    config.base = new URL(config.base, location.href).href;

    var NativeWorker = window.Worker;
    var searchUrl = absolute(config.search);
    var lazy = null;
    window.Worker = function (url, options) {
      if (absolute(url) !== searchUrl) return new NativeWorker(url, options);
      lazy = new LazySearchWorker(config);
      return lazy;
    };
    window.Worker.prototype = NativeWorker.prototype;

    function start() { if (lazy) lazy.start(); }
    var toggle = document.getElementById("__search");
    if (toggle) {
      toggle.addEventListener("change", function () { if (toggle.checked) start(); });
    }
    var query = form.querySelector("[data-md-component=search-query]");
    if (query) query.addEventListener("focus", start);
  }

  var LARGE = "sc-large-text";

  function setupLargeText() {
    var button = document.querySelector("[data-sc-large-text]");
    if (!button) return;
    var root = document.documentElement;
    function show() {
      var on = root.classList.contains(LARGE);
      button.setAttribute("aria-pressed", on ? "true" : "false");
    }
    var search = document.querySelector(".md-header__inner > label[for=__search]");
    if (search) search.parentNode.insertBefore(button, search); // beside search, on every screen
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var on = root.classList.toggle(LARGE);
      try { localStorage.setItem(LARGE, on ? "1" : "0"); } catch (e) { /* private mode */ }
      show();
    });
  }

  /*
   * On browsers without ResizeObserver (iOS before 13.4) Material fetches a polyfill from
   * unpkg.com, which may be slow or blocked. A small stand-in reports element sizes on load
   * and on resize instead, so a page never loads anything from another host.
   */
  function setupResizeObserver() {
    if (typeof window.ResizeObserver !== "undefined") return;
    window.ResizeObserver = function (callback) {
      var targets = [];
      function report() {
        callback(targets.map(function (el) {
          return { target: el, contentRect: el.getBoundingClientRect() };
        }));
      }
      window.addEventListener("resize", report);
      window.addEventListener("load", report);
      this.observe = function (el) {
        if (targets.indexOf(el) < 0) targets.push(el);
        setTimeout(report, 0);
      };
      this.unobserve = function (el) {
        var at = targets.indexOf(el);
        if (at >= 0) targets.splice(at, 1);
      };
      this.disconnect = function () { targets = []; };
    };
  }

  /* The visitor's date as YYYY-MM-DD, the form the page writes dates in. */
  function today() {
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  function setupDates() {
    var day = today();
    var dated = document.querySelectorAll("[data-sc-until]");
    Array.prototype.forEach.call(dated, function (el) {
      if (el.getAttribute("data-sc-until") >= day) return;
      var ended = el.getAttribute("data-sc-ended");
      if (ended === null) { el.hidden = true; return; }
      var note = document.createElement("span");
      note.className = "sc-ended";
      note.textContent = ended;
      el.appendChild(note);
    });
  }

  /* A real <button> inside one of Material's <label>s: Tab reaches it, screen readers call it a
     button, Enter and Space press it. (A click on it does not also work the label: a label
     leaves clicks on the controls inside it alone.) */
  function buttonIn(label, name) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sc-label-button";
    button.setAttribute("aria-label", name);
    while (label.firstChild) button.appendChild(label.firstChild);
    label.appendChild(button);
    return button;
  }

  /* The first element of the open menu that can be seen (it opens on the current section). */
  function firstSeen(drawer) {
    function seen(selector) {
      return Array.prototype.filter.call(drawer.querySelectorAll(selector), function (el) {
        return el.getClientRects().length && getComputedStyle(el).visibility === "visible";
      })[0];
    }
    return seen("a[href]") || seen("button, [tabindex='0']");
  }

  function setupMenuButton() {
    var toggle = document.getElementById("__drawer");
    var label = document.querySelector(".md-header label[for=__drawer]");
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!toggle || !label || !drawer) return;
    if (!drawer.id) drawer.id = "sc-menu";
    // Tab reaches it first, as it is seen first (Material puts it after the logo, which the
    // site's stylesheet shows after it on phones)
    var logo = label.parentNode.querySelector(".md-header__button.md-logo");
    if (logo && logo.parentNode === label.parentNode) label.parentNode.insertBefore(label, logo);
    var button = buttonIn(label, "菜单");
    button.setAttribute("aria-controls", drawer.id);
    function shown() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
    shown();
    toggle.addEventListener("change", shown);

    function close(returnFocus) {
      if (toggle.checked) toggle.click(); // as Material does: its listeners see the change
      if (returnFocus) button.focus();
    }
    button.addEventListener("click", function (event) {
      var byKeyboard = event.detail === 0; // Enter or Space, not a tap
      if (toggle.checked) { close(byKeyboard); return; }
      toggle.click();
      var first = byKeyboard && firstSeen(drawer);
      if (first) first.focus();
    });
    // A section's open-toggle shows only an arrow: say what it opens.
    Array.prototype.forEach.call(drawer.querySelectorAll(".md-nav__container > label[for]"),
      function (arrow) {
        var link = arrow.parentNode.querySelector("a");
        if (link && !arrow.textContent.trim()) {
          arrow.setAttribute("aria-label", link.textContent.trim() + "：展开下一级");
        }
        // with navigation.tabs Material leaves the current section's arrow out of the Tab
        // order (a desktop shows that section open, without the arrow); the phone's menu has it
        if (arrow.getAttribute("tabindex") === "") arrow.setAttribute("tabindex", "0");
      });
    // A section's panel in the open menu has a "back" title Tab cannot reach either.
    Array.prototype.forEach.call(drawer.querySelectorAll("label.md-nav__title[for]"),
      function (title) {
        if (title.htmlFor === "__drawer") return;
        var back = buttonIn(title, "返回上一级");
        back.addEventListener("click", function (event) {
          var section = document.getElementById(title.htmlFor);
          if (section) section.click();
          var up = section && section.parentNode.querySelector(".md-nav__link[tabindex]");
          if (up && event.detail === 0) up.focus(); // on the section's own row, one level up
        });
      });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked && drawer.contains(document.activeElement)) {
        close(true);
      }
    });
    drawer.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (toggle.checked && next && next !== button && !drawer.contains(next)) close(false);
    });
  }

  function setupEvents() {
    var list = document.querySelector("[data-sc-events]");
    if (!list) return;
    var day = today();
    var coming = [];
    var over = [];
    Array.prototype.forEach.call(list.children, function (item) {
      var start = item.getAttribute("data-start") || "";
      var end = item.getAttribute("data-end") || start;
      var state = item.querySelector("[data-sc-event-state]");
      if (end < day) {
        item.classList.add("sc-event--past");
        if (state) state.textContent = "已结束";
        over.push(item);
      } else {
        if (state && start <= day) state.textContent = "进行中";
        coming.push(item);
      }
    });
    coming.concat(over.reverse()).forEach(function (item) { list.appendChild(item); });
  }

  setupResizeObserver();
  setupSearch();
  setupLargeText();
  setupDates();
  setupMenuButton();
  setupEvents();
})();
