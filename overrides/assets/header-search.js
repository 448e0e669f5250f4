/* The header's search box: nothing is fetched until someone focuses or types in the box, or opens
   the search page; then search/search.css and search/search.js are added once. The site root comes
   from the form's data-search-root (a file, not an inline script: the Content-Security-Policy
   allows scripts from the site only). */
(function () {
  "use strict";
  var form = document.querySelector("[data-search-header]");
  if (!form) return;
  var root = form.getAttribute("data-search-root") || ".";
  var loaded = false;
  function load() {
    if (loaded) return;
    loaded = true;
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = root + "/search/search.css";
    document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = root + "/search/search.js";
    script.setAttribute("data-root", root);
    document.head.appendChild(script);
  }
  var input = form.querySelector("input");
  input.addEventListener("focus", load);
  input.addEventListener("input", load);
  if (document.querySelector("[data-search-page]")) load();
})();
