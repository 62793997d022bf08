(function () {
  'use strict';
  // The page's own script. It draws every chart from the JSON next to its
  // container and, when the filters change, recomputes the filterable
  // charts, their tables and the headline tiles from the cube in
  // #lanes-data. Everything it reads is data: parsed with JSON.parse, handed
  // to ECharts as options or written with textContent and setAttribute.
  // Nothing is evaluated or written as HTML. The arithmetic follows the Go
  // code it names (filtered.go, kpi.go, cube.go, format.go) step for step,
  // so the page as written and the page as filtered agree to the digit.

  var doc = document;
  doc.documentElement.className = 'js';
  var dataEl = doc.getElementById('lanes-data');
  var D = dataEl ? JSON.parse(dataEl.textContent) : null;
  var dark = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  var printing = false;
  var MINUS = '\u2212';

  // ---- Numbers (format.go) ----

  function groupThousands(digits) {
    if (digits.length <= 3) {
      return digits;
    }
    var out = '';
    var lead = digits.length % 3;
    if (lead > 0) {
      out = digits.slice(0, lead);
    }
    for (var i = lead; i < digits.length; i += 3) {
      if (out.length > 0) {
        out += ',';
      }
      out += digits.slice(i, i + 3);
    }
    return out;
  }

  function fmtInt(n) {
    n = Math.trunc(n);
    var s = groupThousands(String(Math.abs(n)));
    return n < 0 ? MINUS + s : s;
  }

  function fmtFloat(v, dec) {
    if (!isFinite(v)) {
      return 'n/a';
    }
    var n = Math.round(Math.abs(v) * Math.pow(10, dec));
    var digits = String(n);
    while (digits.length <= dec) {
      digits = '0' + digits;
    }
    var s = groupThousands(digits.slice(0, digits.length - dec));
    if (dec > 0) {
      s += '.' + digits.slice(digits.length - dec);
    }
    return (v < 0 && n !== 0) ? MINUS + s : s;
  }

  function fmtPct(share) {
    return isFinite(share) ? fmtFloat(share * 100, 1) + '%' : 'n/a';
  }

  function fmtMoney(v) {
    var s = fmtFloat(v, 0);
    if (s === 'n/a') {
      return s;
    }
    if (s.charAt(0) === MINUS) {
      return MINUS + D.currency + s.slice(1);
    }
    return D.currency + s;
  }

  function fmtRel(r) {
    var s = fmtFloat(r * 100, 1);
    if (r > 0 && s !== '0.0') {
      s = '+' + s;
    }
    return s + '%';
  }

  function fmtDeltaInt(cur, prev) {
    var d = cur - prev;
    var s = fmtInt(d);
    if (d > 0) {
      s = '+' + s;
    }
    if (d === 0) {
      s = '\u00b10';
    }
    if (prev !== 0) {
      s += ' (' + fmtRel(d / prev) + ')';
    }
    return s;
  }

  function fmtDeltaFloat(cur, prev, dec, unit) {
    var d = cur - prev;
    var s = fmtFloat(d, dec);
    if (s === fmtFloat(0, dec)) {
      s = '\u00b1' + s;
    } else if (d > 0) {
      s = '+' + s;
    }
    s += unit;
    if (prev !== 0) {
      s += ' (' + fmtRel(d / prev) + ')';
    }
    return s;
  }

  function fmtDeltaMoney(cur, prev) {
    var d = cur - prev;
    var s = fmtMoney(d);
    if (s === fmtMoney(0) || s === MINUS + fmtMoney(0)) {
      s = '\u00b1' + fmtMoney(0);
    } else if (d > 0) {
      s = '+' + s;
    }
    if (prev !== 0) {
      s += ' (' + fmtRel(d / prev) + ')';
    }
    return s;
  }

  function trend(d) {
    if (d > 1e-9) {
      return 'up';
    }
    return d < -1e-9 ? 'down' : 'flat';
  }

  function num(v, dec) {
    if (v === null || !isFinite(v)) {
      return null;
    }
    var p = Math.pow(10, dec);
    var r = Math.round(Math.abs(v) * p) / p;
    if (r === 0) {
      return 0;
    }
    return v < 0 ? -r : r;
  }

  function share(part, whole) {
    return whole <= 0 ? '\u2013' : fmtPct(part / whole);
  }

  function fmtSigned(v) {
    if (v > 0) {
      return '+' + fmtInt(v);
    }
    return v < 0 ? fmtInt(v) : '\u00b10';
  }

  function counts(v) {
    return v.map(function (x) { return num(x, 0); });
  }

  function values(v, dec) {
    return v.map(function (x) { return num(x, dec); });
  }

  function zeros(n) {
    var out = [];
    for (var i = 0; i < n; i++) {
      out.push(0);
    }
    return out;
  }

  // ---- Estimates (filtered.go's est, cube.go's quantileOf) ----

  function est(v, ok, estimated, open) {
    return { v: v, ok: ok, estimated: estimated, open: open };
  }

  function exactOf(v) {
    return v === null || v === undefined ? est(0, false, false, false) : est(v, true, false, false);
  }

  function quantile(hist, q) {
    var n = 0, b;
    for (b = 0; b < hist.length; b++) {
      n += hist[b];
    }
    if (n <= 0) {
      return est(0, false, true, false);
    }
    var target = q * n, cum = 0, last = hist.length - 1;
    while (last > 0 && hist[last] <= 0) {
      last--;
    }
    for (b = 0; b <= last; b++) {
      var x = hist[b];
      if (x <= 0) {
        continue;
      }
      if (cum + x >= target || b === last) {
        var lo = b > 0 ? D.edges[b - 1] : 0;
        if (b >= D.edges.length) {
          return est(lo, true, true, true);
        }
        var f = (target - cum) / x;
        return est(lo + f * (D.edges[b] - lo), true, true, false);
      }
      cum += x;
    }
    return est(0, false, true, false);
  }

  function estText(e, dec) {
    if (!e.ok) {
      return '\u2013';
    }
    if (e.open) {
      return '\u2265 ' + fmtFloat(e.v, dec);
    }
    return (e.estimated ? '\u2248 ' : '') + fmtFloat(e.v, dec);
  }

  function estValue(e, dec) {
    return e.ok ? num(e.v, dec) : null;
  }

  function estValues(es, dec) {
    return es.map(function (e) { return estValue(e, dec); });
  }

  function addHist(dst, src) {
    while (dst.length < src.length) {
      dst.push(0);
    }
    for (var i = 0; i < src.length; i++) {
      dst[i] += src[i];
    }
    return dst;
  }

  function histTotal(h) {
    var n = 0;
    for (var i = 0; i < h.length; i++) {
      n += h[i];
    }
    return n;
  }

  function rankWhere(vals, keep) {
    var idx = [];
    for (var i = 0; i < keep.length; i++) {
      if (keep[i] > 0) {
        idx.push(i);
      }
    }
    // Array.prototype.sort is stable: ties keep index order, as in Go.
    idx.sort(function (a, b) {
      if (vals[a] > vals[b]) {
        return -1;
      }
      return vals[a] < vals[b] ? 1 : 0;
    });
    return idx;
  }

  function rank(vals) {
    return rankWhere(vals, vals);
  }

  // ---- The cube (cube.go: cellsJSON lists the fields in this order) ----

  var T = { w: 0, team: 1, tool: 2, c: 3, k: 4, rs: 5, ap: 6, r: 7, sm: 8, sb: 9, sp: 10, o: 11, rh: 12, fr: 13 };
  var I = { w: 0, team: 1, dir: 2, n: 3, tickets: 4, handle: 5, refocus: 6, rlow: 7, rhigh: 8, cost: 9, lowCost: 10, highCost: 11, after: 12 };
  var U = { w: 0, team: 1, threads: 2, n: 3, total: 4, low: 5, high: 6, cost: 7, ticketHours: 8 };

  function whole(f) {
    return f.team < 0 && f.tool < 0;
  }

  function inWeeks(f, w) {
    return w >= f.from && w <= f.to;
  }

  function ticketIn(f, x) {
    return inWeeks(f, x[T.w]) && (f.team < 0 || f.team === x[T.team]) && (f.tool < 0 || f.tool === x[T.tool]);
  }

  function teamWeekIn(f, w, team) {
    return inWeeks(f, w) && (f.team < 0 || f.team === team);
  }

  function span(f) {
    return D.weeks.slice(f.from, f.to + 1);
  }

  function allWeeks(f) {
    return f.from === 0 && f.to === D.weeks.length - 1;
  }

  function ticketSum(f, field) {
    var out = zeros(f.to - f.from + 1);
    for (var i = 0; i < D.t.length; i++) {
      var x = D.t[i];
      if (ticketIn(f, x)) {
        out[x[T.w] - f.from] += field(x);
      }
    }
    return out;
  }

  function ticketHist(f, field) {
    var out = [];
    for (var j = 0; j <= f.to - f.from; j++) {
      out.push([]);
    }
    for (var i = 0; i < D.t.length; i++) {
      var x = D.t[i];
      if (ticketIn(f, x)) {
        addHist(out[x[T.w] - f.from], x[field]);
      }
    }
    return out;
  }

  function iTotal(x) {
    return x[I.handle] + x[I.refocus];
  }

  function iLow(x) {
    return x[I.handle] + x[I.rlow];
  }

  function iHigh(x) {
    return x[I.handle] + x[I.rhigh];
  }

  // ---- Options (charts.go) ----

  function option(pointer) {
    var tip = { show: true, trigger: 'axis', renderMode: 'richText', confine: true };
    if (!pointer) {
      tip.trigger = 'item';
    } else {
      tip.axisPointer = { type: pointer };
    }
    return {
      animation: false,
      aria: { enabled: true },
      tooltip: tip,
      color: D.colors.palette,
      backgroundColor: 'transparent',
      textStyle: { fontFamily: 'sans-serif' }
    };
  }

  function legend() {
    return { show: true, type: 'scroll', top: 0 };
  }

  function grid(top, bottom) {
    return { top: top, left: 8, right: 32, bottom: bottom, containLabel: true };
  }

  function valueAxis(name) {
    return { type: 'value', name: name };
  }

  function hbar(names, unit, legendShown, series) {
    var o = option('shadow');
    var top = 8;
    if (legendShown) {
      o.legend = legend();
      top = 40;
    }
    o.grid = grid(top, 30);
    o.xAxis = { type: 'value', name: unit, nameLocation: 'middle', nameGap: 26 };
    o.yAxis = { type: 'category', data: names, inverse: true, axisLabel: { width: 180, overflow: 'truncate' } };
    o.series = series;
    return o;
  }

  function weekly(weeks, unit, series) {
    var o = option('shadow');
    o.legend = legend();
    o.grid = grid(60, 8);
    o.xAxis = { type: 'category', data: weeks, axisLabel: { hideOverlap: true } };
    o.yAxis = valueAxis(unit);
    o.series = series;
    return o;
  }

  function bar(name, data) {
    return { type: 'bar', name: name, data: data };
  }

  function stacked(name, data) {
    return { type: 'bar', name: name, stack: 'total', data: data };
  }

  function line(name, data) {
    return { type: 'line', name: name, data: data, showSymbol: true, connectNulls: false };
  }

  function colored(s, color) {
    s.itemStyle = { color: color };
    return s;
  }

  function newTable(head, numeric) {
    var t = { head: head, num: head.map(function () { return false; }), rows: [] };
    for (var i = 0; i < numeric.length; i++) {
      t.num[numeric[i]] = true;
    }
    return t;
  }

  function numFrom(head, from) {
    var t = { head: head, num: head.map(function (_, i) { return i >= from; }), rows: [] };
    return t;
  }

  function range(a, b) {
    var out = [];
    for (var i = a; i <= b; i++) {
      out.push(i);
    }
    return out;
  }

  // ---- The filterable charts (filtered.go) ----

  var kinds = {};

  kinds.toolsWeekly = function (f) {
    var n = f.to - f.from + 1, per = [], totals = zeros(D.tools.length), i, j, k;
    for (i = 0; i < D.t.length; i++) {
      var x = D.t[i];
      if (!ticketIn(f, x)) {
        continue;
      }
      if (!per[x[T.tool]]) {
        per[x[T.tool]] = zeros(n);
      }
      per[x[T.tool]][x[T.w] - f.from] += x[T.c];
      totals[x[T.tool]] += x[T.c];
    }
    var order = rank(totals);
    var top = order.slice(0, Math.min(D.top.tools, order.length));
    var names = [], data = [];
    top.forEach(function (t) {
      names.push(D.tools[t]);
      data.push(per[t]);
    });
    var rest = order.slice(top.length);
    if (rest.length > 0) {
      var other = zeros(n);
      for (j = 0; j < n; j++) {
        for (k = 0; k < rest.length; k++) {
          other[j] += per[rest[k]][j];
        }
      }
      names.push('All other tools');
      data.push(other);
    }
    var series = names.map(function (name, k2) {
      var s = stacked(name, counts(data[k2]));
      return k2 < top.length && top[k2] === D.noTool ? colored(s, D.colors.muted) : s;
    });
    var t = numFrom(['week'].concat(names, ['total']), 1);
    span(f).forEach(function (w, j2) {
      var row = [w], sum = 0;
      for (var k3 = 0; k3 < names.length; k3++) {
        row.push(fmtInt(data[k3][j2]));
        sum += data[k3][j2];
      }
      row.push(fmtInt(sum));
      t.rows.push(row);
    });
    return { option: weekly(span(f), 'tickets', series), table: t, empty: order.length === 0 };
  };

  kinds.toolsTop = function (f) {
    var totals = zeros(D.tools.length), all = 0;
    D.t.forEach(function (x) {
      if (ticketIn(f, x)) {
        totals[x[T.tool]] += x[T.c];
        all += x[T.c];
      }
    });
    var order = rank(totals), names = [], data = [];
    var t = newTable(['tool', 'tickets', 'share', 'sanctioned'], [1, 2]);
    order.forEach(function (i) {
      names.push(D.tools[i]);
      var s = D.sanctioned[i];
      if (i === D.noTool) {
        data.push({ value: totals[i], itemStyle: { color: D.colors.muted } });
      } else if (s === false) {
        data.push({ value: totals[i], itemStyle: { color: D.colors.warn } });
      } else {
        data.push(totals[i]);
      }
      var sanc = s === true ? 'yes' : (s === false ? 'no' : '\u2013');
      t.rows.push([D.tools[i], fmtInt(totals[i]), share(totals[i], all), sanc]);
    });
    return { option: hbar(names, 'tickets', false, [bar('tickets', data)]), table: t, empty: order.length === 0 };
  };

  kinds.resolveDist = function (f) {
    var h = [];
    D.t.forEach(function (x) {
      if (ticketIn(f, x)) {
        addHist(h, x[T.rh]);
      }
    });
    var labels = D.buckets, full = zeros(labels.length), all = 0, b;
    for (b = 0; b < h.length; b++) {
      full[b] = h[b];
    }
    for (b = 0; b < full.length; b++) {
      all += full[b];
    }
    var o = option('shadow');
    o.grid = grid(24, 8);
    o.xAxis = { type: 'category', data: labels, axisLabel: { interval: 0, rotate: 40 } };
    o.yAxis = valueAxis('tickets');
    o.series = [bar('resolved tickets', counts(full))];
    var t = newTable(['hours to resolve', 'resolved tickets', 'share', 'resolved within'], [1, 2, 3]);
    var cum = 0;
    full.forEach(function (v, b2) {
      cum += v;
      t.rows.push([labels[b2], fmtInt(v), share(v, all), share(cum, all)]);
    });
    return { option: o, table: t, empty: all === 0 };
  };

  function quantiles(hs, f, med, p90) {
    var m = [], p = [];
    hs.forEach(function (h, j) {
      if (whole(f)) {
        m.push(exactOf(med[f.from + j]));
        p.push(exactOf(p90[f.from + j]));
      } else {
        m.push(quantile(h, 0.5));
        p.push(quantile(h, 0.9));
      }
    });
    return [m, p];
  }

  kinds.resolveWeekly = function (f) {
    var hs = ticketHist(f, T.rh);
    var q = quantiles(hs, f, D.exact.rhMed, D.exact.rhP90);
    var o = weekly(span(f), 'hours', [line('median', estValues(q[0], 2)), line('p90', estValues(q[1], 2))]);
    o.tooltip.axisPointer = { type: 'line' };
    var t = newTable(['week resolved', 'resolved tickets', 'median h', 'p90 h'], [1, 2, 3]);
    var some = false;
    span(f).forEach(function (w, j) {
      var n = histTotal(hs[j]);
      some = some || n > 0;
      t.rows.push([w, fmtInt(n), estText(q[0][j], 1), estText(q[1][j], 1)]);
    });
    return { option: o, table: t, empty: !some };
  };

  kinds.resolveTool = function (f) {
    var hs = D.tools.map(function () { return []; }), n = [];
    D.t.forEach(function (x) {
      if (ticketIn(f, x)) {
        addHist(hs[x[T.tool]], x[T.rh]);
      }
    });
    hs.forEach(function (h) { n.push(histTotal(h)); });
    var order = rank(n), exactAll = whole(f) && allWeeks(f);
    var names = [], meds = [], p90s = [];
    var t = newTable(['tool', 'resolved tickets', 'median h', 'p90 h'], [1, 2, 3]);
    order.forEach(function (i, k) {
      var m = quantile(hs[i], 0.5), p = quantile(hs[i], 0.9);
      if (exactAll && D.exact.toolMed[i] !== null && D.exact.toolMed[i] !== undefined) {
        m = exactOf(D.exact.toolMed[i]);
        p = exactOf(D.exact.toolP90[i]);
      }
      if (k < D.top.resolve) {
        names.push(D.tools[i]);
        meds.push(estValue(m, 2));
        p90s.push(estValue(p, 2));
      }
      t.rows.push([D.tools[i], fmtInt(n[i]), estText(m, 1), estText(p, 1)]);
    });
    return { option: hbar(names, 'hours', true, [bar('median', meds), bar('p90', p90s)]), table: t, empty: order.length === 0 };
  };

  kinds.slaWeekly = function (f) {
    var met = ticketSum(f, function (x) { return x[T.sm]; });
    var br = ticketSum(f, function (x) { return x[T.sb]; });
    var pend = ticketSum(f, function (x) { return x[T.sp]; });
    var rate = [], some = false;
    var t = newTable(['week created', 'met', 'breached', 'pending', 'breach rate'], [1, 2, 3, 4]);
    span(f).forEach(function (w, j) {
      var r = '\u2013';
      rate.push(null);
      if (met[j] + br[j] > 0) {
        rate[j] = num(br[j] / (met[j] + br[j]) * 100, 1);
        r = fmtPct(br[j] / (met[j] + br[j]));
      }
      some = some || met[j] + br[j] + pend[j] > 0;
      t.rows.push([w, fmtInt(met[j]), fmtInt(br[j]), fmtInt(pend[j]), r]);
    });
    var rateLine = line('breach rate %', rate);
    rateLine.yAxisIndex = 1;
    var o = weekly(span(f), 'tickets', [
      colored(stacked('met', counts(met)), D.colors.good),
      colored(stacked('breached', counts(br)), D.colors.warn),
      colored(stacked('pending', counts(pend)), D.colors.muted),
      colored(rateLine, D.colors.palette[0])
    ]);
    o.yAxis = [valueAxis('tickets'), { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } }];
    return { option: o, table: t, empty: !some };
  };

  kinds.responseWeekly = function (f) {
    var hs = ticketHist(f, T.fr);
    var tickets = ticketSum(f, function (x) { return x[T.c] - x[T.k]; });
    var resp = ticketSum(f, function (x) { return x[T.rs]; });
    var q = quantiles(hs, f, D.exact.frMed, D.exact.frP90);
    var o = weekly(span(f), 'hours', [line('median', estValues(q[0], 2)), line('p90', estValues(q[1], 2))]);
    o.tooltip.axisPointer = { type: 'line' };
    var t = newTable(['week created', 'tickets', 'responded', 'share responded', 'median h', 'p90 h'], [1, 2, 3, 4, 5]);
    var some = false;
    span(f).forEach(function (w, j) {
      some = some || tickets[j] > 0;
      t.rows.push([w, fmtInt(tickets[j]), fmtInt(resp[j]), share(resp[j], tickets[j]), estText(q[0][j], 1), estText(q[1][j], 1)]);
    });
    return { option: o, table: t, empty: !some };
  };

  kinds.backlogWeekly = function (f) {
    var created = ticketSum(f, function (x) { return x[T.c]; });
    var resolved = ticketSum(f, function (x) { return x[T.r]; });
    var open = ticketSum(f, function (x) { return x[T.o]; });
    var openData = [], some = false;
    var t = newTable(['week', 'created', 'resolved', 'net change', 'open at week end'], [1, 2, 3, 4]);
    span(f).forEach(function (w, j) {
      var o = est(open[j], true, false, false);
      if (whole(f)) {
        o = exactOf(D.exact.open[f.from + j]);
      }
      openData.push(estValue(o, 0));
      some = some || created[j] + resolved[j] + open[j] > 0;
      t.rows.push([w, fmtInt(created[j]), fmtInt(resolved[j]), fmtSigned(created[j] - resolved[j]), estText(o, 0)]);
    });
    var o2 = weekly(span(f), 'tickets', [
      bar('created', counts(created)),
      colored(bar('resolved', counts(resolved)), D.colors.good),
      colored(line('open at week end', openData), D.colors.warn)
    ]);
    return { option: o2, table: t, empty: !some };
  };

  kinds.ageTeam = function (f) {
    // One column per age bucket of backlog_age_daily (D.ages).
    var nb = D.ages.length;
    var per = D.teams.map(function () { return zeros(nb); }), totals = zeros(D.teams.length);
    D.a.forEach(function (x) {
      if ((f.team >= 0 && f.team !== x[0]) || (f.tool >= 0 && f.tool !== x[1])) {
        return;
      }
      for (var b = 0; b < nb; b++) {
        per[x[0]][b] += x[2 + b];
        totals[x[0]] += x[2 + b];
      }
    });
    var order = rank(totals), names = [], data = D.ages.map(function () { return []; });
    var cols = [1];
    for (var c = 0; c < nb; c++) {
      cols.push(2 + c);
    }
    var t = newTable(['team', 'open'].concat(D.ages), cols);
    order.forEach(function (i) {
      names.push(D.teams[i]);
      var row = [D.teams[i], fmtInt(totals[i])];
      for (var b = 0; b < nb; b++) {
        data[b].push(per[i][b]);
        row.push(fmtInt(per[i][b]));
      }
      t.rows.push(row);
    });
    var series = D.ages.map(function (l, b) { return colored(stacked(l, data[b]), D.colors.ages[b]); });
    return { option: hbar(names, 'open tickets', true, series), table: t, empty: order.length === 0 };
  };

  kinds.intWeekly = function (f) {
    var n = f.to - f.from + 1, byDir = [];
    var cnt = zeros(n), tickets = zeros(n), handle = zeros(n), refocus = zeros(n), low = zeros(n), high = zeros(n);
    var cost = zeros(n), lowCost = zeros(n), highCost = zeros(n), after = zeros(n);
    D.i.forEach(function (x) {
      if (!teamWeekIn(f, x[I.w], x[I.team])) {
        return;
      }
      var j = x[I.w] - f.from;
      if (!byDir[x[I.dir]]) {
        byDir[x[I.dir]] = zeros(n);
      }
      byDir[x[I.dir]][j] += iTotal(x);
      cnt[j] += x[I.n];
      tickets[j] += x[I.tickets];
      handle[j] += x[I.handle];
      refocus[j] += x[I.refocus];
      low[j] += iLow(x);
      high[j] += iHigh(x);
      cost[j] += x[I.cost];
      lowCost[j] += x[I.lowCost];
      highCost[j] += x[I.highCost];
      after[j] += x[I.after];
    });
    var series = [];
    for (var d = 0; d < D.dirs.length; d++) {
      if (byDir[d]) {
        series.push(stacked(D.dirs[d], values(byDir[d], 2)));
      }
    }
    var lo = line('band low', values(low, 2));
    var hi = line('band high', values(high, 2));
    [lo, hi].forEach(function (s) {
      s.showSymbol = false;
      s.lineStyle = { type: 'dashed', width: 1 };
      s.itemStyle = { color: D.colors.band };
    });
    series.push(lo, hi);
    var t = newTable(['week', 'interruptions', 'tickets', 'handle h', 'refocus h', 'total h', 'band h', 'cost', 'band cost', 'after hours'], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    var some = false;
    span(f).forEach(function (w, j) {
      some = some || cnt[j] > 0;
      t.rows.push([w, fmtInt(cnt[j]), fmtInt(tickets[j]), fmtFloat(handle[j], 1), fmtFloat(refocus[j], 1),
        fmtFloat(handle[j] + refocus[j], 1), fmtFloat(low[j], 1) + '\u2013' + fmtFloat(high[j], 1),
        fmtMoney(cost[j]), fmtMoney(lowCost[j]) + '\u2013' + fmtMoney(highCost[j]), share(after[j], cnt[j])]);
    });
    return { option: weekly(span(f), 'hours', series), table: t, empty: !some };
  };

  function teamTotals(f) {
    var out = D.teams.map(function () { return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; });
    D.i.forEach(function (x) {
      if (!teamWeekIn(f, x[I.w], x[I.team])) {
        return;
      }
      var y = out[x[I.team]];
      [I.n, I.tickets, I.handle, I.refocus, I.rlow, I.rhigh, I.cost, I.lowCost, I.highCost].forEach(function (k) {
        y[k] += x[k];
      });
    });
    return out;
  }

  kinds.intTeams = function (f) {
    var tot = teamTotals(f), costs = [], cnt = [];
    tot.forEach(function (x) {
      costs.push(x[I.cost]);
      cnt.push(x[I.n]);
    });
    var order = rankWhere(costs, cnt), names = [], cost = [], low = [], high = [];
    var t = newTable(['team', 'class', 'interruptions', 'tickets', 'hours', 'band h', 'cost', 'band cost'], [2, 3, 4, 5, 6, 7]);
    order.forEach(function (i) {
      var x = tot[i];
      names.push(D.teams[i]);
      cost.push(num(x[I.cost], 0));
      low.push(num(x[I.lowCost], 0));
      high.push(num(x[I.highCost], 0));
      t.rows.push([D.teams[i], D.teamClass[i] || '\u2013', fmtInt(x[I.n]), fmtInt(x[I.tickets]), fmtFloat(iTotal(x), 1),
        fmtFloat(iLow(x), 1) + '\u2013' + fmtFloat(iHigh(x), 1),
        fmtMoney(x[I.cost]), fmtMoney(x[I.lowCost]) + '\u2013' + fmtMoney(x[I.highCost])]);
    });
    function mark(name, data) {
      return { type: 'scatter', name: name, data: data, symbol: 'rect', symbolSize: [3, 18], itemStyle: { color: D.colors.band }, z: 3 };
    }
    return { option: hbar(names, D.currency, true, [bar('cost', cost), mark('low end', low), mark('high end', high)]), table: t, empty: order.length === 0 };
  };

  kinds.intHeat = function (f) {
    var n = f.to - f.from + 1, per = [], totals = zeros(D.teams.length);
    D.i.forEach(function (x) {
      if (!teamWeekIn(f, x[I.w], x[I.team])) {
        return;
      }
      if (!per[x[I.team]]) {
        per[x[I.team]] = zeros(n);
      }
      per[x[I.team]][x[I.w] - f.from] += iTotal(x);
      totals[x[I.team]] += iTotal(x);
    });
    var order = rank(totals), names = [], cells = [], peak = 0;
    var t = newTable(['team', 'total h', 'weeks with interruptions', 'busiest week', 'hours that week'], [1, 2, 4]);
    order.forEach(function (i, k) {
      names.push(D.teams[i]);
      var weeks = 0, best = 0;
      per[i].forEach(function (v, j) {
        if (v <= 0) {
          return;
        }
        weeks++;
        if (v > per[i][best]) {
          best = j;
        }
        peak = Math.max(peak, v);
        cells.push([j, k, num(v, 2)]);
      });
      t.rows.push([D.teams[i], fmtFloat(totals[i], 1), fmtInt(weeks), D.weeks[f.from + best], fmtFloat(per[i][best], 1)]);
    });
    var o = option('');
    o.grid = grid(8, 56);
    o.xAxis = { type: 'category', data: span(f), splitArea: { show: true }, axisLabel: { hideOverlap: true } };
    o.yAxis = { type: 'category', data: names, inverse: true, splitArea: { show: true }, axisLabel: { width: 160, overflow: 'truncate' } };
    o.visualMap = {
      min: 0, max: num(Math.max(peak, 1), 1), calculable: false, orient: 'horizontal',
      left: 'center', bottom: 0, itemHeight: 120, text: ['more hours', 'fewer'],
      inRange: { color: ['#deebf7', '#6baed6', '#2a5599'] }
    };
    o.series = [{ type: 'heatmap', name: 'hours', data: cells }];
    return { option: o, table: t, empty: order.length === 0 };
  };

  kinds.intFlow = function (f) {
    var links = {}, dirTotal = zeros(D.dirs.length), teamTotal = zeros(D.teams.length);
    D.i.forEach(function (x) {
      if (!teamWeekIn(f, x[I.w], x[I.team])) {
        return;
      }
      var key = x[I.dir] + ',' + x[I.team];
      var l = links[key];
      if (!l) {
        l = links[key] = { hours: 0, n: 0, cost: 0 };
      }
      l.hours += iTotal(x);
      l.n += x[I.n];
      l.cost += x[I.cost];
      dirTotal[x[I.dir]] += iTotal(x);
      teamTotal[x[I.team]] += iTotal(x);
    });
    var nodes = [], data = [];
    var t = newTable(['work', 'team', 'interruptions', 'hours', 'cost'], [2, 3, 4]);
    var dirs = rank(dirTotal), teams = rank(teamTotal);
    dirs.forEach(function (d) { nodes.push({ name: D.flowDirs[d] }); });
    teams.forEach(function (i) { nodes.push({ name: D.flowTeams[i] }); });
    dirs.forEach(function (d) {
      teams.forEach(function (i) {
        var l = links[d + ',' + i];
        if (!l || l.hours <= 0) {
          return;
        }
        data.push({ source: D.flowDirs[d], target: D.flowTeams[i], value: num(l.hours, 2) });
        t.rows.push([D.dirs[d], D.teams[i], fmtInt(l.n), fmtFloat(l.hours, 1), fmtMoney(l.cost)]);
      });
    });
    var o = option('');
    o.series = [{
      type: 'sankey', name: 'hours', left: 8, right: 160, top: 8, bottom: 8,
      nodeGap: 10, emphasis: { focus: 'adjacency' },
      label: { width: 150, overflow: 'truncate' },
      lineStyle: { color: 'gradient', opacity: 0.35 },
      data: nodes, links: data
    }];
    return { option: o, table: t, empty: data.length === 0 };
  };

  kinds.focus = function (f) {
    var n = f.to - f.from + 1, days = zeros(n), blocks = zeros(n), clean = zeros(n);
    D.f.forEach(function (x) {
      if (!teamWeekIn(f, x[0], x[1])) {
        return;
      }
      var j = x[0] - f.from;
      days[j] += x[2];
      blocks[j] += x[3];
      clean[j] += x[4];
    });
    var shares = [], some = false;
    var t = newTable(['week', 'engineer-days', 'focus blocks', 'clean blocks', 'clean share'], [1, 2, 3, 4]);
    span(f).forEach(function (w, j) {
      shares.push(null);
      if (blocks[j] > 0) {
        shares[j] = num(clean[j] / blocks[j] * 100, 1);
        some = true;
      }
      t.rows.push([w, fmtInt(days[j]), fmtInt(blocks[j]), fmtInt(clean[j]), share(clean[j], blocks[j])]);
    });
    var o = weekly(span(f), '%', [colored(line('clean focus blocks', shares), D.colors.good)]);
    o.yAxis = { type: 'value', name: '%', min: 0, max: 100 };
    o.tooltip.axisPointer = { type: 'line' };
    return { option: o, table: t, empty: !some };
  };

  kinds.untracked = function (f) {
    var n = f.to - f.from + 1;
    var threads = zeros(n), cnt = zeros(n), total = zeros(n), low = zeros(n), high = zeros(n), cost = zeros(n), tickets = zeros(n);
    D.u.forEach(function (x) {
      if (!teamWeekIn(f, x[U.w], x[U.team])) {
        return;
      }
      var j = x[U.w] - f.from;
      threads[j] += x[U.threads];
      cnt[j] += x[U.n];
      total[j] += x[U.total];
      low[j] += x[U.low];
      high[j] += x[U.high];
      cost[j] += x[U.cost];
      tickets[j] += x[U.ticketHours];
    });
    var t = newTable(['week', 'threads', 'interruptions', 'untracked h', 'band h', 'cost', 'ticket interruption h', 'untracked share'], [1, 2, 3, 4, 5, 6, 7]);
    var some = false;
    span(f).forEach(function (w, j) {
      some = some || total[j] + tickets[j] > 0;
      t.rows.push([w, fmtInt(threads[j]), fmtInt(cnt[j]), fmtFloat(total[j], 1),
        fmtFloat(low[j], 1) + '\u2013' + fmtFloat(high[j], 1), fmtMoney(cost[j]),
        fmtFloat(tickets[j], 1), share(total[j], total[j] + tickets[j])]);
    });
    var o = weekly(span(f), 'hours', [
      stacked('ticket interruptions', values(tickets, 2)),
      colored(stacked('untracked help-channel requests', values(total, 2)), D.colors.palette[1])
    ]);
    return { option: o, table: t, empty: !some };
  };

  // ---- The headline tiles (kpi.go) ----

  var tileCol = { created: 0, resolved: 1, backlog: 2, resolve: 3, inthours: 4, intcost: 5, auto: 6 };

  function tileWeek(f) {
    if (D.lastFull >= f.from) {
      return Math.min(f.to, D.lastFull);
    }
    return f.to;
  }

  function tileValues(key, f, from, to) {
    var g = { from: from, to: to, team: f.team, tool: f.tool };
    var n = to - from + 1, vals = [], lo = null, hi = null, j;
    var exactApplies = whole(f) || ((key === 'inthours' || key === 'intcost') && f.team < 0);
    if (exactApplies) {
      for (j = 0; j < n; j++) {
        vals.push(exactOf(D.exact.summary[from + j][tileCol[key]]));
      }
    }
    function sums(field) {
      ticketSum(g, field).forEach(function (v, j2) { vals[j2] = est(v, true, false, false); });
    }
    switch (key) {
      case 'created':
        if (!exactApplies) { sums(function (x) { return x[T.c]; }); }
        break;
      case 'resolved':
        if (!exactApplies) { sums(function (x) { return x[T.r]; }); }
        break;
      case 'backlog':
        if (!exactApplies) { sums(function (x) { return x[T.o]; }); }
        break;
      case 'resolve':
        if (!exactApplies) {
          ticketHist(g, T.rh).forEach(function (h, j2) { vals[j2] = quantile(h, 0.5); });
        }
        break;
      case 'auto':
        if (!exactApplies) {
          ticketSum(g, function (x) { return x[T.ap]; }).forEach(function (v, j2) {
            vals[j2] = est(v * D.share / 60, true, false, false);
          });
        }
        break;
      default:
        lo = zeros(n);
        hi = zeros(n);
        var sum = zeros(n);
        D.i.forEach(function (x) {
          if (!teamWeekIn(g, x[I.w], x[I.team])) {
            return;
          }
          var j2 = x[I.w] - from;
          if (key === 'inthours') {
            sum[j2] += iTotal(x);
            lo[j2] += iLow(x);
            hi[j2] += iHigh(x);
          } else {
            sum[j2] += x[I.cost];
            lo[j2] += x[I.lowCost];
            hi[j2] += x[I.highCost];
          }
        });
        if (!exactApplies) {
          sum.forEach(function (v, j2) { vals[j2] = est(v, true, false, false); });
        }
    }
    return { vals: vals, lo: lo, hi: hi };
  }

  function countText(e) {
    return e.ok ? fmtInt(e.v) : 'n/a';
  }

  function numText(e, dec) {
    return e.ok ? fmtFloat(e.v, dec) : 'n/a';
  }

  function plainFloat(v) {
    return fmtFloat(v, 1).split(',').join('');
  }

  function sparkPoints(vals) {
    var lo = 0, hi = 0, known = 0;
    vals.forEach(function (v) {
      if (!v.ok) {
        return;
      }
      if (known === 0 || v.v < lo) {
        lo = v.v;
      }
      if (known === 0 || v.v > hi) {
        hi = v.v;
      }
      known++;
    });
    if (known < 2) {
      return '';
    }
    var s = '';
    vals.forEach(function (v, i) {
      if (!v.ok) {
        return;
      }
      var x = 60;
      if (vals.length > 1) {
        x = i * 120 / (vals.length - 1);
      }
      var y = 16;
      if (hi > lo) {
        y = 30 - (v.v - lo) / (hi - lo) * 28;
      }
      if (s !== '') {
        s += ' ';
      }
      s += plainFloat(x) + ',' + plainFloat(y);
    });
    return s;
  }

  function tiles(f) {
    var out = {};
    if (D.weeks.length === 0) {
      return out;
    }
    var w = tileWeek(f);
    var from = Math.max(f.from, w - D.sparkWeeks + 1);
    var prevOK = w > 0;
    var lo = prevOK ? Math.min(from, w - 1) : from;
    var week = D.weeks[w];
    Object.keys(tileCol).forEach(function (key) {
      var tv = tileValues(key, f, lo, w);
      var vals = tv.vals, cur = vals[vals.length - 1];
      var k = { tone: 'neutral', trend: '', note: '' };
      switch (key) {
        case 'created':
          k.value = countText(cur);
          k.detail = 'created in the week of ' + week;
          break;
        case 'resolved':
          k.value = countText(cur);
          k.detail = 'resolved in the week of ' + week;
          break;
        case 'backlog':
          k.value = countText(cur);
          k.detail = 'open when the week of ' + week + ' ended';
          break;
        case 'resolve':
          k.value = estText(cur, 1);
          k.detail = 'calendar hours, tickets resolved in the week of ' + week;
          break;
        case 'inthours':
          k.value = numText(cur, 1);
          k.detail = 'week of ' + week + '; ' + fmtFloat(tv.lo[tv.lo.length - 1], 1) + '\u2013' + fmtFloat(tv.hi[tv.hi.length - 1], 1) + ' h over the refocus band';
          break;
        case 'intcost':
          k.value = cur.ok ? fmtMoney(cur.v) : 'n/a';
          k.detail = 'week of ' + week + '; ' + fmtMoney(tv.lo[tv.lo.length - 1]) + '\u2013' + fmtMoney(tv.hi[tv.hi.length - 1]) + ' over the refocus band';
          break;
        default:
          k.value = numText(cur, 1);
          k.detail = 'hands-on hours of the week\u2019s automatable requests (week of ' + week + ')';
      }
      if ((key === 'inthours' || key === 'intcost') && f.tool >= 0) {
        k.note = 'The tool filter does not apply to interruptions.';
      }
      k.delta = 'n/a';
      k.deltaNote = 'no week before to compare';
      if (prevOK) {
        var prev = vals[vals.length - 2];
        k.deltaNote = 'vs the week of ' + D.weeks[w - 1];
        if (cur.ok && prev.ok) {
          var d = cur.v - prev.v;
          if (key === 'created' || key === 'resolved' || key === 'backlog') {
            k.delta = fmtDeltaInt(Math.trunc(cur.v), Math.trunc(prev.v));
          } else if (key === 'intcost') {
            k.delta = fmtDeltaMoney(cur.v, prev.v);
          } else {
            k.delta = fmtDeltaFloat(cur.v, prev.v, 1, ' h');
          }
          if (cur.estimated || prev.estimated) {
            k.delta = '\u2248 ' + k.delta;
          }
          k.trend = trend(d);
          var upIsBad = { backlog: 1, resolve: 1, inthours: 1, intcost: 1 };
          if (k.trend !== 'flat') {
            if (upIsBad[key]) {
              k.tone = d > 0 ? 'bad' : 'good';
            } else if (key === 'resolved') {
              k.tone = d > 0 ? 'good' : 'bad';
            }
          }
        }
      }
      k.spark = sparkPoints(vals.slice(vals.length - (w - from + 1)));
      out[key] = k;
    });
    return out;
  }

  function showTiles(f) {
    var ts = tiles(f);
    var nodes = doc.querySelectorAll('[data-kpi]');
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i], k = ts[el.getAttribute('data-kpi')];
      if (!k) {
        continue;
      }
      el.className = 'kpi tone-' + k.tone;
      setText(el, '.value', k.value);
      setText(el, '.detail', k.detail);
      setText(el, '.dv', k.delta);
      setText(el, '.dn', k.deltaNote);
      setText(el, '.kn', k.note);
      var arrow = el.querySelector('.arrow');
      if (arrow) {
        arrow.setAttribute('class', 'arrow arrow-' + k.trend);
      }
      var pl = el.querySelector('polyline');
      if (pl) {
        pl.setAttribute('points', k.spark);
      }
    }
  }

  function setText(el, sel, text) {
    var n = el.querySelector(sel);
    if (n) {
      n.textContent = text;
    }
  }

  // ---- Tables ----

  function buildTable(t) {
    var table = doc.createElement('table');
    var thead = doc.createElement('thead'), tr = doc.createElement('tr');
    t.head.forEach(function (h, i) {
      var th = doc.createElement('th');
      if (t.num[i]) {
        th.className = 'num';
      }
      th.textContent = h;
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    var tbody = doc.createElement('tbody');
    if (t.rows.length === 0) {
      var r = doc.createElement('tr'), td = doc.createElement('td');
      td.colSpan = t.head.length;
      td.className = 'empty-row';
      td.textContent = 'No data for these filters.';
      r.appendChild(td);
      tbody.appendChild(r);
    }
    t.rows.forEach(function (row) {
      var r2 = doc.createElement('tr');
      row.forEach(function (c, i) {
        var td2 = doc.createElement('td');
        if (t.num[i]) {
          td2.className = 'num';
        }
        td2.textContent = c;
        r2.appendChild(td2);
      });
      tbody.appendChild(r2);
    });
    table.appendChild(tbody);
    return table;
  }

  // ---- Charts ----

  // Every chart container with its ECharts instance, the option as
  // written (base) and the option it shows now.
  var charts = [];
  var nodes = doc.querySelectorAll('div[data-chart]');
  for (var n = 0; n < nodes.length; n++) {
    var src = doc.getElementById(nodes[n].getAttribute('data-chart'));
    if (!src) {
      continue;
    }
    var fig = nodes[n].parentNode;
    var wrap = fig.querySelector('.table-wrap');
    charts.push({
      el: nodes[n],
      kind: nodes[n].getAttribute('data-kind') || '',
      base: src.textContent,
      option: JSON.parse(src.textContent),
      wrap: wrap,
      baseTable: wrap ? wrap.firstElementChild : null,
      inst: null
    });
  }

  function draw() {
    var theme = (!printing && dark && dark.matches) ? 'dark' : null;
    for (var i = 0; i < charts.length; i++) {
      var c = charts[i];
      if (c.inst) {
        c.inst.dispose();
      }
      var height = parseInt(c.el.getAttribute('data-height'), 10);
      if (height > 0) {
        c.el.style.height = height + 'px';
      }
      c.inst = echarts.init(c.el, theme, { renderer: 'svg' });
      c.inst.setOption(c.option);
    }
  }

  // resize follows the containers' widths. A container squeezed to almost
  // nothing (a window minimised, or a screenshot tool shrinking the view
  // for a moment) keeps its drawing; the next real size redraws it.
  function resize() {
    for (var i = 0; i < charts.length; i++) {
      var c = charts[i];
      if (c.inst && c.el.clientWidth >= 120) {
        c.inst.resize();
      }
    }
  }

  // ---- Filters ----

  var sel = {
    from: doc.getElementById('f-from'),
    to: doc.getElementById('f-to'),
    team: doc.getElementById('f-team'),
    tool: doc.getElementById('f-tool')
  };
  var reset = doc.getElementById('f-reset');
  var stateText = doc.getElementById('f-state');

  function current() {
    if (!D || !sel.from) {
      return null;
    }
    return {
      from: parseInt(sel.from.value, 10),
      to: parseInt(sel.to.value, 10),
      team: parseInt(sel.team.value, 10),
      tool: parseInt(sel.tool.value, 10)
    };
  }

  function isAll(f) {
    return f.from === 0 && f.to === D.weeks.length - 1 && f.team < 0 && f.tool < 0;
  }

  function describe(f) {
    var parts = [];
    parts.push(allWeeks(f) ? 'every week' : 'the weeks of ' + D.weeks[f.from] + ' to ' + D.weeks[f.to]);
    parts.push(f.team < 0 ? 'all teams' : 'team \u201c' + D.teams[f.team] + '\u201d');
    parts.push(f.tool < 0 ? 'all tools' : 'tool \u201c' + D.tools[f.tool] + '\u201d');
    return 'Showing ' + parts[0] + ', ' + parts[1] + ' and ' + parts[2] + '.';
  }

  var noData = {
    show: true, text: 'No data for these filters', left: 'center', top: 'middle',
    textStyle: { fontSize: 13, fontWeight: 'normal', color: '#9aa5b1' }
  };

  function apply(f) {
    var all = isAll(f);
    charts.forEach(function (c) {
      if (!c.kind) {
        return;
      }
      if (c.kind === 'slice') {
        var o = JSON.parse(c.base);
        // go-echarts writes the axes as lists of one.
        var xa = Array.isArray(o.xAxis) ? o.xAxis[0] : o.xAxis;
        xa.data = xa.data.slice(f.from, f.to + 1);
        o.series.forEach(function (s) { s.data = s.data.slice(f.from, f.to + 1); });
        c.option = o;
        var rows = c.baseTable ? c.baseTable.querySelectorAll('tbody tr') : [];
        for (var r = 0; r < rows.length; r++) {
          rows[r].hidden = r < f.from || r > f.to;
        }
      } else if (kinds[c.kind]) {
        var res = kinds[c.kind](f);
        if (res.empty) {
          res.option.title = noData;
        }
        c.option = all ? JSON.parse(c.base) : res.option;
        if (c.wrap) {
          var next = all ? c.baseTable : buildTable(res.table);
          c.wrap.replaceChild(next, c.wrap.firstElementChild);
        }
      }
      if (c.inst) {
        c.inst.setOption(c.option, true);
      }
    });
    showTiles(f);
    if (stateText) {
      stateText.textContent = describe(f);
    }
    doc.documentElement.setAttribute('data-filtered', all ? 'no' : 'yes');
  }

  function changed(ev) {
    var f = current();
    if (f.from > f.to) {
      if (ev && ev.target === sel.to) {
        sel.from.value = sel.to.value;
      } else {
        sel.to.value = sel.from.value;
      }
      f = current();
    }
    apply(f);
  }

  if (D && sel.from) {
    [sel.from, sel.to, sel.team, sel.tool].forEach(function (s) {
      s.addEventListener('change', changed);
    });
    reset.addEventListener('click', function () {
      sel.from.value = '0';
      sel.to.value = String(D.weeks.length - 1);
      sel.team.value = '-1';
      sel.tool.value = '-1';
      changed(null);
    });
  }

  // ---- Window, theme, print ----

  var frame = 0;
  window.addEventListener('resize', function () {
    if (frame) {
      window.cancelAnimationFrame(frame);
    }
    frame = window.requestAnimationFrame(function () {
      frame = 0;
      resize();
    });
  });
  if (dark && dark.addEventListener) {
    dark.addEventListener('change', draw);
  }

  // Print in light colours with every table view open.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    printing = true;
    opened = [];
    var closed = doc.querySelectorAll('details:not([open])');
    for (var i = 0; i < closed.length; i++) {
      closed[i].open = true;
      opened.push(closed[i]);
    }
    draw();
  });
  window.addEventListener('afterprint', function () {
    printing = false;
    for (var i = 0; i < opened.length; i++) {
      opened[i].open = false;
    }
    opened = [];
    draw();
  });

  draw();
  // A page written for a choice of filters (only tests do that) shows it.
  var f0 = current();
  if (f0 && !isAll(f0)) {
    apply(f0);
  }
})();
