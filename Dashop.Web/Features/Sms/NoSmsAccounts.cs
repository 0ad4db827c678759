namespace Dashop.Web.Features.Sms;

/// <summary>The answer when no account feature is added: no phone has an account.</summary>
internal sealed class NoSmsAccounts : ISmsAccountDirectory
{
    public Task<bool> HasAccountAsync(string phoneE164, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<bool> IsPhoneOfAsync(string phoneE164, string userId, CancellationToken cancellationToken) => Task.FromResult(false);
}
