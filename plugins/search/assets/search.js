/* The archive's search. Title/agency hits: lunr.js (loaded from this folder with the first lunr shard a query needs)
 * queries the lunr.py-built shard indexes of the query's tokens; they rank first, by lunr's score.
 * Body hits: the compact character-bigram postings, intersected and ranked with lunr's BM25.
 * A query downloads the postings of its rarest tokens only: a token in more than half of the
 * reports (行政, 公开 …) narrows nothing and adds almost nothing to the score, so its posting is
 * skipped and each listed hit is confirmed against its own text (one file per report).
 * Tokenisation mirrors plugins/search/tokens.py; the index layout is described in
 * plugins/search/index_writer.py. Report text reaches the page only through text nodes. */
(function () {
  "use strict";
  var script = document.currentScript;
  var INDEX = new URL("index/", script.src).href;
  var ROOT = script.getAttribute("data-root") || ".";
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = {};
  for (var i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET[i]] = i;
  var RUN = /[\p{L}\p{N}]+/gu;
  var PAGE_SIZE = 20;
  /* A token in more than this share of the reports is confirmed on the hits' texts instead of
   * downloading its posting (unless it is the query's rarest token, or its posting came with its shard). */
  var COMMON = 0.5;
  var cache = new Map();
  var lunrIndexes = new Map();
  var lunrLoaded = null;

  /* Adds lunr.js (copied from the mkdocs package into this folder at build time) to the page once. */
  function loadLunr() {
    if (!lunrLoaded) {
      lunrLoaded = new Promise(function (resolve, reject) {
        if (window.lunr) return resolve(window.lunr);
        var element = document.createElement("script");
        element.src = new URL("lunr.js", script.src).href;
        element.onload = function () { resolve(window.lunr); };
        element.onerror = function () { reject(new Error("lunr.js")); };
        document.head.appendChild(element);
      });
    }
    return lunrLoaded;
  }

  function getJson(url) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      }));
    }
    return cache.get(url);
  }

  var folds = new Map();
  function foldChar(ch) {
    var folded = folds.get(ch);
    if (folded === undefined) {
      folded = ch.normalize("NFKC").toLowerCase();
      if (ch.codePointAt(0) > 0xffff || Array.from(folded).length !== 1) folded = ch;
      folds.set(ch, folded);
    }
    return folded;
  }

  function foldText(text) {
    return Array.from(text).map(foldChar).join("");
  }

  function queryRuns(query, traditional) {
    var folded = Array.from(query).map(function (ch) {
      var f = foldChar(ch);
      return traditional[f] || f;
    }).join("");
    return folded.match(RUN) || [];
  }

  function runTokens(run) {
    var chars = Array.from(run);
    if (chars.length === 1) return [run];
    var tokens = [];
    for (var i = 0; i + 1 < chars.length; i++) {
      var token = chars[i] + chars[i + 1];
      if (tokens.indexOf(token) < 0) tokens.push(token);
    }
    return tokens;
  }

  function shardHash(token) {
    var value = 0x811c9dc5;
    for (var ch of token) {
      value ^= ch.codePointAt(0);
      value = Math.imul(value, 0x01000193) >>> 0;
    }
    return value;
  }

  function decodeNumbers(text) {
    var values = [], current = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text[i]];
      current = current * 32 + (digit & 31);
      if (digit < 32) { values.push(current); current = 0; }
    }
    return values;
  }

  /* Ids: gap-encoded, or "." and a bitmap of six documents per character (bit 5 first). */
  function decodeIds(text) {
    var ids = [];
    if (text[0] === ".") {
      for (var i = 1; i < text.length; i++) {
        var bits = DIGIT[text[i]];
        for (var b = 0; b < 6; b++) if (bits & (32 >> b)) ids.push((i - 1) * 6 + b);
      }
      return ids;
    }
    var previous = -1;
    ids = decodeNumbers(text);
    for (var k = 0; k < ids.length; k++) { previous += ids[k] + 1; ids[k] = previous; }
    return ids;
  }

  /* Three-bit levels, two per character (the first in the high bits). */
  function decodeLevels(text, count) {
    var levels = new Array(count);
    for (var i = 0; i < count; i++) {
      var digit = DIGIT[text[i >> 1]];
      levels[i] = i & 1 ? digit & 7 : digit >> 3;
    }
    return levels;
  }

  function decodePosting(token, raw) {
    var ids = decodeIds(raw[0]), titleIds = decodeIds(raw[2]);
    return {
      token: token, df: ids.length, ids: ids, levels: decodeLevels(raw[1], ids.length),
      titleIds: titleIds, titleLevels: decodeLevels(raw[3], titleIds.length)
    };
  }

  /* The token's shard entry: {token, df, posting (decoded when it came with the shard), load()}; null if absent. */
  function getEntry(manifest, token) {
    var shard = shardHash(token) % manifest.shards;
    return getJson(INDEX + "s/" + shard + ".json").then(function (entries) {
      var entry = Object.prototype.hasOwnProperty.call(entries, token) ? entries[token] : null;
      if (entry === null) return null;
      if (typeof entry[0] === "number") {
        return {
          token: token, df: entry[1], posting: null, load: function () {
            return getJson(INDEX + "b/" + shard + "-" + entry[0] + ".json").then(function (raw) { return decodePosting(token, raw); });
          }
        };
      }
      var posting = decodePosting(token, entry);
      return { token: token, df: posting.df, posting: posting, load: function () { return Promise.resolve(posting); } };
    });
  }

  /* The postings a query downloads: those that came with their shard, the rarest token's, and every
   * token's in at most COMMON of the reports. Returns [postings, all tokens loaded]. */
  function plan(manifest, entries) {
    var ordered = entries.slice().sort(function (a, b) { return a.df - b.df || (a.token < b.token ? -1 : 1); });
    var chosen = ordered.filter(function (entry, i) {
      return entry.posting || i === 0 || entry.df <= COMMON * manifest.documents;
    });
    return Promise.all(chosen.map(function (entry) { return entry.load(); })).then(function (postings) {
      return [postings, chosen.length === entries.length];
    });
  }

  function lunrIndex(shard) {
    var url = INDEX + "t/" + shard + ".json";
    if (!lunrIndexes.has(url)) {
      lunrIndexes.set(url, Promise.all([loadLunr(), getJson(url)]).then(function (loaded) {
        return loaded[0].Index.load(loaded[1]);
      }));
    }
    return lunrIndexes.get(url);
  }

  /* Pages whose title or agency holds every token → their score. Tokens in the lunr shards are
   * queried with lunr.js (every token required, per shard, refs intersected across shards, scores
   * added); tokens too common for the shards (manifest.compactHeadings) use the heading postings
   * of the compact index, scored with lunr's BM25. */
  function headingScores(manifest, tokens, postings) {
    var compact = new Set(manifest.compactHeadings);
    var groups = new Map();
    tokens.forEach(function (token) {
      if (compact.has(token)) return;
      var shard = shardHash(token) % manifest.lunrShards;
      if (!groups.has(shard)) groups.set(shard, []);
      groups.get(shard).push(token);
    });
    var queries = Array.from(groups, function (group) {
      return lunrIndex(group[0]).then(function (index) {
        var required = window.lunr.Query.presence.REQUIRED;
        return index.query(function (query) {
          group[1].forEach(function (token) {
            query.term(token, { usePipeline: false, presence: required, fields: manifest.lunrFields });
          });
        });
      });
    });
    return Promise.all(queries).then(function (results) {
      var scores = null;
      results.forEach(function (hits) {
        var next = new Map();
        hits.forEach(function (hit) {
          var id = Number(hit.ref);
          if (scores === null || scores.has(id)) next.set(id, (scores ? scores.get(id) : 0) + hit.score);
        });
        scores = next;
      });
      postings.forEach(function (posting) {
        if (!compact.has(posting.token)) return;
        var next = new Map(), weight = idf(manifest, posting.ids.length) * (manifest.k1 + 1) / manifest.levels;
        for (var i = 0; i < posting.titleIds.length; i++) {
          var id = posting.titleIds[i];
          if (scores === null || scores.has(id)) next.set(id, (scores ? scores.get(id) : 0) + weight * posting.titleLevels[i]);
        }
        scores = next;
      });
      return scores || new Map();
    });
  }

  function idf(manifest, df) {
    return Math.log(1 + Math.abs((manifest.documents - df + 0.5) / (df + 0.5)));
  }

  function intersect(lists) {
    lists = lists.slice().sort(function (a, b) { return a.length - b.length; });
    var result = lists[0];
    for (var k = 1; k < lists.length && result.length; k++) {
      var other = new Set(lists[k]);
      result = result.filter(function (id) { return other.has(id); });
    }
    return result;
  }

  /* Title/agency hits first, by their heading score (lunr.js); then the rest by lunr's BM25 over
   * the body: for each query token, lunr's idf times the term-frequency factor (lunr 2.3.9's
   * k1 = 1.2, b = 0.75) stored quantised in the posting. Ties go to the lower id. */
  function rank(manifest, postings, candidates, heading) {
    var scale = (manifest.k1 + 1) / manifest.levels;
    var score = new Map();
    candidates.forEach(function (id) { score.set(id, 0); });
    postings.forEach(function (posting) {
      var weight = idf(manifest, posting.ids.length) * scale;
      for (var i = 0; i < posting.ids.length; i++) {
        var sum = score.get(posting.ids[i]);
        if (sum !== undefined) score.set(posting.ids[i], sum + weight * posting.levels[i]);
      }
    });
    return candidates.map(function (id) {
      var tier = heading.has(id) ? 0 : 1;
      return { id: id, score: tier ? score.get(id) : heading.get(id), tier: tier };
    }).sort(function (a, b) { return a.tier - b.tier || b.score - a.score || a.id - b.id; });
  }

  function getBytes(url) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.arrayBuffer();
      }));
    }
    return cache.get(url);
  }

  /* A report's file: raw DEFLATE of its JSON {u, t, a, y, p, l, x} with d/dictionary.txt as preset
   * dictionary. DecompressionStream takes no dictionary, so it inflates a stored block holding the
   * dictionary followed by the file, and the dictionary's bytes are cut from the output
   * (plugins/search/dictionary.py). */
  function getDocument(manifest, id) {
    var url = INDEX + "d/" + Math.floor(id / manifest.docsPerDir) + "/" + id + ".bin";
    if (!cache.has(url)) {
      cache.set(url, Promise.all([getBytes(INDEX + "d/dictionary.txt"), getBytes(url)]).then(function (loaded) {
        var dictionary = loaded[0], size = dictionary.byteLength;
        var header = new Uint8Array([0, size & 255, size >> 8, ~size & 255, (~size >> 8) & 255]);
        var stream = new Blob([header, dictionary, loaded[1]]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
        return new Response(stream).arrayBuffer().then(function (inflated) {
          return JSON.parse(new TextDecoder().decode(new Uint8Array(inflated).subarray(size)));
        });
      }));
    }
    return cache.get(url);
  }

  /* The hit with its text if the text holds every run (always when ``exact``: the postings proved it), else null. */
  function check(manifest, hit, runs, exact) {
    return getDocument(manifest, hit.id).then(function (doc) {
      var folded = foldText(doc.x);
      if (!exact && !runs.every(function (run) { return folded.indexOf(run) >= 0; })) return null;
      return { id: hit.id, meta: doc, text: doc.x, folded: folded, heading: inHeading(hit, doc, runs) };
    });
  }

  /* A title/agency hit stays one only if its title or agency really holds every run. */
  function inHeading(hit, meta, runs) {
    if (hit.tier !== 0) return false;
    var title = foldText(meta.t || ""), agency = foldText(meta.a || "");
    return runs.every(function (run) { return title.indexOf(run) >= 0 || agency.indexOf(run) >= 0; });
  }

  /* Verified title/agency hits of a batch first, then the others, each in ranked order. */
  function headingFirst(found) {
    var kept = found.filter(Boolean);
    return kept.filter(function (f) { return f.heading; }).concat(kept.filter(function (f) { return !f.heading; }));
  }

  function appendHighlighted(element, text, folded, runs) {
    var position = 0;
    while (position < text.length) {
      var best = -1, length = 0;
      runs.forEach(function (run) {
        var at = folded.indexOf(run, position);
        if (at >= 0 && (best < 0 || at < best)) { best = at; length = run.length; }
      });
      if (best < 0) break;
      element.appendChild(document.createTextNode(text.slice(position, best)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(best, best + length);
      element.appendChild(mark);
      position = best + length;
    }
    element.appendChild(document.createTextNode(text.slice(position)));
  }

  function renderHit(list, found, runs) {
    var meta = found.meta;
    var item = document.createElement("li");
    item.className = "archive-search__hit";
    item.setAttribute("data-level", meta.l || "");
    item.setAttribute("data-place", meta.p || "");
    item.setAttribute("data-year", meta.y ? String(meta.y) : "");
    var link = document.createElement("a");
    link.setAttribute("data-search-hit", "");
    link.href = ROOT.replace(/\/?$/, "/") + meta.u;
    var title = document.createElement("span");
    title.className = "archive-search__title";
    appendHighlighted(title, meta.t, foldText(meta.t), runs);
    link.appendChild(title);
    item.appendChild(link);
    var about = document.createElement("div");
    about.className = "archive-search__meta";
    about.textContent = [meta.a, meta.y ? meta.y + "年" : ""].filter(Boolean).join(" · ");
    item.appendChild(about);
    var at = Math.max(0, found.folded.indexOf(runs[0]));
    var from = Math.max(0, at - 40), to = Math.min(found.text.length, at + 100);
    var snippet = document.createElement("p");
    snippet.className = "archive-search__snippet";
    var clean = function (s) { return s.replace(/\s+/g, " "); };
    appendHighlighted(snippet, (from > 0 ? "…" : "") + clean(found.text.slice(from, to)) + (to < found.text.length ? "…" : ""),
      (from > 0 ? "…" : "") + clean(found.folded.slice(from, to)) + (to < found.text.length ? "…" : ""), runs);
    item.appendChild(snippet);
    list.appendChild(item);
  }

  function Searcher(list, status, more, limit) {
    this.list = list; this.status = status; this.more = more; this.limit = limit || PAGE_SIZE;
    this.generation = 0;
  }

  Searcher.prototype.search = function (query) {
    var self = this, generation = ++this.generation;
    var list = this.list;
    list.setAttribute("data-search-state", "loading");
    if (self.more) self.more.hidden = true;
    function current() { return generation === self.generation; }
    function finish(message) {
      if (!current()) return;
      self.status.textContent = message;
      list.setAttribute("data-search-state", "done");
    }
    return getJson(INDEX + "manifest.json").then(function (manifest) {
      var runs = queryRuns(query, manifest.traditional);
      if (!runs.length) { list.replaceChildren(); return finish(""); }
      var tokens = [];
      runs.forEach(function (run) { runTokens(run).forEach(function (t) { if (tokens.indexOf(t) < 0) tokens.push(t); }); });
      return Promise.all(tokens.map(function (t) { return getEntry(manifest, t); })).then(function (entries) {
        if (!current()) return;
        if (entries.some(function (e) { return !e; })) { list.replaceChildren(); return finish("没有找到包含“" + query + "”的报告"); }
        return plan(manifest, entries).then(function (planned) {
          return headingScores(manifest, tokens, planned[0]).then(function (heading) { return [planned[0], heading, planned[1], entries]; });
        });
      }).then(function (loaded) {
        if (!loaded || !current()) return;
        var postings = loaded[0], complete = loaded[2], entries = loaded[3];
        var ranked = rank(manifest, postings, intersect(postings.map(function (p) { return p.ids; })), loaded[1]);
        var shortRuns = runs.every(function (run) { return Array.from(run).length <= 2; });
        var exact = complete && shortRuns;
        var verifyAll = !exact && ranked.length <= self.limit;
        var shown = 0, next = 0, rejected = 0;
        list.replaceChildren();
        /* Most of a batch not confirmed by the text: the skipped postings might have excluded those
         * candidates, so download every posting of the query and rank the ones not yet checked again. */
        function completePlan() {
          complete = true;
          return Promise.all(entries.map(function (entry) { return entry.load(); })).then(function (all) {
            return headingScores(manifest, tokens, all).then(function (heading) {
              var checked = new Set(ranked.slice(0, next).map(function (hit) { return hit.id; }));
              var rest = intersect(all.map(function (p) { return p.ids; })).filter(function (id) { return !checked.has(id); });
              ranked = ranked.slice(0, next).concat(rank(manifest, all, rest, heading));
              exact = shortRuns;
            });
          });
        }
        function page() {
          var target = verifyAll ? ranked.length : shown + self.limit;
          var batch = ranked.slice(next, next + Math.max(1, verifyAll ? ranked.length : target - shown));
          next += batch.length;
          return Promise.all(batch.map(function (hit) { return check(manifest, hit, runs, exact); })).then(function (found) {
            if (!current()) return;
            headingFirst(found).forEach(function (f) { renderHit(list, f, runs); shown++; });
            var misses = found.length - found.filter(Boolean).length;
            rejected += misses;
            if (!complete && misses * 2 > found.length) return completePlan().then(page);
            if (shown < target && next < ranked.length) return page();
            var total = exact || verifyAll ? String(exact ? ranked.length - rejected : shown) : null;
            if (self.more) self.more.hidden = next >= ranked.length;
            finish(total !== null ? "找到 " + total + " 篇报告" + (shown < Number(total) ? "，显示前 " + shown + " 篇" : "")
              : "约 " + (ranked.length - rejected) + " 篇报告含全部字词，已核对原文并显示前 " + shown + " 篇");
          });
        }
        self.nextPage = function () {
          if (!current()) return;
          list.setAttribute("data-search-state", "loading");
          page();
        };
        return page();
      });
    }).catch(function (error) {
      finish("搜索出错：" + error.message);
    });
  };

  function debounce(fn, ms) {
    var timer = null;
    return function () { clearTimeout(timer); var args = arguments; timer = setTimeout(function () { fn.apply(null, args); }, ms); };
  }

  function setupPage(root) {
    var input = root.querySelector("input[name=q]");
    var form = root.querySelector("form");
    var list = root.querySelector("[data-search-results]");
    var status = root.querySelector("[data-search-status]");
    var more = root.querySelector("[data-search-more]");
    var searcher = new Searcher(list, status, more, PAGE_SIZE);
    function run() {
      var q = input.value;
      var url = new URL(window.location.href);
      url.searchParams.set("q", q);
      window.history.replaceState(null, "", url);
      searcher.search(q);
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", debounce(run, 250));
    if (more) more.addEventListener("click", function () { searcher.nextPage(); });
    setupFilter(root, list);
    var q = new URL(window.location.href).searchParams.get("q") || "";
    input.value = q;
    if (q) searcher.search(q); else list.setAttribute("data-search-state", "done");
  }

  /* Filters the listed hits by level, place and year (the hits the page shows; "显示更多" adds more). */
  function setupFilter(root, list) {
    var form = root.querySelector("[data-search-filter]");
    if (!form) return;
    form.hidden = false;
    var count = form.querySelector("[data-search-filter-count]");
    var params = new URL(window.location.href).searchParams;
    ["level", "place", "year"].forEach(function (name) {
      if (params.has(name)) form.elements[name].value = params.get(name);
    });
    function apply() {
      var level = form.elements.level.value, place = form.elements.place.value.trim(), year = form.elements.year.value.trim();
      var hits = list.querySelectorAll("li.archive-search__hit"), shown = 0;
      Array.prototype.forEach.call(hits, function (hit) {
        var ok = (level === "*" || hit.getAttribute("data-level") === level) &&
          (!place || hit.getAttribute("data-place").indexOf(place) >= 0) &&
          (!year || hit.getAttribute("data-year") === year);
        hit.hidden = !ok;
        if (ok) shown++;
      });
      var active = level !== "*" || place || year;
      count.textContent = active ? "筛选后显示 " + shown + " / " + hits.length + " 篇" : "";
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    new MutationObserver(apply).observe(list, { childList: true });
  }

  function setupHeader(form) {
    var input = form.querySelector("input[name=q]");
    var list = form.querySelector("[data-search-dropdown]");
    var status = form.querySelector("[data-search-dropdown-status]");
    var searcher = new Searcher(list, status, null, 10);
    var run = debounce(function () {
      var q = input.value.trim();
      form.classList.toggle("archive-search--open", q.length > 0);
      if (q) searcher.search(q);
    }, 250);
    input.addEventListener("input", run);
    if (input.value) run();
  }

  var page = document.querySelector("[data-search-page]");
  if (page) setupPage(page);
  document.querySelectorAll("[data-search-header]").forEach(setupHeader);
})();
