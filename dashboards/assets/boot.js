(function () {
  'use strict';
  // Draws every chart from the JSON next to its container. The option is
  // data only: it is read with JSON.parse and handed to ECharts; nothing in
  // it is ever evaluated or written as HTML.
  var charts = [];
  var printing = false;
  var dark = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

  function draw() {
    var i;
    for (i = 0; i < charts.length; i++) {
      charts[i].dispose();
    }
    charts = [];
    var theme = (!printing && dark && dark.matches) ? 'dark' : null;
    var nodes = document.querySelectorAll('div[data-chart]');
    for (i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var src = document.getElementById(el.getAttribute('data-chart'));
      if (!src) {
        continue;
      }
      var height = parseInt(el.getAttribute('data-height'), 10);
      if (height > 0) {
        el.style.height = height + 'px';
      }
      var option = JSON.parse(src.textContent);
      var chart = echarts.init(el, theme, { renderer: 'svg' });
      chart.setOption(option);
      charts.push(chart);
    }
  }

  function resize() {
    for (var i = 0; i < charts.length; i++) {
      charts[i].resize();
    }
  }

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
    var closed = document.querySelectorAll('details:not([open])');
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
})();
