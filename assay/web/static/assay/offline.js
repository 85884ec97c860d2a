// Saving a published version for offline reading (issue 16): a progressive enhancement. Where the browser has
// service workers and the Cache API, it shows the button of #offline; the pages are fetched without cookies so
// the saved copy is the public one, and the date of the copy is kept with its list of pages. A saved copy can be
// removed again (a cheap phone's storage is small).
(() => {
  const d = document, n = navigator, el = d.getElementById("offline");
  if (!el || !("serviceWorker" in n) || !window.caches) return;
  const D = el.dataset, button = d.createElement("button"), status = d.createElement("span");
  const remove = d.createElement("button");
  button.type = remove.type = "button";
  remove.textContent = D.remove;
  status.setAttribute("role", "status");
  const show = (saved) => {
    button.textContent = saved ? D.update : D.save;
    remove.hidden = !saved;
    if (!saved) return;
    const [before, after] = D.saved.split("%(date)s"), time = d.createElement("time"), when = new Date(saved);
    time.dateTime = when.toISOString().slice(0, 10);
    time.textContent = when.toLocaleDateString(d.documentElement.lang, {day: "numeric", month: "long", year: "numeric"});
    status.replaceChildren(before, time, after || "");
  };
  const get = async (url) => {
    const r = await fetch(url, {credentials: "omit", cache: "no-cache"});
    if (!r.ok) throw Error(url);
    return r;
  };
  button.onclick = async () => {
    button.disabled = true;
    status.textContent = D.saving;
    try {
      await n.serviceWorker.register(D.sw);
      const list = await (await get(D.manifest)).json(), cache = await caches.open(list.cache);
      await Promise.all(list.urls.map(async (url) => cache.put(url, await get(url))));
      list.saved = Date.now();
      await cache.put(D.manifest, new Response(JSON.stringify(list), {headers: {"Content-Type": "application/json"}}));
      await n.serviceWorker.ready;
      show(list.saved);
    } catch (e) {
      status.textContent = D.failed;
    }
    button.disabled = false;
  };
  remove.onclick = async () => {
    const list = await (await caches.match(D.manifest)).json();
    await caches.delete(list.cache);  // the pages and the list with its date: nothing of the copy is left
    show(null);
    status.textContent = D.removed;
  };
  caches.match(D.manifest).then((r) => r && r.json()).then((list) => {
    show(list && list.saved);
    el.prepend(button, " ", remove, " ");
    el.append(status);
    el.hidden = false;
  });
})();
