using Dashop.Web.Features.Activation;
using MimeKit;

namespace Dashop.Web.Features.PasswordReset;

/// <summary>The reset link e-mail in its reader's language, with HTML and plain-text parts.</summary>
public static class PasswordResetEmail
{
    public static MimeMessage Create(string fromName, string fromAddress, string to, string userName, string link, int validMinutes, EmailText t) =>
        AccountEmail.Create(fromName, fromAddress, to, userName,
            t["Reset your Dashop password"],
            t["Hello {0},", userName],
            [t["Someone asked to reset the password of your Dashop account {0}. Open this link to choose a new one (valid for {1} minutes, once):", userName, validMinutes]],
            (t["Choose a new password"], link, "reset-link"),
            t["If you did not ask for this, ignore this e-mail: your password stays as it is."]);
}
