// Admin health page: every 10 s, fetches the page's content and swaps it in place (no reload, no flicker).
(function () {
    const content = document.getElementById('health-content');
    if (!content) return;
    const note = document.getElementById('health-refresh');
    const announcement = document.getElementById('health-announcement');
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
            if (response.ok) {
                const before = content.querySelector('#health-status')?.dataset.status;
                content.innerHTML = await response.text();
                // Only a short status line is announced (aria-live), and only when the overall status changed.
                const status = content.querySelector('#health-status');
                if (announcement && status && status.dataset.status !== before) announcement.textContent = status.textContent.trim();
            }
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
