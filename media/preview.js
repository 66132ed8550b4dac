// The cascade webview's only script (loaded with the page's nonce). It swaps in the HTML the
// extension renders, keeps which sections are open, and asks the extension to reveal a line.
// It never evaluates anything it receives and adds no inline handlers.
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('root');
  const status = document.getElementById('status');
  if (!root) return;
  const saved = vscode.getState();
  /** @type {{ open: Record<string, boolean> }} Only the sections the user toggled; the rest keep the renderer's default. */
  const state = { open: saved && typeof saved.open === 'object' && saved.open ? saved.open : {} };

  function restore() {
    for (const details of root.querySelectorAll('details[data-key]')) {
      const key = details.getAttribute('data-key');
      if (key !== null && Object.prototype.hasOwnProperty.call(state.open, key)) details.open = state.open[key] === true;
    }
  }

  root.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const button = target && target.closest('button.reveal');
    if (button && root.contains(button)) {
      // A title inside a <summary> reveals its line instead of folding the section.
      event.preventDefault();
      vscode.postMessage({ type: 'reveal', uri: button.getAttribute('data-uri'), line: Number(button.getAttribute('data-line')) });
      return;
    }
    const summary = target && target.closest('summary');
    const details = summary && summary.parentElement;
    if (details instanceof HTMLDetailsElement && details.hasAttribute('data-key') && root.contains(details)) {
      // The click runs before the toggle, so the new state is the opposite of the current one.
      state.open[/** @type {string} */ (details.getAttribute('data-key'))] = !details.open;
      vscode.setState(state);
    }
  });

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || message.type !== 'update' || typeof message.html !== 'string' || typeof message.version !== 'number') return;
    // Replace the content in one step (no flash) and reopen what the user had open.
    root.innerHTML = message.html;
    restore();
    // Announce what is shown when it changes (a new unit, a notice), not on every keystroke.
    const label = typeof message.label === 'string' ? message.label : '';
    if (status && status.textContent !== label) status.textContent = label;
    vscode.postMessage({ type: 'rendered', version: message.version });
  });

  restore();
  vscode.postMessage({ type: 'ready' });
})();
