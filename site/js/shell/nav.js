/*
 * The site's pages and its shared navigation: one table, so a new page is one row.
 * A page that does not exist yet has href null and shows as a disabled "coming" item,
 * never as a dead link. Importing this module fills every <nav data-site-nav> element;
 * the page names itself with data-current="<page id>".
 */
import {offline, registerOffline} from "./offline.js";

export const PAGES = Object.freeze([
  {id: "playground", title: "Playground", href: "index.html"},
  {id: "models", title: "Models", href: "models.html"},
  {id: "landscapes", title: "Landscapes", href: "landscapes.html"},
  {id: "relevance", title: "Relevance", href: "relevance.html"},
  {id: "units", title: "Units", href: "units.html"},
  {id: "dynamics", title: "Training", href: "dynamics.html"},
  {id: "clusters", title: "Clusters", href: "clusters.html"},
  {id: "gan", title: "GAN", href: "gan.html"},
]);

/** Fill `nav` with one item per page; the current page is marked aria-current="page". */
export function renderNav(nav, current) {
  const list = document.createElement("ul");
  for (const page of PAGES) {
    const item = document.createElement("li");
    if (page.href) {
      const link = document.createElement("a");
      link.href = page.href;
      link.textContent = page.title;
      if (page.id === current) link.setAttribute("aria-current", "page");
      item.appendChild(link);
    } else {
      const soon = document.createElement("span");
      soon.className = "nav-coming";
      soon.setAttribute("aria-disabled", "true");
      soon.title = page.title + ": coming soon";
      soon.textContent = page.title;
      const badge = document.createElement("small");
      badge.textContent = " (coming)";
      soon.appendChild(badge);
      item.appendChild(soon);
    }
    list.appendChild(item);
  }
  nav.replaceChildren(list);
  if (!nav.hasAttribute("aria-label")) nav.setAttribute("aria-label", "Pages");
}

for (const nav of document.querySelectorAll("nav[data-site-nav]")) renderNav(nav, nav.dataset.current);

// Every page registers the offline cache (shell/offline.js) once it has loaded.
window.pyplaygroundOffline = offline;
if (document.readyState === "complete") registerOffline();
else window.addEventListener("load", () => registerOffline());
