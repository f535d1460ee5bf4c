/**
 * The page's only script: sortable tables, and the model filter (a search box and a type menu
 * that hide the rows carrying `data-model` that do not match; text is compared, never parsed). It is a constant (no data is ever spliced into it),
 * allowed by its hash in the page's Content-Security-Policy, so no other script can run.
 * Cells carry their sort key in `data-v`; missing values sort last either way.
 */
export const CLIENT_SCRIPT = `
(function () {
  function key(cell, numeric) {
    var v = cell ? cell.getAttribute('data-v') : null;
    if (v === null || v === '') return null;
    return numeric ? Number(v) : v;
  }
  function sortBy(table, col, button) {
    var numeric = button.getAttribute('data-type') === 'num';
    var th = button.parentNode;
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    if (th.getAttribute('aria-sort') === null && button.getAttribute('data-first') === 'descending') ascending = false;
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute('aria-sort');
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r._order = i; });
    rows.sort(function (a, b) {
      var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
      if (x === null || y === null) return x === y ? a._order - b._order : x === null ? 1 : -1;
      var c = numeric ? x - y : String(x).localeCompare(String(y));
      return (ascending ? c : -c) || a._order - b._order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector('button');
      if (button) button.addEventListener('click', function () { sortBy(table, col, button); });
    });
  });
  document.documentElement.setAttribute('data-sortable', String(tables.length));
  var box = document.getElementById('model-filter');
  var menu = document.getElementById('type-filter');
  var count = document.getElementById('filter-count');
  function applyFilter() {
    var q = box ? box.value.trim().toLowerCase() : '';
    var type = menu ? menu.value : '';
    var shown = 0, total = 0;
    Array.prototype.forEach.call(document.querySelectorAll('tr[data-model]'), function (r) {
      var ok = (q === '' || r.getAttribute('data-model').toLowerCase().indexOf(q) !== -1) && (type === '' || r.getAttribute('data-type') === type);
      r.hidden = !ok;
      if (r.parentNode.parentNode.id === 'leaderboard') { total++; if (ok) shown++; }
    });
    if (count) count.textContent = q || type ? shown + ' of ' + total + ' models shown' : '';
  }
  if (box) box.addEventListener('input', applyFilter);
  if (menu) menu.addEventListener('change', applyFilter);
})();
`;
