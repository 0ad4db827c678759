using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Infrastructure.Security;

/// <summary>
/// The security stamp of this request's session, checked against the database now (spec §18). The cookie middleware
/// checks it only once a <c>ValidationInterval</c> (a minute): a session from before "sign out everywhere" or a password
/// change would otherwise still work until then. Sensitive requests ask here first.
/// </summary>
public static partial class SessionStamp
{
    public const string EndedMessage = "Your session has ended; please sign in again.";

    /// <summary>
    /// True when the request's session is signed in but its stamp is no longer the account's (or the account is gone):
    /// then the session is signed out here. False for a current session, and for nobody signed in.
    /// </summary>
    public static async Task<bool> EndIfStaleAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true)
            return false;
        var signIn = context.RequestServices.GetRequiredService<SignInManager<DashopUser>>();
        if (await signIn.ValidateSecurityStampAsync(context.User) is not null)
            return false;
        await signIn.SignOutAsync();
        LogEnded(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionStamp)), context.Request.Path);
        return true;
    }

    /// <summary>Where an ended session goes: /login, told why.</summary>
    public static IActionResult ToLogin(HttpContext context)
    {
        var tempData = context.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context);
        tempData["FlashError"] = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()[EndedMessage].Value;
        // Saved here: a filter that stops the request before the action skips the filter that would save it.
        tempData.Save();
        return new RedirectResult("/login");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A session whose security stamp changed asked for {Path}: signed out, nothing done")]
    private static partial void LogEnded(ILogger logger, string path);
}
