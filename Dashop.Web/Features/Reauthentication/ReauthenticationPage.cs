namespace Dashop.Web.Features.Reauthentication;

/// <summary>What the re-authentication page shows: the ways this account can prove itself, and the last answer.</summary>
public sealed record ReauthenticationPage
{
    public required string ReturnUrl { get; init; }
    public required int WindowMinutes { get; init; }
    public bool HasPassword { get; init; }
    public string? MaskedPhone { get; init; }

    /// <summary>A refusal (localised), and the field it is about: <c>password</c> or <c>code</c>.</summary>
    public string? Error { get; init; }
    public string? ErrorField { get; init; }

    /// <summary>A localised "code sent" line.</summary>
    public string? Notice { get; init; }
}
