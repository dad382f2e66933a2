/* A live region of dismissible messages: bad URL settings, divergence, engine errors. */
export class Notices {
  constructor(root) {
    this.root = root;
  }

  /** Show `message`; `action` ({label, run}) adds a button that runs it and dismisses the notice. */
  show(message, kind = "info", action = null) {
    const item = document.createElement("div");
    item.className = "notice notice-" + kind;
    item.setAttribute("role", kind === "info" ? "status" : "alert");
    const text = document.createElement("span");
    text.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "notice-close";
    close.setAttribute("aria-label", "Dismiss message");
    close.textContent = "×";
    close.addEventListener("click", () => item.remove());
    item.append(text);
    if (action) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "notice-action";
      button.textContent = action.label;
      button.addEventListener("click", () => { item.remove(); action.run(); });
      item.append(button);
    }
    item.append(close);
    this.root.appendChild(item);
    while (this.root.children.length > 5) this.root.firstChild.remove();
  }

  messages() {
    return Array.from(this.root.querySelectorAll(".notice span"), (s) => s.textContent);
  }
}
