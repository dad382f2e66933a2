/*
 * The overview page (overview.html): every page of the table (sitebuild/pages.py, via the shell)
 * in its group, as a card with its picture (a small screenshot, with a text alternative) and the
 * one line it answers. For tests: window.overview = {ready, pages()} (pages: the ids shown).
 */
import {GROUPS, PAGES} from "../shell/nav.js";

function card(page) {
  const link = document.createElement("a");
  link.className = "overview-card";
  link.href = page.file;
  if (page.picture) {
    const img = document.createElement("img");
    img.src = page.picture;
    img.width = 240;
    img.height = 150;
    img.alt = page.alt || "The " + page.label + " page";
    img.decoding = "async";
    link.appendChild(img);
  }
  const name = document.createElement("h3");
  name.textContent = page.label;
  const question = document.createElement("p");
  question.textContent = page.question;
  link.append(name, question);
  const item = document.createElement("li");
  item.appendChild(link);
  return item;
}

function render(root) {
  const shown = [];
  for (const group of GROUPS) {
    const members = PAGES.filter((p) => p.group === group.id);
    if (!members.length) continue;
    const section = document.createElement("section");
    section.className = "overview-group";
    const heading = document.createElement("h2");
    heading.id = "group-" + group.id;
    heading.textContent = group.title;
    section.setAttribute("aria-labelledby", heading.id);
    const list = document.createElement("ul");
    list.className = "overview-cards";
    for (const page of members) {
      list.appendChild(card(page));
      shown.push(page.id);
    }
    section.append(heading, list);
    root.appendChild(section);
  }
  return shown;
}

const shown = render(document.getElementById("overview-groups"));
const pictures = Array.from(document.querySelectorAll(".overview-card img"), (img) => img.decode().catch(() => null));
window.overview = {ready: Promise.all(pictures).then(() => true), pages: () => shown.slice()};
