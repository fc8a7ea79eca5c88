/*
 * The site's search, in place of Material's worker (showcase.js starts it when the visitor
 * opens search). It speaks the worker's messages (READY, QUERY, RESULT), so Material's search
 * box and result list stay as they are.
 *
 * The index (generator/adapter/search.py) is a set of scripts under search/, loaded by
 * <script> elements: the same files work from any host and from file://. A search loads the
 * manifest once, then only the shards that hold its terms and the chunks of text of the pages
 * it shows. A query in Latin letters also loads pinyin.js: `pipa` and `pp` search 枇杷.
 *
 * Terms are each Han character and each pair of neighbours, and Latin words and numbers, as
 * search.py cuts them. A result has every term of the query (when none has, most of them);
 * an entry whose title is the query comes first, then titles holding the terms, then text;
 * a page's boost (villages: 2) multiplies its score.
 */
(function () {
  "use strict";

  var READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
  var TERMS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;
  var SHOWN = 10; // pages shown with their sections and text; the rest by title
  var PINYIN_CANDIDATES = 3;
  var SNIPPET = 110;

  var waiting = {};
  window.__showcaseSearch = function (name, data) {
    var done = waiting[name];
    if (done) { delete waiting[name]; done(data); }
  };

  function normalise(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/[\u200b-\u200d]/g, "");
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* The terms of a query, cut as search.py cuts a text. */
  function termsOf(text) {
    var found = [];
    (normalise(text).match(TERMS) || []).forEach(function (run) {
      if (/^[a-z0-9]/.test(run) || run.length === 1) found.push(run);
      else for (var i = 0; i + 1 < run.length; i++) found.push(run.slice(i, i + 2));
    });
    return found.filter(function (term, i) { return found.indexOf(term) === i; });
  }

  /* FNV-1a over UTF-16 code units, as search.py's shard_of. */
  function shardOf(term, shards) {
    var value = 2166136261;
    for (var i = 0; i < term.length; i++) value = Math.imul(value ^ term.charCodeAt(i), 16777619);
    return (value >>> 0) % shards;
  }

  /* The last number in a sorted list not above `value`: which page or chunk holds an entry. */
  function owner(starts, value, key) {
    var low = 0, high = starts.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if ((key ? starts[middle][0] : starts[middle]) <= value) low = middle; else high = middle - 1;
    }
    return low;
  }

  function Engine(base) {
    var self = this;
    var files = {};
    var manifest = null;
    var latest = 0;

    var emit = window.ShowcaseMessages(self);

    function load(name) {
      if (!files[name]) {
        files[name] = new Promise(function (resolve, reject) {
          waiting[name] = resolve;
          var script = document.createElement("script");
          script.src = new URL("search/" + name + ".js", base).href;
          script.onerror = function () {
            delete files[name];
            reject(new Error("无法加载 " + script.src));
          };
          document.head.appendChild(script);
        });
      }
      return files[name];
    }

    this.ready = load("manifest").then(function (data) {
      manifest = data;
      emit({ type: READY });
    });

    this.postMessage = function (message) {
      if (!message || message.type !== QUERY) return; // SETUP: nothing to set up
      var number = ++latest;
      self.ready.then(function () { return search(message.data); }).then(function (result) {
        if (number === latest) emit({ type: RESULT, data: result });
      }).catch(function (error) {
        if (window.console) console.warn("showcase search:", error);
      });
    };
    this.terminate = function () {};

    /* Entry number -> [in title, terms matched] for one query's terms; exact titles apart. */
    function match(terms, phrase) {
      var wanted = terms.concat(phrase && phrase.length <= 16 ? ["=" + phrase] : []);
      var shards = wanted.map(function (term) { return shardOf(term, manifest.shards); });
      return Promise.all(shards.map(function (n) { return load("t" + n); })).then(function (parts) {
        var hits = {};
        wanted.forEach(function (term, i) {
          var list = parts[i][term];
          if (!list) return;
          var value = 0, exact = term.charAt(0) === "=";
          for (var j = 0; j < list.length; j++) {
            value += list[j];
            var entry = value >> 1;
            var hit = hits[entry] || (hits[entry] = { terms: 0, title: 0, exact: false });
            if (exact) { hit.exact = true; continue; }
            hit.terms += 1;
            hit.title += value & 1;
          }
        });
        var count = terms.length;
        var needed = count;
        var scores = {};
        var any = false;
        for (var round = 0; round < 2 && !any; round++) {
          for (var key in hits) {
            var h = hits[key];
            if (h.terms < needed && !h.exact) continue;
            scores[key] = (h.exact ? 100 : 0) + (h.terms / count) * (1 + 9 * h.title / count);
            any = true;
          }
          needed = Math.ceil(count / 2); // nothing has every term: most of them will do
        }
        return scores;
      });
    }

    /* Short titles whose pinyin (full, or initials) is a Latin query: their Han spelling. */
    function spelled(query) {
      query = query.normalize("NFD").replace(/[\u0300-\u036f]/g, ""); // pí pá: tone marks
      var letters = query.replace(/[^a-z]/g, "");
      if (!letters || /[^a-z\s']/.test(query)) return Promise.resolve([]);
      return load("pinyin").then(function (table) {
        var found = {};
        table.forEach(function (row) {
          var title = row[0], spoken = row[1].split(" ");
          for (var start = 0; start < spoken.length; start++) {
            var full = "", initials = "";
            for (var end = start; end < spoken.length; end++) {
              full += spoken[end];
              initials += spoken[end].charAt(0);
              var exact = full === letters || (initials === letters && letters.length > 1);
              // Still typing: the letters end inside this run's last syllable.
              var prefix = letters.length > 2 && full.indexOf(letters) === 0 &&
                full.length - spoken[end].length < letters.length;
              if (!exact && !prefix) continue;
              var han = title.slice(start, end + 1);
              var rank = (exact ? 2 : 1) + (start === 0 && end === spoken.length - 1 ? 1 : 0);
              var known = found[han] || (found[han] = { han: han, rank: 0, seen: 0 });
              known.rank = Math.max(known.rank, rank);
              known.seen += 1;
            }
          }
        });
        return Object.keys(found).map(function (han) { return found[han]; }).sort(function (a, b) {
          return b.rank - a.rank || b.seen - a.seen || a.han.length - b.han.length ||
            (a.han < b.han ? -1 : a.han > b.han ? 1 : 0);
        }).slice(0, PINYIN_CANDIDATES).map(function (c) { return c.han; });
      });
    }

    function marker(phrases) {
      var parts = [];
      phrases.forEach(function (phrase) {
        var runs = phrase.match(TERMS) || [];
        runs.forEach(function (run) {
          if (run.length === 1 || /^[a-z0-9]/.test(run)) { parts.push(run); return; }
          for (var i = 0; i < run.length; i++)
            for (var j = run.length; j >= i + 2; j--) parts.push(run.slice(i, j));
        });
      });
      parts.sort(function (a, b) { return b.length - a.length; });
      return parts.filter(function (part, i) { return parts.indexOf(part) === i; });
    }

    /* Escaped text with every stretch of the query marked, as Material's worker marks. */
    function highlight(text, parts) {
      var lower = text.toLowerCase(), out = "", i = 0;
      while (i < text.length) {
        var hit = "";
        for (var k = 0; k < parts.length; k++) {
          if (lower.substr(i, parts[k].length) === parts[k]) { hit = parts[k]; break; }
        }
        if (hit) {
          out += "<mark data-md-highlight>" + escapeHtml(text.substr(i, hit.length)) + "</mark>";
          i += hit.length;
        } else {
          out += escapeHtml(text.charAt(i));
          i += 1;
        }
      }
      return out;
    }

    /* A stretch of the text around its first match, marked. */
    function snippet(text, parts) {
      if (!text) return "";
      var lower = text.toLowerCase(), at = -1;
      for (var k = 0; k < parts.length && at < 0; k++) at = lower.indexOf(parts[k]);
      var start = at > 30 ? at - 30 : 0;
      var piece = text.slice(start, start + SNIPPET);
      return "<p>" + (start ? "…" : "") + highlight(piece, parts) +
        (start + SNIPPET < text.length ? "…" : "") + "</p>";
    }

    function search(query) {
      var text = normalise(query).trim();
      if (!text) return Promise.resolve({ items: [] });
      var own = termsOf(text);
      return spelled(text).then(function (spellings) {
        var variants = [];
        if (own.length) variants.push({ terms: own, phrase: text.replace(/\s+/g, ""), weight: 1 });
        spellings.forEach(function (han, i) {
          variants.push({ terms: termsOf(han), phrase: han, weight: 0.9 - 0.1 * i });
        });
        return Promise.all(variants.map(function (v) { return match(v.terms, v.phrase); }))
          .then(function (found) { return results(variants, found); });
      });
    }

    function results(variants, found) {
      var scores = {};
      found.forEach(function (map, i) {
        for (var key in map) {
          var score = map[key] * variants[i].weight;
          if (!(key in scores) || scores[key] < score) scores[key] = score;
        }
      });
      var pages = manifest.pages, groups = {};
      Object.keys(scores).forEach(function (key) {
        var entry = +key, page = owner(pages, entry, true);
        var group = groups[page] || (groups[page] = { page: page, best: 0, entries: [] });
        // A page whose own title is the query above a section of that title elsewhere.
        var head = scores[key] >= 100 && pages[page][0] === entry ? 200 : 0;
        var score = (scores[key] + head) * (pages[page][3] || 1);
        group.entries.push({ entry: entry, score: score });
        if (score > group.best) group.best = score;
      });
      var ordered = Object.keys(groups).map(function (key) { return groups[key]; });
      ordered.forEach(function (g) { g.score = g.best + Math.min(g.entries.length, 10) / 1000; });
      ordered.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
      var phrases = variants.map(function (v) { return v.phrase; });
      var parts = marker(phrases);
      var shown = ordered.slice(0, SHOWN);
      var needed = {};
      shown.forEach(function (g) {
        needed[owner(manifest.chunks, pages[g.page][0])] = true;
        g.entries.forEach(function (e) { needed[owner(manifest.chunks, e.entry)] = true; });
      });
      var numbers = Object.keys(needed);
      return Promise.all(numbers.map(function (n) { return load("c" + n); })).then(function (got) {
        var chunks = {};
        numbers.forEach(function (n, i) { chunks[n] = got[i]; });
        function entryAt(number) {
          var c = owner(manifest.chunks, number);
          return chunks[c][number - manifest.chunks[c]];
        }
        shown.forEach(function (g) {
          // The whole query in a title or text counts more than its pairs scattered about.
          g.entries.forEach(function (e) {
            var data = entryAt(e.entry), title = normalise(data[1]), body = normalise(data[2]);
            phrases.forEach(function (phrase) {
              if (title.indexOf(phrase) >= 0) e.score *= 3;
              else if (body.indexOf(phrase) >= 0) e.score *= 2;
            });
          });
          g.entries.sort(function (a, b) { return b.score - a.score || a.entry - b.entry; });
          g.best = g.entries[0].score;
          g.score = g.best + Math.min(g.entries.length, 10) / 1000;
        });
        shown.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
        var items = shown.map(function (g) {
          var first = pages[g.page][0];
          var head = entryAt(first);
          var list = [{
            location: head[0], title: highlight(head[1], parts),
            text: snippet(head[2], parts), score: g.score, terms: {}
          }];
          g.entries.forEach(function (e) {
            if (e.entry === first) return;
            var data = entryAt(e.entry);
            list.push({
              location: data[0], title: highlight(data[1], parts),
              text: snippet(data[2], parts), score: e.score, terms: {}
            });
          });
          return list;
        });
        ordered.slice(SHOWN).forEach(function (g) {
          var page = pages[g.page];
          items.push([{ location: page[2], title: highlight(page[1], parts), text: "",
                        score: g.score, terms: {} }]);
        });
        return { items: items };
      });
    }
  }

  window.ShowcaseSearch = Engine;
})();
