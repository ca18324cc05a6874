// Copy buttons on static pages (the virtual account number): <button data-copy-target="id">.
// One delegated listener, so it works on pages rendered with or without a Blazor circuit.
document.addEventListener("click", async event => {
    const button = event.target.closest("button[data-copy-target]");
    if (!button) {
        return;
    }
    const source = document.getElementById(button.dataset.copyTarget);
    if (!source) {
        return;
    }
    const text = source.textContent.trim();
    try {
        await navigator.clipboard.writeText(text);
    } catch {
        // No clipboard permission (plain http, old browser): select the text so a long press copies it.
        const range = document.createRange();
        range.selectNodeContents(source);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        return;
    }
    const label = button.textContent;
    button.textContent = button.dataset.copiedText || label;
    button.setAttribute("aria-live", "polite");
    setTimeout(() => { button.textContent = label; }, 2000);
});
