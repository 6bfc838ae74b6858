/* Measures a poster's print page: every text box (`data-part`) that overflows, by
   how much in mm, and the resolution of every image (`data-image`). An expression: a
   function of the document, run by `chyrak pdf` before printing and by the poster
   board of `chyrak serve` on each poster it shows. */
(document) => {
  const mm = px => px * 25.4 / 96;
  const overflows = [];
  for (const box of document.querySelectorAll('[data-part]')) {
    const fit = box.querySelector(':scope > .fit');
    const dy = fit ? fit.getBoundingClientRect().height - box.clientHeight : box.scrollHeight - box.clientHeight;
    const dx = fit ? fit.scrollWidth - fit.clientWidth : box.scrollWidth - box.clientWidth;
    const over = Math.max(dy, dx);
    if (over > 1) overflows.push({ part: box.dataset.part, mm: mm(over) });
  }
  const images = [];
  for (const img of document.querySelectorAll('img[data-image]')) {
    const r = img.getBoundingClientRect();
    if (!img.naturalWidth || !r.width || !r.height) continue;
    const scale = Math.max(r.width / img.naturalWidth, r.height / img.naturalHeight);
    images.push({ name: img.dataset.image, dpi: 96 / scale });
  }
  return { overflows, images };
}
