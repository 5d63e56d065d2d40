// Draw the lifecycle diagram where Mermaid is installed; the text stays otherwise.
if (window.mermaid) {
  window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  window.mermaid.run({ querySelector: "pre.mermaid" });
}
