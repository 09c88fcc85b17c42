// Follow archives being built: poll each one's status until it is ready.
(function () {
  function follow(item) {
    var label = item.querySelector(".archive-label");
    var bar = item.querySelector("progress");
    var link = item.querySelector(".archive-link");
    function poll() {
      fetch(item.dataset.statusUrl, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          label.textContent = state.label;
          bar.value = state.percent;
          if (state.status === "done") {
            link.hidden = false;
          } else if (state.status !== "failed") {
            setTimeout(poll, 1500);
          }
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    poll();
  }
  document.querySelectorAll(".archives li").forEach(function (item) {
    if (item.dataset.status === "queued" || item.dataset.status === "running") {
      follow(item);
    }
  });
})();
