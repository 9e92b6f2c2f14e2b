import { h } from "./dom";

/**
 * Asks before a destructive action, in a modal of the page (not `window.confirm`, which blocks the page
 * and is awkward to drive in tests).
 */
export function confirmAction(message: string, action = "Delete"): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const dialog = h(
      "dialog",
      { class: "confirm", testid: "confirm-dialog" },
      h("p", {}, message),
      h(
        "div",
        { class: "actions" },
        h("button", { class: "ghost", testid: "confirm-cancel", onclick: () => done(false) }, "Cancel"),
        h("button", { class: "danger", testid: "confirm-ok", onclick: () => done(true) }, action),
      ),
    );
    // Escape closes the dialog without an answer: count it as "no".
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
