// Admin health page: every 10 s, fetches the page's content and swaps it in place (no reload, no flicker).
(function () {
    const content = document.getElementById('health-content');
    if (!content) return;
    const note = document.getElementById('health-refresh');
    const every = (parseInt(content.dataset.refreshSeconds, 10) || 10) * 1000;
    let busy = false;

    function pause() {
        if (note) note.textContent = note.dataset.paused;
    }

    async function refresh() {
        if (busy || document.visibilityState === 'hidden') return schedule();
        busy = true;
        try {
            // X-Requested-With: a signed-out session gets 401 instead of the login page.
            const response = await fetch(content.dataset.refreshUrl, {
                headers: { 'Accept': 'text/html', 'X-Requested-With': 'XMLHttpRequest' },
                cache: 'no-store',
                credentials: 'same-origin',
            });
            if (response.status === 401 || response.status === 403) return pause();
            if (response.ok) content.innerHTML = await response.text();
        } catch (e) {
            // The server is restarting or the network is away: keep what is shown and try again.
        } finally {
            busy = false;
        }
        schedule();
    }

    function schedule() {
        setTimeout(refresh, every);
    }

    schedule();
})();
