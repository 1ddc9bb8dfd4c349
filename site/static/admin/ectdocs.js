/*
 * ectdocs.js: what the portal's editor (Decap CMS) needs besides Decap's own
 * bundle. Plain ES2017, no build step, loaded after decap-cms.js from the
 * portal itself (the page's Content-Security-Policy allows no other script),
 * before decap-cms.js; it starts Decap once what it adds is registered.
 *
 * 1. The "ectdocs-sections" widget. A record's Markdown body stays one
 *    string, Decap's `body` field, written back byte for byte as it was read;
 *    the widget shows each level-2 section ("## Summary of progress") as a
 *    box of its own. Text is only rewritten in the section a person types in:
 *    that section becomes "## Heading\n\n" + their text + "\n\n". Sections the
 *    form does not know, and text before the first heading, keep their own
 *    boxes; a known section missing from the body is added, in the form's
 *    order, once something is written in it. HTML comments (the templates'
 *    guidance) are not shown in the boxes: the guidance is the box's hint,
 *    and a comment goes once its section is rewritten.
 * 2. The "ectdocs-none" media library: records hold no images, so the editor
 *    has no Media button and nothing can be uploaded.
 * 3. A preSave step that drops optional fields left empty (""), so that a
 *    cleared field is left out of the record, as ect validate expects, rather
 *    than written as empty text.
 *
 * In Node (the tests) the same functions are exported, and nothing is
 * registered.
 */
