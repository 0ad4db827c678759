namespace Dashop.Web.Tests.Browser;

/// <summary>
/// Every page a person can open, in one list: the layout, language and accessibility checks walk it, so a page added
/// later (say <c>/account/reauth</c>) is checked by adding one line here.
/// </summary>
public static class SitePages
{
    public sealed record SitePage(string Path, bool SignedIn)
    {
        /// <summary>A file name for the page's screenshot.</summary>
        public string Slug => (SignedIn ? "in" : "out") + "-" +
            new string(Path.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()).Trim('_') switch { "" => "home", var s => s };

        public override string ToString() => $"{Path} ({(SignedIn ? "signed in" : "signed out")})";
    }

    public static readonly IReadOnlyList<SitePage> All =
    [
        new("/", false),
        new("/register", false),
        new("/login", false),
        new("/login?method=password", false),
        new("/login?method=sms", false),
        new("/password/forgot", false),
        new("/password/reset?uid=nobody&token=wrong", false),
        new("/activate?uid=nobody&token=wrong", false),
        new("/account/email/confirm?uid=nobody&email=someone%40example.com&token=wrong", false),
        new("/access-denied", false),
        new("/error/404", false),
        new("/dev/inbox", false),
        new("/terms", false),
        new("/privacy", false),
        new("/", true),
        new("/account", true),
        new("/activate/resend", true),
        new("/admin/health", true),
        new("/access-denied", true),
        new("/error/404", true),
    ];

    /// <summary>A form, what its submit button is, and the fields an empty post of it must mark invalid (by id).</summary>
    public sealed record SiteForm(string Path, string Form, string Submit, bool SignedIn, params string[] Fields)
    {
        public override string ToString() => $"{Path} {Form}";
    }

    public static readonly IReadOnlyList<SiteForm> Forms =
    [
        new("/register", "#register-form", "#register-submit", false, "Username", "Password", "Email", "Phone", "Code", "TermsAccepted"),
        new("/login?method=password", "#login-form", "#login-submit", false, "Login", "Password"),
        new("/login?method=sms", "#sms-login-form", "#sms-login-submit", false, "Phone", "Code"),
        new("/password/forgot", "#reset-email-form", "#reset-email-submit", false, "Email"),
    ];
}
