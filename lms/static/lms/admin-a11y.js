// Wagtail's tag field (jQuery tag-it) hides the labelled input and types into
// one of its own, which has no label: screen readers announce "edit text".
// Give that input the label of the field it stands for.
(() => {
  const labelTagInputs = (root) => {
    root.querySelectorAll("ul.tagit input:not([aria-labelledby])").forEach((input) => {
      const field = input.closest("ul.tagit").previousElementSibling;
      const label = field && field.id && document.querySelector(`label[for="${field.id}"]`);
      if (!label) return;
      label.id = label.id || `${field.id}-label`;
      input.setAttribute("aria-labelledby", label.id);
    });
  };
  const start = () => {
    labelTagInputs(document);
    new MutationObserver(() => labelTagInputs(document)).observe(document.body, {
      childList: true,
      subtree: true,
    });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
