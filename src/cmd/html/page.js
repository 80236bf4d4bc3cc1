// The reading view's interactions, on top of a page that reads without them:
// a marked sentence shows its facts (click, Enter or Space; Escape closes),
// and the filters dim the marks, rows and drawings that do not match. The
// facts are read from the table of facts; text is only ever set as text.
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');
  var rows = {};
  document.querySelectorAll('#facts tbody tr[id]').forEach(function (row) {
    rows[row.id] = row;
  });
  var popup = document.getElementById('popup');
  var list = popup.querySelector('ul');
  var title = document.getElementById('popup-title');
  var current = null;

  function cell(row, name) {
    var found = row.querySelector('[data-col="' + name + '"]');
    if (!found) return '';
    if (name === 'name') return found.firstChild ? found.firstChild.textContent.trim() : '';
    return found.textContent.replace(/\s+/g, ' ').trim();
  }

  function line(label, value) {
    var div = document.createElement('div');
    div.className = 'detail';
    div.textContent = label + ': ' + value;
    return div;
  }

  function item(id) {
    var row = rows[id];
    var li = document.createElement('li');
    li.className = 't-' + (row ? row.dataset.type : '');
    var link = document.createElement('a');
    link.href = '#' + id;
    link.textContent = row ? cell(row, 'name') : id;
    var type = document.createElement('span');
    type.className = 'type';
    var swatch = document.createElement('span');
    swatch.className = 'swatch';
    type.append(swatch, row ? cell(row, 'type') : '');
    li.append(type, document.createElement('br'), link);
    if (!row) return li;
    [['China’s role', 'china_role'], ['Partners', 'partners'], ['Date', 'date'],
     ['Figures', 'figures']].forEach(function (pair) {
      var value = cell(row, pair[1]);
      if (value) li.append(line(pair[0], value));
    });
    return li;
  }

  function place(mark) {
    var box = mark.getBoundingClientRect();
    var width = popup.offsetWidth;
    var left = Math.min(box.left, root.clientWidth - width - 8);
    popup.style.left = Math.max(8, left + window.scrollX) + 'px';
    popup.style.top = (box.bottom + window.scrollY + 6) + 'px';
  }

  function open(mark) {
    if (current) close(false);
    var ids = mark.dataset.facts.split(',');
    list.replaceChildren.apply(list, ids.map(item));
    title.textContent = ids.length === 1 ? 'The fact this sentence states'
      : 'The ' + ids.length + ' facts this sentence states';
    popup.hidden = false;
    place(mark);
    mark.setAttribute('aria-expanded', 'true');
    current = mark;
    popup.focus();
  }

  function close(refocus) {
    popup.hidden = true;
    if (!current) return;
    current.setAttribute('aria-expanded', 'false');
    if (refocus) current.focus();
    current = null;
  }

  var marks = Array.prototype.slice.call(document.querySelectorAll('mark[data-facts]'));
  marks.forEach(function (mark) {
    mark.setAttribute('role', 'button');
    mark.setAttribute('aria-haspopup', 'dialog');
    mark.setAttribute('aria-expanded', 'false');
    mark.addEventListener('click', function () { open(mark); });
    mark.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open(mark);
      }
    });
  });
  popup.querySelector('.close').addEventListener('click', function () { close(true); });
  popup.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') close(true);
  });
  list.addEventListener('click', function (event) {
    if (event.target.closest('a')) close(false);
  });
  document.addEventListener('click', function (event) {
    if (current && !popup.contains(event.target) && event.target !== current) close(false);
  });

  // Filters: a fact matches when it is of the area, type and partner chosen.
  var area = document.getElementById('f-area');
  var type = document.getElementById('f-type');
  var partner = document.getElementById('f-partner');
  var status = document.getElementById('filter-status');
  function matches(row) {
    return (!area.value || row.dataset.area === area.value) &&
      (!type.value || row.dataset.type === type.value) &&
      (!partner.value || row.dataset.partners.split(' ').indexOf(partner.value) >= 0);
  }
  function apply() {
    var shown = 0;
    var total = 0;
    var match = {};
    Object.keys(rows).forEach(function (id) {
      match[id] = matches(rows[id]);
      rows[id].classList.toggle('dim', !match[id]);
      total += 1;
      if (match[id]) shown += 1;
    });
    marks.forEach(function (mark) {
      mark.classList.toggle('dim', !mark.dataset.facts.split(',').some(function (id) { return match[id]; }));
    });
    document.querySelectorAll('[data-fact]').forEach(function (el) {
      el.classList.toggle('dim', !match[el.dataset.fact]);
    });
    document.querySelectorAll('.seg').forEach(function (seg) {
      var on = (!area.value || seg.dataset.area === area.value) &&
        (!type.value || seg.dataset.type === type.value);
      seg.classList.toggle('dim', !on);
    });
    status.textContent = shown === total ? 'Showing all ' + total + ' facts.'
      : shown + ' of ' + total + ' facts match; the others are dimmed.';
  }
  [area, type, partner].forEach(function (select) {
    select.addEventListener('change', apply);
  });
  var form = document.getElementById('filter-form');
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  form.addEventListener('reset', function () {
    setTimeout(apply, 0);
  });
  document.getElementById('filters').hidden = false;
  apply();

  // A link to a sentence (paper.html#m8-3) opens its facts.
  function follow() {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.matches('mark[data-facts]')) open(target);
  }
  window.addEventListener('hashchange', follow);
  follow();

  // Print everything: the partner index opens before printing.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('.partners details').forEach(function (d) { d.open = true; });
  });
}());
