// SafeMekong pages: the live alert feed and the operation link chart. Everything else works
// without script; htmx (when the static bundle is installed) only makes forms quicker.
"use strict";

(function () {
  // Insert server-rendered HTML (escaped by the server's templates) at the top of a list.
  function prepend(container, html, keep) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    const item = template.content.firstElementChild;
    if (!item) return;
    item.classList.add("fresh");
    container.prepend(item);
    while (container.children.length > keep) container.lastElementChild.remove();
  }

  function liveFeed() {
    const alerts = document.querySelector("[data-stream]");
    if (!alerts || !("EventSource" in window)) return;
    const status = document.getElementById("stream-status");
    const reports = document.getElementById("recent-reports");
    const source = new EventSource(alerts.dataset.stream);
    source.addEventListener("open", function () {
      status.textContent = status.dataset.live;
      document.body.dataset.stream = "open";
    });
    source.addEventListener("error", function () {
      status.textContent = status.dataset.offline;
      document.body.dataset.stream = "reconnecting";
    });
    source.addEventListener("alert", function (event) {
      const empty = document.getElementById(alerts.dataset.empty);
      if (empty) empty.remove();
      prepend(alerts, JSON.parse(event.data).html, 50);
    });
    source.addEventListener("report", function (event) {
      if (reports) prepend(reports, JSON.parse(event.data).html, 20);
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  // Colours of node kinds: countries for reports, identifier types for identifiers.
  const COUNTRY_COLOURS = {
    CN: "#c0392b", TH: "#1f5fa8", VN: "#d4a017", KH: "#2e8b57", LA: "#8e44ad", MM: "#16a085",
    PH: "#e67e22", MY: "#34495e", SG: "#b03a6f", ID: "#7f8c8d",
  };
  const TYPE_COLOURS = {
    phone: "#2563eb", url: "#0f766e", domain: "#15803d", handle: "#9333ea", bank: "#b45309",
    wallet: "#dc2626", email: "#475569", image: "#db2777", document: "#0891b2",
  };

  function graphDetails(panel, node, box) {
    const data = node.data();
    panel.replaceChildren();
    const line = document.createElement("p");
    const title = document.createElement("strong");
    const link = document.createElement("a");
    if (data.group === "cluster") {
      title.textContent = data.agency + " · " + data.typology_label + " · " +
        box.dataset.clusterLabel.replace("{num}", String(data.reports));
    } else if (data.group === "report") {
      title.textContent = data.external_id + " · " + data.agency + " · " + data.typology_label + " ";
      if (data.report_id) {
        link.href = "/reports/" + data.report_id;
        link.textContent = box.dataset.reportLabel;
      }
    } else {
      title.textContent = data.kind_label + ": " + data.value + " (" + data.reports + ") ";
      link.href = "/search?" + new URLSearchParams({ q: data.value, type: data.kind });
      link.textContent = box.dataset.searchLabel;
    }
    line.append(title);
    if (link.href) line.append(link);
    panel.append(line);
  }

  // Force-directed layout up to LARGE_CHART nodes; beyond, its cost grows with the square of
  // the nodes, so rings by degree (the most linked in the middle) keep a big chart instant.
  const LARGE_CHART = 400;
  function chartLayout(nodes) {
    if (nodes <= LARGE_CHART) {
      return { name: "cose", animate: false, nodeRepulsion: function () { return 9000; },
        idealEdgeLength: function () { return 40; }, randomize: false };
    }
    return { name: "concentric", animate: false, minNodeSpacing: 4, avoidOverlap: false,
      concentric: function (node) { return node.degree(); },
      levelWidth: function () { return 2; } };
  }

  function linkChart() {
    const box = document.getElementById("graph");
    if (!box || !window.cytoscape) return;
    const panel = document.getElementById("graph-details");
    panel.textContent = box.dataset.loading;
    fetch(box.dataset.graph, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (elements) {
        panel.textContent = "";
        const cy = window.cytoscape({
          container: box,
          elements: elements.nodes.concat(elements.edges),
          wheelSensitivity: 0.3,
          style: [
            { selector: "node", style: { label: "data(label)", "font-size": 8, color: "#1b2430",
              "text-valign": "bottom", "text-margin-y": 2, "min-zoomed-font-size": 7 } },
            { selector: "node[group = 'report']", style: { shape: "round-rectangle", width: 16, height: 16,
              "background-color": function (n) { return COUNTRY_COLOURS[n.data("country")] || "#555"; } } },
            { selector: "node[group = 'identifier']", style: { shape: "ellipse",
              width: function (n) { return 8 + 4 * Math.min(n.data("reports"), 8); },
              height: function (n) { return 8 + 4 * Math.min(n.data("reports"), 8); },
              "background-color": function (n) { return TYPE_COLOURS[n.data("kind")] || "#555"; } } },
            { selector: "node[group = 'cluster']", style: { shape: "round-rectangle",
              width: function (n) { return 16 + 4 * Math.min(Math.sqrt(n.data("reports")), 16); },
              height: function (n) { return 16 + 4 * Math.min(Math.sqrt(n.data("reports")), 16); },
              "background-color": function (n) { return COUNTRY_COLOURS[n.data("country")] || "#555"; } } },
            { selector: "node[group = 'identifier'][reports < 2]", style: { label: "" } },
            { selector: "edge", style: { width: 1, "line-color": "#b8c2cc", "curve-style": "haystack" } },
            { selector: ":selected", style: { "border-width": 3, "border-color": "#f0a500" } },
          ],
          layout: chartLayout(elements.nodes.length),
        });
        cy.on("tap", "node", function (event) { graphDetails(panel, event.target, box); });
        if (elements.clustered) panel.textContent = box.dataset.clusteredNote;
        box.dataset.nodes = String(cy.nodes().length);
        box.dataset.ready = "true";
      })
      .catch(function () { panel.textContent = box.dataset.failed; });
  }

  function start() {
    liveFeed();
    linkChart();
  }
  // Deferred scripts (the libraries) have all run by DOMContentLoaded.
  if (document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
