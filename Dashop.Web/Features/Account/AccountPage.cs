using Dashop.Web.Features.SignIn;

namespace Dashop.Web.Features.Account;

/// <summary>What the account page shows: nothing secret (no hash, token, stamp), the phone masked.</summary>
public sealed class AccountPage
{
    public required string UserName { get; init; }
    public string? MaskedPhone { get; init; }
    public string? Email { get; init; }
    public bool EmailConfirmed { get; init; }
    public string? PendingEmail { get; init; }
    public bool HasPassword { get; init; }

    /// <summary>Each sign-in provider offered here or linked to the account (spec §15), in the order of the login page.</summary>
    public IReadOnlyList<AccountProvider> Providers { get; init; } = [];
    /// <summary>This session gave a proof within <see cref="ProofMinutes"/>: the forms ask for no password (spec §15).</summary>
    public bool Proved { get; init; }
    public int ProofMinutes { get; init; }
    public IReadOnlyList<SignInRecord> SignIns { get; init; } = [];
}
