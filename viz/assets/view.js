/* aftalegraf view: legend, search, filters and chain highlighting over pyvis' vis DataSets.
 *
 * pyvis' template leaves the globals `network`, `nodes` and `edges` (vis.DataSet) behind; everything
 * here works on them, so nothing is reloaded. Filters hide (the `hidden` flag); search and a click
 * dim the rest (our `dimmed` flag, with the colours swapped). A follow-up edge runs later → earlier;
 * a chain is a commitment with everything it follows up and everything following it up, transitively.
 */
(function () {
  "use strict";

  var DIM_NODE = { background: "rgba(209,213,219,0.35)", border: "rgba(209,213,219,0.35)" };
  var DIM_FONT = { color: "rgba(120,120,120,0.25)" };
  var DIM_EDGE = { color: "rgba(200,200,200,0.10)", highlight: "rgba(200,200,200,0.10)" };
  var FILTERS = ["area", "party", "type", "status", "year"];

  var original = {};
  var originalEdge = {};
  var earlier = {};
  var later = {};
  var commitmentIds = [];
  var nodeById = {};

  nodes.forEach(function (n) {
    original[n.id] = { color: n.color, font: n.font };
    nodeById[n.id] = n;
    if (n.kind === "commitment") commitmentIds.push(n.id);
  });
  var followUpEdges = [];
  var dimmedEdges = {};
  edges.forEach(function (e) {
    if (e.kind === "follow-up") {
      originalEdge[e.id] = e.color;
      followUpEdges.push({ id: e.id, from: e.from, to: e.to });
      (earlier[e.from] = earlier[e.from] || []).push(e.to);
      (later[e.to] = later[e.to] || []).push(e.from);
    }
  });

  var state = { filters: {}, focus: null, hidden: {} };

  function walk(start, next, into) {
    var stack = [start];
    while (stack.length) {
      var id = stack.pop();
      var step = next[id] || [];
      for (var i = 0; i < step.length; i++) {
        if (!into.has(step[i])) {
          into.add(step[i]);
          stack.push(step[i]);
        }
      }
    }
  }

  function chainOf(id) {
    var chain = new Set([id]);
    walk(id, earlier, chain);
    walk(id, later, chain);
    return chain;
  }

  function passes(n) {
    var f = state.filters;
    if (f.year && String(n.year) !== f.year) return false;
    if (n.kind !== "commitment") return true;
    if (f.area && n.area !== f.area) return false;
    if (f.type && n.type !== f.type) return false;
    if (f.party && n.parties.indexOf(f.party) < 0) return false;
    if (f.status && n.statuses.indexOf(f.status) < 0) return false;
    return true;
  }

  function visibleIds(kind) {
    return nodes.getIds({ filter: function (n) { return !n.hidden && (!kind || n.kind === kind); } });
  }

  function focusedIds() {
    return nodes.getIds({ filter: function (n) { return n.kind === "commitment" && !n.dimmed; } });
  }

  /* One pass over the nodes, updating only those whose state changed (each update costs vis a
   * setOptions call). vis-network never draws an edge whose end is hidden, so filters touch no edge;
   * a focus dims the follow-up edges outside it (membership edges are faint already). */
  function render() {
    var focus = state.focus;
    var focusAgreements = null;
    if (focus) {
      focusAgreements = new Set();
      focus.forEach(function (id) { if (nodeById[id]) focusAgreements.add(nodeById[id].agreement); });
    }
    var nodeChanges = [];
    var hidden = {};
    nodes.forEach(function (n) {
      var hide = !passes(n);
      var dim = false;
      if (focus) dim = n.kind === "commitment" ? !focus.has(n.id) : !focusAgreements.has(n.id);
      hidden[n.id] = hide;
      var change = null;
      if (Boolean(n.hidden) !== hide) change = { id: n.id, hidden: hide };
      if (Boolean(n.dimmed) !== dim) {
        change = change || { id: n.id };
        change.dimmed = dim;
        change.color = dim ? DIM_NODE : original[n.id].color;
        change.font = dim ? Object.assign({}, original[n.id].font, DIM_FONT) : original[n.id].font;
      }
      if (change) nodeChanges.push(change);
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    var edgeChanges = [];
    followUpEdges.forEach(function (e) {
      var dim = Boolean(focus) && !(focus.has(e.from) && focus.has(e.to));
      if (Boolean(dimmedEdges[e.id]) !== dim) {
        dimmedEdges[e.id] = dim;
        edgeChanges.push({ id: e.id, color: dim ? DIM_EDGE : originalEdge[e.id] });
      }
    });
    if (edgeChanges.length) edges.update(edgeChanges);
    state.hidden = hidden;
    count();
  }

  function count() {
    var shown = visibleIds("commitment").length;
    var text = "Showing " + shown + " of " + commitmentIds.length + " commitments";
    if (state.focus) text += " · " + state.focusLabel;
    document.getElementById("count").textContent = text;
  }

  var details = document.getElementById("details");
  function setFocus(ids, label, node) {
    state.focus = ids;
    state.focusLabel = label;
    details.hidden = !node;
    document.getElementById("details-text").textContent = node ? node.hover : "";
    render();
  }

  function clearFocus() {
    if (!state.focus) return;
    network.unselectAll();
    setFocus(null, "");
  }

  /* Search: every word (case-blind) must occur in the commitment's text or headings. */
  function search(query) {
    var words = query.toLocaleLowerCase("da").normalize("NFC").split(/\s+/).filter(Boolean);
    if (!words.length) {
      clearFocus();
      return;
    }
    var found = new Set();
    nodes.forEach(function (n) {
      if (n.kind !== "commitment" || state.hidden[n.id]) return;
      var haystack = n.search.normalize("NFC");
      for (var i = 0; i < words.length; i++) if (haystack.indexOf(words[i]) < 0) return;
      found.add(n.id);
    });
    setFocus(found, found.size + " match" + (found.size === 1 ? "" : "es") + " for “" + query.trim() + "”");
  }

  FILTERS.forEach(function (name) {
    var select = document.getElementById("filter-" + name);
    select.addEventListener("change", function () {
      state.filters[name] = select.value;
      render();
    });
  });

  var searchBox = document.getElementById("search");
  var pending = null;
  searchBox.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { search(searchBox.value); }, 120);
  });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(pending);
      search(searchBox.value);
      if (state.focus && state.focus.size) network.fit({ nodes: Array.from(state.focus), animation: false });
    }
  });

  document.getElementById("reset").addEventListener("click", function () {
    FILTERS.forEach(function (name) { document.getElementById("filter-" + name).value = ""; });
    state.filters = {};
    searchBox.value = "";
    network.unselectAll();
    setFocus(null, "");
    network.fit({ animation: false });
  });

  var legend = document.getElementById("legend");
  document.getElementById("legend-toggle").addEventListener("click", function (event) {
    var collapsed = legend.classList.toggle("collapsed");
    event.target.setAttribute("aria-expanded", String(!collapsed));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      searchBox.value = "";
      clearFocus();
    }
  });

  network.on("click", function (params) {
    if (params.nodes.length) {
      var n = nodeById[params.nodes[0]];
      if (n.kind === "commitment") {
        var chain = chainOf(n.id);
        setFocus(chain, "chain of " + n.id + ": " + chain.size + " commitment" + (chain.size === 1 ? "" : "s"), n);
      } else {
        var members = new Set(nodes.getIds({ filter: function (m) { return m.agreement === n.id; } }));
        setFocus(members, n.id + ": " + members.size + " commitments", n);
      }
    } else if (!params.edges.length) {
      clearFocus();
    }
  });

  /* Our own tooltip: vis-network's sets text without wrapping, and pyvis rewrites titles holding "href". */
  var tooltip = document.getElementById("tooltip");
  var canvasBox = document.getElementById("mynetwork");
  function showTooltip(text, pointer) {
    tooltip.textContent = text;
    tooltip.hidden = false;
    var box = canvasBox.getBoundingClientRect();
    var x = box.left + pointer.DOM.x + 14;
    var y = box.top + pointer.DOM.y + 14;
    var w = tooltip.offsetWidth;
    var h = tooltip.offsetHeight;
    if (x + w > window.innerWidth - 4) x = Math.max(4, box.left + pointer.DOM.x - w - 14);
    if (y + h > window.innerHeight - 4) y = Math.max(4, window.innerHeight - h - 4);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }
  network.on("hoverNode", function (params) { showTooltip(nodes.get(params.node).hover, params.pointer); });
  network.on("hoverEdge", function (params) {
    var e = edges.get(params.edge);
    if (e.hover) showTooltip(e.hover, params.pointer);
  });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  window.aftalegraf = {
    chainOf: function (id) { return Array.from(chainOf(id)).sort(); },
    focused: function () { return focusedIds().sort(); },
    visible: function (kind) { return visibleIds(kind).sort(); },
    counts: function () { return { nodes: nodes.length, edges: edges.length }; },
  };

  count();
  network.once("afterDrawing", function () {
    window.aftalegrafReadyMs = performance.now();
    window.aftalegrafReady = true;
    document.documentElement.setAttribute("data-ready", "true");
  });
  network.redraw();
})();
