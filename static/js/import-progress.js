// Keeps an import's progress up to date without reloading, then reloads once the work is done.
// Without JavaScript the page offers a "Check again" link instead.
const box = document.querySelector("[data-status-url]");
if (box) {
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-status-text]");
  const check = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const status = await response.json();
        if (!status.working) {
          window.location.reload();
          return;
        }
        if (status.total) {
          bar.max = status.total;
          bar.value = status.done;
        }
        text.textContent = status.message;
      }
    } catch {
      // A dropped connection: try again at the next tick.
    }
    window.setTimeout(check, 1500);
  };
  window.setTimeout(check, 1000);
}
