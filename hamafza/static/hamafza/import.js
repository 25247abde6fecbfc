// The import review: focusing a resolution highlights the part of the source it was read from.
(function () {
  const source = document.getElementById("source");
  if (!source) return;
  // Only the source pane scrolls to the passage: scrolling the page under the pointer (as
  // scrollIntoView does) moved a checkbox away between the press and the release, and the click missed.
  const pane = source.closest(".source-pane") || source;
  function reveal(mark) {
    if (pane.scrollHeight <= pane.clientHeight) return;
    const offset = mark.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTop += offset - pane.clientHeight / 2 + mark.offsetHeight / 2;
  }
  function focus(index, scroll) {
    source.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
    document.querySelectorAll(".draft-item.active").forEach((d) => d.classList.remove("active"));
    const mark = document.getElementById("src-" + index);
    const item = document.getElementById("item-" + index);
    if (mark) { mark.classList.add("active"); if (scroll) reveal(mark); }
    if (item) item.classList.add("active");
  }
  document.querySelectorAll(".draft-item").forEach((item) => {
    item.addEventListener("focusin", () => focus(item.dataset.item, true));
  });
  document.querySelectorAll(".show-source").forEach((link) => {
    link.addEventListener("click", (event) => { event.preventDefault(); focus(link.closest(".draft-item").dataset.item, true); });
  });
  source.querySelectorAll("mark").forEach((mark) => {
    mark.addEventListener("click", () => {
      focus(mark.dataset.item, false);
      const item = document.getElementById("item-" + mark.dataset.item);
      if (item) item.scrollIntoView({ block: "center" });
    });
  });
})();
