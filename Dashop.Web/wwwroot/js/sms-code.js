// "Send code" button: asks for a code, counts down, and follows the delivery until it is sent or fails.
(function () {
    const button = document.getElementById('send-code');
    if (!button) return;
    const form = button.closest('form');
    const status = document.getElementById('sms-status');
    const phone = form.querySelector('input[name="Phone"]');
    const token = form.querySelector('input[name="__RequestVerificationToken"]').value;
    let timer = null;

    function show(text, ok) {
        status.textContent = text || '';
        status.className = 'small mt-1 ' + (ok ? 'text-success' : 'text-danger');
    }

    function countdown(seconds) {
        clearInterval(timer);
        let left = seconds;
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
})();
