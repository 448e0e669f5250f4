/* Sortable tables for the archive: click a header to sort by it, click again to reverse.
   A cell sorts by its data-sort (numbers, or "" for "not stated", which always sorts last), else by
   the text of its first node (a figure, before its ⚠ and change note; a name's link).
   Served from the site itself; no library. */
(function () {
  "use strict";
  /* In "change" order a figure column (its header has class archive-num) sorts by data-change; a
     figure without one (no previous year to compare) sorts last. */
  function key(cell, mode, figure) {
    var raw;
    if (mode === "change" && (figure || cell.hasAttribute("data-change"))) raw = cell.getAttribute("data-change") || "";
    else if (cell.hasAttribute("data-sort")) raw = cell.getAttribute("data-sort");
    else raw = cell.firstChild ? cell.firstChild.textContent.trim() : "";  /* the figure, not its ⚠ or change note */
    if (raw === "" || raw === "\u2014") return { empty: true };  /* a bare em dash: not stated */
    var n = Number(raw);
    return isNaN(n) ? { text: raw } : { num: n };
  }
  function compare(a, b) {
    if (a.empty || b.empty) return a.empty === b.empty ? 0 : (a.empty ? 1 : -1);
    if (a.num !== undefined && b.num !== undefined) return a.num - b.num;
    return String(a.text !== undefined ? a.text : a.num).localeCompare(String(b.text !== undefined ? b.text : b.num), "zh");
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var descending = th.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    var mode = table.getAttribute("data-sort-by") || "value";
    var figure = th.classList.contains("archive-num");
    rows.sort(function (r1, r2) {
      var a = key(r1.cells[index], mode, figure), b = key(r2.cells[index], mode, figure);
      if (a.empty || b.empty) return compare(a, b);
      return descending ? compare(b, a) : compare(a, b);
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    rows.forEach(function (row) { body.appendChild(row); });
  }
  /* A "sort by: value / change from last year" switch placed just before a table's frame. */
  function setupMode(root) {
    root.querySelectorAll("[data-sort-mode]").forEach(function (bar) {
      var frame = bar.nextElementSibling;
      var table = frame && frame.querySelector("table");
      if (!table || bar.dataset.modeReady) return;
      bar.dataset.modeReady = "1";
      bar.hidden = false;
      bar.querySelectorAll("button[data-mode]").forEach(function (button) {
        button.addEventListener("click", function () {
          table.setAttribute("data-sort-by", button.getAttribute("data-mode"));
          bar.querySelectorAll("button[data-mode]").forEach(function (other) {
            other.setAttribute("aria-pressed", other === button ? "true" : "false");
          });
          var sorted = table.querySelector("th[aria-sort]");
          if (sorted) {
            var th = sorted;
            th.setAttribute("aria-sort", th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending");
            sortBy(table, Array.prototype.indexOf.call(th.parentNode.cells, th), th);
          }
        });
      });
    });
  }
  /* On paper the page's address is printed above the content (shown by the print stylesheet only). */
  function setupPrintUrl(root) {
    var article = root.querySelector("article");
    if (!article) return;
    var line = article.querySelector(".archive-print-url");
    if (!line) {
      line = document.createElement("p");
      line.className = "archive-print-url";
      article.insertBefore(line, article.firstChild);
    }
    line.textContent = "本页地址：" + window.location.href;
  }
  /* The agency lists' instant filter: level, place (any part of the region) and year. */
  function setupFilter(root) {
    root.querySelectorAll("form[data-agency-filter]").forEach(function (form) {
      if (form.dataset.filterReady) return;
      form.dataset.filterReady = "1";
      form.hidden = false;
      var scope = form.closest("article") || document.body;
      var items = Array.prototype.slice.call(scope.querySelectorAll("li[data-level]"));
      var agencies = items.filter(function (item) { return !item.hasAttribute("data-unsigned"); }).length;
      var count = form.querySelector("output");
      var params = new URL(window.location.href).searchParams;
      ["level", "place", "year"].forEach(function (name) {
        if (params.has(name)) form.elements[name].value = params.get(name);
      });
      function apply() {
        var level = form.elements.level.value;
        var place = form.elements.place.value.trim();
        var year = form.elements.year.value;
        var shown = 0;
        items.forEach(function (item) {
          var ok = (level === "*" || item.getAttribute("data-level") === level) &&
            (!place || item.getAttribute("data-place").indexOf(place) >= 0) &&
            (!year || item.getAttribute("data-years").split(" ").indexOf(year) >= 0);
          item.hidden = !ok;
          if (ok && !item.hasAttribute("data-unsigned")) shown++;
        });
        /* A heading stays when a visible agency follows it before the next heading of its rank or higher. */
        var blocks = Array.prototype.slice.call(scope.children);
        blocks.forEach(function (block, index) {
          var rank = /^H([1-6])$/.exec(block.tagName);
          if (block.matches("ul.archive-agency-list")) {
            block.hidden = !block.querySelector("li[data-level]:not([hidden])");
            return;
          }
          if (!rank || rank[1] === "1") return;
          var visible = false;
          for (var j = index + 1; j < blocks.length; j++) {
            var next = /^H([1-6])$/.exec(blocks[j].tagName);
            if (next && next[1] <= rank[1]) break;
            if (blocks[j].querySelector && blocks[j].querySelector("li[data-level]:not([hidden])")) { visible = true; break; }
          }
          block.hidden = !visible;
        });
        count.textContent = "本页显示 " + shown + " / " + agencies + " 个机关";
      }
      form.addEventListener("input", apply);
      form.addEventListener("change", apply);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      apply();
    });
  }
  function setup(root) {
    setupMode(root);
    setupFilter(root);
    setupPrintUrl(root);
    root.querySelectorAll("table[data-sortable]").forEach(function (table) {
      if (table.dataset.sortReady || !table.tHead || !table.tBodies.length) return;
      table.dataset.sortReady = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "archive-sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, th); });
      });
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setup(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setup(document); });
  } else {
    setup(document);
  }
})();
