using MimeKit;

namespace Dashop.Web.Features.Activation;

/// <summary>The activation e-mail in its reader's language, with HTML and plain-text parts.</summary>
public static class ActivationEmail
{
    public static MimeMessage Create(string fromName, string fromAddress, string to, string userName, string link, int validDays, EmailText t) =>
        AccountEmail.Create(fromName, fromAddress, to, userName,
            t["Confirm your Dashop e-mail address"],
            t["Hello {0},", userName],
            [t["Please confirm your e-mail address by opening this link (valid for {0} days):", validDays]],
            (t["Confirm e-mail address"], link, "activation-link"),
            t["If you did not create a Dashop account, you can ignore this e-mail."]);
}
