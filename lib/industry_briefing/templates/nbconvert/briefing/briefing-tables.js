// Long tables (a topic page's 2,000 enterprises): a filter box and pages of PAGE_ROWS rows, so
// the page opens with a screenful of rows and typing a name leaves only its rows. Plain ES5,
// inlined, nothing loaded. Until this runs, the page's CSS already shows only the first rows
// (html.briefing-js, set in the head); without script every row stays shown. The words come
// from the labels (script#briefing-table-words); the total (合计) row always stays, last.
(function () {
  var PAGE_ROWS = 50;
  var source = document.getElementById("briefing-table-words");
  var words = source ? JSON.parse(source.textContent) : {};
  var tables = document.querySelectorAll("table.briefing-table");
  Array.prototype.forEach.call(tables, function (table) {
    var body = table.tBodies[0];
    if (body && body.rows.length > PAGE_ROWS) {
      paged(table, body);
    }
  });

  function word(key, fields) {
    var text = words[key] || key;
    for (var name in fields || {}) {
      text = text.split("{" + name + "}").join(String(fields[name]));
    }
    return text;
  }

  function element(tag, className, text) {
    var made = document.createElement(tag);
    made.className = className;
    if (text) {
      made.textContent = text;
    }
    return made;
  }

  function paged(table, body) {
    var rows = Array.prototype.slice.call(body.rows);
    var last = rows[rows.length - 1];
    var total = last.cells.length && last.cells[0].textContent.trim() === words.total ? last : null;
    if (total) {
      rows.pop();
    }
    var texts = null; // each row's text in lower case, read at the first filter
    var state = { matched: rows, page: 0, all: false };
    var shown = rows.map(function () { return true; });

    var bar = element("div", "briefing-table-tools", "");
    var filter = element("input", "briefing-table-filter", "");
    filter.type = "search";
    filter.placeholder = word("placeholder");
    filter.setAttribute("aria-label", word("filter"));
    var status = element("span", "briefing-table-status", "");
    status.setAttribute("aria-live", "polite");
    var previous = element("button", "briefing-table-previous", word("previous"));
    var next = element("button", "briefing-table-next", word("next"));
    var everything = element("button", "briefing-table-all", word("all"));
    [filter, status, previous, next, everything].forEach(function (part) {
      bar.appendChild(part);
    });
    var box = /(^|\s)briefing-table-scroll(\s|$)/.test(table.parentNode.className)
      ? table.parentNode : table;
    box.parentNode.insertBefore(bar, box);

    var waiting = null;
    filter.addEventListener("input", function () {
      clearTimeout(waiting);
      waiting = setTimeout(apply, 80); // one pass per pause in typing, not per key
    });
    previous.addEventListener("click", function () { state.page -= 1; show(); });
    next.addEventListener("click", function () { state.page += 1; show(); });
    everything.addEventListener("click", function () {
      state.all = !state.all;
      state.page = 0;
      show();
    });

    function apply() {
      var wanted = filter.value.trim().toLowerCase();
      if (texts === null) {
        texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
      }
      state.matched = wanted ? rows.filter(function (row, i) {
        return texts[i].indexOf(wanted) >= 0;
      }) : rows;
      state.page = 0;
      show();
    }

    function show() {
      var count = state.matched.length;
      var pages = Math.max(1, Math.ceil(count / PAGE_ROWS));
      state.page = Math.min(Math.max(state.page, 0), pages - 1);
      var first = state.all ? 0 : state.page * PAGE_ROWS;
      var end = state.all ? count : Math.min(count, first + PAGE_ROWS);
      var visible = {};
      for (var i = first; i < end; i += 1) {
        visible[state.matched[i].rowIndex] = true;
      }
      rows.forEach(function (row, i) {
        var wanted = visible[row.rowIndex] === true;
        if (shown[i] !== wanted) { // only the rows that change are touched
          row.style.display = wanted ? "" : "none";
          shown[i] = wanted;
        }
      });
      status.textContent = count ? word("shown", { first: first + 1, last: end, count: count })
        : word("none");
      previous.disabled = state.all || state.page === 0;
      next.disabled = state.all || state.page >= pages - 1;
      everything.textContent = word(state.all ? "paged" : "all");
    }

    rows.forEach(function (row, i) { // the CSS's first rows, made the script's
      if (i >= PAGE_ROWS) {
        row.style.display = "none";
        shown[i] = false;
      }
    });
    table.className += " briefing-table-paged";
    show();
  }
})();
