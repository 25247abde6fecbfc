// The import review: focusing a resolution highlights the part of the source it was read from.
(function () {
  const source = document.getElementById("source");
  if (!source) return;
  function focus(index, scroll) {
    source.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
    document.querySelectorAll(".draft-item.active").forEach((d) => d.classList.remove("active"));
    const mark = document.getElementById("src-" + index);
    const item = document.getElementById("item-" + index);
    if (mark) { mark.classList.add("active"); if (scroll) mark.scrollIntoView({ block: "center" }); }
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
