namespace Dashop.Web.Features.ExternalLogin;

/// <summary>A sign-in that a provider's token endpoint confirmed, as its handler put it in the external cookie (<see cref="ExternalLoginClaims"/>).</summary>
public sealed record ExternalSignIn(
    string Provider,
    string Subject,
    string AccessToken,
    DateTimeOffset ExpiresAt,
    string? DisplayName = null,
    string? AvatarUrl = null,
    string? UnionId = null,
    string? AppId = null,
    string? RefreshToken = null)
{
    public ExternalPending Pending => new(Provider, Subject, DisplayName, AvatarUrl);
}
