// "Send code" button: asks for a code, counts down the time the server says is left (kept in sessionStorage, so a
// reload or a refused post does not reset it), moves the focus to the code field, and follows the delivery.
(function () {
    const button = document.getElementById('send-code');
    if (!button) return;
    const form = button.closest('form');
    const status = document.getElementById('sms-status');
    const phone = form.querySelector('input[name="Phone"]');
    const token = form.querySelector('input[name="__RequestVerificationToken"]').value;
    const code = button.closest('.input-group').querySelector('input');
    const key = 'dashop.sms-cooldown.' + (button.dataset.purpose || 'register');
    let timer = null;

    function show(text, ok) {
        status.textContent = text || '';
        status.className = 'small mt-1 ' + (ok ? 'text-success' : 'text-danger');
    }

    function countdown(seconds) {
        clearInterval(timer);
        let left = seconds;
        try { sessionStorage.setItem(key, JSON.stringify({ until: Date.now() + seconds * 1000, phone: phone.value })); } catch (e) { }
        button.disabled = true;
        button.textContent = button.dataset.countdown.replace('{0}', left);
        timer = setInterval(function () {
            left -= 1;
            if (left <= 0) return reset();
            button.textContent = button.dataset.countdown.replace('{0}', left);
        }, 1000);
    }

    function reset() {
        clearInterval(timer);
        try { sessionStorage.removeItem(key); } catch (e) { }
        button.disabled = false;
        button.textContent = button.dataset.label;
    }

    async function follow(id) {
        for (let i = 0; i < 60; i++) {
            await new Promise(function (r) { setTimeout(r, i < 5 ? 1000 : 3000); });
            const response = await fetch(button.dataset.statusUrl + id, { headers: { 'Accept': 'application/json' } });
            if (!response.ok) return;
            const body = await response.json();
            if (body.status === 'sent') return show(button.dataset.sent, true);
            if (body.status === 'failed') { reset(); return show(body.message, false); }
        }
    }

    button.addEventListener('click', async function () {
        show(button.dataset.sending, true);
        // The button disables itself: the focus goes to where the code is typed, not to <body>.
        code.focus();
        button.disabled = true;
        try {
            const response = await fetch(button.dataset.url, {
                method: 'POST',
                headers: { 'RequestVerificationToken': token, 'Content-Type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams(button.dataset.purpose ? { phone: phone.value, purpose: button.dataset.purpose } : { phone: phone.value })
            });
            const body = await response.json();
            if (!body.ok) {
                show(body.message, false);
                if (body.cooldownSeconds > 0) countdown(body.cooldownSeconds); else reset();
                return;
            }
            show(body.message, true);
            countdown(body.cooldownSeconds);
            follow(body.deliveryId);
        } catch (e) {
            show(button.dataset.failed, false);
            reset();
        }
    });

    // A countdown started before a reload or a refused post goes on with the time that is really left.
    try {
        const saved = JSON.parse(sessionStorage.getItem(key) || 'null');
        const left = saved ? Math.ceil((saved.until - Date.now()) / 1000) : 0;
        if (left > 0 && (!phone.value || phone.value === saved.phone)) {
            if (!phone.value) phone.value = saved.phone;
            countdown(left);
        } else if (saved) {
            sessionStorage.removeItem(key);
        }
    } catch (e) { }
})();