(function () {
  'use strict';

  var HEADING = /^ {0,3}##(?=[ \t\r\n]|$)(.*?)\r?\n?$/;
  var FENCE = /^ {0,3}(`{3,}|~{3,})/;

  // split parses a body into the text before the first level-2 heading and
  // its sections; join(split(b)) === b for every string b.
  function split(body) {
    var lines = body.match(/[^\n]*\n|[^\n]+$/g) || [];
    var out = { pre: '', parts: [] };
    var cur = null;
    var fence = null;
    lines.forEach(function (line) {
      var f = FENCE.exec(line);
      if (fence) {
        if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = null;
      } else if (f) {
        fence = f[1];
      } else {
        var h = HEADING.exec(line);
        if (h) {
          cur = { line: line, heading: h[1].replace(/[ \t]+#+[ \t]*$/, '').trim(), text: '' };
          out.parts.push(cur);
          return;
        }
      }
      if (cur) cur.text += line;
      else out.pre += line;
    });
    return out;
  }

  function join(s) {
    return s.pre + s.parts.map(function (p) { return p.line + p.text; }).join('');
  }

  // norm compares headings as ect validate does: case, spacing and a
  // trailing colon do not matter.
  function norm(h) {
    return h.toLowerCase().split(/\s+/).filter(Boolean).join(' ').replace(/:$/, '');
  }

  // display is a section's text as its box shows it.
  function display(text) {
    return text.replace(/<!--[\s\S]*?-->/g, '').replace(/^[ \t]*\n/, '').replace(/\n\n$|\n$/, '');
  }

  // compose is a section's text once a person has typed in its box.
  function compose(typed) {
    return typed === '' ? '\n' : '\n' + typed + '\n\n';
  }

  // setSection returns body with the section headed heading (or, for
  // heading null, the text before the first heading) holding typed; order
  // is the form's headings, for placing a section the body lacks.
  function setSection(body, heading, typed, order) {
    var s = split(body);
    if (heading === null) {
      s.pre = typed === '' ? '' : typed.replace(/\n*$/, '\n\n');
      return join(s);
    }
    var want = norm(heading);
    var found = s.parts.filter(function (p) { return norm(p.heading) === want; })[0];
    if (found) {
      found.text = compose(typed);
      return join(s);
    }
    if (typed === '') return body;
    var part = { line: '## ' + heading + '\n', heading: heading, text: compose(typed) };
    var later = (order || []).slice((order || []).map(norm).indexOf(want) + 1).map(norm);
    var at = s.parts.findIndex(function (p) { return later.indexOf(norm(p.heading)) >= 0; });
    if (at < 0) {
      var last = s.parts.length ? s.parts[s.parts.length - 1] : null;
      if (last && !/\n\n$/.test(last.text)) last.text = last.text.replace(/\n?$/, '\n\n');
      else if (!last && s.pre !== '' && !/\n\n$/.test(s.pre)) s.pre = s.pre.replace(/\n?$/, '\n\n');
      s.parts.push(part);
    } else {
      s.parts.splice(at, 0, part);
    }
    return join(s);
  }

  // boxes lists what the widget shows: each known section in the form's
  // order, then the sections it does not know, with the text before the
  // first heading first when there is any.
  function boxes(body, sections) {
    var s = split(body || '');
    var out = [];
    if (display(s.pre).trim() !== '') out.push({ heading: null, label: 'Before the first heading', text: display(s.pre) });
    var known = {};
    sections.forEach(function (sec) {
      known[norm(sec.heading)] = true;
      var p = s.parts.filter(function (x) { return norm(x.heading) === norm(sec.heading); })[0];
      out.push({ heading: sec.heading, label: sec.heading, hint: sec.hint, required: sec.required, text: p ? display(p.text) : '' });
    });
    s.parts.forEach(function (p) {
      if (!known[norm(p.heading)]) out.push({ heading: p.heading, label: p.heading, text: display(p.text) });
    });
    return out;
  }

  // empty is a value a preSave leaves out: empty text, or an empty list or
  // set of fields (Immutable or plain).
  function empty(v) {
    if (v === '' || v === null || v === undefined) return true;
    if (typeof v === 'object' && typeof v.size === 'number') return v.size === 0;
    if (Array.isArray(v)) return v.length === 0;
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v).length === 0;
    return false;
  }

  // prune drops empty values at any depth, except the body (an Immutable
  // Map or List, as Decap holds entries, or plain data, as the tests do).
  function prune(v, top) {
    if (v && typeof v === 'object' && typeof v.toJS === 'function' && typeof v.filter === 'function') {
      return v.map(function (x) { return prune(x, false); })
        .filter(function (x, k) { return (top && k === 'body') || !empty(x); });
    }
    if (Array.isArray(v)) {
      return v.map(function (x) { return prune(x, false); }).filter(function (x) { return !empty(x); });
    }
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      var out = {};
      Object.keys(v).forEach(function (k) {
        var x = prune(v[k], false);
        if ((top && k === 'body') || !empty(x)) out[k] = x;
      });
      return out;
    }
    return v;
  }

  var api = { split: split, join: join, display: display, setSection: setSection, boxes: boxes, prune: prune, norm: norm };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }

  // Loaded before decap-cms.js: Decap would start as soon as it is
  // evaluated; it starts here once the widget and the media library are
  // registered.
  window.CMS_MANUAL_INIT = true;
  document.addEventListener('DOMContentLoaded', start);

  function start() {
    var CMS = window.CMS;
    var h = window.h;
    var createClass = window.createClass;

    var SectionsControl = createClass({
      sections: function () {
        var list = this.props.field.get('sections');
        return list ? list.toJS() : [];
      },
      isValid: function () {
        var missing = boxes(this.props.value || '', this.sections()).filter(function (b) {
          return b.required && b.text.trim() === '';
        });
        if (missing.length === 0) return true;
        return { error: { message: missing.map(function (b) { return '"' + b.label + '"'; }).join(', ') +
          (missing.length === 1 ? ' is' : ' are') + ' empty: write ' + (missing.length === 1 ? 'it' : 'them') + ' before saving.' } };
      },
      render: function () {
        var self = this;
        var value = this.props.value || '';
        var order = this.sections().map(function (s) { return s.heading; });
        var id = this.props.forID;
        return h('div', { className: this.props.classNameWrapper, id: id, role: 'group' },
          boxes(value, this.sections()).map(function (b, i) {
            var boxID = id + '-' + i;
            return h('div', { key: boxID, style: { marginBottom: '16px' } },
              h('label', { htmlFor: boxID, style: { display: 'block', fontWeight: 'bold', marginBottom: '4px' } },
                b.label + (b.required ? '' : ' (optional)')),
              b.hint ? h('p', { id: boxID + '-hint', style: { margin: '0 0 4px', color: '#444' } }, b.hint) : null,
              h('textarea', {
                id: boxID, value: b.text, rows: Math.max(4, b.text.split('\n').length + 1),
                'aria-describedby': b.hint ? boxID + '-hint' : undefined,
                style: { width: '100%', fontFamily: 'inherit', fontSize: '15px', lineHeight: '1.5', padding: '8px', boxSizing: 'border-box' },
                onFocus: self.props.setActiveStyle, onBlur: self.props.setInactiveStyle,
                onChange: function (e) { self.props.onChange(setSection(self.props.value || '', b.heading, e.target.value, order)); },
              }));
          }));
      },
    });

    var SectionsPreview = createClass({
      render: function () {
        return h('pre', { style: { whiteSpace: 'pre-wrap', fontFamily: 'inherit' } }, this.props.value || '');
      },
    });

    CMS.registerWidget('ectdocs-sections', SectionsControl, SectionsPreview);
    CMS.registerMediaLibrary({
      name: 'ectdocs-none',
      init: function () {
        return { show: function () {}, hide: function () {}, enableStandalone: function () { return false; } };
      },
    });
    CMS.registerEventListener({
      name: 'preSave',
      handler: function (ev) { return prune(ev.entry.get('data'), true); },
    });
    CMS.init();
  }
})();
