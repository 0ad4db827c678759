namespace Dashop.Web.Features.Sms;

/// <summary>
/// The one thing the SMS feature asks about accounts: whether a phone has one (login and reset codes go only there).
/// Sms owns the question; the account feature answers it.
/// </summary>
public interface ISmsAccountDirectory
{
    Task<bool> HasAccountAsync(string phoneE164, CancellationToken cancellationToken);
}
