/*
 * The page shell: every page's header (the site's name and its navigation), icon and manifest,
 * written once here. A page's HTML keeps only what must be there before any script runs (charset,
 * viewport, its CSP <meta>, title and stylesheets) and an empty <header class="top-bar not-embed"
 * data-shell-header> (a page may put its own items in it, e.g. the playground's engine box: the
 * shell puts the name and the navigation before them). Importing this module fills the header.
 *
 * The navigation is drawn from the table of pages (sitebuild/pages.py, generated as
 * js/generated/pages.js with only the pages that exist): the pages in their groups, the current
 * one marked aria-current="page". Where the header has no room for them on one line (a phone, or
 * more pages than fit beside a page's own header items), the groups fold into a menu behind one
 * button (aria-expanded; Escape or a click elsewhere closes it): measured, not guessed from a
 * breakpoint, so a new page never wraps the header.
 */
import {GROUPS, PAGES} from "../generated/pages.js";
import {offline, registerOffline} from "./offline.js";

export {GROUPS, PAGES};
export const SITE_NAME = "pyplayground";
const HEAD_LINKS = [{rel: "icon", href: "favicon.svg", type: "image/svg+xml"}, {rel: "manifest", href: "app.webmanifest"}];

/** The id of the page at `path` (a URL path; "" and "/" are the playground), or null if not in the table. */
export function pageAt(path) {
  const file = String(path).split("/").pop() || "index.html";
  const page = PAGES.find((p) => p.file === file);
  return page ? page.id : null;
}

function pageList(pages, current) {
  const list = document.createElement("ul");
  for (const page of pages) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = page.file;
    link.textContent = page.label;
    link.title = page.question;
    if (page.id === current) link.setAttribute("aria-current", "page");
    item.appendChild(link);
    list.appendChild(item);
  }
  return list;
}

/**
 * Fill `nav` with the menu button and the pages of `pages` in `groups` (a page whose group is null
 * comes last, on its own); `current` (a page id) is marked. Returns `nav`.
 */
export function renderNav(nav, current, pages = PAGES, groups = GROUPS) {
  const menu = document.createElement("div");
  menu.className = "nav-menu";
  menu.id = "site-nav-menu";
  for (const group of groups) {
    const members = pages.filter((p) => p.group === group.id);
    if (!members.length) continue;
    const box = document.createElement("div");
    box.className = "nav-group";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", group.title);
    const label = document.createElement("span");
    label.className = "nav-group-label";
    label.setAttribute("aria-hidden", "true"); // the group's name is its aria-label
    label.textContent = group.label;
    box.append(label, pageList(members, current));
    menu.appendChild(box);
  }
  const solo = pages.filter((p) => !groups.some((g) => g.id === p.group));
  if (solo.length) {
    const box = document.createElement("div");
    box.className = "nav-group nav-solo";
    box.appendChild(pageList(solo, current));
    menu.appendChild(box);
  }
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "nav-toggle";
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", menu.id);
  const icon = document.createElement("span");
  icon.className = "nav-toggle-icon";
  icon.setAttribute("aria-hidden", "true");
  toggle.append(icon, "Pages");
  nav.replaceChildren(toggle, menu);
  nav.classList.add("site-nav");
  if (!nav.hasAttribute("aria-label")) nav.setAttribute("aria-label", "Pages");
  wireMenu(nav, toggle);
  return nav;
}

function wireMenu(nav, toggle) {
  const setOpen = (open, focusToggle = false) => {
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
    if (!open && focusToggle) toggle.focus();
  };
  // A disclosure: focus stays on the button; Tab goes on into the open menu.
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  nav.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && nav.classList.contains("open")) {
      event.stopPropagation();
      setOpen(false, true);
    }
  });
  document.addEventListener("click", (event) => {
    if (nav.classList.contains("open") && !nav.contains(event.target)) setOpen(false);
  });
  nav.addEventListener("focusout", (event) => {
    if (nav.classList.contains("open") && event.relatedTarget && !nav.contains(event.relatedTarget)) setOpen(false);
  });
}

/** Whether `header`'s items, or the links in `nav`, take more than one line. */
function crowded(header, nav) {
  const items = Array.from(header.children, (el) => el.getBoundingClientRect()).filter((r) => r.height > 0);
  const links = Array.from(nav.querySelectorAll(".nav-menu a"), (a) => a.getBoundingClientRect().top);
  return items.some((r) => r.top >= items[0].bottom - 1) || Math.max(...links) - Math.min(...links) > 4;
}

/**
 * Fold `nav` into its menu when the links do not fit on the header's one line; unfold it when they
 * do. Measures the unfolded layout (one forced reflow, before the next paint: nothing flashes).
 */
export function fitNav(header, nav) {
  if (!header.getClientRects().length) return; // hidden (embed mode): nothing to fit
  const wasFolded = nav.classList.contains("folded");
  nav.classList.remove("folded");
  const fold = crowded(header, nav);
  nav.classList.toggle("folded", fold);
  if (!fold && wasFolded) {
    nav.classList.remove("open");
    nav.querySelector(".nav-toggle").setAttribute("aria-expanded", "false");
  }
}

/** Put the site's name and navigation at the start of `header` (its own items stay after them). */
export function renderHeader(header, current = pageAt(location.pathname)) {
  const title = document.createElement("h1");
  title.textContent = SITE_NAME;
  const nav = renderNav(document.createElement("nav"), current);
  header.prepend(title, nav);
  header.classList.add("top-bar");
  fitNav(header, nav);
  let pending = false;
  const refit = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; fitNav(header, nav); });
  };
  window.addEventListener("resize", refit);
  new ResizeObserver(refit).observe(header);
  return header;
}

function addHeadLinks() {
  for (const attrs of HEAD_LINKS) {
    if (document.head.querySelector('link[rel="' + attrs.rel + '"]')) continue;
    const link = document.createElement("link");
    Object.assign(link, attrs);
    document.head.appendChild(link);
  }
}

addHeadLinks();
for (const header of document.querySelectorAll("header[data-shell-header]")) renderHeader(header);

// Every page registers the offline cache (shell/offline.js) once it has loaded.
window.pyplaygroundOffline = offline;
if (document.readyState === "complete") registerOffline();
else window.addEventListener("load", () => registerOffline());
