// Saving a published version for offline reading (issue 16): a progressive enhancement. Where the browser has
// service workers and the Cache API, it shows the button of #offline; the pages are fetched without cookies so
// the saved copy is the public one, and the date of the copy is kept with its list of pages.
(() => {
  const d = document, n = navigator, el = d.getElementById("offline");
  if (!el || !("serviceWorker" in n) || !window.caches) return;
  const D = el.dataset, button = d.createElement("button"), status = d.createElement("span");
  button.type = "button";
  status.setAttribute("role", "status");
  const show = (saved) => {
    button.textContent = saved ? D.update : D.save;
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
  caches.match(D.manifest).then((r) => r && r.json()).then((list) => {
    show(list && list.saved);
    el.prepend(button, " ");
    el.append(status);
    el.hidden = false;
  });
})();
