namespace Dashop.Web.Features.SignIn;

/// <summary>
/// One attempt to sign in, by any method, page or /v1, success or failure; kept <c>Retention:Days</c>. A failure for a
/// name or phone that no account has is kept without a user (it still counts on the admin page's chart).
/// </summary>
public sealed class SignInRecord
{
    public long Id { get; set; }
    public string? UserId { get; set; }
    public SignInMethod Method { get; set; }
    public SignInOutcome Result { get; set; }

    /// <summary>The client's address as the per-IP limits see it.</summary>
    public required string Ip { get; set; }

    public DateTime AtUtc { get; set; }
}
