// Draw the lifecycle diagram where Mermaid is installed; the table alone tells it otherwise.
if (window.mermaid) {
  document.getElementById("lifecycle-figure").hidden = false;
  window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  window.mermaid.run({ querySelector: "pre.mermaid" });
}
