// The error summary of a refused post takes the focus (a screen reader reads it); its links move the focus to the field.
(function () {
    const summary = document.getElementById('form-errors');
    if (!summary) return;
    summary.focus();
    summary.addEventListener('click', function (event) {
        const link = event.target.closest('a[href^="#"]');
        if (!link) return;
        const field = document.getElementById(link.getAttribute('href').slice(1));
        if (!field) return;
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: 'center' });
    });
})();
