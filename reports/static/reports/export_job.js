// Follow an export job without reloading the page; the meta refresh remains
// the fallback when scripts are off.
(function () {
  var box = document.getElementById("export-job");
  if (!box) return;
  var bar = box.querySelector("progress");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
        if (data.status === "queued" || data.status === "running") {
          setTimeout(poll, 1500);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1500);
})();
