namespace Dashop.Web.Features.Account;

/// <summary>
/// A sign-in provider on the account page: <paramref name="Available"/> when its scheme is registered (a link button);
/// linked when the account has one of its accounts (its name and avatar, and an unlink button).
/// </summary>
public sealed record AccountProvider(string Provider, string DisplayName, bool Available, bool Linked, string? LinkedName, string? LinkedAvatarUrl)
{
    public string Id => Provider.ToLowerInvariant();
}
