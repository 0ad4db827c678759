// What shoppers expect beside two kinds of field (§19). A password field gets a show/hide button: the field's type
// flips and aria-pressed says which; a form is always sent with its passwords hidden again, so that no browser keeps
// them as plain text. A phone field shows the +86 it is read with. The words come from the page (<body data-*>), in its
// language.
(function () {
    const words = document.body.dataset;
    function wrap(field, before, after) {
        const group = document.createElement('div');
        group.className = 'input-group';
        field.parentNode.insertBefore(group, field);
        if (before) group.appendChild(before);
        group.appendChild(field);
        if (after) group.appendChild(after);
    }
    document.querySelectorAll('input[type=password][id]').forEach(function (field) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'btn btn-outline-secondary password-toggle';
        button.id = field.id + '-toggle';
        button.textContent = words.showLabel || 'Show';
        button.setAttribute('aria-label', words.showPasswordLabel || 'Show password');
        button.setAttribute('aria-controls', field.id);
        button.setAttribute('aria-pressed', 'false');
        wrap(field, null, button);
    });
    document.querySelectorAll('input[type=tel]').forEach(function (field) {
        const prefix = document.createElement('span');
        prefix.className = 'input-group-text';
        prefix.setAttribute('aria-hidden', 'true');
        prefix.textContent = '+86';
        wrap(field, prefix, null);
    });
    document.addEventListener('click', function (event) {
        const button = event.target.closest('button.password-toggle');
        if (!button) return;
        const field = document.getElementById(button.getAttribute('aria-controls'));
        if (!field) return;
        const show = field.type === 'password';
        field.type = show ? 'text' : 'password';
        button.setAttribute('aria-pressed', show ? 'true' : 'false');
    });
    document.addEventListener('submit', function (event) {
        event.target.querySelectorAll('button.password-toggle[aria-pressed="true"]').forEach(function (button) {
            const field = document.getElementById(button.getAttribute('aria-controls'));
            if (field) field.type = 'password';
            button.setAttribute('aria-pressed', 'false');
        });
    }, true);
})();
