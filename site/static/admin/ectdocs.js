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
 *    than written as empty text; and writes the step a workflow button chose.
 * 4. The "ectdocs-workflow" widget: where a report is (released, signed,
 *    reviewed) and buttons for the step that is due: release, sign as the
 *    ECT, the tutor or the headteacher, accept or return, reopen. Who is
 *    logged in comes from Decap's stored user (their GitHub login, matched
 *    against the github: logins in the records, admin/people.json) or, with
 *    decap-server on one's own computer, which has no login, from the
 *    person choosing who they are. A button for a step that is not theirs
 *    is refused, with the words ect sign uses; a step that is theirs is
 *    recorded in the workflow field and saved at once, so that the commit
 *    carries that one step (apply). ect validate proves it from the commit
 *    all the same: the buttons only save people from a step they cannot
 *    take. The school whose people hold the roles is the URN the report's
 *    collection is named by (schoolOf).
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

  // The workflow. A report's state, as the buttons read it from its data
  // (plain, as toJS gives it).
  var ROLE_WORDS = { ect: 'ECT', tutor: 'induction tutor', headteacher: 'headteacher' };

  function signingRoles(d) {
    return d.kind === 'formal-assessment' ? ['ect', 'tutor', 'headteacher'] : ['ect', 'tutor'];
  }

  function signed(d, role) {
    return (d.signatures || []).filter(function (s) { return s && s.role === role; })[0] || null;
  }

  function hasComments(d) {
    var b = boxes(d.body || '', [{ heading: 'ECT comments' }]).filter(function (x) { return norm(x.heading || '') === 'ect comments'; })[0];
    return !!b && b.text.trim() !== '';
  }

  // holder is the key, in people.json, of whoever takes a step in role:
  // "ect/<TRN>", "<URN>/<staff id>".
  function holder(d, role, urn) {
    if (role === 'ect') return d.ect ? 'ect/' + d.ect : '';
    var id = role === 'tutor' ? d.tutor : d.headteacher;
    return id ? urn + '/' + id : '';
  }

  // schoolOf is the URN of the school whose report a collection holds:
  // the number its name begins with ("100001-progress-review",
  // "100001-start-1000001-2026-27-spring-progress-review"), as ect's
  // internal/editform names them; '' for any other name.
  function schoolOf(collection) {
    var m = /^([0-9]+)-/.exec(collection || '');
    return m ? m[1] : '';
  }

  function decides(p) {
    return !!p && p.key.indexOf('ab/') === 0 && (p.roles || []).some(function (r) { return r === 'ab_lead' || r === 'ab_reviewer'; });
  }

  // steps lists the steps due now, each with the role it needs and who
  // holds it; state says where the report is, in words.
  function steps(d, urn, byKey) {
    var out = [];
    var name = function (key) { return (byKey[key] && byKey[key].name) || key.split('/')[1] || 'nobody'; };
    var accepted = d.ab_review && d.ab_review.decision === 'accepted';
    if (accepted) return { state: 'Accepted by the appropriate body on ' + d.ab_review.on + '. Nothing more is signed.', steps: [] };
    var sigs = d.signatures || [];
    if (!d.released) {
      if (sigs.length === 0) out.push({ step: 'release', role: 'tutor', who: holder(d, 'tutor', urn), label: 'Release to the ECT' });
      return { state: 'Being written by the induction tutor, ' + name(holder(d, 'tutor', urn)) + '. Not yet released to the ECT.', steps: out };
    }
    var missing = signingRoles(d).filter(function (r) { return !signed(d, r); });
    var state = 'Released to the ECT on ' + d.released.on + '.';
    signingRoles(d).forEach(function (r) {
      var s = signed(d, r);
      if (s) state += ' Signed by the ' + ROLE_WORDS[r] + ' on ' + s.on + (s.imported ? ' (imported, not proven from Git)' : '') + '.';
    });
    if (d.ab_review && d.ab_review.decision === 'returned') {
      state += ' Returned by the appropriate body on ' + d.ab_review.on + ': ' + (d.ab_review.feedback || '') ;
    }
    if (missing.length > 0) {
      missing.forEach(function (r) {
        if (r !== 'ect' && missing.indexOf('ect') >= 0) return; // the ECT signs first
        out.push({ step: 'sign', role: r, who: holder(d, r, urn), label: 'Sign as the ' + ROLE_WORDS[r] });
      });
      if (missing.indexOf('ect') >= 0) state += ' Waiting for the ECT, ' + name(holder(d, 'ect', urn)) + ', to write their comments and sign.';
      else state += ' Waiting for ' + missing.map(function (r) { return 'the ' + ROLE_WORDS[r] + ', ' + name(holder(d, r, urn)); }).join(' and ') + ' to sign.';
    } else {
      // A returned report keeps the AB's review until the AB reviews it
      // again; its signatures say whether it was signed again since. On
      // the day of the return itself the dates cannot say, so both are
      // offered and the state says so.
      var again = function (after) { return sigs.every(function (s) { return after ? s.on > d.ab_review.on : s.on >= d.ab_review.on; }); };
      if (!d.ab_review || again(true)) {
        state += d.ab_review ? ' Signed again by everyone since: waiting for the appropriate body to review it again.' : ' Signed by everyone: waiting for the appropriate body to review it.';
      } else if (again(false)) {
        state += ' Signed by everyone today: if that was after the changes, the appropriate body reviews it again; if not, the induction tutor reopens it to make them.';
      } else {
        state += ' The induction tutor reopens it to make the changes.';
      }
      if (!d.ab_review || again(false)) {
        out.push({ step: 'review', decision: 'accepted', role: 'ab', label: 'Accept' });
        out.push({ step: 'review', decision: 'returned', role: 'ab', label: 'Return with feedback' });
      }
    }
    if (sigs.length > 0) out.push({ step: 'reopen', role: 'tutor', who: holder(d, 'tutor', urn), label: 'Reopen for changes (removes every signature)' });
    return { state: state, steps: out };
  }

  // refusal says why me may not take the step, in ect sign's words, or
  // is '' when they may.
  function refusal(st, me, d, byKey) {
    if (!me) return 'Say who you are first.';
    if (st.role === 'ab') {
      if (!decides(me)) return 'You are ' + me.name + ', who is not an ab_lead or ab_reviewer on the appropriate body\'s staff: only they review reports.';
      return '';
    }
    if (me.key === st.who) {
      if (st.step === 'sign' && st.role === 'ect' && !hasComments(d)) return 'Write your comments under "ECT comments" first: the ECT comments, then signs (SG 2.61).';
      return '';
    }
    var who = byKey[st.who];
    var words = ROLE_WORDS[st.role];
    var what = { release: 'release it to the ECT', sign: 'sign as the ' + words, reopen: 'reopen it' }[st.step];
    return 'You are ' + me.name + ', but the report\'s ' + words + ' is ' + (who ? who.name : st.who || 'not named') + ': only they can ' + what + '.';
  }

  // record is the workflow field's value for a step me takes on day.
  function record(st, me, day, feedback) {
    var v = { step: st.step, by: me.id, on: day };
    if (st.step === 'sign') v.role = st.role;
    if (st.step === 'review') {
      v.decision = st.decision;
      if (feedback) v.feedback = feedback.split(/\s+/).filter(Boolean).join(' ');
    }
    return v;
  }

  // apply writes a recorded step into the report's data (plain, as in
  // the tests, or an Immutable Map, as Decap holds it) and drops the
  // workflow field.
  function apply(data, v) {
    var imm = data && typeof data.toJS === 'function';
    var d = imm ? data.toJS() : Object.assign({}, data);
    delete d.workflow;
    if (v && v.step === 'release') d.released = { by: v.by, on: v.on };
    if (v && v.step === 'sign') d.signatures = (d.signatures || []).concat([{ role: v.role, by: v.by, on: v.on }]);
    if (v && v.step === 'review') {
      d.ab_review = { by: v.by, on: v.on, decision: v.decision };
      if (v.feedback) d.ab_review.feedback = v.feedback;
    }
    if (v && v.step === 'reopen') delete d.signatures;
    if (!imm) return d;
    var out = data.clear();
    Object.keys(d).forEach(function (k) { out = out.set(k, k === 'body' ? d[k] : fromJS(data, d[k])); });
    return out;
  }

  // fromJS makes plain data Immutable like like (Decap's own Immutable,
  // which the page has no other handle on).
  function fromJS(like, v) {
    if (Array.isArray(v)) return like.clear().toList().concat(v.map(function (x) { return fromJS(like, x); }));
    if (v && typeof v === 'object') {
      var m = like.clear();
      Object.keys(v).forEach(function (k) { m = m.set(k, fromJS(like, v[k])); });
      return m;
    }
    return v;
  }

  // today is the person's own date, YYYY-MM-DD: a signature is dated the
  // day it is made.
  function today() {
    var t = new Date();
    var p = function (n) { return (n < 10 ? '0' : '') + n; };
    return t.getFullYear() + '-' + p(t.getMonth() + 1) + '-' + p(t.getDate());
  }

  var api = { split: split, join: join, display: display, setSection: setSection, boxes: boxes, prune: prune, norm: norm,
    steps: steps, refusal: refusal, record: record, apply: apply, schoolOf: schoolOf };
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

    // people.json, loaded once: who is who, for the workflow's buttons.
    var people = null;
    var waiting = [];
    fetch('people.json').then(function (r) { return r.ok ? r.json() : { people: [] }; })
      .catch(function () { return { people: [] }; })
      .then(function (p) { people = p; waiting.forEach(function (f) { f(); }); waiting = []; });

    // me is whoever is logged in: the person whose GitHub login Decap
    // stored, or (decap-server on this computer) the person chosen.
    function me() {
      if (!people) return null;
      var key = null;
      if (people.local) {
        key = window.sessionStorage.getItem('ectdocs-who');
        return people.people.filter(function (p) { return p.key === key; })[0] || null;
      }
      var user = null;
      try { user = JSON.parse(window.localStorage.getItem('decap-cms-user') || 'null'); } catch (e) { user = null; }
      var login = user && user.login ? String(user.login).toLowerCase() : '';
      return people.people.filter(function (p) { return login && p.github && p.github.toLowerCase() === login; })[0] || null;
    }

    // stepSaved: a step was saved. Decap writes what preSave returns but
    // keeps its own copy of the form, without the step; so once it is
    // saved (and a new report has moved from /new to its own address) the
    // page is loaded again from what was committed.
    var stepping = false;
    function stepSaved() {
      if (!stepping) return;
      stepping = false;
      (function reload() {
        if (/\/new(\?|$)/.test(window.location.hash)) { window.setTimeout(reload, 100); return; }
        window.setTimeout(function () { window.location.reload(); }, 300);
      })();
    }

    // save presses Decap's own Save, once the step is in the form.
    function save() {
      stepping = true;
      window.setTimeout(function () {
        var b = [].slice.call(document.querySelectorAll('button')).filter(function (x) { return x.textContent.trim() === 'Save'; })[0];
        if (b) b.click();
      }, 100);
    }

    var WorkflowControl = createClass({
      getInitialState: function () { return { refused: '', feedback: '', ready: !!people }; },
      componentDidMount: function () {
        var self = this;
        if (!people) waiting.push(function () { self.setState({ ready: true }); });
      },
      // data is the report as the form holds it now (the entry prop can
      // be stale: Decap gives getEntry for that).
      data: function () {
        var entry = typeof this.props.getEntry === 'function' ? this.props.getEntry() : this.props.entry;
        return entry.get('data').toJS();
      },
      take: function (st) {
        var data = this.data();
        var byKey = {};
        people.people.forEach(function (p) { byKey[p.key] = p; });
        var who = me();
        var why = refusal(st, who, data, byKey);
        if (!why && st.step === 'review' && st.decision === 'returned' && this.state.feedback.trim() === '') {
          why = 'Say what must change: write the feedback first.';
        }
        this.setState({ refused: why });
        if (why) return;
        this.props.onChange(record(st, who, today(), this.state.feedback));
        save();
      },
      render: function () {
        var self = this;
        var id = this.props.forID;
        if (!people) return h('p', { id: id }, 'Loading who is who…');
        var data = this.data();
        var urn = schoolOf(this.props.collection && this.props.collection.get('name'));
        var byKey = {};
        people.people.forEach(function (p) { byKey[p.key] = p; });
        var now = steps(data, urn, byKey);
        var who = me();
        var kids = [];
        if (people.local) {
          kids.push(h('label', { key: 'wl', htmlFor: id + '-who', style: { display: 'block', fontWeight: 'bold' } }, 'Who are you? (decap-server on this computer has no login: Git saves as whoever it is set up for)'));
          kids.push(h('select', {
            key: 'ws', id: id + '-who', value: who ? who.key : '',
            onChange: function (e) { window.sessionStorage.setItem('ectdocs-who', e.target.value); self.setState({ refused: '' }); },
          }, [h('option', { key: '', value: '' }, 'Choose your name')].concat(people.people.map(function (p) {
            return h('option', { key: p.key, value: p.key }, p.name + (p.key.indexOf('ab/') === 0 ? ' (appropriate body)' : p.key.indexOf('ect/') === 0 ? ' (ECT)' : ''));
          }))));
        } else {
          kids.push(h('p', { key: 'me' }, who ? 'You are ' + who.name + '.' : 'Your login is not in the records: ask your school to add it (github: beside your e-mail addresses).'));
        }
        kids.push(h('p', { key: 'state', className: 'ectdocs-state' }, now.state));
        if (this.props.value && this.props.value.get && this.props.value.get('step')) {
          kids.push(h('p', { key: 'saving', role: 'status' }, 'Saving…'));
        }
        if (now.steps.some(function (st) { return st.step === 'review'; })) {
          kids.push(h('label', { key: 'fl', htmlFor: id + '-feedback', style: { display: 'block', fontWeight: 'bold', marginTop: '8px' } }, 'Feedback for the school (needed to return the report)'));
          kids.push(h('textarea', { key: 'ft', id: id + '-feedback', rows: 3, value: this.state.feedback,
            style: { width: '100%', fontFamily: 'inherit', fontSize: '15px', padding: '8px', boxSizing: 'border-box' },
            onChange: function (e) { self.setState({ feedback: e.target.value }); } }));
        }
        kids.push(h('div', { key: 'buttons', style: { display: 'flex', flexWrap: 'wrap', gap: '8px', marginTop: '8px' } },
          now.steps.map(function (st) {
            return h('button', { key: st.label, type: 'button', className: 'ectdocs-step',
              style: { padding: '8px 14px', fontSize: '15px', borderRadius: '5px', border: '1px solid #2a4d8f', background: '#2a4d8f', color: '#fff', cursor: 'pointer' },
              onClick: function () { self.take(st); } }, st.label);
          })));
        if (this.state.refused) kids.push(h('p', { key: 'refused', role: 'alert', style: { color: '#a00', fontWeight: 'bold' } }, this.state.refused));
        return h('div', { id: id, className: this.props.classNameWrapper, role: 'group' }, kids);
      },
    });

    var SectionsPreview = createClass({
      render: function () {
        return h('pre', { style: { whiteSpace: 'pre-wrap', fontFamily: 'inherit' } }, this.props.value || '');
      },
    });

    CMS.registerWidget('ectdocs-sections', SectionsControl, SectionsPreview);
    CMS.registerWidget('ectdocs-workflow', WorkflowControl, function () { return null; });
    CMS.registerMediaLibrary({
      name: 'ectdocs-none',
      init: function () {
        return { show: function () {}, hide: function () {}, enableStandalone: function () { return false; } };
      },
    });
    CMS.registerEventListener({
      name: 'preSave',
      handler: function (ev) {
        var data = ev.entry.get('data');
        var v = data.get('workflow');
        return apply(prune(data, true), v && typeof v.toJS === 'function' ? v.toJS() : v);
      },
    });
    CMS.registerEventListener({ name: 'postSave', handler: function () { stepSaved(); } });
    CMS.init();
  }
})();
