namespace Dashop.Web.Features.Sms;

/// <summary>
/// What the SMS feature asks about accounts: whether a phone has one (login and reset codes go only there), and whether
/// it is a given account's (a known device's request may use the reserve). Sms owns the questions; the account feature
/// answers them.
/// </summary>
public interface ISmsAccountDirectory
{
    Task<bool> HasAccountAsync(string phoneE164, CancellationToken cancellationToken);

    Task<bool> IsPhoneOfAsync(string phoneE164, string userId, CancellationToken cancellationToken);
}
